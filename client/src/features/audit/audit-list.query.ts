import { graphql } from '../../gql';

/** A page of the whole audit trail with the /audit screen's filters. */
export const AuditListQuery = graphql(`
  query AuditList($filter: AuditEventFilter, $first: Int, $after: String, $orderBy: [AuditEventOrder!]) {
    auditEvents(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        ...AuditEventFields
        requestId
        entityId
      }
    }
  }
`);
