import type { EntityManager } from '@mikro-orm/sql';
import { brusselsDate, EVENT_TYPES, type EventType } from '@schoolmix/shared';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { EventTypeEnum } from '../../graphql/enums.js';
import { Euro } from '../../graphql/scalars/index.js';
import { Suppression } from '../disclosure/disclosure.js';
import { sqlArray } from '../../db/sql.js';

/**
 * THE action 20 KPI rule, written once (SPEC section 3): the attendances that make a household
 * "reached" for a project — ATTENDED, at a parent evening or school visit of that project,
 * organised by an organisation that promotes the social mix, not cancelled, starting (in
 * Belgian time) inside the project's funding period. Yields project_id, household_id,
 * event_type and funding_period_id.
 * `projectScope` is a SQL condition on `p` (the project) with `?` placeholders.
 */
export function reachedAttendancesSql(projectScope: string): string {
  return `select e.project_id, a.household_id, e.type as event_type, p.funding_period_id
      from attendance a
      join event e on e.id = a.event_id
      join organization o on o.id = e.organizer_id
      join project p on p.id = e.project_id
      join funding_period fp on fp.id = p.funding_period_id
     where ${projectScope}
       and a.status = 'ATTENDED'
       and e.cancelled_at is null
       and o.promotes_social_mix
       and e.type in (${EVENT_TYPES.map((t) => `'${t}'`).join(', ')})
       and (e.starts_at at time zone 'Europe/Brussels')::date between fp.starts_on and fp.ends_on`;
}

export interface KpiCounts {
  reached: number;
  withIndicator: number;
  withoutIndicator: number;
  indicatorUnknown: number;
  withSpecialNeeds: number;
  byEventType: Map<EventType, number>;
}

/** The counts of a project nobody has reached yet (no `project_kpi` row). */
export const NO_KPI_COUNTS = (): KpiCounts => ({ reached: 0, withIndicator: 0, withoutIndicator: 0, indicatorUnknown: 0, withSpecialNeeds: 0, byEventType: new Map() });

/**
 * The KPI counts of many projects in ONE statement, read from `project_kpi`: the database keeps
 * that row per project up to date in the transaction of every write that can change it
 * (migration 20261202000000_project_kpi, whose `project_kpi_recount` applies the rule of
 * `reachedAttendancesSql`). A read therefore costs one indexed lookup per project instead of a
 * scan of the project's attendances.
 */
export async function loadKpiCounts(em: EntityManager, projectIds: readonly string[]): Promise<Map<string, KpiCounts>> {
  const rows = await em.execute<KpiRow[]>(
    `select project_id, reached, reached_parent_evening, reached_school_visit, with_indicator, without_indicator, indicator_unknown, with_special_needs
       from project_kpi where project_id = any(?::uuid[])`,
    [sqlArray(projectIds)],
  );
  const result = new Map<string, KpiCounts>();
  for (const id of projectIds) result.set(id, NO_KPI_COUNTS());
  for (const row of rows) result.set(row.project_id, kpiCountsOf(row));
  return result;
}

/** A `project_kpi` row as PostgreSQL returns it. */
export interface KpiRow {
  project_id: string;
  reached: number;
  reached_parent_evening: number;
  reached_school_visit: number;
  with_indicator: number;
  without_indicator: number;
  indicator_unknown: number;
  with_special_needs: number;
}

const REACHED_BY_TYPE: Record<EventType, Exclude<keyof KpiRow, 'project_id'>> = { PARENT_EVENING: 'reached_parent_evening', SCHOOL_VISIT: 'reached_school_visit' };

/** The counts of a `project_kpi` row (the columns of `KpiRow`; the id is not read). */
export function kpiCountsOf(row: Omit<KpiRow, 'project_id'>): KpiCounts {
  return {
    reached: Number(row.reached),
    withIndicator: Number(row.with_indicator),
    withoutIndicator: Number(row.without_indicator),
    indicatorUnknown: Number(row.indicator_unknown),
    withSpecialNeeds: Number(row.with_special_needs),
    byEventType: new Map(EVENT_TYPES.map((t) => [t, Number(row[REACHED_BY_TYPE[t]])])),
  };
}

@ObjectType({ description: 'Reached households per event type' })
export class KpiByEventType {
  @Field(() => EventTypeEnum) type!: EventType;
  @Field(() => Int, { nullable: true }) reached!: number | null;
}

@ObjectType({ description: '"Every family": reached households by their consented characteristics' })
export class KpiFamilies {
  @Field(() => Int, { nullable: true, description: 'With at least one indicator (low-educated mother, school allowance, home language not Dutch)' })
  withIndicator!: number | null;
  @Field(() => Int, { nullable: true, description: 'Consented, with none of the indicators' })
  withoutIndicator!: number | null;
  @Field(() => Int, { nullable: true, description: 'Characteristics not (fully) given' })
  indicatorUnknown!: number | null;
  @Field(() => Int, { nullable: true }) withSpecialNeeds!: number | null;
}

@ObjectType({ description: 'KPI of action 20: families that took part in at least one parent evening or school visit' })
export class ProjectKpi {
  @Field(() => Int) target!: number;
  @Field(() => Int, { nullable: true, description: 'Distinct reached households (null when withheld, see suppressed)' }) reached!: number | null;
  @Field(() => Float, { nullable: true, description: 'reached / target (may exceed 1)' }) progress!: number | null;
  @Field(() => Float, { description: 'target × elapsed fraction of the funding period' }) expectedByNow!: number;
  @Field(() => Boolean, { nullable: true, description: 'reached ≥ expectedByNow' }) onTrack!: boolean | null;
  @Field(() => Euro, { nullable: true, description: 'min(reached, target) × the period’s rate: what the evidence justifies' }) earnedSubsidy!: number | null;
  @Field(() => [KpiByEventType]) byEventType!: KpiByEventType[];
  @Field(() => KpiFamilies) families!: KpiFamilies;
  @Field(() => [Suppression], { description: 'Figures withheld by disclosure control (analysts), and why' }) suppressed!: Suppression[];
}

const DAY_MS = 86_400_000;

/**
 * Elapsed fraction of a period on `now`, 0 before it starts and 1 after its last day. Periods
 * are whole Belgian calendar days; the fraction counts days so "expected by now" moves daily.
 */
export function elapsedFraction(period: { startsOn: string; endsOn: string }, now: Date): number {
  const start = Date.parse(`${period.startsOn}T00:00:00Z`);
  const end = Date.parse(`${period.endsOn}T00:00:00Z`) + DAY_MS;
  const today = Date.parse(`${brusselsDate(now)}T00:00:00Z`) + DAY_MS;
  return Math.min(1, Math.max(0, (today - start) / (end - start)));
}

/** The KPI of one project from its counts, its target and its period, on `now`. */
export function computeKpi(
  counts: KpiCounts,
  target: number,
  period: { startsOn: string; endsOn: string; ratePerHouseholdCents: number },
  now: Date,
): ProjectKpi {
  const expectedByNow = target * elapsedFraction(period, now);
  return {
    target,
    reached: counts.reached,
    progress: target > 0 ? counts.reached / target : 0,
    expectedByNow,
    onTrack: counts.reached >= expectedByNow,
    earnedSubsidy: Math.min(counts.reached, target) * period.ratePerHouseholdCents,
    byEventType: EVENT_TYPES.map((type) => ({ type, reached: counts.byEventType.get(type) ?? 0 })),
    families: {
      withIndicator: counts.withIndicator,
      withoutIndicator: counts.withoutIndicator,
      indicatorUnknown: counts.indicatorUnknown,
      withSpecialNeeds: counts.withSpecialNeeds,
    },
    suppressed: [],
  };
}
