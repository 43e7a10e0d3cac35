import type { EntityManager } from '@mikro-orm/sql';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { sqlArray } from '../../db/sql.js';
import { type Window, windowBounds } from '../../graphql/connection.js';
import { DateTime, LocalDate } from '../../graphql/scalars/index.js';

/**
 * THE rule "this project still owes its final report", as a SQL condition on a `project` row
 * aliased `p`. Every deadline figure (Project.finalReportOverdue, overdueFinalReports, the
 * dashboard) and the reminder job read it, so changing it here changes them all.
 *
 * Funded (APPROVED or CLOSED) and no final report that is SUBMITTED (with the reviewer), ACCEPTED
 * or WAIVED: a draft or a report sent back for changes still owes. A report the reviewer sent
 * back is owed again, so its reminders start again.
 */
export const REPORT_PENDING_SQL = `p."status" in ('APPROVED', 'CLOSED') and not exists (select 1 from "final_report" r
    where r."project_id" = p."id" and r."status" in ('SUBMITTED', 'ACCEPTED', 'WAIVED'))`;

/**
 * THE link to a project's final-report screen, relative to the SPA's root (e-mails prefix
 * PUBLIC_URL): the project page, whose "Eindrapport" section is where the report is written.
 */
export function reportScreenPath(projectId: string): string {
  return `/projecten/${projectId}`;
}

/**
 * Every project's deadline facts: the period's date, the municipality's extension (of the
 * project's lead municipality in its period) and the effective date (the extension when there
 * is one). `extra` is a further condition on `p`, `fp` or `x`; dates come back as YYYY-MM-DD text.
 */
export function deadlineSelectSql(extra = 'true'): string {
  return `select p."id" as project_id, p."title" as title, p."lead_municipality_id" as municipality_id, p."funding_period_id" as funding_period_id,
                 fp."final_report_due_on"::text as period_due_on, x."id" as extension_id,
                 coalesce(x."due_on", fp."final_report_due_on")::text as due_on,
                 (${REPORT_PENDING_SQL}) as pending
            from "project" p
            join "funding_period" fp on fp."id" = p."funding_period_id"
            left join "deadline_extension" x on x."municipality_id" = p."lead_municipality_id" and x."funding_period_id" = p."funding_period_id"
           where ${extra}`;
}

export interface DeadlineRow {
  project_id: string;
  title: string;
  municipality_id: string;
  funding_period_id: string;
  period_due_on: string;
  extension_id: string | null;
  due_on: string;
  pending: boolean;
}

export async function loadDeadlines(em: EntityManager, projectIds: readonly string[]): Promise<Map<string, DeadlineRow>> {
  const rows = await em.execute<DeadlineRow[]>(deadlineSelectSql(`p."id" = any(?::uuid[])`), [sqlArray(projectIds)]);
  return new Map(rows.map((r) => [r.project_id, r]));
}

/** Overdue: the report is still owed and the effective deadline (a whole Brussels day) has passed. */
export function isOverdue(row: Pick<DeadlineRow, 'pending' | 'due_on'>, today: string): boolean {
  return row.pending && row.due_on < today;
}

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` lies before. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `day` plus `n` days, YYYY-MM-DD. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

@ObjectType({ description: 'A later final-report deadline for one municipality in one period (granted by a reviewer)' })
export class DeadlineExtension {
  @Field(() => ID) id!: string;
  @Field(() => ID) municipalityId!: string;
  @Field(() => ID) fundingPeriodId!: string;
  @Field(() => LocalDate, { description: 'The new final-report deadline' }) dueOn!: string;
  @Field(() => String) reason!: string;
  @Field(() => String, { description: 'Who granted it: the user’s e-mail' }) grantedBy!: string;
  @Field(() => DateTime) grantedAt!: Date;
  @Field(() => Int, { description: 'Optimistic-lock version' }) version!: number;
}

export interface ExtensionRow {
  id: string;
  municipality_id: string;
  funding_period_id: string;
  due_on: string;
  reason: string;
  granted_by_label: string;
  granted_at: string | Date;
  version: number;
}

export const EXTENSION_COLUMNS = `"id", "municipality_id", "funding_period_id", "due_on"::text as due_on, "reason", "granted_by_label", "granted_at", "version"`;

export function toExtension(r: ExtensionRow): DeadlineExtension {
  return Object.assign(new DeadlineExtension(), {
    id: r.id,
    municipalityId: r.municipality_id,
    fundingPeriodId: r.funding_period_id,
    dueOn: r.due_on,
    reason: r.reason,
    grantedBy: r.granted_by_label,
    grantedAt: new Date(r.granted_at),
    version: r.version,
  });
}

/** The extensions with these ids, in one statement. */
export function loadExtensions(em: EntityManager, ids: readonly string[]): Promise<ExtensionRow[]> {
  return em.execute<ExtensionRow[]>(`select ${EXTENSION_COLUMNS} from "deadline_extension" where "id" = any(?::uuid[])`, [sqlArray(ids)]);
}

/**
 * One page of the projects whose final report is overdue on `today` (a Brussels date), the longest
 * overdue first; `municipalityIds`: only those these municipalities lead (null: all). The count,
 * then the page's project ids (no second statement when the page is empty).
 */
export async function overduePage(em: EntityManager, today: string, municipalityIds: readonly string[] | null, window: Window): Promise<{ projectIds: string[]; lower: number; total: number }> {
  const params: unknown[] = [today];
  let scope = '';
  if (municipalityIds) {
    scope = ` and p."lead_municipality_id" = any(?::uuid[])`;
    params.push(sqlArray(municipalityIds));
  }
  const overdue = `(${REPORT_PENDING_SQL}) and coalesce(x."due_on", fp."final_report_due_on") < ?::date${scope}`;
  const total = (await em.execute<{ total: number }[]>(`select count(*)::int as total from (${deadlineSelectSql(overdue)}) d`, params))[0]?.total ?? 0;
  const { lower, upper } = windowBounds(window, total);
  if (upper <= lower) return { projectIds: [], lower, total };
  const rows = await em.execute<{ project_id: string }[]>(
    `select project_id from (${deadlineSelectSql(overdue)}) d order by due_on, title, project_id offset ? limit ?`,
    [...params, lower, upper - lower],
  );
  return { projectIds: rows.map((r) => r.project_id), lower, total };
}
