import { graphql } from '../../gql';

/** A project's final-report deadline: the effective date, the period's own, the municipality's extension. */
export const ProjectDeadlineQuery = graphql(`
  query ProjectDeadline($id: ID!) {
    project(id: $id) {
      id
      status
      finalReportDueOn
      finalReportOverdue
      fundingPeriod {
        id
        finalReportDueOn
        reportStatus
      }
      leadMunicipality {
        id
        name
      }
      deadlineExtension {
        id
        dueOn
        reason
        grantedBy
        grantedAt
      }
    }
  }
`);
