import { graphql } from '../gql';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      kind
      label
      role
      unreadNotifications
      municipality {
        id
        name
        nisCode
        mergedFrom {
          id
        }
      }
    }
  }
`);
