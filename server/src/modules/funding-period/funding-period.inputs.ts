import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { Euro, LocalDate } from '../../graphql/scalars/index.js';
import { ConnectionArgs } from '../../graphql/connection.js';
import { Payload } from '../../graphql/mutation.js';
import { FundingPeriod } from './funding-period.entity.js';

@ArgsType()
export class FundingPeriodsArgs extends ConnectionArgs {}

@InputType()
export class CloseFundingPeriodReportInput {
  @Field(() => ID)
  fundingPeriodId!: string;

  @Field(() => Int, { description: 'The version the reviewer saw' })
  version!: number;
}

export const CloseFundingPeriodReportPayload = Payload('CloseFundingPeriodReport', 'fundingPeriod', FundingPeriod);

@InputType({ description: 'A new funding period; maxSubsidy is computed (ratePerHousehold × maxHouseholds)' })
export class CreateFundingPeriodInput {
  @Field(() => Int) number!: number;
  @Field(() => String) label!: string;
  @Field(() => LocalDate) startsOn!: string;
  @Field(() => LocalDate) endsOn!: string;
  @Field(() => Euro) ratePerHousehold!: number;
  @Field(() => Int) maxHouseholds!: number;
  @Field(() => LocalDate) applicationsOpenOn!: string;
  @Field(() => LocalDate) applicationsCloseOn!: string;
  @Field(() => LocalDate) finalReportDueOn!: string;
  @Field(() => Int, { description: 'Advance as a whole percentage of the granted subsidy (0–100)' }) advanceShare!: number;
}

@InputType({
  description:
    'Changes a period. Once it has APPROVED or CLOSED projects only label, application window and final-report deadline may change: the rest decides granted amounts, advances or the KPI',
})
export class UpdateFundingPeriodInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version the change is based on' }) version!: number;
  @Field(() => Int, { nullable: true }) number?: number | null;
  @Field(() => String, { nullable: true }) label?: string | null;
  @Field(() => LocalDate, { nullable: true }) startsOn?: string | null;
  @Field(() => LocalDate, { nullable: true }) endsOn?: string | null;
  @Field(() => Euro, { nullable: true }) ratePerHousehold?: number | null;
  @Field(() => Int, { nullable: true }) maxHouseholds?: number | null;
  @Field(() => LocalDate, { nullable: true }) applicationsOpenOn?: string | null;
  @Field(() => LocalDate, { nullable: true }) applicationsCloseOn?: string | null;
  @Field(() => LocalDate, { nullable: true }) finalReportDueOn?: string | null;
  @Field(() => Int, { nullable: true }) advanceShare?: number | null;
}

@InputType()
export class ReopenFundingPeriodInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { description: 'Why the final figures must change (kept on the period and in the projects’ history)' }) reason!: string;
}

export const CreateFundingPeriodPayload = Payload('CreateFundingPeriod', 'fundingPeriod', FundingPeriod);
export const UpdateFundingPeriodPayload = Payload('UpdateFundingPeriod', 'fundingPeriod', FundingPeriod);
export const ReopenFundingPeriodPayload = Payload('ReopenFundingPeriod', 'fundingPeriod', FundingPeriod);
