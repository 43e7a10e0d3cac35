import { Collection, type Opt, type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToMany, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { ProjectStatus } from '@schoolmix/shared';
import { PROJECT_STATUSES } from '@schoolmix/shared';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeInterface } from '../../graphql/node-interface.js';
import { VersionedEntity } from '../../db/base.entity.js';
import { ProjectStatusEnum } from '../../graphql/enums.js';
import { DateTime, Euro } from '../../graphql/scalars/index.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { School } from '../school/school.entity.js';

/**
 * A subsidy file (project / subsidiedossier) of one lead municipality in one funding period.
 * Money is integer euro cents; the database enforces one project per lead and period and the
 * period's maximum subsidy and households.
 */
@ObjectType({ implements: NodeInterface, description: 'Project / subsidiedossier' })
@Entity()
@Unique({ name: 'project_lead_period_unique', properties: ['leadMunicipality', 'fundingPeriod'] })
export class Project extends VersionedEntity {
  @Field(() => String)
  @Property({ type: 'string' })
  title!: string;

  @ManyToOne(() => Municipality, { ref: true, deleteRule: 'restrict' })
  leadMunicipality!: Ref<Municipality>;

  @ManyToMany({ entity: () => Municipality, pivotTable: 'project_partner_municipality', joinColumn: 'project_id', inverseJoinColumn: 'municipality_id' })
  partnerMunicipalities = new Collection<Municipality>(this);

  @ManyToOne(() => FundingPeriod, { ref: true, deleteRule: 'restrict' })
  fundingPeriod!: Ref<FundingPeriod>;

  @Field(() => ProjectStatusEnum)
  @Enum({ items: () => [...PROJECT_STATUSES], type: 'string' })
  status: ProjectStatus & Opt = 'DRAFT';

  @Field(() => Int, { description: 'Huidig bereik: households reached without the program' })
  @Property({ type: 'integer' })
  baselineHouseholds!: number;

  @Field(() => Int, { description: 'Households the municipality commits to guide (1 … maxHouseholds)' })
  @Property({ type: 'integer' })
  targetHouseholds!: number;

  @Field(() => Int, { description: 'Priority among the municipality’s actions (1 = highest)' })
  @Property({ type: 'integer' })
  priority!: number;

  @Field(() => Euro, { name: 'subsidyRequested' })
  @Property({ type: 'integer' })
  subsidyRequestedCents!: number;

  @Field(() => Euro, { name: 'subsidyGranted', nullable: true })
  @Property({ type: 'integer', nullable: true })
  subsidyGrantedCents: number | null = null;

  @Field(() => Euro, { name: 'coFinancing', description: 'The municipality’s 1:1 match' })
  @Property({ type: 'integer' })
  coFinancingCents!: number;

  @ManyToMany({ entity: () => Organization, pivotTable: 'project_partner_organization', joinColumn: 'project_id', inverseJoinColumn: 'organization_id' })
  partnerOrganizations = new Collection<Organization>(this);

  @ManyToMany({ entity: () => School, pivotTable: 'project_school', joinColumn: 'project_id', inverseJoinColumn: 'school_id' })
  schools = new Collection<School>(this);

  @Field(() => DateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  submittedAt: Date | null = null;

  @Field(() => DateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  reviewedAt: Date | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  reviewNote: string | null = null;
}
