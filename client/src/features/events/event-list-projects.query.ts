import { graphql } from '../../gql';

/** The projects the viewer sees (a coordinator: its municipality's), for the project filter. */
export const EventListProjectsQuery = graphql(`
  query EventListProjects($after: String) {
    projects(first: 100, after: $after, orderBy: [{ field: TITLE, direction: ASC }]) {
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        title
      }
    }
  }
`);
