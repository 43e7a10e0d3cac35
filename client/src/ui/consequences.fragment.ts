import { graphql } from '../gql';

/** What every preview answers (ConsequencePreview), as <Consequences> shows it. */
export const ConsequencePreviewFields = graphql(`
  fragment ConsequencePreviewFields on ConsequencePreview {
    householdsNoLongerReached
    householdsNewlyReached
    projects {
      projectId
      title
      targetHouseholds
      reachedBefore
      reachedAfter
      progressBefore
      progressAfter
      householdsNoLongerReached
      householdsNewlyReached
      earnedBefore
      earnedAfter
    }
    userErrors {
      ...UserErrorFields
    }
  }
`);
