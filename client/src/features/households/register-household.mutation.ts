import { graphql } from '../../gql';

export const RegisterHouseholdMutation = graphql(`
  mutation RegisterHousehold($input: RegisterHouseholdInput!) {
    registerHousehold(input: $input) {
      household {
        id
        reference
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
