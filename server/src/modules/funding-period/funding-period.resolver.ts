import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Connection, paginate } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { mutate } from '../../graphql/mutation.js';
import { FundingPeriod } from './funding-period.entity.js';
import { CloseFundingPeriodReportInput, CloseFundingPeriodReportPayload, FundingPeriodsArgs } from './funding-period.inputs.js';
import { closeFundingPeriodReport } from './funding-period.service.js';

export const FundingPeriodConnection = Connection(FundingPeriod);

@Resolver(() => FundingPeriod)
export class FundingPeriodResolver {
  @Query(() => FundingPeriodConnection, { description: 'Project periods, oldest first' })
  fundingPeriods(@Args(() => FundingPeriodsArgs) args: FundingPeriodsArgs, @Ctx() ctx: Context) {
    return paginate(ctx.em, FundingPeriod, {}, [{ field: 'startsOn', direction: 'ASC' }], args);
  }

  @Mutation(() => CloseFundingPeriodReportPayload, { description: 'After the period: its approved projects become CLOSED and the realised figures final' })
  closeFundingPeriodReport(@Arg('input', () => CloseFundingPeriodReportInput) input: CloseFundingPeriodReportInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ fundingPeriod: await closeFundingPeriodReport(em, input, ctx.config.now()) }));
  }
}
