import type { EntityManager } from '@mikro-orm/postgresql';
import { FUNDED_PROJECT_STATUSES } from '@schoolmix/shared';
import { Field, Int, ObjectType } from 'type-graphql';
import { Euro } from '../../graphql/scalars/index.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { reachedAttendancesSql } from '../project/kpi.js';
import { sqlArray } from '../../db/sql.js';

/** The table the Flemish government publishes per action and period (SPEC section 3). */
@ObjectType({ description: 'Programme report of action 20 for one funding period, as published' })
export class ProgramReport {
  @Field(() => FundingPeriod) fundingPeriod!: FundingPeriod;
  @Field(() => Euro, { description: 'Σ granted subsidy of approved and closed projects' }) budget!: number;
  @Field(() => Int, { description: 'Distinct lead and partner municipalities of those projects' }) representedLocalGovernments!: number;
  @Field(() => Int, { description: 'Σ target households (committed)' }) committed!: number;
  @Field(() => Int, { nullable: true, description: 'Σ reached households; null while the period’s report is open' }) realised!: number | null;
  @Field(() => Boolean, { description: 'The period’s final report is not yet done ("eindrapportage nog niet afgerond")' }) pending!: boolean;
  @Field(() => Int, { description: 'Approved and closed projects' }) projectCount!: number;
  /** Σ reached, also while pending, for roles that follow the work in progress. */
  reachedSoFar!: number;
}

/** The published figures of many periods in one statement. */
export async function loadProgramReports(em: EntityManager, periods: readonly FundingPeriod[]): Promise<ProgramReport[]> {
  const rows = await em.execute<{ period_id: string; budget: string; committed: string; projects: number; represented: number; reached: string }[]>(
    `with funded as (
       select id, funding_period_id, lead_municipality_id, subsidy_granted_cents, target_households
         from project where funding_period_id = any(?::uuid[]) and status = any(?::text[])
     ),
     reached as (
       select d.funding_period_id, count(*) as n
         from (select distinct r.funding_period_id, r.project_id, r.household_id
                 from (${reachedAttendancesSql('p.id in (select id from funded)')}) r) d
        group by d.funding_period_id
     ),
     represented as (
       select funding_period_id, count(distinct m)::int as n from (
         select funding_period_id, lead_municipality_id as m from funded
         union all
         select f.funding_period_id, pm.municipality_id from project_partner_municipality pm join funded f on f.id = pm.project_id
       ) x group by funding_period_id
     )
     select f.funding_period_id as period_id,
            coalesce(sum(f.subsidy_granted_cents), 0) as budget,
            coalesce(sum(f.target_households), 0) as committed,
            count(*)::int as projects,
            coalesce(max(rp.n), 0) as represented,
            coalesce(max(r.n), 0) as reached
       from funded f
       left join reached r on r.funding_period_id = f.funding_period_id
       left join represented rp on rp.funding_period_id = f.funding_period_id
      group by f.funding_period_id`,
    [sqlArray(periods.map((p) => p.id)), sqlArray(FUNDED_PROJECT_STATUSES)],
  );
  const byPeriod = new Map(rows.map((r) => [r.period_id, r]));
  return periods.map((period) => {
    const row = byPeriod.get(period.id);
    const reached = Number(row?.reached ?? 0);
    const pending = period.reportStatus === 'OPEN';
    return {
      fundingPeriod: period,
      budget: Number(row?.budget ?? 0),
      representedLocalGovernments: Number(row?.represented ?? 0),
      committed: Number(row?.committed ?? 0),
      realised: pending ? null : reached,
      pending,
      projectCount: row?.projects ?? 0,
      reachedSoFar: reached,
    };
  });
}
