import type { ProjectStatus } from '@schoolmix/shared';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ConnectionArgs, OrderInput } from '../../graphql/connection.js';
import { ProjectStatusEnum } from '../../graphql/enums.js';
import { Payload } from '../../graphql/mutation.js';
import { Euro } from '../../graphql/scalars/index.js';
import { Project } from './project.entity.js';

export const ProjectOrderField = {
  TITLE: 'title',
  STATUS: 'status',
  TARGET_HOUSEHOLDS: 'targetHouseholds',
  SUBSIDY_GRANTED: 'subsidyGrantedCents',
  CREATED_AT: 'createdAt',
  UPDATED_AT: 'updatedAt',
} as const;
registerEnumType(ProjectOrderField, { name: 'ProjectOrderField' });
export const ProjectOrder = OrderInput('Project', ProjectOrderField);

@InputType()
export class ProjectFilter {
  @Field(() => String, { nullable: true, description: 'Part of the title' })
  search?: string | null;

  @Field(() => ID, { nullable: true })
  fundingPeriodId?: string | null;

  @Field(() => [ProjectStatusEnum], { nullable: true })
  statuses?: ProjectStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Lead or partner municipality (a 2025 municipality includes the pre-2025 municipalities merged into it)' })
  municipalityId?: string | null;
}

@ArgsType()
export class ProjectsArgs extends ConnectionArgs {
  @Field(() => ProjectFilter, { nullable: true })
  filter?: ProjectFilter | null;

  @Field(() => [ProjectOrder], { nullable: true })
  orderBy?: InstanceType<typeof ProjectOrder>[] | null;
}

@InputType()
export class CreateProjectInput {
  @Field(() => String) title!: string;
  @Field(() => ID) leadMunicipalityId!: string;
  @Field(() => ID) fundingPeriodId!: string;
  @Field(() => [ID], { defaultValue: [], description: 'Partnership: other local governments of the reference region' })
  partnerMunicipalityIds!: string[];
  @Field(() => Int, { description: 'Huidig bereik' }) baselineHouseholds!: number;
  @Field(() => Int) targetHouseholds!: number;
  @Field(() => Int, { defaultValue: 1 }) priority!: number;
  @Field(() => Euro, { nullable: true, description: 'Defaults to target × the period’s rate' })
  subsidyRequested?: number | null;
  @Field(() => Euro, { nullable: true, description: 'The 1:1 match; defaults to the requested subsidy' })
  coFinancing?: number | null;
  @Field(() => [ID], { defaultValue: [] }) partnerOrganizationIds!: string[];
  @Field(() => [ID], { defaultValue: [] }) schoolIds!: string[];
}

@InputType()
export class UpdateProjectInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version the change is based on' }) version!: number;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => [ID], { nullable: true }) partnerMunicipalityIds?: string[] | null;
  @Field(() => Int, { nullable: true }) baselineHouseholds?: number | null;
  @Field(() => Int, { nullable: true }) targetHouseholds?: number | null;
  @Field(() => Int, { nullable: true }) priority?: number | null;
  @Field(() => Euro, { nullable: true }) subsidyRequested?: number | null;
  @Field(() => Euro, { nullable: true }) coFinancing?: number | null;
  @Field(() => [ID], { nullable: true }) partnerOrganizationIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) schoolIds?: string[] | null;
}

@InputType()
export class SubmitProjectInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true, description: 'Kept in the project’s history (Verloop)' }) note?: string | null;
}

export const ReviewDecision = { APPROVE: 'APPROVE', REJECT: 'REJECT', SEND_BACK: 'SEND_BACK' } as const;
registerEnumType(ReviewDecision, { name: 'ReviewDecision' });

@InputType()
export class ReviewProjectInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => ReviewDecision) decision!: keyof typeof ReviewDecision;
  @Field(() => Euro, { nullable: true, description: 'For APPROVE; defaults to the requested subsidy' })
  subsidyGranted?: number | null;
  @Field(() => String, { nullable: true, description: 'Required for SEND_BACK: what must change' }) note?: string | null;
}

export const CreateProjectPayload = Payload('CreateProject', 'project', Project);
export const UpdateProjectPayload = Payload('UpdateProject', 'project', Project);
export const SubmitProjectPayload = Payload('SubmitProject', 'project', Project);
export const ReviewProjectPayload = Payload('ReviewProject', 'project', Project);
