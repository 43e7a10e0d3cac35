import { graphql } from '../gql';

/** Where a page of a connection ends and whether another follows: what `useAllPages`, `queryAllPages` and the CSV export read. */
export const PageInfoFields = graphql(`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
  }
`);
