import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, paginate } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { defineLoader } from '../../graphql/loaders.js';
import { mutate } from '../../graphql/mutation.js';
import { orderSpecs } from '../../graphql/order.js';
import { Project } from '../project/project.entity.js';
import { loadIsNeighbourhoodSchool } from '../kpi/neighbourhood-choice.js';
import { School } from '../school/school.entity.js';
import { assertProjectFilterInScope, householdScope } from '../auth/policy.js';
import { Enrollment, Household } from './household.entity.js';
import { HouseholdsArgs, RegisterHouseholdInput, RegisterHouseholdPayload, UpdateHouseholdInput, UpdateHouseholdPayload, WithdrawConsentInput, WithdrawConsentPayload, EraseHouseholdInput, EraseHouseholdPayload } from './household.inputs.js';
import { enrollmentsOfHouseholds, eraseHousehold, householdWhere, registerHousehold, updateHousehold, withdrawConsent } from './household.service.js';

export const HouseholdConnection = Connection(Household);
const DEFAULT_ORDER = [{ field: 'reference', direction: 'ASC' as const }];

const ENROLLMENTS = defineLoader('household.enrollments', async (ctx: Context, ids: readonly string[]) => {
  const rows = await enrollmentsOfHouseholds(ctx.em, ids);
  return ids.map((id) => rows.filter((r) => r.household.id === id));
});

const IS_NEIGHBOURHOOD_SCHOOL = defineLoader('enrollment.isNeighbourhoodSchool', (ctx: Context, ids: readonly string[]) => loadIsNeighbourhoodSchool(ctx.em, ids));

@Resolver(() => Household)
export class HouseholdResolver {
  @Query(() => HouseholdConnection, { description: 'Registered families (pseudonymous)' })
  async households(@Args(() => HouseholdsArgs) args: HouseholdsArgs, @Ctx() ctx: Context) {
    await assertProjectFilterInScope(ctx, args.filter?.projectId);
    return paginate(ctx.em, Household, { $and: [householdWhere(args.filter), householdScope(ctx.viewer)] }, orderSpecs(args.orderBy, DEFAULT_ORDER), args);
  }

  @Query(() => Household, { nullable: true })
  household(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Household).load(id);
  }

  @FieldResolver(() => Project)
  project(@Root() h: Household, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Project).load(h.project.id);
  }

  @FieldResolver(() => [Enrollment], { description: 'Where the family’s children enrolled' })
  enrollments(@Root() h: Household, @Ctx() ctx: Context) {
    return ctx.loaders.get(ENROLLMENTS).load(h.id);
  }

  @Mutation(() => RegisterHouseholdPayload)
  registerHousehold(@Arg('input', () => RegisterHouseholdInput) input: RegisterHouseholdInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ household: await registerHousehold(em, input, ctx.viewer, ctx.config.now()) }));
  }

  @Mutation(() => UpdateHouseholdPayload, { description: 'Changes a family’s record (characteristics, consent); refused while its figures are frozen' })
  updateHousehold(@Arg('input', () => UpdateHouseholdInput) input: UpdateHouseholdInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ household: await updateHousehold(em, input, ctx.viewer, ctx.config.now()) }));
  }

  @Mutation(() => WithdrawConsentPayload, {
    description: 'The family withdraws its consent: its characteristics are removed at once, even in a frozen period; it keeps counting as reached',
  })
  withdrawConsent(@Arg('input', () => WithdrawConsentInput) input: WithdrawConsentInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ household: await withdrawConsent(em, input, ctx.viewer) }));
  }

  @Mutation(() => EraseHouseholdPayload, {
    description: 'Erases a family: its record becomes an anonymous stub and its enrollments go; attendance stays as anonymous counts (also in a frozen period)',
  })
  eraseHousehold(@Arg('input', () => EraseHouseholdInput) input: EraseHouseholdInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ household: await eraseHousehold(em, input, ctx.viewer, ctx.config.now()) }));
  }
}

@Resolver(() => Enrollment)
export class EnrollmentResolver {
  @FieldResolver(() => School)
  school(@Root() e: Enrollment, @Ctx() ctx: Context) {
    return ctx.loaders.byId(School).load(e.school.id);
  }

  @FieldResolver(() => Boolean, { description: 'The school lies in the household’s municipality or postcode' })
  isNeighbourhoodSchool(@Root() e: Enrollment, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.loaders.get(IS_NEIGHBOURHOOD_SCHOOL).load(e.id);
  }
}

@Resolver(() => Project)
export class ProjectHouseholdsResolver {
  @FieldResolver(() => HouseholdConnection)
  households(@Root() p: Project, @Args(() => HouseholdsArgs) args: HouseholdsArgs, @Ctx() ctx: Context) {
    return ctx.loaders
      .children('project.households', Household, { kind: 'column', column: 'project_id' }, householdWhere(args.filter), orderSpecs(args.orderBy, DEFAULT_ORDER), args)
      .load(p.id);
  }
}
