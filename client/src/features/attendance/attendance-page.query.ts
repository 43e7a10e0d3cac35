import { graphql } from '../../gql';

/**
 * The activity whose attendance is recorded: the door form's counts per status and latest
 * attendances (the DoorEvent fragment, updated at once in the cache when a family is recorded)
 * and the project's KPI.
 */
export const AttendancePageQuery = graphql(`
  query AttendancePage($id: ID!) {
    event(id: $id) {
      id
      version
      type
      startsAt
      venue
      cancelledAt
      ...DoorEvent
      project {
        id
        title
        kpi {
          reached
          target
        }
      }
    }
  }
`);
