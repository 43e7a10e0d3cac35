import { graphql } from '../../gql';

export const OrganizationCreateMutation = graphql(`
  mutation OrganizationCreate($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      organization {
        id
        name
        kind
        promotesSocialMix
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
