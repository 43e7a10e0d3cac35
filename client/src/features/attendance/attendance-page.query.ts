import { graphql } from '../../gql';

/**
 * The activity whose attendance is recorded: counts per status, the project's KPI and the latest
 * attendances (newest first). Recording updates this query in the cache at once (optimistic).
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
      attended: attendanceCount(status: ATTENDED)
      noShow: attendanceCount(status: NO_SHOW)
      registered: attendanceCount(status: REGISTERED)
      project {
        id
        title
        kpi {
          reached
          target
        }
      }
      attendances(first: 100, orderBy: [{ field: RECORDED_AT, direction: DESC }]) {
        totalCount
        nodes {
          ...AttendanceRowFields
        }
      }
    }
  }
`);
