import { graphql } from '../../gql';

export const EventFormCreateMutation = graphql(`
  mutation EventFormCreate($input: CreateEventInput!) {
    createEvent(input: $input) {
      event {
        id
        version
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
