import { graphql } from '../../gql';

export const EventFormUpdateMutation = graphql(`
  mutation EventFormUpdate($input: UpdateEventInput!) {
    updateEvent(input: $input) {
      event {
        id
        version
        type
        startsAt
        endsAt
        venue
        capacity
        languages
        organizer {
          id
          name
          promotesSocialMix
        }
        schools {
          id
          name
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
