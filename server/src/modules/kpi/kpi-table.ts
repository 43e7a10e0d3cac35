import type { EntityManager } from '@mikro-orm/sql';
import { EVENT_TYPES, LIMITS } from '@schoolmix/shared';
import { sqlArray } from '../../db/sql.js';
import type { Context } from '../../graphql/context.js';
import { defineLoader } from '../../graphql/loaders.js';
import { type Cell, disclosedField, discloseReached, type Suppression } from '../disclosure/disclosure.js';
import { type Equation, type PublishedTable, suppressTable } from '../disclosure/suppression.js';
import { type KpiCounts, kpiCountsOf, type KpiRow, NO_KPI_COUNTS, type ProjectKpi } from './kpi.js';

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

/** A project's published table, kept under the stamp of the database state it was computed from. */
interface KeptTable {
  stamp: string;
  table: PublishedTable;
}

/**
 * Published tables kept across requests, per project, at most `PUBLISHED_CACHE_CELLS` cells in
 * all (about 150 bytes a cell: 30 MB; the scale data set's 450 projects hold 35,000 cells, 5 MB),
 * the least recently read first out. The database gives each project a stamp (`published_stamp`, migration
 * 20261206220000) that changes with every write to an input of `publishedKpiTableOf`: its
 * `project_kpi` counts, or an event's id, type or attended count. Stamps come from a sequence and
 * are never given twice, and a read takes the stamps and the inputs it still needs in ONE
 * statement (one snapshot), so a table kept under a stamp is the table of that state: after any
 * write the stamp differs and the table is computed again. A table holds aggregate counts only,
 * the same for every viewer (who may see the project is checked where the project is loaded).
 */
const kept = new Map<string, KeptTable>();
let keptCells = 0;
export const PUBLISHED_CACHE_CELLS = 200_000;

/** How many project tables reads took from memory (`kept`) and computed (`computed`), since the process started. */
const tables = { kept: 0, computed: 0 };

/** The kept tables' use for the metrics (app.ts: `schoolmix_published_tables_total`, `schoolmix_published_table_cells`). */
export function publishedTableStats(): { kept: number; computed: number; cells: number } {
  return { kept: tables.kept, computed: tables.computed, cells: keptCells };
}

/** Keeps (or refreshes) a project's table as the most recently read. */
function keep(projectId: string, entry: KeptTable): void {
  const old = kept.get(projectId);
  if (old) {
    kept.delete(projectId);
    keptCells -= old.table.values.size;
  }
  kept.set(projectId, entry);
  keptCells += entry.table.values.size;
  for (const [id, oldest] of kept) {
    if (keptCells <= PUBLISHED_CACHE_CELLS) break;
    kept.delete(id);
    keptCells -= oldest.table.values.size;
  }
}

/** Forgets every kept table (tests). */
export function clearPublishedKpiCache(): void {
  kept.clear();
  keptCells = 0;
}

/**
 * The published tables of many projects in ONE statement: each project's stamp and, for the
 * projects whose kept table has another stamp (or none), its `project_kpi` counts and its events
 * (id, type and attended count from `event_attendance_count`) as three arrays in id order. A page
 * of unchanged projects reads one stamp row per project.
 */
export async function loadPublishedKpi(em: EntityManager, projectIds: readonly string[]): Promise<Map<string, PublishedTable>> {
  // What is kept now: the statement names these stamps, so a concurrent eviction cannot lose them.
  const known = new Map<string, KeptTable>();
  for (const id of projectIds) {
    const entry = kept.get(id);
    if (entry) known.set(id, entry);
  }
  const rows = await em.execute<PublishedRow[]>(
    `with asked as (
       select a.project_id, coalesce(s.stamp, 0)::text as stamp
         from (select distinct unnest(?::uuid[]) as project_id) a left join published_stamp s on s.project_id = a.project_id
     ),
     stale as (select project_id from asked where project_id::text || ' ' || stamp <> all(?::text[]))
     select t.project_id, t.stamp, s.project_id is not null as stale,
            k.reached, k.reached_parent_evening, k.reached_school_visit, k.with_indicator, k.without_indicator, k.indicator_unknown,
            k.with_special_needs, o.ids, o.types, o.attended
       from asked t
       left join stale s on s.project_id = t.project_id
       left join project_kpi k on k.project_id = s.project_id
       left join lateral (
         select array_agg(e.id order by e.id) as ids, array_agg(e.type order by e.id) as types, array_agg(coalesce(c.attended, 0) order by e.id) as attended
           from event e left join event_attendance_count c on c.event_id = e.id
          where e.project_id = s.project_id
       ) o on true`,
    [sqlArray(projectIds), sqlArray([...known].map(([id, e]) => `${id} ${e.stamp}`))],
  );
  const answer = new Map<string, PublishedTable>();
  for (const row of rows) {
    let table: PublishedTable;
    if (!row.stale) {
      table = known.get(row.project_id)!.table;
      tables.kept += 1;
    } else {
      tables.computed += 1;
      const events: { id: string; type: string; attended: number }[] = [];
      for (let i = 0; i < (row.ids?.length ?? 0); i++) events.push({ id: row.ids![i]!, type: row.types![i]!, attended: Number(row.attended![i]) });
      table = publishedKpiTableOf(row.reached === null ? NO_KPI_COUNTS() : kpiCountsOf(row as Omit<KpiRow, 'project_id'>), events);
    }
    answer.set(row.project_id, table);
    keep(row.project_id, { stamp: row.stamp, table });
  }
  return answer;
}

/** A row of `loadPublishedKpi`'s statement: counts and events only for a stale project; counts null without a `project_kpi` row. */
type PublishedRow = { [K in Exclude<keyof KpiRow, 'project_id'>]: number | null } & {
  project_id: string;
  stamp: string;
  stale: boolean;
  ids: string[] | null;
  types: string[] | null;
  attended: (number | string)[] | null;
};

/** The tables a request has loaded so far, by project (`publishedTableLoaded`), keyed by the request's loaders. */
const loadedFor = new WeakMap<object, Map<string, PublishedTable>>();

/** The request's loader of the published project tables (read once per request). */
export const PUBLISHED_KPI = defineLoader('publishedKpi', async (ctx: Context, projectIds: readonly string[]) => {
  const tables = await loadPublishedKpi(ctx.em, projectIds);
  let loaded = loadedFor.get(ctx.loaders);
  if (!loaded) loadedFor.set(ctx.loaders, (loaded = new Map<string, PublishedTable>()));
  for (const [id, table] of tables) loaded.set(id, table);
  return projectIds.map((id) => tables.get(id)!);
});

/**
 * The project's published table if this request has loaded it already, else undefined: a field
 * that reads a cell of it (each event's attended count) answers at once instead of through a
 * promise per field. The same table the request's loader gives.
 */
export function publishedTableLoaded(ctx: Context, projectId: string): PublishedTable | undefined {
  return loadedFor.get(ctx.loaders)?.get(projectId);
}

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
