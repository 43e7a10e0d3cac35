import { graphql } from '../gql';

/** What `periodPhase` (app/progress.ts) and a period's label need: its name, its days and whether its report is final. */
export const PeriodPhaseFields = graphql(`
  fragment PeriodPhaseFields on FundingPeriod {
    id
    label
    startsOn
    endsOn
    reportStatus
  }
`);
