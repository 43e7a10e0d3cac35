import { graphql } from '../../gql';

/** A project's final report with its snapshot and the differences from the live figures. */
export const FinalReportQuery = graphql(`
  query FinalReport($id: ID!) {
    project(id: $id) {
      id
      finalReport {
        ...FinalReportFields
      }
    }
  }
`);

export const FinalReportFields = graphql(`
  fragment FinalReportFields on FinalReport {
    id
    status
    version
    whatWasDone
    whatWorked
    obstacles
    submittedAt
    submittedBy
    reviewedAt
    reviewedBy
    reviewNote
    waiverReason
    snapshot {
      reached
      target
      eventsHeld
      subsidyGranted
      earnedSubsidy
      byEventType {
        type
        reached
        eventsHeld
      }
      families {
        withIndicator
        withoutIndicator
        indicatorUnknown
        withSpecialNeeds
      }
    }
    differences {
      figure
      snapshot
      live
      money
    }
  }
`);

/** One page of final reports for reviewers. */
export const FinalReportListQuery = graphql(`
  query FinalReportList($fundingPeriodId: ID, $status: FinalReportStatus, $first: Int, $after: String) {
    finalReports(fundingPeriodId: $fundingPeriodId, status: $status, first: $first, after: $after) {
      totalCount
      nodes {
        id
        status
        submittedAt
        differences {
          figure
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
            id
            label
          }
        }
      }
    }
  }
`);
