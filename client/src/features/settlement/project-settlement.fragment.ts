import { graphql } from '../../gql';

/** One project's settlement figures, as the settlement table and the project's "Afrekening" show them. */
export const ProjectSettlementFields = graphql(`
  fragment ProjectSettlementFields on ProjectSettlement {
    target
    reached
    advanceShare
    granted
    advance
    earned
    toPay
    toRecover
    withheld
  }
`);
