import { graphql } from '../../gql';

/** Municipalities for the municipality filter, a page at a time (pre-2025 ones included). */
export const ProjectListMunicipalitiesQuery = graphql(`
  query ProjectListMunicipalities($after: String) {
    municipalities(first: 100, after: $after, orderBy: [{ field: NAME, direction: ASC }]) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        validTo
      }
    }
  }
`);
