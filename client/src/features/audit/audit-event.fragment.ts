import { graphql } from '../../gql';

/** One audit event as the history tables show it (HistorySection, AuditPage): who did what, when, and the changed fields. */
export const AuditEventFields = graphql(`
  fragment AuditEventFields on AuditEvent {
    id
    occurredAt
    actorKind
    actorLabel
    operation
    entity
    action
    changes {
      field
      before
      after
      withheld
    }
  }
`);
