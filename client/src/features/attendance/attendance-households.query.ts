import { graphql } from '../../gql';

/** Households of the project whose reference contains the text typed, for the household field. */
export const AttendanceHouseholdsQuery = graphql(`
  query AttendanceHouseholds($projectId: ID!, $search: String) {
    households(filter: { projectId: $projectId, search: $search }, first: 20, orderBy: [{ field: REFERENCE, direction: ASC }]) {
      totalCount
      nodes {
        id
        reference
      }
    }
  }
`);
