import { graphql } from '../../gql';

/** The door form's activity on the event page (the attendance page has it in its own query). */
export const DoorEventQuery = graphql(`
  query DoorEvent($id: ID!) {
    event(id: $id) {
      ...DoorEvent
    }
  }
`);
