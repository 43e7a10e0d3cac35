import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { AttendanceStatus } from '@schoolmix/shared';
import { ATTENDANCE_STATUSES } from '@schoolmix/shared';
import { Field, ObjectType } from 'type-graphql';
import { NodeInterface } from '../../graphql/node-interface.js';
import { BaseEntity } from '../../db/base.entity.js';
import { AttendanceStatusEnum } from '../../graphql/enums.js';
import { DateTime } from '../../graphql/scalars/index.js';
import { Event } from '../event/event.entity.js';
import { Household } from '../household/household.entity.js';

/** A household's participation in an event (deelname); one per household and event. */
@ObjectType({ implements: NodeInterface, description: 'Deelname' })
@Entity()
@Unique({ name: 'attendance_household_event_unique', properties: ['household', 'event'] })
export class Attendance extends BaseEntity {
  @ManyToOne(() => Household, { ref: true, deleteRule: 'restrict' })
  household!: Ref<Household>;

  @ManyToOne(() => Event, { ref: true, deleteRule: 'restrict' })
  event!: Ref<Event>;

  @Field(() => AttendanceStatusEnum)
  @Enum({ items: () => [...ATTENDANCE_STATUSES], type: 'string' })
  status!: AttendanceStatus;

  @Field(() => DateTime)
  @Property({ type: 'datetime' })
  recordedAt: Date = new Date();
}
