import { type Ref } from '@mikro-orm/core';
import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity, VersionedEntity } from '../../db/base.entity.js';
import { DateTime } from '../../graphql/scalars/index.js';
import { Project } from '../project/project.entity.js';
import { School } from '../school/school.entity.js';

/**
 * A family (gezin) registered in a project, under a pseudonymous reference. By design there is
 * no column for a name, address, phone number or national number. Characteristics are only
 * recorded with consent; `null` means "not given".
 */
@ObjectType({ description: 'Gezin (pseudoniem)' })
@Entity()
@Unique({ name: 'household_project_reference_unique', properties: ['project', 'reference'] })
export class Household extends VersionedEntity {
  @ManyToOne(() => Project, { ref: true, deleteRule: 'restrict' })
  project!: Ref<Project>;

  @Field(() => String, { description: 'Pseudonymous code, unique per project' })
  @Property({ type: 'string' })
  reference!: string;

  @Field(() => String, { description: 'NIS code of the municipality of residence' })
  @Property({ type: 'string', length: 5 })
  residenceNisCode!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 4 })
  postcode!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  children!: number;

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
}

/** The school a household's child enrolled in (the outcome the action aims at). */
@ObjectType({ description: 'Inschrijving' })
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
