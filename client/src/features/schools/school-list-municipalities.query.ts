import { graphql } from '../../gql';

/** Every municipality (also the pre-2025 codes, which may still hold schools) for the municipality filter, page by page. */
export const SchoolListMunicipalitiesQuery = graphql(`
  query SchoolListMunicipalities($after: String) {
    municipalities(first: 100, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        nisCode
        validTo
      }
    }
  }
`);
