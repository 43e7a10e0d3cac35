import { graphql } from '../../gql';

/** One page of the municipalities list (also used page by page for the CSV). */
export const MunicipalityListQuery = graphql(`
  query MunicipalityList($filter: MunicipalityFilter, $projectFilter: ProjectFilter, $first: Int, $after: String, $orderBy: [MunicipalityOrder!]) {
    municipalities(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        name
        nisCode
        province
        population
        validFrom
        validTo
        mergedInto {
          id
          name
          nisCode
        }
        projects(filter: $projectFilter, includeMerged: true) {
          totalCount
        }
      }
    }
  }
`);
