import { graphql } from '../../gql';

/** Projects an activity can be added to: the viewer's (a coordinator: its municipality's), still open. */
export const EventFormProjectsQuery = graphql(`
  query EventFormProjects($after: String) {
    projects(first: 100, after: $after, filter: { statuses: [DRAFT, SUBMITTED, APPROVED] }, orderBy: [{ field: TITLE, direction: ASC }]) {
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
