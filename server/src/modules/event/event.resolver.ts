import type { AttendanceStatus } from '@schoolmix/shared';
import { type GraphQLResolveInfo, Kind, type ValueNode } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, type ConnectionShape, paginate } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { projectionOf, rowFieldNodes } from '../../graphql/projection.js';
import { AttendanceStatusEnum } from '../../graphql/enums.js';
import { resolvedDirectly } from '../../graphql/direct-resolvers.js';
import { defineLoaderFamily, type LinkTable } from '../../graphql/loaders.js';
import { mutate } from '../../graphql/mutation.js';
import { orderSpecs } from '../../graphql/order.js';
import { sqlList, sqlReference } from '../../graphql/pushdown.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { School } from '../school/school.entity.js';
import { assertProjectFilterInScope, eventScope, seesFieldDisclosed } from '../auth/policy.js';
import { attendanceCounts } from './event-counts.js';
import { Event } from './event.entity.js';
import { CancelEventInput, CancelEventPayload, CreateEventInput, CreateEventPayload, EventsArgs, UpdateEventInput, UpdateEventPayload } from './event.inputs.js';
import { cancelEvent, createEvent, eventWhere, updateEvent } from './event.service.js';

export const EventConnection = Connection(Event);
const DEFAULT_ORDER = [{ field: 'startsAt', direction: 'ASC' as const }];
// Without a filter, every event (of the project): lists one statement answers for an unscoped viewer (pushdown.ts).
sqlList('Query.events', { entity: Event, defaultOrder: DEFAULT_ORDER });
sqlList('Project.events', { entity: Event, defaultOrder: DEFAULT_ORDER, parent: 'project' });
sqlReference('Event.project', { entity: Project, via: 'project' });

const EVENT_SCHOOLS: LinkTable = { table: 'event_school', parentColumn: 'event_id', childColumn: 'school_id' };

/** The counts a request has read so far, per status and event (`countRead`), keyed by the request's loaders. */
const countsRead = new WeakMap<object, Map<AttendanceStatus, Map<string, number>>>();

/** Households recorded with one status, per event (0 when none). */
const ATTENDANCE_COUNT = defineLoaderFamily('event.attendanceCount', async (ctx: Context, ids: readonly string[], status: AttendanceStatus) => {
  const counts = await attendanceCounts(ctx.em, ids, status);
  let byStatus = countsRead.get(ctx.loaders);
  if (!byStatus) countsRead.set(ctx.loaders, (byStatus = new Map<AttendanceStatus, Map<string, number>>()));
  let read = byStatus.get(status);
  if (!read) byStatus.set(status, (read = new Map<string, number>()));
  const answer = ids.map((id) => counts.get(id) ?? 0);
  ids.forEach((id, i) => read.set(id, answer[i]!));
  return answer;
});

/** An event's count with `status` if this request has read it already (else undefined): answered without a promise. */
function countRead(ctx: Context, id: string, status: AttendanceStatus): number | undefined {
  return countsRead.get(ctx.loaders)?.get(status)?.get(id);
}

/** `Event.attendanceCount` as an administrator (or the disclosure rule's `value()`) gets it: at once when read ahead, else batched. */
function attendanceCountOf(ctx: Context, e: Event, status: AttendanceStatus): number | Promise<number> {
  return countRead(ctx, e.id, status) ?? ctx.loaders.get(ATTENDANCE_COUNT, status).load(e.id);
}
// Without type-graphql's handler, which would make each of a report's 2,000 counts a promise (field-guards.ts).
resolvedDirectly('Event.attendanceCount', (root, args: { status?: AttendanceStatus }, ctx) => attendanceCountOf(ctx, root as Event, args.status ?? 'ATTENDED'));

/**
 * The statuses whose `attendanceCount` the query asks of the rows of the events list being resolved
 * (no argument, or a variable left out: ATTENDED; an enum value; a variable's value).
 */
export function askedCountStatuses(info: GraphQLResolveInfo): AttendanceStatus[] {
  const statuses = new Set<AttendanceStatus>();
  for (const node of rowFieldNodes(info, 'attendanceCount')) {
    const value = statusArgument(node.arguments?.find((a) => a.name.value === 'status')?.value, info.variableValues);
    if (typeof value === 'string') statuses.add(value as AttendanceStatus);
  }
  return [...statuses];
}

/** The value of a count's `status` argument: its default when it, or the variable it names, is left out. */
function statusArgument(arg: ValueNode | undefined, variables: GraphQLResolveInfo['variableValues']): unknown {
  if (!arg) return 'ATTENDED';
  if (arg.kind === Kind.ENUM) return arg.value;
  if (arg.kind === Kind.VARIABLE) return Object.hasOwn(variables, arg.name.value) ? variables[arg.name.value] : 'ATTENDED';
  return undefined;
}

/**
 * A page of events with its rows' attendance counts read ahead, when the query asks for them and
 * the viewer sees them as they are (an analyst's go through disclosure control, event-counts.ts):
 * one statement for the events of every page of this tick, as the rows' own fields would send,
 * after which each row's `attendanceCount` answers at once instead of with a promise per row
 * (2,000 of them in the nested programme report).
 */
function withCountsAhead(ctx: Context, info: GraphQLResolveInfo, page: Promise<ConnectionShape<Event>>): Promise<ConnectionShape<Event>> {
  // The viewers of the rule's audience get the counts through its `disclose`, not through this loader.
  if (seesFieldDisclosed(ctx.viewer, 'Event.attendanceCount')) return page;
  const statuses = askedCountStatuses(info);
  if (statuses.length === 0) return page;
  return page.then(async (connection) => {
    const ids = connection.nodes.map((e) => e.id);
    await Promise.all(statuses.map((status) => ctx.loaders.get(ATTENDANCE_COUNT, status).loadMany(ids)));
    return connection;
  });
}

@Resolver(() => Event)
export class EventResolver {
  @Query(() => EventConnection, { description: 'Parent evenings and school visits' })
  async events(@Args(() => EventsArgs) args: EventsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    await assertProjectFilterInScope(ctx, args.filter?.projectId);
    return withCountsAhead(ctx, info, paginate(ctx.em, Event, { $and: [eventWhere(args.filter), eventScope(ctx.viewer)] }, orderSpecs(args.orderBy, DEFAULT_ORDER), args));
  }

  @Query(() => Event, { nullable: true })
  event(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Event).load(id);
  }

  @FieldResolver(() => Project)
  project(@Root() e: Event, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Project).load(e.project.id);
  }

  @FieldResolver(() => Organization)
  organizer(@Root() e: Event, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Organization).load(e.organizer.id);
  }

  @FieldResolver(() => [School])
  schools(@Root() e: Event, @Ctx() ctx: Context) {
    return ctx.loaders.manyToMany(School, EVENT_SCHOOLS).load(e.id);
  }

  // Analysts see it through disclosure control (event-counts.ts, `disclosedField`).
  @FieldResolver(() => Int, { nullable: true, description: 'Households recorded with this status (ATTENDED unless asked otherwise); null when withheld by disclosure control (1–4, analysts)' })
  attendanceCount(
    @Root() e: Event,
    @Arg('status', () => AttendanceStatusEnum, { defaultValue: 'ATTENDED' }) status: AttendanceStatus,
    @Ctx() ctx: Context,
  ) {
    return attendanceCountOf(ctx, e, status);
  }

  @Mutation(() => CreateEventPayload)
  createEvent(@Arg('input', () => CreateEventInput) input: CreateEventInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ event: await createEvent(em, input, ctx.viewer) }));
  }

  @Mutation(() => UpdateEventPayload)
  updateEvent(@Arg('input', () => UpdateEventInput) input: UpdateEventInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ event: await updateEvent(em, input, ctx.viewer) }));
  }

  @Mutation(() => CancelEventPayload, { description: 'The event stays on record but never counts' })
  cancelEvent(@Arg('input', () => CancelEventInput) input: CancelEventInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ event: await cancelEvent(em, input, ctx.viewer, ctx.config.now()) }));
  }
}

@Resolver(() => Project)
export class ProjectEventsResolver {
  @FieldResolver(() => EventConnection)
  events(@Root() p: Project, @Args(() => EventsArgs) args: EventsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const page = ctx.loaders
      .children('project.events', Event, { kind: 'column', column: 'project_id' }, eventWhere(args.filter), orderSpecs(args.orderBy, DEFAULT_ORDER), args, projectionOf(ctx.em, info, Event))
      .load(p.id);
    return withCountsAhead(ctx, info, page);
  }
}
