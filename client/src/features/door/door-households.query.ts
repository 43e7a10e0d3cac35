import { graphql } from '../../gql';

/**
 * Households of the project whose reference contains the text typed (the server's `search`:
 * case-insensitive "contains", only the viewer's own projects), in reference order: the door
 * form's suggestions (`first` 8) and its lookup of a typed reference when recording.
 */
export const AttendanceHouseholdsQuery = graphql(`
  query AttendanceHouseholds($projectId: ID!, $search: String, $first: Int!) {
    households(filter: { projectId: $projectId, search: $search }, first: $first, orderBy: [{ field: REFERENCE, direction: ASC }]) {
      totalCount
      nodes {
        id
        reference
      }
    }
  }
`);
