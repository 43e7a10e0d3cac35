import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ConnectionArgs, OrderInput } from '../../graphql/connection.js';
import { DateTime } from '../../graphql/scalars/index.js';

export const AuditEventOrderField = { OCCURRED_AT: 'occurredAt' } as const;
registerEnumType(AuditEventOrderField, { name: 'AuditEventOrderField' });
export const AuditEventOrder = OrderInput('AuditEvent', AuditEventOrderField);

@InputType()
export class AuditEventFilter {
  @Field(() => String, { nullable: true, description: 'PROJECT, EVENT, ATTENDANCE, HOUSEHOLD, …' })
  entity?: string | null;

  @Field(() => ID, { nullable: true, description: 'The row the events are about (a project, an event, …)' })
  entityId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A user or API key' })
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'A GraphQL mutation, e.g. recordAttendance' })
  operation?: string | null;

  @Field(() => ID, { nullable: true })
  fundingPeriodId?: string | null;

  @Field(() => ID, { nullable: true })
  municipalityId?: string | null;

  @Field(() => DateTime, { nullable: true, description: 'From this moment (inclusive)' })
  from?: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'Before this moment (exclusive)' })
  to?: Date | null;
}

@ArgsType()
export class AuditEventsArgs extends ConnectionArgs {
  @Field(() => AuditEventFilter, { nullable: true })
  filter?: AuditEventFilter | null;

  @Field(() => [AuditEventOrder], { nullable: true, description: 'Default: newest first' })
  orderBy?: InstanceType<typeof AuditEventOrder>[] | null;
}
