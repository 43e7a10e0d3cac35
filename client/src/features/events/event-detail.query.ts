import { graphql } from '../../gql';

/** An activity's facts and its attendance counts per status (null when withheld for analysts). */
export const EventDetailQuery = graphql(`
  query EventDetail($id: ID!) {
    event(id: $id) {
      id
      version
      type
      startsAt
      endsAt
      venue
      capacity
      languages
      cancelledAt
      cancellationReason
      attended: attendanceCount(status: ATTENDED)
      noShow: attendanceCount(status: NO_SHOW)
      registered: attendanceCount(status: REGISTERED)
      organizer {
        id
        name
        promotesSocialMix
      }
      project {
        id
        title
        leadMunicipality {
          id
          name
        }
      }
      schools {
        id
        name
      }
    }
  }
`);
