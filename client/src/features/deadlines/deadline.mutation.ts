import { graphql } from '../../gql';

export const GrantDeadlineExtensionMutation = graphql(`
  mutation GrantDeadlineExtension($input: GrantDeadlineExtensionInput!) {
    grantDeadlineExtension(input: $input) {
      deadlineExtension {
        id
        dueOn
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);

export const WithdrawDeadlineExtensionMutation = graphql(`
  mutation WithdrawDeadlineExtension($input: WithdrawDeadlineExtensionInput!) {
    withdrawDeadlineExtension(input: $input) {
      deadlineExtension {
        id
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
