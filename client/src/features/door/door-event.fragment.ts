import { graphql } from '../../gql';

/**
 * What the door form needs of an activity: the counts per status and the latest attendances
 * (newest first, to know a family's current status). The attendance page and the event page both
 * spread it, so a recording updates both at once in the cache (`applyRecorded`), and the event
 * page's own counts (the same `attendanceCount(status:)` fields of the same Event) follow.
 */
export const DoorEventFragment = graphql(`
  fragment DoorEvent on Event {
    id
    attended: attendanceCount(status: ATTENDED)
    noShow: attendanceCount(status: NO_SHOW)
    registered: attendanceCount(status: REGISTERED)
    attendances(first: 100, orderBy: [{ field: RECORDED_AT, direction: DESC }]) {
      totalCount
      nodes {
        id
        status
        recordedAt
        household {
          id
          reference
        }
      }
    }
  }
`);
