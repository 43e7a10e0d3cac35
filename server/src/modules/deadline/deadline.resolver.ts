import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { parseWindow, toConnection, windowBounds } from '../../graphql/connection.js';
import { mutate } from '../../graphql/mutation.js';
import { LocalDate } from '../../graphql/scalars/index.js';
import { sqlArray } from '../../db/sql.js';
import { isScoped } from '../auth/policy.js';
import { brusselsDate } from '@schoolmix/shared';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { Project } from '../project/project.entity.js';
import { ProjectConnection } from '../project/project.resolver.js';
import { DeadlineExtension, deadlineSelectSql, EXTENSION_COLUMNS, type ExtensionRow, isOverdue, loadDeadlines, REPORT_PENDING_SQL, toExtension } from './deadline.js';
import {
  GrantDeadlineExtensionInput,
  GrantDeadlineExtensionPayload,
  OverdueFinalReportsArgs,
  WithdrawDeadlineExtensionInput,
  WithdrawDeadlineExtensionPayload,
} from './deadline.inputs.js';
import { grantDeadlineExtension, withdrawDeadlineExtension } from './deadline.service.js';

function deadlineOf(ctx: Context, projectId: string) {
  return ctx.loaders
    .custom('project.deadline', async (ids: readonly string[]) => {
      const rows = await loadDeadlines(ctx.em, ids);
      return ids.map((id) => rows.get(id)!);
    })
    .load(projectId);
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
    const extension = await ctx.loaders
      .custom('deadlineExtension.byId', async (ids: readonly string[]) => {
        const rows = await ctx.em.execute<ExtensionRow[]>(`select ${EXTENSION_COLUMNS} from "deadline_extension" where "id" = any(?::uuid[])`, [sqlArray(ids)]);
        return ids.map((id) => rows.find((r) => r.id === id) ?? null);
      })
      .load(row.extension_id);
    return extension ? toExtension(extension) : null;
  }

  @Query(() => ProjectConnection, { description: 'Projects whose final report is overdue (still owed after the effective deadline), the longest overdue first' })
  async overdueFinalReports(@Args(() => OverdueFinalReportsArgs) args: OverdueFinalReportsArgs, @Ctx() ctx: Context) {
    const window = parseWindow(args);
    const params: unknown[] = [brusselsDate(ctx.config.now())];
    let scope = '';
    if (isScoped(ctx.viewer)) {
      scope = ` and p."lead_municipality_id" = any(?::uuid[])`;
      params.push(sqlArray(ctx.viewer.ownedMunicipalityIds));
    }
    const overdue = `(${REPORT_PENDING_SQL}) and coalesce(x."due_on", fp."final_report_due_on") < ?::date${scope}`;
    const total = (await ctx.em.execute<{ total: number }[]>(`select count(*)::int as total from (${deadlineSelectSql(overdue)}) d`, params))[0]?.total ?? 0;
    const { lower, upper } = windowBounds(window, total);
    if (upper <= lower) return toConnection([], lower, total);
    const rows = await ctx.em.execute<{ project_id: string }[]>(
      `select project_id from (${deadlineSelectSql(overdue)}) d order by due_on, title, project_id offset ? limit ?`,
      [...params, lower, upper - lower],
    );
    const projects = await ctx.loaders.byId(Project).loadMany(rows.map((r) => r.project_id));
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
