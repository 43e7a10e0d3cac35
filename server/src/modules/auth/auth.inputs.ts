import type { Role } from '@schoolmix/shared';
import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/connection.js';
import { RoleEnum } from '../../graphql/enums.js';
import { Payload } from '../../graphql/mutation.js';
import { DateTime } from '../../graphql/scalars/index.js';
import { UserError } from '../../graphql/user-errors.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { ApiKey, User } from './auth.entity.js';

@ObjectType('Viewer', { description: 'Who is asking' })
export class ViewerType {
  @Field(() => String, { description: 'user, apiKey or anonymous' }) kind!: string;
  @Field(() => String, { description: 'E-mail address or key name' }) label!: string;
  @Field(() => RoleEnum, { nullable: true }) role!: Role | null;
  @Field(() => Municipality, { nullable: true }) municipality!: Municipality | null;
}

@InputType()
export class LoginInput {
  @Field(() => String) email!: string;
  @Field(() => String) password!: string;
}

@ObjectType()
export class LoginPayload {
  @Field(() => String, { nullable: true, description: 'Send as "Authorization: Bearer <token>"' }) token!: string | null;
  @Field(() => DateTime, { nullable: true }) expiresAt!: Date | null;
  @Field(() => ViewerType, { nullable: true }) viewer!: ViewerType | null;
  @Field(() => Int, { nullable: true, description: 'With a RATE_LIMITED user error: seconds to wait before this address may try again' })
  retryAfter!: number | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType()
export class LogoutInput {
  @Field(() => Boolean, { defaultValue: false, description: 'true ends every session of the user (on every device), not just this one' })
  everywhere!: boolean;
}

@ObjectType()
export class LogoutPayload {
  @Field(() => Boolean, { nullable: true, description: 'Whether every session of the user was ended; null when nothing was done' })
  everywhere!: boolean | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'Lifts the sign-in delays of an account (from every address), and of one address when given' })
export class UnlockLoginInput {
  @Field(() => String) email!: string;
  @Field(() => String, { nullable: true, description: 'A client address whose own delay is lifted too' }) address?: string | null;
}

@ObjectType()
export class UnlockLoginPayload {
  @Field(() => Int, { nullable: true, description: 'How many failure counters were cleared' }) cleared!: number | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ArgsType()
export class UsersArgs extends ConnectionArgs {}

@ArgsType()
export class ApiKeysArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true }) municipalityId?: string | null;
}

@InputType()
export class CreateUserInput {
  @Field(() => String) email!: string;
  @Field(() => String, { description: 'Initial password, at least 12 characters' }) password!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => ID, { nullable: true, description: 'Required for coordinators' }) municipalityId?: string | null;
}

@InputType({ description: 'Changing the role, municipality, password or active flag ends the user’s sessions' })
export class UpdateUserInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => RoleEnum, { nullable: true }) role?: Role | null;
  @Field(() => ID, { nullable: true }) municipalityId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'false deactivates the user' }) active?: boolean | null;
  @Field(() => String, { nullable: true }) password?: string | null;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => String) name!: string;
  @Field(() => ID) municipalityId!: string;
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { nullable: true }) apiKey!: ApiKey | null;
  @Field(() => String, { nullable: true, description: 'The key itself: shown this once, store it now' }) secret!: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType()
export class RevokeApiKeyInput {
  @Field(() => ID) id!: string;
}

export const CreateUserPayload = Payload('CreateUser', 'user', User);
export const UpdateUserPayload = Payload('UpdateUser', 'user', User);
export const RevokeApiKeyPayload = Payload('RevokeApiKey', 'apiKey', ApiKey);

@ObjectType({ description: 'A login of the demo data set (only while the demo data set is loaded; never in production)' })
export class DemoLoginType {
  @Field(() => String) email!: string;
  @Field(() => String) password!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => String, { nullable: true, description: 'The coordinator’s municipality' }) municipalityName!: string | null;
}
