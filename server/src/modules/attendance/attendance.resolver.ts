import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { projectionOf, rowFieldOf } from '../../graphql/projection.js';
import { mutate } from '../../graphql/mutation.js';
import { orderSpecs } from '../../graphql/order.js';
import { sqlList, sqlReference } from '../../graphql/pushdown.js';
import { Event } from '../event/event.entity.js';
import { Household } from '../household/household.entity.js';
import { Attendance } from './attendance.entity.js';
import { AttendancesArgs, ImportAttendancesInput, ImportAttendancesPayload, RecordAttendanceInput, RecordAttendancePayload } from './attendance.inputs.js';
import { DryRunRollback, importAttendances, recordAttendance } from './attendance.service.js';

export const AttendanceConnection = Connection(Attendance);
const DEFAULT_ORDER = [{ field: 'recordedAt', direction: 'ASC' as const }];
// Without a status filter, every attendance of the event (or household): lists one statement
// answers for an unscoped viewer, with the rows' household and event (pushdown.ts).
sqlList('Event.attendances', { entity: Attendance, defaultOrder: DEFAULT_ORDER, parent: 'event' });
sqlList('Household.attendances', { entity: Attendance, defaultOrder: DEFAULT_ORDER, parent: 'household' });
sqlReference('Attendance.household', { entity: Household, via: 'household' });
sqlReference('Attendance.event', { entity: Event, via: 'event' });

function attendanceWhere(args: AttendancesArgs) {
  return args.filter?.statuses ? { status: { $in: args.filter.statuses } } : {};
}

@Resolver(() => Attendance)
export class AttendanceResolver {
  @FieldResolver(() => Household)
  household(@Root() a: Attendance, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    // Without a promise when the attendances' list read the household ahead (below).
    return ctx.loaders.byId(Household, projectionOf(ctx.em, info, Household)).read(a.household.id);
  }

  @FieldResolver(() => Event)
  event(@Root() a: Attendance, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Event).load(a.event.id);
  }

  @Mutation(() => RecordAttendancePayload, { description: 'Idempotent: recording the same attendance again changes nothing' })
  recordAttendance(@Arg('input', () => RecordAttendanceInput) input: RecordAttendanceInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ attendance: await recordAttendance(em, input, ctx.viewer, ctx.config.now()) }));
  }

  @Mutation(() => ImportAttendancesPayload, {
    description: 'Many attendances in one transaction: all or nothing, with an error per bad row. With dryRun the same checks run and nothing is written',
  })
  async importAttendances(@Arg('input', () => ImportAttendancesInput) input: ImportAttendancesInput, @Ctx() ctx: Context) {
    let result: Awaited<ReturnType<typeof mutate<{ created: number; updated: number; unchanged: number }>>>;
    try {
      result = await mutate(ctx, (em) => importAttendances(em, input.rows, ctx.viewer, ctx.config.now(), { dryRun: input.dryRun ?? false }));
    } catch (error) {
      // A dry run that found no problem: its transaction was rolled back on purpose.
      if (!(error instanceof DryRunRollback)) throw error;
      ctx.em.clear();
      result = { ...error.result, userErrors: [] };
    }
    return { created: result.created ?? 0, updated: result.updated ?? 0, unchanged: result.unchanged ?? 0, userErrors: result.userErrors };
  }
}

@Resolver(() => Event)
export class EventAttendancesResolver {
  @FieldResolver(() => AttendanceConnection)
  attendances(@Root() e: Event, @Args(() => AttendancesArgs) args: AttendancesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const page = ctx.loaders
      .children('event.attendances', Attendance, { kind: 'column', column: 'event_id' }, attendanceWhere(args), orderSpecs(args.orderBy, DEFAULT_ORDER), args, projectionOf(ctx.em, info, Attendance))
      .load(e.id);
    const household = rowFieldOf(ctx.em, info, 'household', Household);
    if (!household.selected) return page;
    // The households of the page are read before graphql-js walks its rows, in the one by-id
    // statement of every event's page of this tick (the statement the rows' own `household` would
    // send): each row's `household` then answers at once instead of with a promise per row.
    return page.then(async (connection) => {
      await ctx.loaders.byId(Household, household.projection).loadMany(connection.nodes.map((a) => a.household.id));
      return connection;
    });
  }
}

@Resolver(() => Household)
export class HouseholdAttendancesResolver {
  @FieldResolver(() => AttendanceConnection)
  attendances(@Root() h: Household, @Args(() => AttendancesArgs) args: AttendancesArgs, @Ctx() ctx: Context) {
    return ctx.loaders
      .children('household.attendances', Attendance, { kind: 'column', column: 'household_id' }, attendanceWhere(args), orderSpecs(args.orderBy, DEFAULT_ORDER), args)
      .load(h.id);
  }
}
