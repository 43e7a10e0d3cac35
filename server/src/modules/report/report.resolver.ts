import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { FUNDED_PROJECT_STATUSES } from '@schoolmix/shared';
import { paginate } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { assertId } from '../../graphql/errors.js';
import { defineLoader, defineLoaderFamily } from '../../graphql/loaders.js';
import { orderSpecs } from '../../graphql/order.js';
import { projectionOf } from '../../graphql/projection.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { Project } from '../project/project.entity.js';
import { ProjectsArgs } from '../project/project.inputs.js';
import { ProjectConnection } from '../project/project.resolver.js';
import { projectWhere } from '../project/project.service.js';
import { assertFilterInScope, projectScope } from '../auth/policy.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { MunicipalitiesArgs } from '../municipality/municipality.inputs.js';
import { MunicipalityConnection } from '../municipality/municipality.resolver.js';
import { municipalityWhere, takingPartIds } from '../municipality/municipality.service.js';
import { loadMunicipalityProgress, MunicipalityProgress, municipalityProgressOf } from '../kpi/municipality-progress.js';
import { loadProgramSummary, loadProgramReports, ProgramSummary, ProgramReport } from '../kpi/program-report.js';
import { REACHED_PER_PROJECT, type ReachedByProject } from '../kpi/reached.js';

/** DataLoader.loadMany answers errors in place; a failed batch fails the field. */
function orThrow(values: readonly (ReachedByProject | Error)[]): ReachedByProject[] {
  return values.map((value) => {
    if (value instanceof Error) throw value;
    return value;
  });
}

const PROGRAM_REPORT = defineLoader('programReport', async (ctx: Context, periods: readonly FundingPeriod[]) =>
  loadProgramReports(ctx.em, periods, await ctx.loaders.get(REACHED_PER_PROJECT).loadMany(periods.map((p) => p.id)).then(orThrow)),
);

/** Per `rollUp`: the progress rows of each period. */
const MUNICIPALITY_PROGRESS = defineLoaderFamily('municipalityProgress', async (ctx: Context, periodIds: readonly string[], rollUp: boolean) => {
  const reached = await ctx.loaders.get(REACHED_PER_PROJECT).loadMany(periodIds).then(orThrow);
  const byPeriod = await loadMunicipalityProgress(ctx.em, periodIds, rollUp, reached);
  return periodIds.map((id) => byPeriod.get(id)!);
});

async function programReportOf(ctx: Context, period: FundingPeriod): Promise<ProgramReport> {
  // Analysts: the realised total through disclosure control (program-report.ts, `disclosedField`).
  return ctx.loaders.get(PROGRAM_REPORT).load(period);
}

@Resolver(() => FundingPeriod)
export class FundingPeriodReportResolver {
  @FieldResolver(() => ProgramReport, { description: 'The published figures of this period' })
  programReport(@Root() period: FundingPeriod, @Ctx() ctx: Context) {
    return programReportOf(ctx, period);
  }
}

@Resolver(() => ProgramReport)
export class ProgramReportResolver {
  @Query(() => ProgramReport, { nullable: true, description: 'The published table of action 20 for one funding period' })
  async programReport(@Arg('fundingPeriodId', () => ID) fundingPeriodId: string, @Ctx() ctx: Context) {
    const period = await ctx.loaders.byId(FundingPeriod).load(assertId(fundingPeriodId, 'fundingPeriodId'));
    return period ? programReportOf(ctx, period) : null;
  }

  @FieldResolver(() => FundingPeriod)
  fundingPeriod(@Root() report: ProgramReport) {
    return report.fundingPeriod;
  }

  @FieldResolver(() => MunicipalityConnection, { description: 'The represented local governments: lead or partner of an approved or closed project of the period' })
  async municipalities(
    @Root() report: ProgramReport,
    @Args(() => MunicipalitiesArgs) args: MunicipalitiesArgs,
    @Arg('rollUp', () => Boolean, { defaultValue: false, description: 'List the 2025 municipalities, a pre-2025 one replaced by the one it merged into (each once)' })
    rollUp: boolean,
    @Ctx() ctx: Context,
  ) {
    const represented = await takingPartIds(ctx.em, report.fundingPeriod.id, { rollUp });
    const where = { $and: [await municipalityWhere(ctx.em, args.filter), { id: { $in: represented } }] };
    return paginate(ctx.em, Municipality, where, orderSpecs(args.orderBy, [{ field: 'name', direction: 'ASC' }]), args);
  }

  @FieldResolver(() => [MunicipalityProgress], {
    description: 'Per lead municipality of the approved and closed projects, ordered by name: target, reached, expected by now (bounded: at most one row per municipality)',
  })
  async municipalityProgress(
    @Root() report: ProgramReport,
    @Arg('rollUp', () => Boolean, { defaultValue: true, description: 'Add a pre-2025 municipality’s projects to the 2025 municipality it merged into' })
    rollUp: boolean,
    @Ctx() ctx: Context,
  ): Promise<MunicipalityProgress[]> {
    const rows = await ctx.loaders.get(MUNICIPALITY_PROGRESS, rollUp).load(report.fundingPeriod.id);
    // Shown through disclosure control to analysts and to other municipalities' coordinators (municipality-progress.ts).
    const now = ctx.config.now();
    return rows.map((counts) => municipalityProgressOf(counts, report.fundingPeriod, now));
  }

  @FieldResolver(() => ProjectConnection, { description: 'The approved and closed projects behind the figures' })
  projects(@Root() report: ProgramReport, @Args(() => ProjectsArgs) args: ProjectsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    assertFilterInScope(ctx.viewer, args.filter?.municipalityId);
    const where = { $and: [projectWhere(args.filter), projectScope(ctx.viewer), { fundingPeriod: report.fundingPeriod.id, status: { $in: [...FUNDED_PROJECT_STATUSES] } }] };
    return paginate(ctx.em, Project, where, orderSpecs(args.orderBy, [{ field: 'title', direction: 'ASC' }]), args, projectionOf(ctx.em, info, Project));
  }
}

@Resolver()
export class ProgramSummaryResolver {
  @Query(() => ProgramSummary, { description: 'Action 20 over all funding periods, pre-2025 municipalities rolled up into the 2025 ones' })
  async programSummary(@Ctx() ctx: Context): Promise<ProgramSummary> {
    // Analysts: the realised total through disclosure control (program-report.ts).
    return loadProgramSummary(ctx.em, (ids) => ctx.loaders.get(REACHED_PER_PROJECT).loadMany(ids).then(orThrow));
  }
}
