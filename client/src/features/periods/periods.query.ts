import { graphql } from '../../gql';

/** Every funding period with what an administrator manages. */
export const PeriodsQuery = graphql(`
  query Periods {
    fundingPeriods(first: 100) {
      nodes {
        ...PeriodRuleFields
        version
        finalReportDueOn
        advanceShare
        reportStatus
        reopenedAt
        reopenReason
      }
    }
  }
`);
