import { graphql } from '../gql';

/** The funding periods for a period filter. */
export const FundingPeriodOptionsQuery = graphql(`
  query FundingPeriodOptions {
    fundingPeriods(first: 100) {
      nodes {
        id
        number
        label
      }
    }
  }
`);
