import { graphql } from '../../gql';

/** A reviewer's decision on a submitted project (send the version it was loaded at). */
export const ProjectReviewMutation = graphql(`
  mutation ProjectReview($input: ReviewProjectInput!) {
    reviewProject(input: $input) {
      project {
        id
        status
        version
        subsidyGranted
        reviewNote
        reviewedAt
        transitions {
          ...ProjectTransitionFields
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
