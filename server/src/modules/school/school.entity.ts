import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { SchoolLevel, SchoolNetwork } from '@schoolmix/shared';
import { SCHOOL_LEVELS, SCHOOL_NETWORKS } from '@schoolmix/shared';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { NodeInterface } from '../../graphql/node-interface.js';
import { BaseEntity, VersionedEntity } from '../../db/base.entity.js';
import { SchoolLevelEnum, SchoolNetworkEnum } from '../../graphql/enums.js';
import { Municipality } from '../municipality/municipality.entity.js';

/** A school site (school / vestiging), identified by its instellingsnummer. */
@ObjectType({ implements: NodeInterface, description: 'School / vestiging' })
@Entity()
export class School extends VersionedEntity {
  @Field(() => String, { description: 'Instellingsnummer' })
  @Property({ type: 'string', unique: true })
  institutionNumber!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @ManyToOne(() => Municipality, { ref: true, deleteRule: 'restrict' })
  municipality!: Ref<Municipality>;

  @Field(() => String)
  @Property({ type: 'string', length: 4 })
  postcode!: string;

  @Field(() => SchoolLevelEnum)
  @Enum({ items: () => [...SCHOOL_LEVELS], type: 'string' })
  level!: SchoolLevel;

  @Field(() => SchoolNetworkEnum)
  @Enum({ items: () => [...SCHOOL_NETWORKS], type: 'string' })
  network!: SchoolNetwork;

  @Field(() => Int)
  @Property({ type: 'integer' })
  capacity!: number;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  latitude: number | null = null;

  @Field(() => Float, { nullable: true })
  @Property({ type: 'double', nullable: true })
  longitude: number | null = null;
}

/** Pupil characteristics of one school in one school year (leerlingenkenmerken). */
@ObjectType({ implements: NodeInterface, description: 'Leerlingenkenmerken per schooljaar' })
@Entity()
@Unique({ name: 'school_composition_school_year_unique', properties: ['school', 'schoolYear'] })
export class SchoolComposition extends BaseEntity {
  @ManyToOne(() => School, { ref: true, deleteRule: 'cascade' })
  school!: Ref<School>;

  @Field(() => String, { description: 'e.g. 2023-2024' })
  @Property({ type: 'string', length: 9 })
  schoolYear!: string;

  @Field(() => Int, { nullable: true, description: 'null when withheld by disclosure control (analysts: counts of 1–4)' })
  @Property({ type: 'integer' })
  pupils!: number;

  @Field(() => Int, { nullable: true, description: 'Pupils with at least one SES indicator' })
  @Property({ type: 'integer' })
  indicatorPupils!: number;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer' })
  lowEducatedMother!: number;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer' })
  schoolAllowance!: number;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer' })
  homeLanguageNotDutch!: number;

  @Field(() => Int, { nullable: true, description: 'Pupils with an IAC or a report (verslag)' })
  @Property({ type: 'integer' })
  pupilsWithSpecialNeeds!: number;
}

/** The neighbourhood a school should mirror: resident pupils of an area (NIS code or postcode). */
@ObjectType({ description: 'Buurt: schoolgaande kinderen per gebied' })
@Entity()
@Unique({ name: 'area_composition_area_year_unique', properties: ['areaCode', 'schoolYear'] })
export class AreaComposition extends BaseEntity {
  @Field(() => String, { description: 'NIS code or postcode' })
  @Property({ type: 'string', length: 5 })
  areaCode!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 9 })
  schoolYear!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  pupilsResident!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  indicatorPupilsResident!: number;
}
