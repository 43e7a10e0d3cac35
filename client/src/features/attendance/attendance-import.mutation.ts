import { graphql } from '../../gql';

/** The CSV import: first with dryRun (checks every row, writes nothing), then for real. */
export const AttendanceImportMutation = graphql(`
  mutation AttendanceImport($input: ImportAttendancesInput!) {
    importAttendances(input: $input) {
      created
      updated
      unchanged
      userErrors {
        field
        message
        code
      }
    }
  }
`);
