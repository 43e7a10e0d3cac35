import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { LIMITS } from '@schoolmix/shared';
import type { Context } from '../../graphql/context.js';
import { Connection, ConnectionArgs, parseWindow, toConnection } from '../../graphql/connection.js';
import { mutate } from '../../graphql/mutation.js';
import { UserError, Problems } from '../../graphql/user-errors.js';
import { DateTime, LocalDate } from '../../graphql/scalars/index.js';
import { ViewerType } from '../auth/auth.inputs.js';
import { Project } from '../project/project.entity.js';
import { markRead, notificationPage, type NotificationRow, unreadCount } from './notification.service.js';

/** One reminder as one user received it (the in-app list, "Meldingen"). */
@ObjectType({ description: 'A reminder to the signed-in user (also sent by e-mail when SMTP is configured)' })
export class Notification {
  @Field(() => ID, { description: 'This user’s copy of the reminder' }) id!: string;
  @Field(() => String, { description: 'DUE_IN_30, DUE_IN_7, DUE_IN_1 or OVERDUE' }) kind!: string;
  @Field(() => String) subject!: string;
  @Field(() => String) body!: string;
  @Field(() => String, { description: 'The SPA path of the screen it is about' }) link!: string;
  @Field(() => LocalDate, { description: 'The final-report deadline it reminds of' }) dueOn!: string;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { nullable: true }) readAt!: Date | null;
  @Field(() => String, { description: 'PENDING, SENT (e-mailed), LOGGED (no SMTP configured) or FAILED' }) delivery!: string;
  projectId!: string;
}

export const NotificationConnection = Connection(Notification);

@ArgsType()
export class NotificationsArgs extends ConnectionArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only the ones not yet marked read' }) unreadOnly?: boolean | null;
}

@InputType()
export class MarkNotificationsReadInput {
  @Field(() => [ID], { description: `At most ${LIMITS.pageSizeMax}; ids of other users’ notifications are ignored` }) ids!: string[];
}

@ObjectType()
export class MarkNotificationsReadPayload {
  @Field(() => Int, { nullable: true, description: 'How many became read now' }) markedCount!: number | null;
  @Field(() => Int, { nullable: true, description: 'Unread notifications left' }) unreadCount!: number | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

function toNotification(r: NotificationRow): Notification {
  return Object.assign(new Notification(), {
    id: r.id,
    kind: r.kind,
    subject: r.subject,
    body: r.body,
    link: r.link,
    dueOn: r.due_on,
    createdAt: new Date(r.created_at),
    readAt: r.read_at ? new Date(r.read_at) : null,
    delivery: r.delivery,
    projectId: r.project_id,
  });
}

/** Only a signed-in user has notifications (an API key or anonymous caller has none). */
function userIdOf(ctx: Context): string | null {
  return ctx.viewer.kind === 'user' ? ctx.viewer.id : null;
}

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => NotificationConnection, { description: 'The signed-in user’s reminders, newest first' })
  async notifications(@Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: Context) {
    const window = parseWindow(args);
    const userId = userIdOf(ctx);
    if (!userId) return toConnection([], 0, 0);
    const { rows, lower, total } = await notificationPage(ctx.em, userId, args.unreadOnly === true, window);
    return toConnection(rows.map(toNotification), lower, total);
  }

  @FieldResolver(() => Project, { nullable: true, description: 'The project it is about (null when the viewer may no longer see it)' })
  project(@Root() n: Notification, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Project).load(n.projectId);
  }

  @Mutation(() => MarkNotificationsReadPayload, { description: 'Marks the signed-in user’s notifications read' })
  async markNotificationsRead(@Arg('input', () => MarkNotificationsReadInput) input: MarkNotificationsReadInput, @Ctx() ctx: Context): Promise<MarkNotificationsReadPayload> {
    const userId = userIdOf(ctx);
    const result = await mutate(ctx, async (em) => {
      const p = new Problems();
      if (!userId) p.add('ids', 'Only a signed-in user has notifications', 'FORBIDDEN');
      if (input.ids.length > LIMITS.pageSizeMax) p.add('ids', `At most ${LIMITS.pageSizeMax} at once`, 'OUT_OF_RANGE');
      p.throwIfAny();
      return { markedCount: await markRead(em, userId, input.ids, ctx.config.now()) };
    });
    const unread = result.userErrors.length === 0 && userId ? await unreadCount(ctx.em, userId) : null;
    return { markedCount: result.markedCount ?? null, unreadCount: unread, userErrors: result.userErrors };
  }
}

@Resolver(() => ViewerType)
export class ViewerNotificationsResolver {
  @FieldResolver(() => Int, { description: 'Unread notifications of the signed-in user (0 for API keys and anonymous callers)' })
  async unreadNotifications(@Ctx() ctx: Context): Promise<number> {
    const userId = userIdOf(ctx);
    return userId ? unreadCount(ctx.em, userId) : 0;
  }
}
