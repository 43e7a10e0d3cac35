import { graphql } from '../../gql';

export const EventDetailCancelMutation = graphql(`
  mutation EventDetailCancel($input: CancelEventInput!) {
    cancelEvent(input: $input) {
      event {
        id
        version
        cancelledAt
        cancellationReason
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
