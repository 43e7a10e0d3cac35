import { graphql } from '../../gql';

/**
 * The codes that existed on the eve of the 2025 mergers, with their successor: the API has no
 * `mergedFrom`, so the screen finds the municipalities merged into this one among these (cached
 * after the first detail page).
 */
export const MunicipalityMergedFromQuery = graphql(`
  query MunicipalityMergedFrom($after: String) {
    municipalities(filter: { validOn: "2024-12-31" }, first: 100, after: $after, orderBy: [{ field: NIS_CODE, direction: ASC }]) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        nisCode
        mergedInto {
          id
        }
      }
    }
  }
`);
