import { graphql } from '../../gql';

/** An activity's own facts, as its page shows them and its form edits them (EventDetail, EventFormEvent, EventFormUpdate). */
export const EventFields = graphql(`
  fragment EventFields on Event {
    id
    version
    type
    startsAt
    endsAt
    venue
    capacity
    languages
  }
`);
