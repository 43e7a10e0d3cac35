import { graphql } from '../../gql';

export const PeriodCreateMutation = graphql(`
  mutation PeriodCreate($input: CreateFundingPeriodInput!) {
    createFundingPeriod(input: $input) {
      fundingPeriod {
        id
        version
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const PeriodUpdateMutation = graphql(`
  mutation PeriodUpdate($input: UpdateFundingPeriodInput!) {
    updateFundingPeriod(input: $input) {
      fundingPeriod {
        ...PeriodRuleFields
        version
        finalReportDueOn
        advanceShare
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const PeriodReopenMutation = graphql(`
  mutation PeriodReopen($input: ReopenFundingPeriodInput!) {
    reopenFundingPeriod(input: $input) {
      fundingPeriod {
        id
        version
        reportStatus
        reopenedAt
        reopenReason
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

/** Closes a period's report: its APPROVED projects become CLOSED and its figures FINAL (frozen). */
export const PeriodCloseMutation = graphql(`
  mutation PeriodClose($input: CloseFundingPeriodReportInput!) {
    closeFundingPeriodReport(input: $input) {
      fundingPeriod {
        id
        version
        reportStatus
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
