import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ConnectionArgs, OrderInput } from '../../graphql/connection.js';
import { Payload } from '../../graphql/mutation.js';
import { Household } from './household.entity.js';

export const HouseholdOrderField = { REFERENCE: 'reference', CREATED_AT: 'createdAt', CHILDREN: 'children' } as const;
registerEnumType(HouseholdOrderField, { name: 'HouseholdOrderField' });
export const HouseholdOrder = OrderInput('Household', HouseholdOrderField);

@InputType()
export class HouseholdFilter {
  @Field(() => ID, { nullable: true })
  projectId?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the pseudonymous reference' })
  search?: string | null;

  @Field(() => String, { nullable: true })
  residenceNisCode?: string | null;
}

@ArgsType()
export class HouseholdsArgs extends ConnectionArgs {
  @Field(() => HouseholdFilter, { nullable: true })
  filter?: HouseholdFilter | null;

  @Field(() => [HouseholdOrder], { nullable: true })
  orderBy?: InstanceType<typeof HouseholdOrder>[] | null;
}

@InputType({ description: 'A family, under a pseudonymous reference: never a name, address, phone or national number' })
export class RegisterHouseholdInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String, { description: 'Pseudonymous code, unique in the project (letters, digits, . _ -)' }) reference!: string;
  @Field(() => String, { description: 'NIS code of the municipality of residence' }) residenceNisCode!: string;
  @Field(() => String) postcode!: string;
  @Field(() => Int) children!: number;
  @Field(() => Boolean, { defaultValue: false, description: 'The family consented to recording the characteristics below' }) consent!: boolean;
  @Field(() => Boolean, { nullable: true }) lowEducatedMother?: boolean | null;
  @Field(() => Boolean, { nullable: true }) schoolAllowance?: boolean | null;
  @Field(() => Boolean, { nullable: true }) homeLanguageNotDutch?: boolean | null;
  @Field(() => Boolean, { nullable: true }) childWithSpecialNeeds?: boolean | null;
  @Field(() => String, { nullable: true, description: 'ISO 639-1 code' }) preferredLanguage?: string | null;
}

export const RegisterHouseholdPayload = Payload('RegisterHousehold', 'household', Household);

@InputType({ description: 'Changes a family’s record; an omitted field stays as it is, a characteristic set to null is removed' })
export class UpdateHouseholdInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true, description: 'The version you loaded: refused with STALE_VERSION when the record changed since' }) version?: number | null;
  @Field(() => String, { nullable: true, description: 'Pseudonymous code, unique in the project (letters, digits, . _ -)' }) reference?: string | null;
  @Field(() => String, { nullable: true, description: 'NIS code of the municipality of residence' }) residenceNisCode?: string | null;
  @Field(() => String, { nullable: true }) postcode?: string | null;
  @Field(() => Int, { nullable: true }) children?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'true records the family’s consent (needed for any characteristic); to withdraw it use withdrawConsent' }) consent?: boolean | null;
  @Field(() => Boolean, { nullable: true }) lowEducatedMother?: boolean | null;
  @Field(() => Boolean, { nullable: true }) schoolAllowance?: boolean | null;
  @Field(() => Boolean, { nullable: true }) homeLanguageNotDutch?: boolean | null;
  @Field(() => Boolean, { nullable: true }) childWithSpecialNeeds?: boolean | null;
  @Field(() => String, { nullable: true, description: 'ISO 639-1 code' }) preferredLanguage?: string | null;
}

export const UpdateHouseholdPayload = Payload('UpdateHousehold', 'household', Household);

@InputType({ description: 'The family withdraws its consent: every consented characteristic is removed at once' })
export class WithdrawConsentInput {
  @Field(() => ID) id!: string;
}

export const WithdrawConsentPayload = Payload('WithdrawConsent', 'household', Household);

@InputType({ description: 'Erases a family: its record becomes an anonymous stub, its enrollments are deleted; attendance stays as anonymous counts' })
export class EraseHouseholdInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'Why (e.g. the family’s request); no personal data' }) reason?: string | null;
}

export const EraseHouseholdPayload = Payload('EraseHousehold', 'household', Household);
