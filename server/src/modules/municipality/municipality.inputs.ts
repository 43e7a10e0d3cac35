import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs, OrderInput } from '../../graphql/connection.js';
import { registerEnumType } from 'type-graphql';
import { LocalDate } from '../../graphql/scalars/index.js';

export const MunicipalityOrderField = { NAME: 'name', NIS_CODE: 'nisCode', PROVINCE: 'province', POPULATION: 'population' } as const;
registerEnumType(MunicipalityOrderField, { name: 'MunicipalityOrderField' });
export const MunicipalityOrder = OrderInput('Municipality', MunicipalityOrderField);

@InputType()
export class MunicipalityFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name or NIS code, case-insensitive' })
  search?: string | null;

  @Field(() => String, { nullable: true })
  province?: string | null;

  @Field(() => [String], { nullable: true })
  nisCodes?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Lead or partner of an approved or closed project (in fundingPeriodId when given), itself or through a pre-2025 municipality merged into it (as the program table counts it)',
  })
  takingPart?: boolean | null;

  @Field(() => ID, { nullable: true })
  fundingPeriodId?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Only municipalities that existed on this day (2025-01-01 gives the 285)' })
  validOn?: string | null;
}

@ArgsType()
export class MunicipalitiesArgs extends ConnectionArgs {
  @Field(() => MunicipalityFilter, { nullable: true })
  filter?: MunicipalityFilter | null;

  @Field(() => [MunicipalityOrder], { nullable: true })
  orderBy?: InstanceType<typeof MunicipalityOrder>[] | null;
}
