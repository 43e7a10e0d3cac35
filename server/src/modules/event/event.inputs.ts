import type { EventType } from '@schoolmix/shared';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ConnectionArgs, OrderInput } from '../../graphql/connection.js';
import { EventTypeEnum } from '../../graphql/enums.js';
import { Payload } from '../../graphql/mutation.js';
import { DateTime } from '../../graphql/scalars/index.js';
import { Event } from './event.entity.js';

export const EventOrderField = { STARTS_AT: 'startsAt', TYPE: 'type', VENUE: 'venue', CREATED_AT: 'createdAt' } as const;
registerEnumType(EventOrderField, { name: 'EventOrderField' });
export const EventOrder = OrderInput('Event', EventOrderField);

@InputType()
export class EventFilter {
  @Field(() => [EventTypeEnum], { nullable: true })
  types?: EventType[] | null;

  @Field(() => ID, { nullable: true })
  projectId?: string | null;

  @Field(() => ID, { nullable: true })
  organizerId?: string | null;

  @Field(() => DateTime, { nullable: true, description: 'Starting at or after' })
  startsFrom?: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'Starting before' })
  startsBefore?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only cancelled; false: only not cancelled; null: both' })
  cancelled?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Part of the venue' })
  search?: string | null;
}

@ArgsType()
export class EventsArgs extends ConnectionArgs {
  @Field(() => EventFilter, { nullable: true })
  filter?: EventFilter | null;

  @Field(() => [EventOrder], { nullable: true })
  orderBy?: InstanceType<typeof EventOrder>[] | null;
}

@InputType()
export class CreateEventInput {
  @Field(() => ID) projectId!: string;
  @Field(() => EventTypeEnum) type!: EventType;
  @Field(() => ID, { description: 'A partner organisation of the project' }) organizerId!: string;
  @Field(() => [ID], { defaultValue: [] }) schoolIds!: string[];
  @Field(() => DateTime) startsAt!: Date;
  @Field(() => DateTime) endsAt!: Date;
  @Field(() => String) venue!: string;
  @Field(() => Int, { nullable: true }) capacity?: number | null;
  @Field(() => [String], { defaultValue: ['nl'], description: 'ISO 639-1 codes, e.g. ["nl", "fr", "ar"]' }) languages!: string[];
}

@InputType()
export class UpdateEventInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => EventTypeEnum, { nullable: true }) type?: EventType | null;
  @Field(() => ID, { nullable: true }) organizerId?: string | null;
  @Field(() => [ID], { nullable: true }) schoolIds?: string[] | null;
  @Field(() => DateTime, { nullable: true }) startsAt?: Date | null;
  @Field(() => DateTime, { nullable: true }) endsAt?: Date | null;
  @Field(() => String, { nullable: true }) venue?: string | null;
  @Field(() => Int, { nullable: true }) capacity?: number | null;
  @Field(() => [String], { nullable: true }) languages?: string[] | null;
}

@InputType()
export class CancelEventInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

export const CreateEventPayload = Payload('CreateEvent', 'event', Event);
export const UpdateEventPayload = Payload('UpdateEvent', 'event', Event);
export const CancelEventPayload = Payload('CancelEvent', 'event', Event);
