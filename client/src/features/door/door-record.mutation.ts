import { graphql } from '../../gql';

export const AttendanceRecordMutation = graphql(`
  mutation AttendanceRecord($input: RecordAttendanceInput!) {
    recordAttendance(input: $input) {
      attendance {
        id
        status
        recordedAt
        household {
          id
          reference
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
