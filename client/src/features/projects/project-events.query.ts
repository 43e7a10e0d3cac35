import { graphql } from '../../gql';

/** One page of a project's events, newest first like the Activiteiten list (a new activity is on page 1), with their attendance counts (withheld for analysts when 1–4). */
export const ProjectEventsQuery = graphql(`
  query ProjectEvents($id: ID!, $first: Int, $after: String) {
    project(id: $id) {
      id
      events(first: $first, after: $after, orderBy: [{ field: STARTS_AT, direction: DESC }]) {
        totalCount
        nodes {
          id
          type
          startsAt
          venue
          cancelledAt
          organizer {
            id
            name
          }
          attended: attendanceCount(status: ATTENDED)
          registered: attendanceCount(status: REGISTERED)
          noShow: attendanceCount(status: NO_SHOW)
        }
      }
    }
  }
`);
