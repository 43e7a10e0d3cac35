import { graphql } from '../../gql';

/** One page of the project list with the KPI figures each row shows. */
export const ProjectListQuery = graphql(`
  query ProjectList($filter: ProjectFilter, $first: Int, $after: String, $orderBy: [ProjectOrder!]) {
    projects(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        title
        status
        targetHouseholds
        subsidyRequested
        subsidyGranted
        leadMunicipality {
          id
          name
        }
        fundingPeriod {
          ...PeriodPhaseFields
          number
        }
        kpi {
          reached
          target
          expectedByNow
          onTrack
          progress
        }
      }
    }
  }
`);
