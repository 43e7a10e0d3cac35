import { graphql } from '../../gql';

/** What the application form needs: the periods (with their windows) and, when editing, the draft. */
export const ProjectFormPeriodsQuery = graphql(`
  query ProjectFormPeriods {
    fundingPeriods(first: 100) {
      nodes {
        id
        number
        label
        startsOn
        endsOn
        ratePerHousehold
        maxHouseholds
        maxSubsidy
        applicationsOpenOn
        applicationsCloseOn
        reportStatus
      }
    }
  }
`);

export const ProjectFormProjectQuery = graphql(`
  query ProjectFormProject($id: ID!) {
    project(id: $id) {
      id
      title
      status
      version
      baselineHouseholds
      targetHouseholds
      priority
      subsidyRequested
      coFinancing
      reviewNote
      leadMunicipality {
        id
        name
      }
      fundingPeriod {
        id
      }
    }
  }
`);
