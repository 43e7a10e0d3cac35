import { type Opt, type Ref } from '@mikro-orm/core';
import { Entity, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeInterface } from '../../graphql/node-interface.js';
import { BaseEntity } from '../../db/base.entity.js';
import { LocalDate } from '../../graphql/scalars/index.js';

/**
 * A Flemish municipality (gemeente / lokaal bestuur). Pre-2025 codes stay on record with
 * `validTo` 2024-12-31 and `mergedInto` the 2025 municipality, so older projects keep their home.
 */
@ObjectType({ implements: NodeInterface, description: 'Gemeente / lokaal bestuur' })
@Entity()
export class Municipality extends BaseEntity {
  @Field(() => String, { description: 'NIS code (5 digits)' })
  @Property({ type: 'string', length: 5, unique: true })
  nisCode!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  province!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  arrondissement: string | null = null;

  @Field(() => Int, { nullable: true, description: 'Inhabitants (2020)' })
  @Property({ type: 'integer', nullable: true })
  population: number | null = null;

  @Field(() => String, { nullable: true, description: 'Main postcode' })
  @Property({ type: 'string', length: 4, nullable: true })
  postcode: string | null = null;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  validTo: (string & Opt) | null = null;

  @ManyToOne(() => Municipality, { ref: true, nullable: true, deleteRule: 'restrict' })
  mergedInto: Ref<Municipality> | null = null;
}
