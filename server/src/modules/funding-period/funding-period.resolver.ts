import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Connection, paginate } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { mutate } from '../../graphql/mutation.js';
import { FundingPeriod } from './funding-period.entity.js';
import {
  CloseFundingPeriodReportInput,
  CloseFundingPeriodReportPayload,
  CreateFundingPeriodInput,
  CreateFundingPeriodPayload,
  FundingPeriodsArgs,
  ReopenFundingPeriodInput,
  ReopenFundingPeriodPayload,
  UpdateFundingPeriodInput,
  UpdateFundingPeriodPayload,
} from './funding-period.inputs.js';
import { closeFundingPeriodReport, createFundingPeriod, reopenFundingPeriod, updateFundingPeriod } from './funding-period.service.js';

export const FundingPeriodConnection = Connection(FundingPeriod);

@Resolver(() => FundingPeriod)
export class FundingPeriodResolver {
  @Query(() => FundingPeriodConnection, { description: 'Project periods, oldest first' })
  fundingPeriods(@Args(() => FundingPeriodsArgs) args: FundingPeriodsArgs, @Ctx() ctx: Context) {
    return paginate(ctx.em, FundingPeriod, {}, [{ field: 'startsOn', direction: 'ASC' }], args);
  }

  @Mutation(() => CloseFundingPeriodReportPayload, { description: 'After the period: its approved projects become CLOSED and the realised figures final' })
  closeFundingPeriodReport(@Arg('input', () => CloseFundingPeriodReportInput) input: CloseFundingPeriodReportInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ fundingPeriod: await closeFundingPeriodReport(em, input, ctx.viewer, ctx.config.now()) }));
  }

  @Mutation(() => CreateFundingPeriodPayload, { description: 'A new period (administrators); maxSubsidy = ratePerHousehold × maxHouseholds' })
  createFundingPeriod(@Arg('input', () => CreateFundingPeriodInput) input: CreateFundingPeriodInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ fundingPeriod: await createFundingPeriod(em, input) }));
  }

  @Mutation(() => UpdateFundingPeriodPayload, { description: 'Changes a period (administrators); limited once it has approved projects' })
  updateFundingPeriod(@Arg('input', () => UpdateFundingPeriodInput) input: UpdateFundingPeriodInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ fundingPeriod: await updateFundingPeriod(em, input) }));
  }

  @Mutation(() => ReopenFundingPeriodPayload, { description: 'FINAL → OPEN with a reason (administrators); its CLOSED projects become APPROVED again' })
  reopenFundingPeriod(@Arg('input', () => ReopenFundingPeriodInput) input: ReopenFundingPeriodInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ fundingPeriod: await reopenFundingPeriod(em, input, ctx.viewer, ctx.config.now()) }));
  }
}
