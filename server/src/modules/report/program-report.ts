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

/** The published figures of one period in one statement. */
export async function loadProgramReport(em: EntityManager, period: FundingPeriod): Promise<ProgramReport> {
  const [row] = await em.getConnection().execute<{ budget: string | null; committed: string | null; projects: number; represented: number; reached: string | null }[]>(
    `with funded as (
       select id, lead_municipality_id, subsidy_granted_cents, target_households
         from project where funding_period_id = ? and status = any(?::text[])
     ),
     reached as (
       select count(*) as n from (
         select distinct r.project_id, r.household_id
           from (${reachedAttendancesSql('p.id in (select id from funded)')}) r
       ) d
     )
     select coalesce(sum(f.subsidy_granted_cents), 0) as budget,
            coalesce(sum(f.target_households), 0) as committed,
            count(*)::int as projects,
            (select count(*)::int from (
               select lead_municipality_id as m from funded
               union select pm.municipality_id from project_partner_municipality pm where pm.project_id in (select id from funded)
             ) x) as represented,
            (select n from reached) as reached
       from funded f`,
    [period.id, sqlArray(FUNDED_PROJECT_STATUSES)],
  );
  const reached = Number(row?.reached ?? 0);
  const pending = period.reportStatus === 'OPEN';
  return {
    fundingPeriod: period,
    budget: Number(row?.budget ?? 0),
    representedLocalGovernments: row?.represented ?? 0,
    committed: Number(row?.committed ?? 0),
    realised: pending ? null : reached,
    pending,
    projectCount: row?.projects ?? 0,
    reachedSoFar: reached,
  };
}
