import { graphql } from '../../gql';

/** The settlement table of one funding period (every funded project the viewer may see) with its totals. */
export const PeriodSettlementQuery = graphql(`
  query PeriodSettlement($id: ID!) {
    settlement(fundingPeriodId: $id) {
      fundingPeriod {
        id
        number
        label
        advanceShare
        ratePerHousehold
      }
      rows {
        project {
          id
          title
          leadMunicipality {
            id
            name
          }
        }
        ...ProjectSettlementFields
      }
      totals {
        projects
        granted
        advance
        earned
        toPay
        toRecover
      }
    }
  }
`);
