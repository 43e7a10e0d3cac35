import { graphql } from '../../gql';

export const EventFormUpdateMutation = graphql(`
  mutation EventFormUpdate($input: UpdateEventInput!) {
    updateEvent(input: $input) {
      event {
        ...EventFields
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
