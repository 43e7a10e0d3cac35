import { graphql } from '../../gql';

/** A coordinator hands a draft in for review (inside the period's application window). */
export const ProjectSubmitMutation = graphql(`
  mutation ProjectSubmit($input: SubmitProjectInput!) {
    submitProject(input: $input) {
      project {
        id
        status
        version
        submittedAt
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
