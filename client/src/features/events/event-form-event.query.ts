import { graphql } from '../../gql';

/** The activity being edited, with everything the form sends back. */
export const EventFormEventQuery = graphql(`
  query EventFormEvent($id: ID!) {
    event(id: $id) {
      ...EventFields
      cancelledAt
      organizer {
        id
      }
      project {
        id
        title
      }
      schools {
        id
      }
    }
  }
`);
