import type { EntityManager } from '@mikro-orm/sql';
import { FUNDED_PROJECT_STATUSES } from '@schoolmix/shared';
import type { Context } from '../../graphql/context.js';
import { defineLoader } from '../../graphql/loaders.js';
import { sqlArray } from '../../db/sql.js';

/** Reached households per funded project of one period (projects without any are absent). */
export type ReachedByProject = ReadonlyMap<string, number>;

/**
 * What every programme figure adds up, done once: reached households (the KPI rule, kept per
 * project in `project_kpi`) of every approved or closed project of these periods, in ONE
 * statement. The programme report, the progress per municipality and the programme summary all
 * share it.
 */
export async function loadReachedPerProject(em: EntityManager, periodIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
  const rows = await em.execute<{ period_id: string; project_id: string; n: number }[]>(
    `select p.funding_period_id as period_id, k.project_id, k.reached as n
       from project_kpi k join project p on p.id = k.project_id
      where p.funding_period_id = any(?::uuid[]) and p.status = any(?::text[]) and k.reached > 0`,
    [sqlArray(periodIds), sqlArray(FUNDED_PROJECT_STATUSES)],
  );
  const byPeriod = new Map<string, Map<string, number>>(periodIds.map((id) => [id, new Map()]));
  for (const row of rows) byPeriod.get(row.period_id)?.set(row.project_id, Number(row.n));
  return byPeriod;
}

/** The request's batched, cached loader of `loadReachedPerProject`, keyed by period id. */
export const REACHED_PER_PROJECT = defineLoader('reachedPerProject', async (ctx: Context, periodIds: readonly string[]) => {
  const byPeriod = await loadReachedPerProject(ctx.em, periodIds);
  return periodIds.map((id): ReachedByProject => byPeriod.get(id)!);
});

export const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const value of values) total += value;
  return total;
};
