import type { EntityManager } from '@mikro-orm/sql';
import { FUNDED_PROJECT_STATUSES } from '@schoolmix/shared';
import type { Context } from '../../graphql/context.js';
import { sqlArray } from '../../db/sql.js';
import { reachedAttendancesSql } from '../project/kpi.js';

/** Reached households per funded project of one period (projects without any are absent). */
export type ReachedByProject = ReadonlyMap<string, number>;

/**
 * The expensive part of every programme figure, done once: distinct reached households (the KPI
 * rule) of every approved or closed project of these periods, in ONE statement. The programme
 * report, the progress per municipality and the programme summary all add these up, so a
 * request that asks for all three scans the attendances once.
 */
export async function loadReachedPerProject(em: EntityManager, periodIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
  const rows = await em.execute<{ period_id: string; project_id: string; n: number }[]>(
    `select d.funding_period_id as period_id, d.project_id, count(*)::int as n
       from (select distinct r.funding_period_id, r.project_id, r.household_id
               from (${reachedAttendancesSql('p.funding_period_id = any(?::uuid[]) and p.status = any(?::text[])')}) r) d
      group by d.funding_period_id, d.project_id`,
    [sqlArray(periodIds), sqlArray(FUNDED_PROJECT_STATUSES)],
  );
  const byPeriod = new Map<string, Map<string, number>>(periodIds.map((id) => [id, new Map()]));
  for (const row of rows) byPeriod.get(row.period_id)?.set(row.project_id, Number(row.n));
  return byPeriod;
}

/** The request's batched, cached loader of `loadReachedPerProject`, keyed by period id. */
export function reachedLoader(ctx: Context) {
  return ctx.loaders.custom('reachedPerProject', async (periodIds: readonly string[]) => {
    const byPeriod = await loadReachedPerProject(ctx.em, periodIds);
    return periodIds.map((id): ReachedByProject => byPeriod.get(id)!);
  });
}

export const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const value of values) total += value;
  return total;
};
