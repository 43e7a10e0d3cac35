import type { SchoolLevel, SchoolNetwork } from '@schoolmix/shared';
import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ConnectionArgs, OrderInput } from '../../graphql/connection.js';
import { SchoolLevelEnum, SchoolNetworkEnum } from '../../graphql/enums.js';

export const SchoolOrderField = { NAME: 'name', INSTITUTION_NUMBER: 'institutionNumber', CAPACITY: 'capacity', POSTCODE: 'postcode' } as const;
registerEnumType(SchoolOrderField, { name: 'SchoolOrderField' });
export const SchoolOrder = OrderInput('School', SchoolOrderField);

@InputType()
export class SchoolFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name or institution number' })
  search?: string | null;

  @Field(() => ID, { nullable: true, description: 'A municipality, or a 2025 municipality with the pre-2025 municipalities merged into it' })
  municipalityId?: string | null;

  @Field(() => [SchoolLevelEnum], { nullable: true })
  levels?: SchoolLevel[] | null;

  @Field(() => [SchoolNetworkEnum], { nullable: true })
  networks?: SchoolNetwork[] | null;

  @Field(() => String, { nullable: true })
  postcode?: string | null;
}

@ArgsType()
export class SchoolsArgs extends ConnectionArgs {
  @Field(() => SchoolFilter, { nullable: true })
  filter?: SchoolFilter | null;

  @Field(() => [SchoolOrder], { nullable: true })
  orderBy?: InstanceType<typeof SchoolOrder>[] | null;
}
