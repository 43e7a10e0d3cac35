import type { EntityManager } from '@mikro-orm/sql';
import type { AttendanceStatus } from '@schoolmix/shared';
import { sqlArray } from '../../db/sql.js';
import type { Context } from '../../graphql/context.js';
import { defineLoaderFamily } from '../../graphql/loaders.js';
import { disclosedField, suppressParts } from '../disclosure/disclosure.js';
import { PUBLISHED_KPI, publishedTableLoaded } from '../kpi/kpi-table.js';

/** The column of `event_attendance_count` (kept by the database, migration 20261204200000) holding each status. */
export const COUNT_COLUMN = { REGISTERED: 'registered', ATTENDED: 'attended', NO_SHOW: 'no_show' } as const satisfies Record<AttendanceStatus, string>;

/** Households recorded with `status` per event, in one statement, read from the maintained counts. */
export async function attendanceCounts(em: EntityManager, ids: readonly string[], status: AttendanceStatus): Promise<Map<string, number>> {
  const rows = await em.execute<{ event_id: string; n: number }[]>(
    `select event_id, "${COUNT_COLUMN[status]}" as n from event_attendance_count where event_id = any(?::uuid[])`,
    [sqlArray(ids)],
  );
  return new Map(rows.map((r) => [r.event_id, Number(r.n)]));
}

/**
 * Attendance counts as an analyst may see them. A project's reach per event type is shown too
 * (`ProjectKpi.byEventType`), and it is close to the sum of that type's event counts, so a single
 * withheld count (1–4) could be found by subtraction. The counts of every event of the same
 * project and type are therefore loaded together (one statement) and suppressed as parts
 * (`suppressParts`): when exactly one is withheld, the smallest other one is withheld too.
 */
export async function disclosedAttendanceCounts(em: EntityManager, ids: readonly string[], status: AttendanceStatus): Promise<Map<string, number | null>> {
  const rows = await em.execute<{ event_id: string; project_id: string; type: string; n: number }[]>(
    `with asked as (select distinct project_id, type from event where id = any(?::uuid[]))
     select e.id as event_id, e.project_id, e.type, coalesce(c."${COUNT_COLUMN[status]}", 0) as n
       from event e join asked on asked.project_id = e.project_id and asked.type = e.type
       left join event_attendance_count c on c.event_id = e.id`,
    [sqlArray(ids)],
  );
  const groups = new Map<string, { event_id: string; n: number }[]>();
  for (const row of rows) {
    const key = `${row.project_id}:${row.type}`;
    const members = groups.get(key) ?? [];
    if (members.length === 0) groups.set(key, members);
    members.push({ event_id: row.event_id, n: Number(row.n) });
  }
  const disclosed = new Map<string, number | null>();
  for (const members of groups.values()) {
    const parts = members.map((m) => m.n);
    const { parts: cells } = suppressParts(parts, parts.reduce((a, b) => a + b, 0));
    members.forEach((m, i) => disclosed.set(m.event_id, cells[i]!.value));
  }
  return disclosed;
}

const DISCLOSED_ATTENDANCE_COUNT = defineLoaderFamily('event.attendanceCount.disclosed', async (ctx: Context, ids: readonly string[], status: AttendanceStatus) => {
  const counts = await disclosedAttendanceCounts(ctx.em, ids, status);
  return ids.map((id) => (counts.has(id) ? counts.get(id)! : 0));
});

disclosedField<Context>('Event.attendanceCount', {
  audience: 'ANALYSTS',
  disclose(_value, { root, args, context: ctx }) {
    const e = root as { id: string; project: { id: string } };
    const status = args.status as AttendanceStatus;
    // The attended count is a cell of the project's published table (beside its reach per event type),
    // answered at once when the request has it (Project.kpi's disclosure loaded it for the page).
    if (status === 'ATTENDED') {
      const table = publishedTableLoaded(ctx, e.project.id);
      if (table) return table.value(`event:${e.id}`);
      return ctx.loaders.get(PUBLISHED_KPI).load(e.project.id).then((loaded) => loaded.value(`event:${e.id}`));
    }
    return ctx.loaders.get(DISCLOSED_ATTENDANCE_COUNT, status).load(e.id);
  },
});
