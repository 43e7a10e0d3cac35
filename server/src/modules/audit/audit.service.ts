import type { FilterQuery } from '@mikro-orm/sql';
import type { OrderSpec } from '../../graphql/connection.js';
import { assertFilterInScope, isScoped } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import type { AuditEvent } from './audit.entity.js';
import type { AuditEventFilter } from './audit.inputs.js';

/**
 * The audit rows a viewer may see, filtered: administrators and reviewers every row, a
 * coordinator the rows of its own municipality (and the municipalities merged into it) except
 * user accounts; a filter
 * on another municipality is refused, not answered empty. (Analysts and integrators may not call
 * it at all: access.ts.)
 */
export function auditEventWhere(filter: AuditEventFilter | null | undefined, viewer: Viewer): FilterQuery<AuditEvent> {
  const f = filter ?? {};
  assertFilterInScope(viewer, f.municipalityId);
  const where: Record<string, unknown>[] = [];
  // A coordinator may not see user accounts (policy.ts canSee), not even its colleagues': no USER rows.
  if (isScoped(viewer)) where.push({ municipalityId: { $in: [...viewer.ownedMunicipalityIds] } }, { entity: { $ne: 'USER' } });
  if (f.entity) where.push({ entity: f.entity.toUpperCase() });
  if (f.entityId) where.push({ entityId: f.entityId });
  if (f.actorId) where.push({ actorId: f.actorId });
  if (f.operation) where.push({ operation: f.operation });
  if (f.fundingPeriodId) where.push({ fundingPeriodId: f.fundingPeriodId });
  if (f.municipalityId) where.push({ municipalityId: f.municipalityId });
  if (f.from) where.push({ occurredAt: { $gte: f.from } });
  if (f.to) where.push({ occurredAt: { $lt: f.to } });
  return (where.length ? { $and: where } : {});
}

/** Newest first unless asked otherwise; rows of one transaction in the order they were written. */
export function auditEventOrder(orderBy: { field: string; direction: 'ASC' | 'DESC' }[] | null | undefined): OrderSpec[] {
  const direction = orderBy?.[0]?.direction ?? 'DESC';
  return [
    { field: 'occurredAt', direction },
    { field: 'seq', direction },
  ];
}
