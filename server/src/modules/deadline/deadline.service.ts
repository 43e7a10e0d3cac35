import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { LIMITS } from '@schoolmix/shared';
import { check } from '../../graphql/validate.js';
import { Problems } from '../../graphql/user-errors.js';
import type { Viewer } from '../auth/viewer.js';
import { checkNoIdentifier } from '../privacy/privacy.service.js';
import { type DeadlineExtension, EXTENSION_COLUMNS, type ExtensionRow, toExtension } from './deadline.js';
import type { GrantDeadlineExtensionInput, WithdrawDeadlineExtensionInput } from './deadline.inputs.js';

/**
 * A reviewer (or administrator) gives one municipality a later final-report deadline in one
 * period. The new date must lie after the period's own deadline; a reason is required. The
 * row is audited (DEADLINE_EXTENSION), so who granted what and why stays in the trail, also
 * after a withdrawal. Granting again replaces the date and reason (one extension per pair).
 */
export async function grantDeadlineExtension(em: EntityManager, input: GrantDeadlineExtensionInput, viewer: Viewer, now: Date): Promise<DeadlineExtension> {
  const p = new Problems();
  const [period] = await em.execute<{ final_report_due_on: string; report_status: string; label: string }[]>(
    `select "final_report_due_on"::text as final_report_due_on, "report_status", "label" from "funding_period" where "id" = ?`,
    [input.fundingPeriodId],
  );
  const [municipality] = await em.execute<{ id: string }[]>(`select "id" from "municipality" where "id" = ?`, [input.municipalityId]);
  if (!period) p.add('fundingPeriodId', 'No such funding period', 'NOT_FOUND');
  else if (period.report_status === 'FINAL') p.add('fundingPeriodId', `${period.label} is final: its reporting round is over`, 'PERIOD_FINAL');
  if (!municipality) p.add('municipalityId', 'No such municipality', 'NOT_FOUND');
  if (period && input.dueOn <= period.final_report_due_on) {
    p.add('dueOn', `The new deadline must lie after the period’s own deadline (${period.final_report_due_on})`, 'INVALID');
  }
  if (check.text(p, 'reason', input.reason, LIMITS.reasonMaxLength)) checkNoIdentifier(p, 'reason', input.reason);
  p.throwIfAny();
  const [row] = await em.execute<ExtensionRow[]>(
    `insert into "deadline_extension" ("id", "municipality_id", "funding_period_id", "due_on", "reason", "granted_by_user_id", "granted_by_label", "granted_at")
     values (?, ?, ?, ?, ?, ?, ?, ?)
     on conflict ("municipality_id", "funding_period_id") do update
        set "due_on" = excluded."due_on", "reason" = excluded."reason", "granted_by_user_id" = excluded."granted_by_user_id",
            "granted_by_label" = excluded."granted_by_label", "granted_at" = excluded."granted_at",
            "version" = "deadline_extension"."version" + 1, "updated_at" = now()
     returning ${EXTENSION_COLUMNS}`,
    [randomUUID(), input.municipalityId, input.fundingPeriodId, input.dueOn, input.reason.trim(), viewer.kind === 'user' ? viewer.id : null, viewer.label, now.toISOString()],
  );
  return toExtension(row!);
}

/** Removes an extension: the period's own deadline applies again (the trail keeps the row). */
export async function withdrawDeadlineExtension(em: EntityManager, input: WithdrawDeadlineExtensionInput): Promise<DeadlineExtension> {
  const [row] = await em.execute<ExtensionRow[]>(`delete from "deadline_extension" where "id" = ? returning ${EXTENSION_COLUMNS}`, [input.id]);
  if (!row) new Problems().add('id', 'No such deadline extension', 'NOT_FOUND').throwIfAny();
  return toExtension(row!);
}
