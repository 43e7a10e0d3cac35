import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, paginate } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { assertId } from '../../graphql/errors.js';
import { mutate } from '../../graphql/mutation.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { ApiKey, User } from './auth.entity.js';
import {
  ApiKeysArgs,
  CreateApiKeyInput,
  CreateApiKeyPayload,
  CreateUserInput,
  CreateUserPayload,
  DemoLoginType,
  LoginInput,
  LoginPayload,
  LogoutInput,
  LogoutPayload,
  RevokeApiKeyInput,
  RevokeApiKeyPayload,
  UnlockLoginInput,
  UnlockLoginPayload,
  UpdateUserInput,
  UpdateUserPayload,
  UsersArgs,
  ViewerType,
} from './auth.inputs.js';
import { activeUsersWithMunicipality, createApiKey, createUser, login, logout, revokeApiKey, unlockLogin, updateUser } from './auth.service.js';
import { assertFilterInScope, isScoped } from './policy.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../db/seed/demo.js';

export const UserConnection = Connection(User);
export const ApiKeyConnection = Connection(ApiKey);

@Resolver()
export class AuthResolver {
  @Query(() => [DemoLoginType], {
    description: 'The demo logins, listed on the login page while the demo data set is loaded (SEED=demo, never in production); empty otherwise',
  })
  async demoLogins(@Ctx() ctx: Context): Promise<DemoLoginType[]> {
    if (ctx.config.seed !== 'demo' || ctx.config.nodeEnv === 'production') return [];
    const users = await activeUsersWithMunicipality(ctx.em, DEMO_LOGINS.map((l) => l.email));
    const byEmail = new Map(users.map((u) => [u.email, u]));
    return DEMO_LOGINS.filter((l) => byEmail.has(l.email)).map((l) => ({
      email: l.email,
      password: DEMO_PASSWORD,
      role: l.role,
      municipalityName: byEmail.get(l.email)!.municipality?.getEntity().name ?? null,
    }));
  }

  @Query(() => ViewerType, { description: 'The current user or API key, its role and municipality' })
  async viewer(@Ctx() ctx: Context): Promise<ViewerType> {
    const v = ctx.viewer;
    const municipality = v.municipalityId ? await ctx.loaders.byId(Municipality).load(v.municipalityId) : null;
    return { kind: v.kind, label: v.label, role: v.role, municipality };
  }

  @Mutation(() => LoginPayload, { description: 'Exchanges e-mail and password for a session token' })
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: Context): Promise<LoginPayload> {
    const result = await login(ctx.em, ctx.signer, input, ctx.clientAddress, {
      now: ctx.config.now(),
      production: ctx.config.nodeEnv === 'production',
      limits: ctx.config.loginLimits,
    });
    const municipality = result.user?.municipality ? await ctx.loaders.byId(Municipality).load(result.user.municipality.id) : null;
    return {
      token: result.token,
      expiresAt: result.expiresAt,
      viewer: result.user ? { kind: 'user', label: result.user.email, role: result.user.role, municipality } : null,
      retryAfter: result.retryAfter,
      userErrors: result.userErrors,
    };
  }

  @Mutation(() => LogoutPayload, { description: 'Ends this session on the server (the token stops working at once); `everywhere: true` ends every session of the user' })
  async logout(@Arg('input', () => LogoutInput) input: LogoutInput, @Ctx() ctx: Context): Promise<LogoutPayload> {
    const result = await mutate(ctx, (em) => logout(em, ctx.viewer, input.everywhere === true));
    return { everywhere: result.everywhere ?? null, userErrors: result.userErrors };
  }

  @Mutation(() => UnlockLoginPayload, { description: 'Lifts the sign-in delays of an account (administrators only)' })
  async unlockLogin(@Arg('input', () => UnlockLoginInput) input: UnlockLoginInput, @Ctx() ctx: Context): Promise<UnlockLoginPayload> {
    const result = await mutate(ctx, async (em) => ({ cleared: await unlockLogin(em, input) }));
    return { cleared: result.cleared ?? null, userErrors: result.userErrors };
  }

  @Query(() => UserConnection, { description: 'Users (administrators only)' })
  users(@Args(() => UsersArgs) args: UsersArgs, @Ctx() ctx: Context) {
    return paginate(ctx.em, User, {}, [{ field: 'email', direction: 'ASC' }], args);
  }

  @Query(() => ApiKeyConnection, { description: 'API keys: all for administrators, their municipality’s for coordinators' })
  apiKeys(@Args(() => ApiKeysArgs) args: ApiKeysArgs, @Ctx() ctx: Context) {
    const municipalityId = assertId(args.municipalityId, 'municipalityId');
    assertFilterInScope(ctx.viewer, municipalityId);
    const scope = isScoped(ctx.viewer) ? { municipality: ctx.viewer.municipalityId } : municipalityId ? { municipality: municipalityId } : {};
    return paginate(ctx.em, ApiKey, scope, [{ field: 'createdAt', direction: 'DESC' }], args);
  }

  @Mutation(() => CreateUserPayload)
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ user: await createUser(em, input) }));
  }

  @Mutation(() => UpdateUserPayload)
  updateUser(@Arg('input', () => UpdateUserInput) input: UpdateUserInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ user: await updateUser(em, input, ctx.viewer) }));
  }

  @Mutation(() => CreateApiKeyPayload, { description: 'The secret is in the answer once; only a hash is kept' })
  async createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: Context): Promise<CreateApiKeyPayload> {
    const result = await mutate(ctx, (em) => createApiKey(em, input, ctx.viewer));
    return { apiKey: result.apiKey ?? null, secret: result.secret ?? null, userErrors: result.userErrors };
  }

  @Mutation(() => RevokeApiKeyPayload, { description: 'Stops the key at once' })
  revokeApiKey(@Arg('input', () => RevokeApiKeyInput) input: RevokeApiKeyInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ apiKey: await revokeApiKey(em, input, ctx.viewer, ctx.config.now()) }));
  }
}

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => Municipality, { nullable: true })
  municipality(@Root() u: User, @Ctx() ctx: Context) {
    return u.municipality ? ctx.loaders.byId(Municipality).load(u.municipality.id) : null;
  }
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @FieldResolver(() => Municipality)
  municipality(@Root() k: ApiKey, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Municipality).load(k.municipality.id);
  }
}
