import { graphql } from '../gql';

/**
 * The server's previews of changes that move the figures (project/consequences.ts): the change is
 * made in a transaction that is rolled back, so the answer is exactly what it would do. One
 * operation per change; the confirmation dialogs show the answer with <Consequences>.
 */
export const CancelEventPreviewQuery = graphql(`
  query CancelEventPreview($input: CancelEventInput!) {
    previewCancelEvent(input: $input) {
      householdsNoLongerReached
      householdsNewlyReached
      projects {
        projectId
        title
        targetHouseholds
        reachedBefore
        reachedAfter
        progressBefore
        progressAfter
        householdsNoLongerReached
        householdsNewlyReached
        earnedBefore
        earnedAfter
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const RecordAttendancePreviewQuery = graphql(`
  query RecordAttendancePreview($input: RecordAttendanceInput!) {
    previewRecordAttendance(input: $input) {
      householdsNoLongerReached
      householdsNewlyReached
      projects {
        projectId
        title
        targetHouseholds
        reachedBefore
        reachedAfter
        progressBefore
        progressAfter
        householdsNoLongerReached
        householdsNewlyReached
        earnedBefore
        earnedAfter
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export const UpdateOrganizationPreviewQuery = graphql(`
  query UpdateOrganizationPreview($input: UpdateOrganizationInput!) {
    previewUpdateOrganization(input: $input) {
      householdsNoLongerReached
      householdsNewlyReached
      projects {
        projectId
        title
        targetHouseholds
        reachedBefore
        reachedAfter
        progressBefore
        progressAfter
        householdsNoLongerReached
        householdsNewlyReached
        earnedBefore
        earnedAfter
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
