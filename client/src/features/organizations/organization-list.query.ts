import { graphql } from '../../gql';

/** One page of the organisations list. */
export const OrganizationListQuery = graphql(`
  query OrganizationList($filter: OrganizationFilter, $first: Int, $after: String, $orderBy: [OrganizationOrder!]) {
    organizations(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        name
        kind
        promotesSocialMix
        municipality {
          id
          name
        }
      }
    }
  }
`);
