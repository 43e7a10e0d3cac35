import { graphql } from '../../gql';

/** One page of the activities list: what each row shows (also used, 100 a page, for the CSV). */
export const EventListQuery = graphql(`
  query EventList($filter: EventFilter, $first: Int, $after: String, $orderBy: [EventOrder!]) {
    events(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        id
        type
        startsAt
        endsAt
        venue
        cancelledAt
        attendanceCount
        project {
          id
          title
        }
        organizer {
          id
          name
        }
      }
    }
  }
`);
