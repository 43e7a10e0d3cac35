import type { EntityManager } from '@mikro-orm/sql';
import { FUNDED_PROJECT_STATUSES } from '@schoolmix/shared';
import { Field, Int, ObjectType } from 'type-graphql';
import { Euro } from '../../graphql/scalars/index.js';
import { cellOfTotal, disclosedField } from '../disclosure/disclosure.js';
import { sqlArray } from '../../db/sql.js';
import { type ReachedByProject, sum } from './reached.js';
import { rolledUpMunicipalitySql } from '../municipality/roll-up.js';

/** What a programme report needs of its funding period. */
export interface ReportedPeriod {
  id: string;
  startsOn: string;
  endsOn: string;
  reportStatus: string;
}

/** The table the Flemish government publishes per action and period (SPEC section 3). */
@ObjectType({ description: 'Program report of action 20 for one funding period, as published' })
export class ProgramReport {
  /** The period (exposed as `fundingPeriod` by report/report.resolver.ts). */
  fundingPeriod!: ReportedPeriod;
  @Field(() => Euro, { description: 'Σ granted subsidy of approved and closed projects' }) budget!: number;
  @Field(() => Int, { description: 'Distinct lead and partner municipalities of those projects' }) representedLocalGovernments!: number;
  @Field(() => Int, {
    description: 'The same, pre-2025 municipalities counted as the 2025 municipality they merged into (distinct after the roll-up)',
  })
  representedLocalGovernments2025!: number;
  @Field(() => Int, { description: 'Σ target households (committed)' }) committed!: number;
  @Field(() => Int, { nullable: true, description: 'Σ reached households; null while the period’s report is open' }) realised!: number | null;
  @Field(() => Boolean, { description: 'The period’s final report is not yet done ("eindrapportage nog niet afgerond")' }) pending!: boolean;
  @Field(() => Int, { description: 'Approved and closed projects' }) projectCount!: number;
  /** Reached households of each funded project with any: the parts of `realised` (disclosure control). */
  reachedParts!: number[];
}

/**
 * The published figures of many periods in one statement; the reached households come from
 * `loadReachedPerProject` (one map per period, in the order of `periods`).
 */
export async function loadProgramReports<P extends ReportedPeriod>(
  em: EntityManager,
  periods: readonly P[],
  reached: readonly ReachedByProject[],
): Promise<(ProgramReport & { fundingPeriod: P })[]> {
  const rows = await em.execute<{ period_id: string; budget: string; committed: string; projects: number; represented: number; represented_2025: number }[]>(
    `with funded as (
       select id, funding_period_id, lead_municipality_id, subsidy_granted_cents, target_households
         from project where funding_period_id = any(?::uuid[]) and status = any(?::text[])
     ),
     represented as (
       select x.funding_period_id, count(distinct x.m)::int as n, count(distinct ${rolledUpMunicipalitySql('mu')})::int as n_2025 from (
         select funding_period_id, lead_municipality_id as m from funded
         union all
         select f.funding_period_id, pm.municipality_id from project_partner_municipality pm join funded f on f.id = pm.project_id
       ) x join municipality mu on mu.id = x.m
        group by x.funding_period_id
     )
     select f.funding_period_id as period_id,
            coalesce(sum(f.subsidy_granted_cents), 0) as budget,
            coalesce(sum(f.target_households), 0) as committed,
            count(*)::int as projects,
            coalesce(max(rp.n), 0) as represented,
            coalesce(max(rp.n_2025), 0) as represented_2025
       from funded f
       left join represented rp on rp.funding_period_id = f.funding_period_id
      group by f.funding_period_id`,
    [sqlArray(periods.map((p) => p.id)), sqlArray(FUNDED_PROJECT_STATUSES)],
  );
  const byPeriod = new Map(rows.map((r) => [r.period_id, r]));
  return periods.map((period, i) => {
    const row = byPeriod.get(period.id);
    const parts = [...(reached[i] ?? new Map<string, number>()).values()];
    const total = sum(parts);
    const pending = period.reportStatus === 'OPEN';
    return {
      fundingPeriod: period,
      budget: Number(row?.budget ?? 0),
      representedLocalGovernments: Number(row?.represented ?? 0),
      representedLocalGovernments2025: Number(row?.represented_2025 ?? 0),
      committed: Number(row?.committed ?? 0),
      realised: pending ? null : total,
      pending,
      projectCount: row?.projects ?? 0,
      reachedParts: parts,
    };
  });
}

/** The programme over all funding periods (SPEC: programme-wide figures roll pre-2025 codes up). */
@ObjectType({ description: 'Action 20 over all funding periods' })
export class ProgramSummary {
  @Field(() => Int, { description: 'Funding periods on record' }) periods!: number;
  @Field(() => Int, { description: 'Periods whose final report is done (FINAL): the periods `realised` covers' }) finalPeriods!: number;
  @Field(() => Euro, { description: 'Σ granted subsidy of approved and closed projects, all periods' }) budget!: number;
  @Field(() => Int, { description: 'Σ target households of those projects, all periods' }) committed!: number;
  @Field(() => Int, {
    nullable: true,
    description: 'Σ reached households of the FINAL periods only (open periods are still moving); null when no period is final, or withheld',
  })
  realised!: number | null;
  @Field(() => Int, {
    description: 'Distinct lead and partner municipalities over all periods, pre-2025 ones counted as the 2025 municipality they merged into',
  })
  representedLocalGovernments!: number;
  /** Reached households of each project of the FINAL periods: the parts of `realised` (disclosure control). */
  realisedParts!: number[];
}

/**
 * The programme summary: periods, money and the rolled-up represented count in one statement;
 * `realised` adds up the reached households of the FINAL periods' projects, which `reachedOf`
 * gives (the request's shared loader, so a dashboard that also asks the periods scans once).
 */
export async function loadProgramSummary(em: EntityManager, reachedOf: (periodIds: readonly string[]) => Promise<readonly ReachedByProject[]>): Promise<ProgramSummary> {
  const [row] = await em.execute<{ periods: number; final_ids: string[] | null; budget: string; committed: string; represented: number }[]>(
    `with funded as (
       select p.id, p.lead_municipality_id, p.subsidy_granted_cents, p.target_households
         from project p where p.status = any(?::text[])
     ),
     represented as (
       select count(distinct ${rolledUpMunicipalitySql('mu')})::int as n from (
         select lead_municipality_id as m from funded
         union
         select pm.municipality_id from project_partner_municipality pm join funded f on f.id = pm.project_id
       ) x join municipality mu on mu.id = x.m
     )
     select (select count(*)::int from funding_period) as periods,
            (select array_agg(id) from funding_period where report_status = 'FINAL') as final_ids,
            (select coalesce(sum(subsidy_granted_cents), 0) from funded) as budget,
            (select coalesce(sum(target_households), 0) from funded) as committed,
            (select n from represented) as represented`,
    [sqlArray(FUNDED_PROJECT_STATUSES)],
  );
  // uuid[] arrives as a JS array from both drivers (pg and PGlite); null when no row.
  const finalIds = row!.final_ids ?? [];
  const parts = (await reachedOf(finalIds)).flatMap((byProject) => [...byProject.values()]);
  return {
    periods: Number(row!.periods),
    finalPeriods: finalIds.length,
    budget: Number(row!.budget),
    committed: Number(row!.committed),
    realised: finalIds.length > 0 ? sum(parts) : null,
    representedLocalGovernments: Number(row!.represented ?? 0),
    realisedParts: parts,
  };
}

// The projects' own KPIs are shown too: a realised total with a withheld project behind it would reveal it.
const discloseRealised = {
  audience: 'ANALYSTS' as const,
  async disclose(value: () => Promise<unknown>) {
    const report = (await value()) as ProgramReport | null;
    return report && report.realised !== null ? { ...report, realised: cellOfTotal(report.realised, report.reachedParts).value } : report;
  },
};
disclosedField('FundingPeriod.programReport', discloseRealised);
disclosedField('Query.programReport', discloseRealised);

// Each final period's realised figure is shown (or withheld) by programReport: the sum must not reveal a withheld one.
disclosedField('Query.programSummary', {
  audience: 'ANALYSTS',
  async disclose(value) {
    const summary = (await value()) as ProgramSummary;
    return summary.realised === null ? summary : { ...summary, realised: cellOfTotal(summary.realised, summary.realisedParts).value };
  },
});
