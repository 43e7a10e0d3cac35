import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/connection.js';
import { Payload } from '../../graphql/mutation.js';
import { LocalDate } from '../../graphql/scalars/index.js';
import { DeadlineExtension } from './deadline.js';

@InputType({ description: 'A later final-report deadline for one municipality in one period; granting again replaces the earlier extension' })
export class GrantDeadlineExtensionInput {
  @Field(() => ID) municipalityId!: string;
  @Field(() => ID) fundingPeriodId!: string;
  @Field(() => LocalDate, { description: 'The new deadline: after the period’s own final-report deadline' }) dueOn!: string;
  @Field(() => String, { description: 'Why (required; kept with the extension and in the audit trail)' }) reason!: string;
}

@InputType()
export class WithdrawDeadlineExtensionInput {
  @Field(() => ID) id!: string;
}

export const GrantDeadlineExtensionPayload = Payload('GrantDeadlineExtension', 'deadlineExtension', DeadlineExtension);
export const WithdrawDeadlineExtensionPayload = Payload('WithdrawDeadlineExtension', 'deadlineExtension', DeadlineExtension);

@ArgsType()
export class OverdueFinalReportsArgs extends ConnectionArgs {}
