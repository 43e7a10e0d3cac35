import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Connection, paginate } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { AuditChange, AuditEvent, auditChanges } from './audit.entity.js';
import { AuditEventsArgs } from './audit.inputs.js';
import { auditEventOrder, auditEventWhere } from './audit.service.js';

export const AuditEventConnection = Connection(AuditEvent);

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @Query(() => AuditEventConnection, { description: 'The audit trail: every write, who made it, when and what changed (newest first)' })
  auditEvents(@Args(() => AuditEventsArgs) args: AuditEventsArgs, @Ctx() ctx: Context) {
    return paginate(ctx.em, AuditEvent, auditEventWhere(args.filter, ctx.viewer), auditEventOrder(args.orderBy), args);
  }

  @FieldResolver(() => [AuditChange], { description: 'The changed fields, in alphabetical order' })
  changes(@Root() event: AuditEvent): AuditChange[] {
    return auditChanges(event);
  }
}
