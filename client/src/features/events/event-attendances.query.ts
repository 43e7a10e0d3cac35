import { graphql } from '../../gql';

/** One page of an activity's attendances with the households' references (not for analysts). */
export const EventDetailAttendancesQuery = graphql(`
  query EventDetailAttendances($id: ID!, $filter: AttendanceFilter, $first: Int, $after: String, $orderBy: [AttendanceOrder!]) {
    event(id: $id) {
      id
      attendances(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
        totalCount
        pageInfo {
          ...PageInfoFields
        }
        nodes {
          ...AttendanceRowFields
        }
      }
    }
  }
`);
