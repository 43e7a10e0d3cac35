import { graphql } from '../../gql';

/** One attendance as the lists show it (the door's latest, the activity's page): status, when, which family. */
export const AttendanceRowFields = graphql(`
  fragment AttendanceRowFields on Attendance {
    id
    status
    recordedAt
    household {
      id
      reference
    }
  }
`);
