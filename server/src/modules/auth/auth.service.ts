import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import type { Role } from '@schoolmix/shared';
import { GraphQLError } from 'graphql';
import { AUTH_LIMITS, ERROR_CODES, LIMITS } from '@schoolmix/shared';
import { forbidden, refusal } from '../../graphql/errors.js';
import { Problems, userError, type UserError, UserErrorsException } from '../../graphql/user-errors.js';
import { check } from '../../graphql/validate.js';
import { findById } from '../../graphql/lookup.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { ApiKey, User } from './auth.entity.js';
import { hashPassword, verifyPassword } from './password.js';
import { assertOwns } from './policy.js';
import type { LoginLimits } from '../../config.js';
import { addressKey, blockedUntil, clearKey, forgiveAddressAttempt, loginPolicies, pairKey, reserveAttempt, unlock } from './rate-limit.js';
import type { SessionSigner, VerifiedSession } from './session.js';
import { ANONYMOUS, type Viewer } from './viewer.js';

/** API keys look like `smx_<prefix>_<secret>`; the prefix is stored in clear to find the key. */
export const API_KEY_PATTERN = /^smx_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
/** The demo data set's addresses: their login is refused in production, so no real account may use one. */
export const DEMO_DOMAIN = '@schoolmix.demo';
const MIN_PASSWORD_LENGTH = 12;

function unauthenticated(message: string): GraphQLError {
  return refusal(ERROR_CODES.UNAUTHENTICATED, message);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

async function ownedMunicipalityIds(em: EntityManager, municipalityId: string | null): Promise<string[]> {
  if (!municipalityId) return [];
  const merged = await em.find(Municipality, { mergedInto: municipalityId }, { fields: ['id'] });
  return [municipalityId, ...merged.map((m) => m.id)];
}

/** What a session token is checked against: its user, whether this session was logged out, the municipalities merged into the user's. */
export interface SessionRow {
  id: string;
  email: string;
  role: Role;
  municipality_id: string | null;
  active: boolean;
  token_version: number;
  revoked: boolean;
  merged: string[];
}

/**
 * The SessionRow of one session, as SQL with two parameters (the session's id, the user's id).
 * `revoked_session` and `token_version` are shared by every instance, so a logout or a
 * deactivation stops the token on all of them at once. Its text (`row::text`) is what a read
 * compares when it checks the session itself (session-check.ts): the merged municipalities are
 * ordered so that the same row always reads the same.
 */
export const SESSION_ROW_SQL = `select u.id, u.email, u.role, u.municipality_id, u.active, u.token_version,
       exists (select 1 from revoked_session r where r.id = ?) as revoked,
       array(select m.id from municipality m where m.merged_into_id = u.municipality_id order by m.id) as merged
  from app_user u where u.id = ?`;

/** The claims of a Bearer session token that verifies (signature and expiry), else null: the caller then asks resolveViewer, which says why. */
export async function verifiedSessionOf(signer: SessionSigner, authorization: string | undefined, now: Date): Promise<VerifiedSession | null> {
  const credential = authorization && /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
  if (!credential || API_KEY_PATTERN.test(credential)) return null;
  const claims = await signer.verify(credential, now);
  return typeof claims === 'string' ? null : claims;
}

/** The viewer of a verified session token, or the refusal (401) when it was logged out or its user deactivated or changed. */
export function viewerOfSession(user: SessionRow | undefined, claims: VerifiedSession): Viewer {
  if (user?.revoked) throw unauthenticated('This session was logged out; log in again');
  if (!user || !user.active || user.token_version !== claims.tokenVersion) {
    throw unauthenticated('This session was ended (user deactivated or changed, or logged out everywhere); log in again');
  }
  return {
    kind: 'user',
    id: user.id,
    role: user.role,
    municipalityId: user.municipality_id,
    ownedMunicipalityIds: user.municipality_id ? [user.municipality_id, ...user.merged] : [],
    label: user.email,
    session: { id: claims.sessionId, expiresAt: claims.expiresAt },
  };
}

/**
 * Turns the Authorization header into a viewer: a session token of an active user whose token
 * version still matches, or a live API key. A bad, expired or revoked credential is refused
 * (401), never served as anonymous, so a client notices at once. (The request limiter checks a
 * session token in the same statement as it counts the request: request-limit.ts.)
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
  const [user] = await em.execute<SessionRow[]>(SESSION_ROW_SQL, [claims.sessionId, claims.userId]);
  return viewerOfSession(user, claims);
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
  /** When refused as RATE_LIMITED: seconds until this address may try again (for this account). */
  retryAfter: number | null;
  userErrors: UserError[];
}

/** Control characters (NUL included) never belong in an e-mail address, and PostgreSQL refuses NUL in text. */
const CONTROL_CHARACTERS = /\p{Cc}/u;

/**
 * Logs a user in, with fair sign-in protection (README "Rate limits and sign-in protection").
 * Failures count per (account, address) pair and per address, in PostgreSQL; after the free
 * failures each next attempt of that pair (or address) must wait 2, 4, 8 … seconds. A waiting
 * caller is answered RATE_LIMITED with `retryAfter` at once (never by holding the request),
 * without checking the password and without counting. The account itself is never locked: its
 * owner logs in from an address that did not fail. The message never tells whether the e-mail exists.
 */
export async function login(
  em: EntityManager,
  signer: SessionSigner,
  input: { email: string; password: string },
  address: string,
  options: { now: Date; production: boolean; limits: LoginLimits },
): Promise<LoginResult> {
  const { now } = options;
  const refuse = (field: string, message: string, code: UserError['code'], retryAfter: number | null = null): LoginResult => ({
    token: null,
    expiresAt: null,
    user: null,
    retryAfter,
    userErrors: [userError(field, message, code)],
  });
  if (input.email.length > AUTH_LIMITS.emailMaxLength) return refuse('email', `At most ${AUTH_LIMITS.emailMaxLength} characters`, 'TOO_LONG');
  if (CONTROL_CHARACTERS.test(input.email)) return refuse('email', 'Not an e-mail address', 'INVALID');
  if (input.password.length > AUTH_LIMITS.passwordMaxLength) return refuse('password', `At most ${AUTH_LIMITS.passwordMaxLength} characters`, 'TOO_LONG');

  const email = input.email.trim().toLowerCase();
  const policies = loginPolicies(options.limits);
  const pair = pairKey(email, address);
  const addr = addressKey(address);
  const waiting = (until: Date) => {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    return refuse('email', `Too many failed logins from your address; try again in ${seconds} second${seconds === 1 ? '' : 's'}`, 'RATE_LIMITED', seconds);
  };

  // A blocked pair or address is refused without counting (one statement).
  const until = await blockedUntil(em, [pair, addr], now);
  if (until) return waiting(until);
  // Counted before the password is checked, so parallel guesses cannot outrun the count.
  if (!(await reserveAttempt(em, addr, policies.address, now))) return waiting((await blockedUntil(em, [addr], now)) ?? now);
  if (!(await reserveAttempt(em, pair, policies.pair, now))) {
    await forgiveAddressAttempt(em, addr, policies.address);
    return waiting((await blockedUntil(em, [pair], now)) ?? now);
  }

  const user = email ? await em.findOne(User, { email }, { populate: ['passwordHash'] }) : null;
  const demoRefused = options.production && email.endsWith(DEMO_DOMAIN);
  // A password is checked (against a throw-away hash without a user), so an unknown e-mail takes as long as a known one.
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? (await unusableHash()));
  const ok = !!user && user.active && !demoRefused && passwordOk;
  if (!ok) {
    return refuse('password', demoRefused ? 'Demo logins are refused in production' : 'Unknown e-mail address or wrong password', 'INVALID_CREDENTIALS');
  }
  await clearKey(em, pair);
  await forgiveAddressAttempt(em, addr, policies.address);
  const { token, expiresAt } = await signer.sign({ userId: user.id, tokenVersion: user.tokenVersion }, now);
  return { token, expiresAt, user, retryAfter: null, userErrors: [] };
}

/**
 * Ends the caller's session on the server: its id is recorded in revoked_session (until the
 * token would have expired), so the token is refused by every instance at once. `everywhere`
 * raises the user's token version instead, which ends every session of the user.
 */
export async function logout(em: EntityManager, viewer: Viewer, everywhere: boolean): Promise<{ everywhere: boolean }> {
  if (viewer.kind !== 'user' || !viewer.session || !viewer.id) {
    throw new UserErrorsException([userError([], 'Only a session can be logged out; an API key is revoked with revokeApiKey', 'INVALID')]);
  }
  if (everywhere) {
    // Not a change of the user record as an administrator edits it: its version stays.
    await em.execute('update app_user set token_version = token_version + 1 where id = ?', [viewer.id]);
  } else {
    await em.execute('insert into revoked_session (id, user_id, expires_at) values (?, ?, ?) on conflict (id) do nothing', [
      viewer.session.id,
      viewer.id,
      viewer.session.expiresAt,
    ]);
  }
  return { everywhere };
}

/**
 * An administrator lifts the sign-in delays of an account (every address it was tried from), and
 * of one address when given. Answers how many counters were cleared.
 */
export async function unlockLogin(em: EntityManager, input: { email: string; address?: string | null }): Promise<number> {
  const p = new Problems();
  if (input.email.length > AUTH_LIMITS.emailMaxLength) p.add('email', `At most ${AUTH_LIMITS.emailMaxLength} characters`, 'TOO_LONG');
  else if (!input.email.trim()) p.add('email', 'Required', 'REQUIRED');
  if (input.address != null && (input.address.length > LIMITS.addressMaxLength || CONTROL_CHARACTERS.test(input.address))) p.add('address', 'Not a client address', 'INVALID');
  p.throwIfAny();
  return unlock(em, input.email.trim().toLowerCase(), input.address?.trim() || null);
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
  else if (password.length > AUTH_LIMITS.passwordMaxLength) p.add('password', `At most ${AUTH_LIMITS.passwordMaxLength} characters`, 'TOO_LONG');
}

/** An administrator creates a user with an initial password. */
export async function createUser(em: EntityManager, input: { email: string; password: string; role: Role; municipalityId?: string | null }): Promise<User> {
  const p = new Problems();
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > AUTH_LIMITS.emailMaxLength) p.add('email', 'Not an e-mail address', 'INVALID');
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
  check.text(p, 'name', input.name, LIMITS.apiKeyNameMaxLength);
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

/** The active users with these e-mail addresses, with their municipality loaded. */
export function activeUsersWithMunicipality(em: EntityManager, emails: readonly string[]) {
  return em.find(User, { email: { $in: [...emails] }, active: true }, { populate: ['municipality'] });
}
