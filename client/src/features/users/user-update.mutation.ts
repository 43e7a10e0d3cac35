import { graphql } from '../../gql';

export const UserUpdateMutation = graphql(`
  mutation UserUpdate($input: UpdateUserInput!) {
    updateUser(input: $input) {
      user {
        id
        email
        role
        active
        version
        municipality {
          id
          name
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
