import { assertId, badInput } from '../../graphql/errors.js';
import { brusselsDateTime, type ExportContext, type ExportReport } from './export-dictionary.js';
import { AuditEvent, auditChanges } from '../audit/audit.entity.js';
import type { AuditEventFilter } from '../audit/audit.inputs.js';
import { auditEventWhere } from '../audit/audit.service.js';

const BATCH = 500;

function dateParam(ctx: ExportContext, name: string): Date | null {
  const value = ctx.query.get(name);
  if (value === null || value === '') return null;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) throw badInput(`"${name}" must be a date-time like 2025-03-07T00:00:00Z`, name);
  return date;
}

function textParam(ctx: ExportContext, name: string, max: number): string | null {
  const value = ctx.query.get(name);
  if (value === null || value === '') return null;
  if (value.length > max || !/^[A-Za-z_]+$/.test(value)) throw badInput(`"${name}" must be a name like ${name === 'entity' ? 'PROJECT' : 'recordAttendance'}`, name);
  return value;
}

/** The query parameters of GET /export/audit.csv: the same filter as `auditEvents(filter:)`. */
function filterOf(ctx: ExportContext): AuditEventFilter {
  const id = (name: string) => assertId(ctx.query.get(name) || null, name);
  return {
    entity: textParam(ctx, 'entity', 40),
    entityId: id('entityId'),
    actorId: id('actorId'),
    operation: textParam(ctx, 'operation', 100),
    fundingPeriodId: id('fundingPeriodId'),
    municipalityId: id('municipalityId'),
    from: dateParam(ctx, 'from'),
    to: dateParam(ctx, 'to'),
  };
}

/** GET /export/audit.csv|.ndjson: the audit trail, newest first, with the row scope of `auditEvents`. */
export const auditExport: ExportReport = {
  columns: ['occurred_at', 'actor_kind', 'actor_id', 'actor_label', 'request_id', 'operation', 'entity', 'entity_id', 'action', 'municipality_id', 'funding_period_id', 'changes'],
  async *rows(ctx) {
    const where = auditEventWhere(filterOf(ctx), ctx.viewer);
    let before: string | null = null;
    for (;;) {
      const page: AuditEvent[] = await ctx.em.find(AuditEvent, { $and: [where, before ? { seq: { $lt: before } } : {}] }, {
        orderBy: { seq: 'DESC' },
        limit: BATCH,
      });
      if (page.length === 0) return;
      yield page.map((e) => ({
        occurred_at: brusselsDateTime(e.occurredAt),
        actor_kind: e.actorKind,
        actor_id: e.actorId,
        actor_label: e.actorLabel,
        request_id: e.requestId,
        operation: e.operation,
        entity: e.entity,
        entity_id: e.entityId,
        action: e.action,
        municipality_id: e.municipalityId,
        funding_period_id: e.fundingPeriodId,
        changes: auditChanges(e)
          .map((c) => (c.withheld ? `${c.field}: (withheld)` : `${c.field}: ${c.before ?? '–'} → ${c.after ?? '–'}`))
          .join('; '),
      }));
      ctx.em.clear();
      if (page.length < BATCH) return;
      before = page.at(-1)!.seq;
    }
  },
};
