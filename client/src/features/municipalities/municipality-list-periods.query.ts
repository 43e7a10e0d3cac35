import { graphql } from '../../gql';

/** The funding periods for the "taking part in" filter. */
export const MunicipalityListPeriodsQuery = graphql(`
  query MunicipalityListPeriods {
    fundingPeriods(first: 100) {
      nodes {
        id
        number
        label
      }
    }
  }
`);
