import type { AttendanceStatus } from '@schoolmix/shared';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, paginate } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { projectionOf } from '../../graphql/projection.js';
import { AttendanceStatusEnum } from '../../graphql/enums.js';
import { defineLoaderFamily, type LinkTable } from '../../graphql/loaders.js';
import { mutate } from '../../graphql/mutation.js';
import { orderSpecs } from '../../graphql/order.js';
import { sqlList, sqlReference } from '../../graphql/pushdown.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { School } from '../school/school.entity.js';
import { assertProjectFilterInScope, eventScope } from '../auth/policy.js';
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

/** Households recorded with one status, per event (0 when none). */
const ATTENDANCE_COUNT = defineLoaderFamily('event.attendanceCount', async (ctx: Context, ids: readonly string[], status: AttendanceStatus) => {
  const counts = await attendanceCounts(ctx.em, ids, status);
  return ids.map((id) => counts.get(id) ?? 0);
});

@Resolver(() => Event)
export class EventResolver {
  @Query(() => EventConnection, { description: 'Parent evenings and school visits' })
  async events(@Args(() => EventsArgs) args: EventsArgs, @Ctx() ctx: Context) {
    await assertProjectFilterInScope(ctx, args.filter?.projectId);
    return paginate(ctx.em, Event, { $and: [eventWhere(args.filter), eventScope(ctx.viewer)] }, orderSpecs(args.orderBy, DEFAULT_ORDER), args);
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
    return ctx.loaders.get(ATTENDANCE_COUNT, status).load(e.id);
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
    return ctx.loaders
      .children('project.events', Event, { kind: 'column', column: 'project_id' }, eventWhere(args.filter), orderSpecs(args.orderBy, DEFAULT_ORDER), args, projectionOf(ctx.em, info, Event))
      .load(p.id);
  }
}
