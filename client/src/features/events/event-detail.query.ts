import { graphql } from '../../gql';

/**
 * An activity's facts, its project's status and period (for its state: lopend/afgelopen/afgesloten;
 * a closed project or final period takes no more attendance) and its attendance counts per status
 * (null when withheld for analysts).
 */
export const EventDetailQuery = graphql(`
  query EventDetail($id: ID!) {
    event(id: $id) {
      ...EventFields
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
        status
        leadMunicipality {
          id
          name
        }
        fundingPeriod {
          ...PeriodPhaseFields
        }
      }
      schools {
        id
        name
      }
    }
  }
`);
