import { graphql } from '../../gql';

/**
 * Everything the dashboard shows, in one request: the programme table, every period's progress per
 * municipality, the programme totals and the overdue final reports. Ten periods (three exist; one lasts three years) keep the
 * query's estimated cost (10 × up to 300 municipalities) inside a coordinator's budget.
 */
export const DashboardQuery = graphql(`
  query Dashboard {
    fundingPeriods(first: 10) {
      nodes {
        id
        number
        label
        startsOn
        endsOn
        reportStatus
        programReport {
          budget
          representedLocalGovernments
          committed
          realised
          pending
          projectCount
          paid
          toRecover
          municipalityProgress(rollUp: true) {
            municipality {
              id
              name
              nisCode
            }
            projectCount
            target
            reached
            expectedByNow
            progress
            onTrack
          }
        }
      }
    }
    overdueFinalReports(first: 20) {
      totalCount
      nodes {
        id
        title
        finalReportDueOn
        leadMunicipality {
          id
          name
        }
      }
    }
    programSummary {
      periods
      finalPeriods
      budget
      committed
      realised
      representedLocalGovernments
    }
  }
`);
