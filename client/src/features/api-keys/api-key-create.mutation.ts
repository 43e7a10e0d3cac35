import { graphql } from '../../gql';

export const ApiKeyCreateMutation = graphql(`
  mutation ApiKeyCreate($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      apiKey {
        id
        name
        prefix
      }
      secret
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
