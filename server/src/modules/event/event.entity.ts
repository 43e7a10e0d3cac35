import { Collection, type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToMany, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import type { EventType } from '@schoolmix/shared';
import { EVENT_TYPES } from '@schoolmix/shared';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeInterface } from '../../graphql/node-interface.js';
import { VersionedEntity } from '../../db/base.entity.js';
import { EventTypeEnum } from '../../graphql/enums.js';
import { DateTime } from '../../graphql/scalars/index.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { School } from '../school/school.entity.js';

/** A parent evening (ouderavond) or school visit (schoolbezoek). Cancelled events stay on record. */
@ObjectType({ implements: NodeInterface, description: 'Ouderavond of schoolbezoek' })
@Entity()
export class Event extends VersionedEntity {
  @Field(() => EventTypeEnum)
  @Enum({ items: () => [...EVENT_TYPES], type: 'string' })
  type!: EventType;

  @ManyToOne(() => Project, { ref: true, deleteRule: 'restrict' })
  project!: Ref<Project>;

  @ManyToOne(() => Organization, { ref: true, deleteRule: 'restrict' })
  organizer!: Ref<Organization>;

  @ManyToMany({ entity: () => School, pivotTable: 'event_school', joinColumn: 'event_id', inverseJoinColumn: 'school_id' })
  schools = new Collection<School>(this);

  @Field(() => DateTime)
  @Property({ type: 'datetime' })
  startsAt!: Date;

  @Field(() => DateTime)
  @Property({ type: 'datetime' })
  endsAt!: Date;

  @Field(() => String)
  @Property({ type: 'string' })
  venue!: string;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  capacity: number | null = null;

  @Field(() => [String], { description: 'Languages spoken or interpreted (ISO 639-1 codes)' })
  @Property({ type: 'text[]' })
  languages: string[] = ['nl'];

  @Field(() => DateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  cancelledAt: Date | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  cancellationReason: string | null = null;
}
