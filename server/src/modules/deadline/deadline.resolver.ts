import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { parseWindow, toConnection } from '../../graphql/connection.js';
import { defineLoader } from '../../graphql/loaders.js';
import { mutate } from '../../graphql/mutation.js';
import { LocalDate } from '../../graphql/scalars/index.js';
import { isScoped } from '../auth/policy.js';
import { brusselsDate } from '@schoolmix/shared';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { Project } from '../project/project.entity.js';
import { ProjectConnection } from '../project/project.resolver.js';
import { DeadlineExtension, isOverdue, loadDeadlines, loadExtensions, overduePage, toExtension } from './deadline.js';
import {
  GrantDeadlineExtensionInput,
  GrantDeadlineExtensionPayload,
  OverdueFinalReportsArgs,
  WithdrawDeadlineExtensionInput,
  WithdrawDeadlineExtensionPayload,
} from './deadline.inputs.js';
import { grantDeadlineExtension, withdrawDeadlineExtension } from './deadline.service.js';

const DEADLINE = defineLoader('project.deadline', async (ctx: Context, ids: readonly string[]) => {
  const rows = await loadDeadlines(ctx.em, ids);
  return ids.map((id) => rows.get(id)!);
});

const EXTENSION = defineLoader('deadlineExtension.byId', async (ctx: Context, ids: readonly string[]) => {
  const rows = await loadExtensions(ctx.em, ids);
  return ids.map((id) => rows.find((r) => r.id === id) ?? null);
});

function deadlineOf(ctx: Context, projectId: string) {
  return ctx.loaders.get(DEADLINE).load(projectId);
}

@Resolver(() => Project)
export class ProjectDeadlineResolver {
  @FieldResolver(() => LocalDate, { description: 'The effective final-report deadline: the municipality’s extension, else the period’s date' })
  async finalReportDueOn(@Root() p: Project, @Ctx() ctx: Context): Promise<string> {
    return (await deadlineOf(ctx, p.id)).due_on;
  }

  @FieldResolver(() => Boolean, { description: 'The final report is still owed and its effective deadline has passed (Brussels days)' })
  async finalReportOverdue(@Root() p: Project, @Ctx() ctx: Context): Promise<boolean> {
    return isOverdue(await deadlineOf(ctx, p.id), brusselsDate(ctx.config.now()));
  }

  @FieldResolver(() => DeadlineExtension, { nullable: true, description: 'The extension granted to the lead municipality in this period, if any' })
  async deadlineExtension(@Root() p: Project, @Ctx() ctx: Context): Promise<DeadlineExtension | null> {
    const row = await deadlineOf(ctx, p.id);
    if (!row.extension_id) return null;
    const extension = await ctx.loaders.get(EXTENSION).load(row.extension_id);
    return extension ? toExtension(extension) : null;
  }

  @Query(() => ProjectConnection, { description: 'Projects whose final report is overdue (still owed after the effective deadline), the longest overdue first' })
  async overdueFinalReports(@Args(() => OverdueFinalReportsArgs) args: OverdueFinalReportsArgs, @Ctx() ctx: Context) {
    const window = parseWindow(args);
    const { projectIds, lower, total } = await overduePage(ctx.em, brusselsDate(ctx.config.now()), isScoped(ctx.viewer) ? ctx.viewer.ownedMunicipalityIds : null, window);
    const projects = await ctx.loaders.byId(Project).loadMany(projectIds);
    return toConnection(projects.filter((x): x is Project => x instanceof Project), lower, total);
  }

  @Mutation(() => GrantDeadlineExtensionPayload, { description: 'Reviewers: a later final-report deadline for one municipality in one period, with a reason (audited)' })
  grantDeadlineExtension(@Arg('input', () => GrantDeadlineExtensionInput) input: GrantDeadlineExtensionInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ deadlineExtension: await grantDeadlineExtension(em, input, ctx.viewer, ctx.config.now()) }));
  }

  @Mutation(() => WithdrawDeadlineExtensionPayload, { description: 'Reviewers: removes an extension; the period’s deadline applies again (audited)' })
  withdrawDeadlineExtension(@Arg('input', () => WithdrawDeadlineExtensionInput) input: WithdrawDeadlineExtensionInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ deadlineExtension: await withdrawDeadlineExtension(em, input) }));
  }
}

@Resolver(() => DeadlineExtension)
export class DeadlineExtensionResolver {
  @FieldResolver(() => Municipality)
  municipality(@Root() x: DeadlineExtension, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Municipality).load(x.municipalityId);
  }

  @FieldResolver(() => FundingPeriod)
  fundingPeriod(@Root() x: DeadlineExtension, @Ctx() ctx: Context) {
    return ctx.loaders.byId(FundingPeriod).load(x.fundingPeriodId);
  }
}
