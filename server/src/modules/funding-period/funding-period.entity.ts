import { type Opt } from '@mikro-orm/core';
import { Entity, Enum, Property } from '@mikro-orm/decorators/legacy';
import type { ReportStatus } from '@schoolmix/shared';
import { REPORT_STATUSES } from '@schoolmix/shared';
import { Field, Int, ObjectType } from 'type-graphql';
import { VersionedEntity } from '../../db/base.entity.js';
import { ReportStatusEnum } from '../../graphql/enums.js';
import { Euro, LocalDate } from '../../graphql/scalars/index.js';

/**
 * A project period (projectperiode), 1 October – 30 September. Rates are data per period, so a
 * new rate never rewrites an earlier project. The database refuses overlapping periods.
 */
@ObjectType({ description: 'Projectperiode' })
@Entity()
export class FundingPeriod extends VersionedEntity {
  @Field(() => Int)
  @Property({ type: 'integer', unique: true })
  number!: number;

  @Field(() => String)
  @Property({ type: 'string' })
  label!: string;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  startsOn!: string;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  endsOn!: string;

  @Field(() => Euro, { name: 'ratePerHousehold' })
  @Property({ type: 'integer' })
  ratePerHouseholdCents!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  maxHouseholds!: number;

  @Field(() => Euro, { name: 'maxSubsidy', description: 'ratePerHousehold × maxHouseholds' })
  @Property({ type: 'integer' })
  maxSubsidyCents!: number;

  @Field(() => ReportStatusEnum)
  @Enum({ items: () => [...REPORT_STATUSES], type: 'string' })
  reportStatus: ReportStatus & Opt = 'OPEN';
}
