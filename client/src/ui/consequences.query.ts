import { graphql } from '../gql';

/**
 * The server's previews of changes that move the figures (project/consequences.ts): the change is
 * made in a transaction that is rolled back, so the answer is exactly what it would do. One
 * operation per change, each selecting ConsequencePreviewFields (the fragment <Consequences>
 * renders, in consequences.fragment.ts).
 */
export const CancelEventPreviewQuery = graphql(`
  query CancelEventPreview($input: CancelEventInput!) {
    previewCancelEvent(input: $input) {
      ...ConsequencePreviewFields
    }
  }
`);

export const RecordAttendancePreviewQuery = graphql(`
  query RecordAttendancePreview($input: RecordAttendanceInput!) {
    previewRecordAttendance(input: $input) {
      ...ConsequencePreviewFields
    }
  }
`);

export const UpdateOrganizationPreviewQuery = graphql(`
  query UpdateOrganizationPreview($input: UpdateOrganizationInput!) {
    previewUpdateOrganization(input: $input) {
      ...ConsequencePreviewFields
    }
  }
`);
