import { graphql } from '../../gql';

/** One page of the schools list (also used page by page for the CSV). */
export const SchoolListQuery = graphql(`
  query SchoolList($filter: SchoolFilter, $first: Int, $after: String, $orderBy: [SchoolOrder!]) {
    schools(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        ...SchoolRowFields
        capacity
        municipality {
          id
          name
          nisCode
        }
      }
    }
  }
`);
