import { graphql } from '../../gql';

export const OrganizationUpdateMutation = graphql(`
  mutation OrganizationUpdate($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) {
      organization {
        id
        name
        kind
        promotesSocialMix
        version
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
