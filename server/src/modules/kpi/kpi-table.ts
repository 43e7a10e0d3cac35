import type { EntityManager } from '@mikro-orm/sql';
import { EVENT_TYPES, LIMITS } from '@schoolmix/shared';
import { sqlArray } from '../../db/sql.js';
import type { Context } from '../../graphql/context.js';
import { defineLoader } from '../../graphql/loaders.js';
import { type Cell, disclosedField, discloseReached, type Suppression } from '../disclosure/disclosure.js';
import { type Equation, type PublishedTable, suppressTable } from '../disclosure/suppression.js';
import { type KpiCounts, loadKpiCounts, type ProjectKpi } from './kpi.js';

/**
 * The published table of one project (docs/REPORTS.md, "Disclosure control"): its reach, the
 * families with / without / unknown indicator that add up to it, the reach per event type (which
 * adds up to the reach when no family came to both types), and the attended count of each of its
 * events, which add up to the reach of their type (exactly when no family came twice; otherwise
 * they are still suppressed as the parts of their own sum, so a near-total cannot reveal one).
 * Cell keys are the KPI's field names (`reached`, `byEventType.SCHOOL_VISIT`, `families.withIndicator`, …)
 * and `event:<id>`. Used by ProjectKpi, Event.attendanceCount and the project-kpis and events exports.
 */
export function publishedKpiTableOf(counts: KpiCounts, events: readonly { id: string; type: string; attended: number }[], threshold: number = LIMITS.disclosureThreshold): PublishedTable {
  const values = new Map<string, number>([
    ['reached', counts.reached],
    ['families.withIndicator', counts.withIndicator],
    ['families.withoutIndicator', counts.withoutIndicator],
    ['families.indicatorUnknown', counts.indicatorUnknown],
    ['families.withSpecialNeeds', counts.withSpecialNeeds],
  ]);
  const equations: Equation[] = [{ total: 'reached', parts: ['families.withIndicator', 'families.withoutIndicator', 'families.indicatorUnknown'] }];
  const byType = (type: string) => counts.byEventType.get(type as never) ?? 0;
  for (const type of EVENT_TYPES) values.set(`byEventType.${type}`, byType(type));
  if (EVENT_TYPES.reduce((n, t) => n + byType(t), 0) === counts.reached) {
    equations.push({ total: 'reached', parts: EVENT_TYPES.map((t) => `byEventType.${t}`) });
  }
  for (const type of EVENT_TYPES) {
    const own = events.filter((e) => e.type === type);
    if (own.length === 0) continue;
    const parts = own.map((e) => `event:${e.id}`);
    own.forEach((e, i) => values.set(parts[i]!, e.attended));
    const sum = own.reduce((n, e) => n + e.attended, 0);
    const total = sum === byType(type) ? `byEventType.${type}` : `events.${type}`;
    if (total !== `byEventType.${type}`) values.set(total, sum);
    equations.push({ total, parts });
  }
  return suppressTable(values, equations, threshold);
}

/** The published tables of many projects: KPI counts from `project_kpi`, attended counts per event from `event_attendance_count`, two statements. */
export async function loadPublishedKpi(em: EntityManager, projectIds: readonly string[]): Promise<Map<string, PublishedTable>> {
  const [counts, events] = await Promise.all([
    loadKpiCounts(em, projectIds),
    em.execute<{ id: string; project_id: string; type: string; attended: number }[]>(
      `select e.id, e.project_id, e.type, coalesce(c.attended, 0) as attended
         from event e left join event_attendance_count c on c.event_id = e.id
        where e.project_id = any(?::uuid[])
        order by e.id`,
      [sqlArray(projectIds)],
    ),
  ]);
  // In id order, so a table suppresses the same cells on every read. The rows themselves, counted
  // as numbers: thousands of events for a page of projects, each copy was one more object to collect.
  const byProject = new Map<string, { id: string; type: string; attended: number }[]>();
  for (const e of events) {
    e.attended = Number(e.attended);
    const own = byProject.get(e.project_id);
    if (own) own.push(e);
    else byProject.set(e.project_id, [e]);
  }
  return new Map(projectIds.map((id) => [id, publishedKpiTableOf(counts.get(id)!, byProject.get(id) ?? [])]));
}

/** The request's loader of the published project tables (computed once per request). */
export const PUBLISHED_KPI = defineLoader('publishedKpi', async (ctx: Context, projectIds: readonly string[]) => {
  const tables = await loadPublishedKpi(ctx.em, projectIds);
  return projectIds.map((id) => tables.get(id)!);
});

/**
 * The KPI as an analyst (or an export) may see it, read from the project's published table
 * (kpi-table.ts; built from the KPI alone when not given): counts of 1–4 households withheld, the
 * "every family" parts and the reach per event type suppressed so none can be found from the
 * total, and the figures derived from a withheld "reached" (progress, on track, earned subsidy) withheld too.
 */
export function discloseKpi(kpi: ProjectKpi, published?: PublishedTable, threshold: number = LIMITS.disclosureThreshold): ProjectKpi {
  const suppressed: Suppression[] = [];
  const f = kpi.families;
  const table =
    published ??
    publishedKpiTableOf(
      {
        reached: kpi.reached ?? 0,
        withIndicator: f.withIndicator ?? 0,
        withoutIndicator: f.withoutIndicator ?? 0,
        indicatorUnknown: f.indicatorUnknown ?? 0,
        withSpecialNeeds: f.withSpecialNeeds ?? 0,
        byEventType: new Map(kpi.byEventType.map((t) => [t.type, t.reached ?? 0])),
      },
      [],
      threshold,
    );
  const reachedHidden = table.value('reached') === null;
  const take = (field: string, { value, suppressed: reason }: Cell) => {
    // The parts of a withheld reach are withheld with it (named SECONDARY, as before).
    const why = reason && reachedHidden && field.startsWith('families.') && field !== 'families.withSpecialNeeds' ? 'SECONDARY' : reason;
    if (why) suppressed.push({ field, reason: why });
    return value;
  };
  const head = discloseReached(table.cell('reached'), { progress: kpi.progress, onTrack: kpi.onTrack, earnedSubsidy: kpi.earnedSubsidy }, suppressed);
  return {
    ...kpi,
    ...head,
    byEventType: kpi.byEventType.map((t) => ({ type: t.type, reached: take(`byEventType.${t.type}`, table.cell(`byEventType.${t.type}`)) })),
    families: {
      withIndicator: take('families.withIndicator', table.cell('families.withIndicator')),
      withoutIndicator: take('families.withoutIndicator', table.cell('families.withoutIndicator')),
      indicatorUnknown: take('families.indicatorUnknown', table.cell('families.indicatorUnknown')),
      withSpecialNeeds: take('families.withSpecialNeeds', table.cell('families.withSpecialNeeds')),
    },
    suppressed,
  };
}

// Analysts see a project's KPI through its published table (the same one Event.attendanceCount and the exports read).
disclosedField<Context>('Project.kpi', {
  audience: 'ANALYSTS',
  async disclose(value, { root, context }) {
    const [kpi, table] = await Promise.all([value() as Promise<ProjectKpi>, context.loaders.get(PUBLISHED_KPI).load((root as { id: string }).id)]);
    return discloseKpi(kpi, table);
  },
});
