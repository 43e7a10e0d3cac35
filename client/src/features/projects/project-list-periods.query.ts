import { graphql } from '../../gql';

/** The funding periods for the period filter. */
export const ProjectListPeriodsQuery = graphql(`
  query ProjectListPeriods {
    fundingPeriods(first: 100) {
      nodes {
        id
        number
        label
      }
    }
  }
`);
