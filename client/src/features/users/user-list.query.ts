import { graphql } from '../../gql';

/** One page of the users (administrators only). */
export const UserListQuery = graphql(`
  query UserList($first: Int, $after: String) {
    users(first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        email
        role
        active
        version
        createdAt
        municipality {
          id
          name
        }
      }
    }
  }
`);
