import { graphql } from '../../gql';

/** A funding period's rules: its days, the rate and caps, the application window (the periods screen and the project form). */
export const PeriodRuleFields = graphql(`
  fragment PeriodRuleFields on FundingPeriod {
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
  }
`);
