import { graphql } from '../../gql';

/** Every funding period with what an administrator manages. */
export const PeriodsQuery = graphql(`
  query Periods {
    fundingPeriods(first: 100) {
      nodes {
        id
        version
        number
        label
        startsOn
        endsOn
        ratePerHousehold
        maxHouseholds
        maxSubsidy
        applicationsOpenOn
        applicationsCloseOn
        finalReportDueOn
        advanceShare
        reportStatus
        reopenedAt
        reopenReason
      }
    }
  }
`);
