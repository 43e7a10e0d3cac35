import type { EntityManager } from '@mikro-orm/sql';
import { FUNDED_PROJECT_STATUSES } from '@schoolmix/shared';
import { Field, Int, ObjectType } from 'type-graphql';
import { sqlArray } from '../../db/sql.js';
import type { Context } from '../../graphql/context.js';
import { defineLoader, defineLoaderFamily } from '../../graphql/loaders.js';
import { Euro } from '../../graphql/scalars/index.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { settle } from '../project/money.js';
import { Project } from '../project/project.entity.js';
import { loadPublishedKpi } from '../kpi/kpi-table.js';
import { disclosedField } from '../disclosure/disclosure.js';

/**
 * The settlement of a funded project (SPEC section 9, step 6; issue 14): the rules are
 * project/money.ts (`settle`), fed with the LIVE reached count (`project_kpi`), the project's
 * target and granted subsidy, and its period's rate and advance share.
 *
 * Disclosure: earned, to pay and to recover follow from the reached count (earned / rate), so
 * whoever may not see the reach (an analyst, when the project's published table withholds it)
 * does not see them either. Granted and advance are commitments: always shown.
 */
@ObjectType({ description: 'What a funded project receives: granted, advance paid at approval, earned, and the balance to pay or to recover' })
export class ProjectSettlement {
  project!: Project;
  @Field(() => Int, { description: 'Households committed to (target)' }) target!: number;
  @Field(() => Int, { nullable: true, description: 'Reached households (live KPI); null when withheld' }) reached!: number | null;
  @Field(() => Euro, { description: 'The period’s rate per reached household' }) ratePerHousehold!: number;
  @Field(() => Int, { description: 'The period’s advance share, whole percent' }) advanceShare!: number;
  @Field(() => Euro, { description: 'Granted subsidy' }) granted!: number;
  @Field(() => Euro, { description: 'Advance paid at approval: advance share × granted' }) advance!: number;
  @Field(() => Euro, { nullable: true, description: 'min(reached, target) × rate, capped at granted; null when the reach is withheld' }) earned!: number | null;
  @Field(() => Euro, { nullable: true, description: 'earned − advance when positive, else 0; null when the reach is withheld' }) toPay!: number | null;
  @Field(() => Euro, { nullable: true, description: 'advance − earned when positive, else 0; null when the reach is withheld' }) toRecover!: number | null;
  @Field(() => Boolean, { description: 'Earned, to pay and to recover are withheld because the reached count is (disclosure control)' }) withheld!: boolean;
}

@ObjectType({ description: 'Sums of a settlement table; the figures that follow from reach are null when any row’s is withheld' })
export class SettlementTotals {
  @Field(() => Int) projects!: number;
  @Field(() => Euro) granted!: number;
  @Field(() => Euro) advance!: number;
  @Field(() => Euro, { nullable: true }) earned!: number | null;
  @Field(() => Euro, { nullable: true }) toPay!: number | null;
  @Field(() => Euro, { nullable: true }) toRecover!: number | null;
}

@ObjectType({ description: 'The settlement of every funded (approved or closed) project of a funding period that the viewer may see' })
export class PeriodSettlement {
  @Field(() => FundingPeriod) fundingPeriod!: FundingPeriod;
  @Field(() => [ProjectSettlement], { description: 'One row per funded project, by title' }) rows!: ProjectSettlement[];
  @Field(() => SettlementTotals) totals!: SettlementTotals;
}

/** The raw figures of a funded project, before disclosure. */
interface SettlementRow {
  projectId: string;
  periodId: string;
  target: number;
  reached: number;
  rateCents: number;
  advanceShare: number;
  grantedCents: number;
}

const SELECT = `select p.id as project_id, p.funding_period_id as period_id, p.target_households as target, coalesce(k.reached, 0)::int as reached,
        fp.rate_per_household_cents as rate, fp.advance_share_percent as advance_share, coalesce(p.subsidy_granted_cents, 0) as granted
   from project p
   join funding_period fp on fp.id = p.funding_period_id
   left join project_kpi k on k.project_id = p.id
  where p.status = any(?::text[])`;

type Raw = { project_id: string; period_id: string; target: number; reached: number; rate: number; advance_share: number; granted: string | number };

const rowOf = (r: Raw): SettlementRow => ({
  projectId: r.project_id,
  periodId: r.period_id,
  target: Number(r.target),
  reached: Number(r.reached),
  rateCents: Number(r.rate),
  advanceShare: Number(r.advance_share),
  grantedCents: Number(r.granted),
});

/** The funded projects among these ids (unfunded ones are absent), one statement. */
export async function loadSettlementRows(em: EntityManager, projectIds: readonly string[]): Promise<Map<string, SettlementRow>> {
  const rows = await em.execute<Raw[]>(`${SELECT} and p.id = any(?::uuid[])`, [sqlArray(FUNDED_PROJECT_STATUSES), sqlArray(projectIds)]);
  return new Map(rows.map((r) => [r.project_id, rowOf(r)]));
}

/** The funded projects of one period, optionally only those led by these municipalities (a coordinator's scope), by title. */
export async function loadPeriodSettlementRows(em: EntityManager, periodId: string, leadIn: readonly string[] | null): Promise<SettlementRow[]> {
  const scope = leadIn ? ' and p.lead_municipality_id = any(?::uuid[])' : '';
  const params = [sqlArray(FUNDED_PROJECT_STATUSES), periodId, ...(leadIn ? [sqlArray(leadIn)] : [])];
  const rows = await em.execute<Raw[]>(`${SELECT} and p.funding_period_id = ?::uuid${scope} order by p.title, p.id`, params);
  return rows.map(rowOf);
}

/**
 * One project's settlement. `reachWithheld`: the project's published table withholds its reached
 * count from this viewer (see `withheldReach`; analysts, through `disclosedField` below).
 */
export function settlementOf(row: SettlementRow, project: Project, reachWithheld = false): ProjectSettlement {
  const money = settle({ reached: row.reached, target: row.target, ratePerHouseholdCents: row.rateCents, grantedCents: row.grantedCents, advanceSharePercent: row.advanceShare });
  return {
    project,
    target: row.target,
    reached: reachWithheld ? null : row.reached,
    ratePerHousehold: row.rateCents,
    advanceShare: row.advanceShare,
    granted: money.grantedCents,
    advance: money.advanceCents,
    earned: reachWithheld ? null : money.earnedCents,
    toPay: reachWithheld ? null : money.toPayCents,
    toRecover: reachWithheld ? null : money.toRecoverCents,
    withheld: reachWithheld,
  };
}

/** A project's settlement with its reach withheld, and the money that follows from it. */
function withholdReach(s: ProjectSettlement): ProjectSettlement {
  return { ...s, reached: null, earned: null, toPay: null, toRecover: null, withheld: true };
}

/** The projects among these whose reached count the published table withholds (analysts), with the reason. */
export async function withheldReach(em: EntityManager, projectIds: readonly string[]): Promise<Map<string, string>> {
  if (projectIds.length === 0) return new Map();
  const tables = await loadPublishedKpi(em, projectIds);
  return new Map(projectIds.flatMap((id) => {
    const reason = tables.get(id)!.cell('reached').suppressed;
    return reason ? [[id, reason] as const] : [];
  }));
}

/**
 * The totals of rows: the money that follows from reach adds up only when every row shows it —
 * a total beside a withheld row would reveal it by subtraction.
 */
export function totalsOf(rows: readonly ProjectSettlement[]): SettlementTotals {
  const add = (pick: (r: ProjectSettlement) => number | null): number | null =>
    rows.some((r) => pick(r) === null) ? null : rows.reduce((n, r) => n + pick(r)!, 0);
  return {
    projects: rows.length,
    granted: add((r) => r.granted)!,
    advance: add((r) => r.advance)!,
    earned: add((r) => r.earned),
    toPay: add((r) => r.toPay),
    toRecover: add((r) => r.toRecover),
  };
}

/** The request's loader of raw settlement rows by project id (null: not funded). */
export const SETTLEMENT_ROW = defineLoader('settlementRow', async (ctx: Context, ids: readonly string[]) => {
  const rows = await loadSettlementRows(ctx.em, ids);
  return ids.map((id) => rows.get(id) ?? null);
});

/** What the settlement of a period needs of its funding period. */
export interface FundedPeriod {
  id: string;
}

/** The request's loader of whether a project's published table withholds its reached count. */
const WITHHELD = defineLoader('settlement.withheld', async (ctx: Context, ids: readonly string[]) => {
  const withheld = await withheldReach(ctx.em, ids);
  return ids.map((id) => withheld.has(id));
});

/** Rows as an analyst sees them: a row whose reach the project's published table withholds, withheld. */
async function disclosedRows(ctx: Context, rows: readonly ProjectSettlement[]): Promise<ProjectSettlement[]> {
  const withheld = await ctx.loaders.get(WITHHELD).loadMany(rows.map((r) => r.project.id));
  return rows.map((r, i) => {
    const w = withheld[i];
    if (w instanceof Error) throw w;
    return w ? withholdReach(r) : r;
  });
}

disclosedField<Context>('Project.settlement', {
  audience: 'ANALYSTS',
  async disclose(value, { context }) {
    const s = (await value()) as ProjectSettlement | null;
    return s ? (await disclosedRows(context, [s]))[0] : s;
  },
});

disclosedField<Context>('Query.settlement', {
  audience: 'ANALYSTS',
  async disclose(value, { context }) {
    const table = (await value()) as PeriodSettlement | null;
    if (!table) return table;
    const rows = await disclosedRows(context, table.rows);
    return { ...table, rows, totals: totalsOf(rows) };
  },
});

/** Per `scoped` (a coordinator's own municipality only): the settlement rows of each period. */
const PERIOD_SETTLEMENT = defineLoaderFamily('periodSettlement', async (ctx: Context, periods: readonly FundedPeriod[], scoped: boolean) =>
  Promise.all(
    periods.map(async (p) => {
      const rows = await loadPeriodSettlementRows(ctx.em, p.id, scoped ? [...ctx.viewer.ownedMunicipalityIds] : null);
      const projects = await ctx.loaders.byId(Project).loadMany(rows.map((r) => r.projectId));
      return rows.map((r, i) => settlementOf(r, projects[i] as Project));
    }),
  ),
);

/**
 * The settlement rows of one period; `scoped`: a coordinator's own municipality only. Analysts see
 * them through disclosure control (settlement.ts, `disclosedField`).
 */
export async function periodRows(ctx: Context, period: FundedPeriod, scoped: boolean): Promise<ProjectSettlement[]> {
  return ctx.loaders.get(PERIOD_SETTLEMENT, scoped).load(period);
}

// The programme table's paid and to recover: totals of the disclosed rows (null when a project's reach is withheld).
for (const field of ['paid', 'toRecover'] as const) {
  disclosedField<Context>(`ProgramReport.${field}`, {
    audience: 'ANALYSTS',
    async disclose(_value, { root, context }) {
      const rows = await periodRows(context, (root as { fundingPeriod: FundedPeriod }).fundingPeriod, false);
      const totals = totalsOf(await disclosedRows(context, rows));
      return field === 'paid' ? totals.toPay : totals.toRecover;
    },
  });
}
