import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import type { Role } from '@schoolmix/shared';
import { GraphQLError } from 'graphql';
import { ERROR_CODES } from '@schoolmix/shared';
import { forbidden } from '../../graphql/errors.js';
import { Problems, userError, type UserError } from '../../graphql/user-errors.js';
import { check } from '../../graphql/validate.js';
import { findById } from '../../graphql/lookup.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { ApiKey, User } from './auth.entity.js';
import { hashPassword, verifyPassword } from './password.js';
import { assertOwns } from './policy.js';
import { clearFailures, forgiveAttempt, LOGIN_LIMITS, recordAttempt } from './rate-limit.js';
import type { SessionSigner } from './session.js';
import { ANONYMOUS, type Viewer } from './viewer.js';

/** API keys look like `smx_<prefix>_<secret>`; the prefix is stored in clear to find the key. */
export const API_KEY_PATTERN = /^smx_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const DEMO_DOMAIN = '@schoolmix.demo';
const MIN_PASSWORD_LENGTH = 12;

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ERROR_CODES.UNAUTHENTICATED, http: { status: 401 } } });
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

async function ownedMunicipalityIds(em: EntityManager, municipalityId: string | null): Promise<string[]> {
  if (!municipalityId) return [];
  const merged = await em.find(Municipality, { mergedInto: municipalityId }, { fields: ['id'] });
  return [municipalityId, ...merged.map((m) => m.id)];
}

/**
 * Turns the Authorization header into a viewer: a session token of an active user whose token
 * version still matches, or a live API key. A bad, expired or revoked credential is refused
 * (401), never served as anonymous, so a client notices at once.
 */
export async function resolveViewer(em: EntityManager, signer: SessionSigner, authorization: string | undefined, now: Date): Promise<Viewer> {
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
  const credential = match[1]!;

  const key = API_KEY_PATTERN.exec(credential);
  if (key) {
    const apiKey = await em.findOne(ApiKey, { prefix: key[1]! });
    const valid = apiKey && timingSafeEqual(Buffer.from(apiKey.secretHash, 'hex'), sha256(key[2]!));
    if (!apiKey || !valid) throw unauthenticated('Unknown API key');
    if (apiKey.revokedAt) throw unauthenticated('This API key was revoked');
    // Record use at most once a minute, so a busy integrator does not write on every call.
    await em.execute('update api_key set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)', [now, apiKey.id, new Date(now.getTime() - 60_000)]);
    return {
      kind: 'apiKey',
      id: apiKey.id,
      role: 'INTEGRATOR',
      municipalityId: apiKey.municipality.id,
      ownedMunicipalityIds: await ownedMunicipalityIds(em, apiKey.municipality.id),
      label: `API key ${apiKey.name} (${apiKey.prefix})`,
    };
  }

  const claims = await signer.verify(credential, now);
  if (claims === 'expired') throw unauthenticated('Your session has expired; log in again');
  if (claims === 'invalid') throw unauthenticated('This session token is not valid; log in again');
  const user = await em.findOne(User, { id: claims.userId });
  if (!user || !user.active || user.tokenVersion !== claims.tokenVersion) {
    throw unauthenticated('This session was ended (user deactivated or changed); log in again');
  }
  return {
    kind: 'user',
    id: user.id,
    role: user.role,
    municipalityId: user.municipality?.id ?? null,
    ownedMunicipalityIds: await ownedMunicipalityIds(em, user.municipality?.id ?? null),
    label: user.email,
  };
}

/** A hash no password matches, made once: checked when the e-mail is unknown, to take the same time. */
let unusable: Promise<string> | null = null;
function unusableHash(): Promise<string> {
  unusable ??= hashPassword(randomBytes(32).toString('base64'));
  return unusable;
}

export interface LoginResult {
  token: string | null;
  expiresAt: Date | null;
  user: User | null;
  userErrors: UserError[];
}

/**
 * Logs a user in. Failures count against the account and the client address (in PostgreSQL);
 * over the limit the answer is RATE_LIMITED with the moment to try again, without checking the
 * password at all. The message never tells whether the e-mail exists.
 */
export async function login(
  em: EntityManager,
  signer: SessionSigner,
  input: { email: string; password: string },
  address: string,
  options: { now: Date; production: boolean },
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const keys = [
    [`login:account:${email}`, LOGIN_LIMITS.account],
    [`login:address:${address}`, LOGIN_LIMITS.address],
  ] as const;
  const refuse = (field: string, message: string, code: UserError['code']): LoginResult => ({ token: null, expiresAt: null, user: null, userErrors: [userError(field, message, code)] });

  // Every attempt is counted before the password is checked, so parallel guesses cannot slip past the limit.
  let blockedUntil: Date | null = null;
  for (const [key, limit] of keys) {
    const until = await recordAttempt(em, key, limit, options.now);
    if (until && (!blockedUntil || until > blockedUntil)) blockedUntil = until;
  }
  if (blockedUntil) {
    const minutes = Math.ceil((blockedUntil.getTime() - options.now.getTime()) / 60_000);
    return refuse('email', `Too many failed logins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, 'RATE_LIMITED');
  }
  const user = email ? await em.findOne(User, { email }, { populate: ['passwordHash'] }) : null;
  const demoRefused = options.production && email.endsWith(DEMO_DOMAIN);
  // A password is checked (against a throw-away hash without a user), so an unknown e-mail takes as long as a known one.
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? (await unusableHash()));
  const ok = !!user && user.active && !demoRefused && passwordOk;
  if (!ok) {
    return refuse('password', demoRefused ? 'Demo logins are refused in production' : 'Unknown e-mail address or wrong password', 'INVALID_CREDENTIALS');
  }
  await clearFailures(em, keys[0][0]);
  await forgiveAttempt(em, keys[1][0]);
  const { token, expiresAt } = await signer.sign({ userId: user.id, tokenVersion: user.tokenVersion }, options.now);
  return { token, expiresAt, user, userErrors: [] };
}

async function municipalityFor(em: EntityManager, p: Problems, role: Role, municipalityId: string | null | undefined): Promise<Municipality | null> {
  const needsOne = role === 'COORDINATOR' || role === 'INTEGRATOR';
  if (!municipalityId) {
    if (needsOne) p.add('municipalityId', `A ${role.toLowerCase()} belongs to a municipality`, 'REQUIRED');
    return null;
  }
  if (!needsOne) {
    p.add('municipalityId', `A ${role.toLowerCase()} sees every municipality: leave this empty`, 'INVALID');
    return null;
  }
  return findById(em, p, Municipality, 'municipalityId', municipalityId, 'Municipality');
}

function checkPassword(p: Problems, password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) p.add('password', `At least ${MIN_PASSWORD_LENGTH} characters`, 'WEAK_PASSWORD');
  else if (password.length > 200) p.add('password', 'At most 200 characters', 'TOO_LONG');
}

/** An administrator creates a user with an initial password. */
export async function createUser(em: EntityManager, input: { email: string; password: string; role: Role; municipalityId?: string | null }): Promise<User> {
  const p = new Problems();
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) p.add('email', 'Not an e-mail address', 'INVALID');
  checkPassword(p, input.password);
  const municipality = await municipalityFor(em, p, input.role, input.municipalityId);
  p.throwIfAny();
  if (await em.count(User, { email })) p.add('email', 'A user with this e-mail address already exists', 'DUPLICATE').throwIfAny();
  const user = em.create(User, { email, passwordHash: await hashPassword(input.password), role: input.role, municipality });
  await em.flush();
  return user;
}

/**
 * An administrator changes a user's role, municipality, password or active flag. Any of these
 * ends the user's current sessions (the token version goes up).
 */
export async function updateUser(
  em: EntityManager,
  input: { id: string; version: number; role?: Role | null; municipalityId?: string | null; active?: boolean | null; password?: string | null },
  viewer: Viewer,
): Promise<User> {
  const p = new Problems();
  const user = await findById(em, p, User, 'id', input.id, 'User');
  p.throwIfAny();
  const u = user!;
  if (u.version !== input.version) p.add('version', 'The user changed since you loaded it; reload and try again', 'STALE_VERSION').throwIfAny();
  if (u.id === viewer.id && (input.active === false || (input.role && input.role !== 'ADMIN'))) {
    p.add(input.active === false ? 'active' : 'role', 'You cannot lock yourself out', 'INVALID');
  }
  const role = input.role ?? u.role;
  const municipality = input.municipalityId !== undefined || input.role ? await municipalityFor(em, p, role, input.municipalityId !== undefined ? input.municipalityId : (u.municipality?.id ?? null)) : undefined;
  if (input.password != null) checkPassword(p, input.password);
  p.throwIfAny();
  u.role = role;
  if (municipality !== undefined) u.municipality = municipality ? em.getReference(Municipality, municipality.id) as never : null;
  if (input.active != null) u.active = input.active;
  if (input.password != null) u.passwordHash = await hashPassword(input.password);
  u.tokenVersion += 1;
  await em.flush();
  return u;
}

/**
 * Creates an integrator's API key for a municipality. The secret is returned once; only its
 * SHA-256 is stored (the secret has 256 bits of entropy, so a slow hash adds nothing).
 */
export async function createApiKey(em: EntityManager, input: { name: string; municipalityId: string }, viewer: Viewer): Promise<{ apiKey: ApiKey; secret: string }> {
  const p = new Problems();
  check.text(p, 'name', input.name, 100);
  const municipality = await findById(em, p, Municipality, 'municipalityId', input.municipalityId, 'Municipality');
  p.throwIfAny();
  if (viewer.role !== 'ADMIN' && viewer.municipalityId !== municipality!.id) throw forbidden('Coordinators create API keys for their own municipality only');
  const prefix = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  const apiKey = em.create(ApiKey, {
    name: input.name.trim(),
    prefix,
    secretHash: sha256(secret).toString('hex'),
    municipality: municipality!,
    createdBy: viewer.kind === 'user' && viewer.id ? em.getReference(User, viewer.id) : null,
  });
  await em.flush();
  return { apiKey, secret: `smx_${prefix}_${secret}` };
}

/** Revokes a key at once: the next request with it is refused. */
export async function revokeApiKey(em: EntityManager, input: { id: string }, viewer: Viewer, now: Date): Promise<ApiKey> {
  const p = new Problems();
  const apiKey = await findById(em, p, ApiKey, 'id', input.id, 'API key');
  p.throwIfAny();
  assertOwns(viewer, apiKey!.municipality.id, 'API keys');
  apiKey!.revokedAt ??= now;
  await em.flush();
  return apiKey!;
}
