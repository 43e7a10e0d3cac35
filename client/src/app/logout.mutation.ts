import { graphql } from '../gql';

export const LogoutMutation = graphql(`
  mutation Logout($input: LogoutInput!) {
    logout(input: $input) {
      everywhere
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
