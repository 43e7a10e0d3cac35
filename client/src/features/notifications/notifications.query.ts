import { graphql } from '../../gql';

/** The signed-in user's reminders ("Meldingen"), newest first. */
export const NotificationsQuery = graphql(`
  query Notifications($first: Int, $after: String, $unreadOnly: Boolean) {
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      totalCount
      nodes {
        id
        kind
        subject
        body
        link
        dueOn
        createdAt
        readAt
        project {
          id
          title
        }
      }
    }
  }
`);
