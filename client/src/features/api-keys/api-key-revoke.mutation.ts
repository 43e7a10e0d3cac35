import { graphql } from '../../gql';

export const ApiKeyRevokeMutation = graphql(`
  mutation ApiKeyRevoke($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      apiKey {
        id
        revokedAt
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
