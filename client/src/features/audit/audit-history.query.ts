import { graphql } from '../../gql';

/** One page of the audit trail of one row (a project, an event), newest first. */
export const AuditHistoryQuery = graphql(`
  query AuditHistory($entityId: ID!, $first: Int, $after: String) {
    auditEvents(filter: { entityId: $entityId }, first: $first, after: $after) {
      totalCount
      nodes {
        ...AuditEventFields
      }
    }
  }
`);
