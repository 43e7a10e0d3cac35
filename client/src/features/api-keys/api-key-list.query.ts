import { graphql } from '../../gql';

/** One page of API keys: all for administrators (or one municipality's), the own municipality's for coordinators. */
export const ApiKeyListQuery = graphql(`
  query ApiKeyList($municipalityId: ID, $first: Int, $after: String) {
    apiKeys(municipalityId: $municipalityId, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        name
        prefix
        createdAt
        lastUsedAt
        revokedAt
        municipality {
          id
          name
        }
      }
    }
  }
`);
