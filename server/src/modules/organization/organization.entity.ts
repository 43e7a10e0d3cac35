import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { OrganizationKind } from '@schoolmix/shared';
import { ORGANIZATION_KINDS } from '@schoolmix/shared';
import { Field, ObjectType } from 'type-graphql';
import { NodeInterface } from '../../graphql/node-interface.js';
import { VersionedEntity } from '../../db/base.entity.js';
import { OrganizationKindEnum } from '../../graphql/enums.js';
import { Municipality } from '../municipality/municipality.entity.js';

/** An organisation that holds events. Only those that promote the social mix count for the KPI. */
@ObjectType({ implements: NodeInterface, description: 'Organisatie' })
@Entity()
@Unique({ name: 'organization_municipality_name_unique', properties: ['municipality', 'name'] })
export class Organization extends VersionedEntity {
  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => OrganizationKindEnum)
  @Enum({ items: () => [...ORGANIZATION_KINDS], type: 'string' })
  kind!: OrganizationKind;

  @ManyToOne(() => Municipality, { ref: true, deleteRule: 'restrict' })
  municipality!: Ref<Municipality>;

  @Field(() => Boolean)
  @Property({ type: 'boolean' })
  promotesSocialMix!: boolean;
}
