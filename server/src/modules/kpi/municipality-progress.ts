import type { EntityManager } from '@mikro-orm/sql';
import { FUNDED_PROJECT_STATUSES, LIMITS } from '@schoolmix/shared';
import { Ctx, Field, FieldResolver, Float, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { sqlArray } from '../../db/sql.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { cellOfTotal, disclosedField, discloseReached, Suppression } from '../disclosure/disclosure.js';
import { elapsedFraction } from './kpi.js';
import { type ReachedByProject, sum } from './reached.js';
import { rolledUpMunicipalitySql } from '../municipality/roll-up.js';

/**
 * One row of the dashboard's bullet bars and map: the approved and closed projects a
 * municipality leads in one period, added up. Rolled up, a 2025 municipality also adds up the
 * projects of the pre-2025 municipalities merged into it.
 */
@ObjectType({ description: 'Progress of the approved and closed projects a municipality leads in one funding period' })
export class MunicipalityProgress {
  /** The municipality (the 2025 one when rolled up); exposed through a loader. */
  municipalityId!: string;
  @Field(() => Int, { description: 'Approved and closed projects it leads (rolled up: with those of the municipalities merged into it)' })
  projectCount!: number;
  @Field(() => Int, { description: 'Σ target households of those projects' }) target!: number;
  @Field(() => Int, { nullable: true, description: 'Σ over those projects of their distinct reached households (the KPI rule); null when withheld' })
  reached!: number | null;
  @Field(() => Float, { description: 'Σ target × elapsed fraction of the funding period' }) expectedByNow!: number;
  @Field(() => Float, { nullable: true, description: 'reached / target (may exceed 1); null when reached is withheld' }) progress!: number | null;
  @Field(() => Boolean, { nullable: true, description: 'reached ≥ expectedByNow; null when reached is withheld' }) onTrack!: boolean | null;
  @Field(() => [Suppression], { description: 'Figures withheld by disclosure control (analysts), and why' }) suppressed!: Suppression[];
  /** The reached count of each project the row adds up: the parts of `reached` (disclosure control). */
  projectReached!: readonly number[];
}

/** The counts behind one row, and the reached count of each of its projects (for disclosure). */
export interface MunicipalityProgressCounts {
  municipalityId: string;
  projectCount: number;
  target: number;
  reached: number;
  projectReached: number[];
}

/**
 * The rows of many periods in ONE statement, ordered by municipality name: funded projects by
 * their lead (or, rolled up, municipality/roll-up.ts on the lead), reached households by
 * `loadReachedPerProject` (shared with the programme report).
 */
export async function loadMunicipalityProgress(
  em: EntityManager,
  periodIds: readonly string[],
  rollUp: boolean,
  reached: readonly ReachedByProject[],
): Promise<Map<string, MunicipalityProgressCounts[]>> {
  const rows = await em.execute<{ period_id: string; municipality_id: string; projects: number; target: number; project_ids: string[] }[]>(
    `with funded as (
       select p.id, p.funding_period_id, p.target_households, ${rollUp ? rolledUpMunicipalitySql('m') : 'm.id'} as municipality_id
         from project p join municipality m on m.id = p.lead_municipality_id
        where p.funding_period_id = any(?::uuid[]) and p.status = any(?::text[])
     )
     select f.funding_period_id as period_id, f.municipality_id,
            count(*)::int as projects,
            sum(f.target_households)::int as target,
            array_agg(f.id order by f.id) as project_ids
       from funded f
       join municipality mm on mm.id = f.municipality_id
      group by f.funding_period_id, f.municipality_id, mm.name, mm.nis_code
      order by f.funding_period_id, mm.name, mm.nis_code`,
    [sqlArray(periodIds), sqlArray(FUNDED_PROJECT_STATUSES)],
  );
  const reachedOf = new Map(periodIds.map((id, i) => [id, reached[i] ?? new Map<string, number>()]));
  const byPeriod = new Map<string, MunicipalityProgressCounts[]>(periodIds.map((id) => [id, []]));
  for (const row of rows) {
    const projectReached = row.project_ids.map((id) => reachedOf.get(row.period_id)?.get(id) ?? 0);
    byPeriod.get(row.period_id)?.push({
      municipalityId: row.municipality_id,
      projectCount: Number(row.projects),
      target: Number(row.target),
      reached: sum(projectReached),
      projectReached,
    });
  }
  return byPeriod;
}

/** A row's figures on `now`, computed as `computeKpi` does for one project. */
export function municipalityProgressOf(counts: MunicipalityProgressCounts, period: { startsOn: string; endsOn: string }, now: Date): MunicipalityProgress {
  const expectedByNow = counts.target * elapsedFraction(period, now);
  return {
    municipalityId: counts.municipalityId,
    projectCount: counts.projectCount,
    target: counts.target,
    reached: counts.reached,
    expectedByNow,
    progress: counts.target > 0 ? counts.reached / counts.target : 0,
    onTrack: counts.reached >= expectedByNow,
    suppressed: [],
    projectReached: counts.projectReached,
  };
}

/**
 * A municipality's progress row as an analyst sees it: reached withheld when 1–4, or (rolled up)
 * when it adds up a project whose own KPI withholds its reached count; progress and on track
 * withheld with it. Target and expected by now are commitments, not counts of families: shown.
 */
export function discloseProgress(row: MunicipalityProgress, threshold: number = LIMITS.disclosureThreshold): MunicipalityProgress {
  const suppressed: Suppression[] = [];
  const head = discloseReached(cellOfTotal(row.reached ?? 0, row.projectReached, threshold), { progress: row.progress, onTrack: row.onTrack }, suppressed);
  return { ...row, ...head, suppressed };
}

// Analysts get disclosure control on every row; coordinators (and integrators) on the rows of
// municipalities they do not own — other municipalities only as aggregates, never a 1–4.
disclosedField('ProgramReport.municipalityProgress', {
  audience: 'OUTSIDE_OWN_MUNICIPALITY',
  async disclose(value, { disclosedTo }) {
    const rows = (await value()) as MunicipalityProgress[];
    return rows.map((row) => (disclosedTo(row.municipalityId) ? discloseProgress(row) : row));
  },
});

@Resolver(() => MunicipalityProgress)
export class MunicipalityProgressResolver {
  @FieldResolver(() => Municipality, { description: 'The municipality (rolled up: a 2025 municipality)' })
  async municipality(@Root() row: MunicipalityProgress, @Ctx() ctx: Context): Promise<Municipality> {
    return (await ctx.loaders.byId(Municipality).load(row.municipalityId))!;
  }
}
