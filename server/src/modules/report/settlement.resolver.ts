import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { assertId } from '../../graphql/errors.js';
import { Euro } from '../../graphql/scalars/index.js';
import { isScoped } from '../auth/policy.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { Project } from '../project/project.entity.js';
import { ProgramReport } from '../kpi/program-report.js';
import { PeriodSettlement, periodRows, ProjectSettlement, SettlementTotals, settlementOf, SETTLEMENT_ROW, totalsOf } from './settlement.js';

@Resolver(() => PeriodSettlement)
export class SettlementResolver {
  @Query(() => PeriodSettlement, {
    nullable: true,
    description: 'The settlement table of a funding period: every funded project the viewer may see, with totals (coordinators: their municipality’s)',
  })
  async settlement(@Arg('fundingPeriodId', () => ID) fundingPeriodId: string, @Ctx() ctx: Context): Promise<PeriodSettlement | null> {
    const period = await ctx.loaders.byId(FundingPeriod).load(assertId(fundingPeriodId, 'fundingPeriodId'));
    if (!period) return null;
    const rows = await periodRows(ctx, period, isScoped(ctx.viewer));
    return { fundingPeriod: period, rows, totals: totalsOf(rows) };
  }
}

@Resolver(() => ProjectSettlement)
export class ProjectSettlementResolver {
  @FieldResolver(() => Project)
  project(@Root() s: ProjectSettlement) {
    return s.project;
  }
}

@Resolver(() => Project)
export class ProjectSettlementFieldResolver {
  @FieldResolver(() => ProjectSettlement, { nullable: true, description: 'The money of this project; null while it is not funded (approved or closed)' })
  async settlement(@Root() p: Project, @Ctx() ctx: Context): Promise<ProjectSettlement | null> {
    const row = await ctx.loaders.get(SETTLEMENT_ROW).load(p.id);
    if (!row) return null;
    return settlementOf(row, p);
  }
}

/** The programme table's "uitbetaald" and "terug te vorderen": the settlement totals of every funded project of the period. */
@Resolver(() => ProgramReport)
export class ProgramReportSettlementResolver {
  private async totals(report: ProgramReport, ctx: Context): Promise<SettlementTotals> {
    // Programme-wide (as the budget beside it), whoever asks; analysts per disclosure (settlement.ts).
    return totalsOf(await periodRows(ctx, report.fundingPeriod, false));
  }

  @FieldResolver(() => Euro, { nullable: true, description: 'Σ balance to pay (earned − advance when positive) of the funded projects; null when a project’s reach is withheld' })
  async paid(@Root() report: ProgramReport, @Ctx() ctx: Context) {
    return (await this.totals(report, ctx)).toPay;
  }

  @FieldResolver(() => Euro, { nullable: true, description: 'Σ advance to recover (advance − earned when positive) of the funded projects; null when a project’s reach is withheld' })
  async toRecover(@Root() report: ProgramReport, @Ctx() ctx: Context) {
    return (await this.totals(report, ctx)).toRecover;
  }
}
