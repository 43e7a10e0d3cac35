import { Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { DateTime } from '../../graphql/scalars/index.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { dueOf, retentionPlan } from './retention.js';

@ObjectType({ description: 'One settled (FINAL) period in the household retention plan: counts only, never a family’s data' })
export class RetentionPeriod {
  fundingPeriodId!: string;

  @Field(() => DateTime, { description: 'When the period’s report became FINAL (its settlement)' })
  finalizedAt!: Date;

  @Field(() => DateTime, { description: 'finalizedAt + HOUSEHOLD_RETENTION_MONTHS: from then on its households are erased' })
  eraseFrom!: Date;

  @Field(() => Boolean, { description: 'eraseFrom has passed: the household-retention job erases these households on its next run' })
  due!: boolean;

  @Field(() => Int, { description: 'Households of the period’s projects not erased yet' })
  households!: number;

  @Field(() => Int, { description: 'Their enrollments, deleted with them (attendance stays as anonymous counts)' })
  enrollments!: number;
}

@ObjectType({ description: 'What the household-retention job would erase now (the dry run of `pnpm retention:dry-run`)' })
export class RetentionReport {
  @Field(() => Int, { description: 'HOUSEHOLD_RETENTION_MONTHS' })
  retentionMonths!: number;

  @Field(() => DateTime, { description: 'The moment the plan was computed for' })
  asOf!: Date;

  @Field(() => Int, { description: 'Households the job would erase now (the due periods together)' })
  householdsDue!: number;

  @Field(() => Int, { description: 'Enrollments deleted with them' })
  enrollmentsDue!: number;

  @Field(() => [RetentionPeriod], { description: 'Every settled period, oldest settlement first' })
  periods!: RetentionPeriod[];
}

@Resolver(() => RetentionPeriod)
export class RetentionResolver {
  @Query(() => RetentionReport, { description: 'Administrators: the household retention plan — what the household-retention job would erase now, per settled period' })
  async retentionReport(@Ctx() ctx: Context): Promise<RetentionReport> {
    const now = ctx.config.now();
    const months = ctx.config.householdRetentionMonths;
    const plan = await retentionPlan(ctx.em, now, months);
    const due = dueOf(plan);
    return {
      retentionMonths: months,
      asOf: now,
      householdsDue: due.households,
      enrollmentsDue: due.enrollments,
      periods: plan.map((r) => Object.assign(new RetentionPeriod(), r)),
    };
  }

  @FieldResolver(() => FundingPeriod)
  fundingPeriod(@Root() r: RetentionPeriod, @Ctx() ctx: Context) {
    return ctx.loaders.byId(FundingPeriod).load(r.fundingPeriodId);
  }
}
