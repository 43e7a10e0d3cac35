import type { OrganizationKind } from '@schoolmix/shared';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ConnectionArgs, OrderInput } from '../../graphql/connection.js';
import { OrganizationKindEnum } from '../../graphql/enums.js';
import { Payload } from '../../graphql/mutation.js';
import { Organization } from './organization.entity.js';

export const OrganizationOrderField = { NAME: 'name', KIND: 'kind', CREATED_AT: 'createdAt' } as const;
registerEnumType(OrganizationOrderField, { name: 'OrganizationOrderField' });
export const OrganizationOrder = OrderInput('Organization', OrganizationOrderField);

@InputType()
export class OrganizationFilter {
  @Field(() => String, { nullable: true })
  search?: string | null;

  @Field(() => ID, { nullable: true, description: 'A municipality, or a 2025 municipality with the pre-2025 municipalities merged into it' })
  municipalityId?: string | null;

  @Field(() => [OrganizationKindEnum], { nullable: true })
  kinds?: OrganizationKind[] | null;

  @Field(() => Boolean, { nullable: true })
  promotesSocialMix?: boolean | null;
}

@ArgsType()
export class OrganizationsArgs extends ConnectionArgs {
  @Field(() => OrganizationFilter, { nullable: true })
  filter?: OrganizationFilter | null;

  @Field(() => [OrganizationOrder], { nullable: true })
  orderBy?: InstanceType<typeof OrganizationOrder>[] | null;
}

@InputType()
export class CreateOrganizationInput {
  @Field(() => String)
  name!: string;

  @Field(() => OrganizationKindEnum)
  kind!: OrganizationKind;

  @Field(() => ID)
  municipalityId!: string;

  @Field(() => Boolean, { description: 'Does it promote the social mix in the schools? Only then do its events count for the KPI.' })
  promotesSocialMix!: boolean;
}

export const CreateOrganizationPayload = Payload('CreateOrganization', 'organization', Organization);

@InputType({
  description:
    'Changes an organisation. promotesSocialMix decides whether its events count for the KPI: it cannot change once the organisation held events of a CLOSED project or a FINAL period (PERIOD_CLOSED)',
})
export class UpdateOrganizationInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => OrganizationKindEnum, { nullable: true }) kind?: OrganizationKind | null;
  @Field(() => Boolean, { nullable: true }) promotesSocialMix?: boolean | null;
}

export const UpdateOrganizationPayload = Payload('UpdateOrganization', 'organization', Organization);
