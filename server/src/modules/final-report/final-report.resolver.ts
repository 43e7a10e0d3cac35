import { Args, Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, paginate } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { defineLoader } from '../../graphql/loaders.js';
import { mutate } from '../../graphql/mutation.js';
import { seesFinalReports } from '../auth/policy.js';
import { Project } from '../project/project.entity.js';
import { FinalReport, FinalReportDifference, FinalReportFigures, figuresOf } from './final-report.entity.js';
import {
  FinalReportsArgs,
  ReviewFinalReportInput,
  ReviewFinalReportPayload,
  SaveFinalReportInput,
  SaveFinalReportPayload,
  SubmitFinalReportInput,
  SubmitFinalReportPayload,
  WaiveFinalReportInput,
  WaiveFinalReportPayload,
} from './final-report.inputs.js';
import { differences, finalReportsOfProjects, finalReportWhere, liveFigures, reviewFinalReport, saveFinalReport, submitFinalReport, waiveFinalReport } from './final-report.service.js';

export const FinalReportConnection = Connection(FinalReport);

/** The live figures of the projects asked for in one request, computed once for all of them. */
const LIVE = defineLoader('finalReport.live', async (ctx: Context, ids: readonly string[]) => {
  const byProject = await liveFigures(ctx.em, ids, ctx.config.now());
  return ids.map((id) => byProject.get(id)!);
});

const PROJECT_FINAL_REPORT = defineLoader('project.finalReport', async (ctx: Context, ids: readonly string[]) => {
  const rows = await finalReportsOfProjects(ctx.em, ids);
  return ids.map((id) => rows.find((r) => r.project.id === id) ?? null);
});

@Resolver(() => FinalReport)
export class FinalReportResolver {
  @Query(() => FinalReportConnection, { description: 'Final reports, for reviewers: by period and status, most recently changed first' })
  finalReports(@Args(() => FinalReportsArgs) args: FinalReportsArgs, @Ctx() ctx: Context) {
    return paginate(ctx.em, FinalReport, finalReportWhere(args), [{ field: 'updatedAt', direction: 'DESC' }], args);
  }

  @FieldResolver(() => Project)
  project(@Root() r: FinalReport, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Project).load(r.project.id);
  }

  @FieldResolver(() => FinalReportFigures, { nullable: true, description: 'The figures as submitted (frozen; null before the first submission)' })
  snapshot(@Root() r: FinalReport) {
    return r.snapshot ? figuresOf(r.snapshot) : null;
  }

  @FieldResolver(() => FinalReportFigures, { description: 'The figures as they are now' })
  async live(@Root() r: FinalReport, @Ctx() ctx: Context) {
    return figuresOf(await ctx.loaders.get(LIVE).load(r.project.id));
  }

  @FieldResolver(() => [FinalReportDifference], { description: 'Every figure whose live value now differs from the snapshot (empty before submission)' })
  async differences(@Root() r: FinalReport, @Ctx() ctx: Context) {
    return r.snapshot ? differences(r.snapshot, await ctx.loaders.get(LIVE).load(r.project.id)) : [];
  }

  @Mutation(() => SaveFinalReportPayload, { description: 'Writes the narrative of an approved project’s final report (DRAFT or CHANGES_REQUESTED)' })
  saveFinalReport(@Arg('input', () => SaveFinalReportInput) input: SaveFinalReportInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ finalReport: await saveFinalReport(em, input, ctx.viewer) }));
  }

  @Mutation(() => SubmitFinalReportPayload, { description: '→ SUBMITTED: freezes the figures into the snapshot' })
  submitFinalReport(@Arg('input', () => SubmitFinalReportInput) input: SubmitFinalReportInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ finalReport: await submitFinalReport(em, input, ctx.viewer, ctx.config.now()) }));
  }

  @Mutation(() => ReviewFinalReportPayload, { description: 'SUBMITTED → ACCEPTED (the project becomes CLOSED) or CHANGES_REQUESTED (with a note)' })
  reviewFinalReport(@Arg('input', () => ReviewFinalReportInput) input: ReviewFinalReportInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ finalReport: await reviewFinalReport(em, input, ctx.viewer, ctx.config.now()) }));
  }

  @Mutation(() => WaiveFinalReportPayload, { description: 'Exempts a funded project from its final report, with a reason' })
  waiveFinalReport(@Arg('input', () => WaiveFinalReportInput) input: WaiveFinalReportInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ finalReport: await waiveFinalReport(em, input, ctx.viewer, ctx.config.now()) }));
  }
}

@Resolver(() => Project)
export class ProjectFinalReportResolver {
  @FieldResolver(() => FinalReport, { nullable: true, description: 'The final report (Eindrapport); null until one is written. Not shown to analysts (household counts of one project)' })
  finalReport(@Root() p: Project, @Ctx() ctx: Context) {
    if (!seesFinalReports(ctx.viewer)) return null;
    return ctx.loaders.get(PROJECT_FINAL_REPORT).load(p.id);
  }
}
