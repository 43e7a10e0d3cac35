import { graphql } from '../../gql';

export const UserCreateMutation = graphql(`
  mutation UserCreate($input: CreateUserInput!) {
    createUser(input: $input) {
      user {
        id
        email
        role
        active
        version
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
