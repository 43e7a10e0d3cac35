import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
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
