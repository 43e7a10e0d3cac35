import { graphql } from '../gql';

/**
 * Every municipality for a municipality filter, a page at a time: the pre-2025 ones too (they
 * lead projects of earlier periods and may still hold schools).
 */
export const MunicipalityOptionsQuery = graphql(`
  query MunicipalityOptions($after: String) {
    municipalities(first: 100, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        name
        validTo
      }
    }
  }
`);
