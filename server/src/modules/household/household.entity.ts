import { type Ref } from '@mikro-orm/core';
import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeInterface } from '../../graphql/node-interface.js';
import { BaseEntity, VersionedEntity } from '../../db/base.entity.js';
import { DateTime } from '../../graphql/scalars/index.js';
import { Project } from '../project/project.entity.js';
import { School } from '../school/school.entity.js';

/**
 * A family (gezin) registered in a project, under a pseudonymous reference. By design there is
 * no column for a name, address, phone number or national number. Characteristics are only
 * recorded with consent; `null` means "not given".
 */
@ObjectType({ implements: NodeInterface, description: 'Gezin (pseudoniem)' })
@Entity()
@Unique({ name: 'household_project_reference_unique', properties: ['project', 'reference'] })
export class Household extends VersionedEntity {
  @ManyToOne(() => Project, { ref: true, deleteRule: 'restrict' })
  project!: Ref<Project>;

  @Field(() => String, { description: 'Pseudonymous code, unique per project' })
  @Property({ type: 'string' })
  reference!: string;

  @Field(() => String, { nullable: true, description: 'NIS code of the municipality of residence (null once erased)' })
  @Property({ type: 'string', length: 5, nullable: true })
  residenceNisCode!: string | null;

  @Field(() => String, { nullable: true, description: 'null once erased' })
  @Property({ type: 'string', length: 4, nullable: true })
  postcode!: string | null;

  @Field(() => Int, { nullable: true, description: 'null once erased' })
  @Property({ type: 'integer', nullable: true })
  children!: number | null;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  lowEducatedMother: boolean | null = null;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  schoolAllowance: boolean | null = null;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  homeLanguageNotDutch: boolean | null = null;

  @Field(() => Boolean, { nullable: true })
  @Property({ type: 'boolean', nullable: true })
  childWithSpecialNeeds: boolean | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 8, nullable: true })
  preferredLanguage: string | null = null;

  @Field(() => DateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  consentAt: Date | null = null;

  @Field(() => DateTime, { nullable: true, description: 'When the family’s data was erased: the row is then an anonymous stub kept only so its attendance still counts' })
  @Property({ type: 'datetime', nullable: true })
  erasedAt: Date | null = null;

  /** Why it was erased (checked for identifiers; not exposed). */
  @Property({ type: 'string', length: 500, nullable: true })
  erasureReason: string | null = null;
}

/** The school a household's child enrolled in (the outcome the action aims at). */
@ObjectType({ implements: NodeInterface, description: 'Inschrijving' })
@Entity()
@Unique({ name: 'enrollment_household_school_year_unique', properties: ['household', 'school', 'schoolYear'] })
export class Enrollment extends BaseEntity {
  @ManyToOne(() => Household, { ref: true, deleteRule: 'cascade' })
  household!: Ref<Household>;

  @ManyToOne(() => School, { ref: true, deleteRule: 'restrict' })
  school!: Ref<School>;

  @Field(() => String)
  @Property({ type: 'string', length: 9 })
  schoolYear!: string;
}
