import { type Opt } from '@mikro-orm/core';
import { Entity, Enum, Property } from '@mikro-orm/decorators/legacy';
import type { ReportStatus } from '@schoolmix/shared';
import { REPORT_STATUSES } from '@schoolmix/shared';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeInterface } from '../../graphql/node-interface.js';
import { VersionedEntity } from '../../db/base.entity.js';
import { ReportStatusEnum } from '../../graphql/enums.js';
import { DateTime, Euro, LocalDate } from '../../graphql/scalars/index.js';

/**
 * A project period (projectperiode), 1 October – 30 September. Rates are data per period, so a
 * new rate never rewrites an earlier project. The database refuses overlapping periods.
 */
@ObjectType({ implements: NodeInterface, description: 'Projectperiode' })
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

  @Field(() => LocalDate, { description: 'First day applications are accepted (Brussels date)' })
  @Property({ type: 'date' })
  applicationsOpenOn!: string;

  @Field(() => LocalDate, { description: 'Last day applications are accepted and submitted' })
  @Property({ type: 'date' })
  applicationsCloseOn!: string;

  @Field(() => LocalDate, { description: 'The final report is due on this day (a reviewer may extend it per municipality)' })
  @Property({ type: 'date' })
  finalReportDueOn!: string;

  @Field(() => Int, { name: 'advanceShare', description: 'Share of the granted subsidy paid as an advance, in whole percent (0–100)' })
  @Property({ type: 'integer' })
  advanceSharePercent!: number;

  @Field(() => DateTime, { nullable: true, description: 'When an administrator last reopened the period (FINAL → OPEN)' })
  @Property({ type: 'datetime', nullable: true })
  reopenedAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Why the period was last reopened' })
  @Property({ type: 'text', nullable: true })
  reopenReason: string | null = null;

  @Field(() => DateTime, {
    nullable: true,
    description: 'When the report became FINAL (the settlement): household retention counts from it; null while OPEN',
  })
  @Property({ type: 'datetime', nullable: true })
  finalizedAt: Date | null = null;

  @Field(() => ReportStatusEnum)
  @Enum({ items: () => [...REPORT_STATUSES], type: 'string' })
  reportStatus: ReportStatus & Opt = 'OPEN';
}
