import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Role } from '@schoolmix/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/harness.js';
import { User } from './auth.entity.js';
import { SessionSigner } from './session.js';

/**
 * Sessions and API keys over real HTTP (SPEC section 5): login and its rate limits, what makes a
 * token invalid, how user changes end sessions, and integrator keys. The role × operation matrix
 * is in access-matrix.test.ts; row rules are in policy.test.ts.
 */

const LOGIN = `mutation($input: LoginInput!) {
  login(input: $input) { token expiresAt viewer { kind role municipality { nisCode } } userErrors { field message code } }
}`;
const VIEWER = `{ viewer { kind role label municipality { nisCode } } }`;
const USER_FIELDS = 'id email role active version municipality { nisCode }';
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { ${USER_FIELDS} } userErrors { field code } } }`;
const UPDATE_USER = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { ${USER_FIELDS} } userErrors { field code } } }`;
const KEY_FIELDS = 'id prefix name lastUsedAt revokedAt municipality { nisCode }';
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${KEY_FIELDS} } userErrors { field code } } }`;
const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { ${KEY_FIELDS} } userErrors { field code } } }`;
const API_KEYS = `query($m: ID) { apiKeys(municipalityId: $m) { totalCount nodes { ${KEY_FIELDS} } } }`;

const PASSWORD = 'correct horse battery staple';
const SECRET_FORMAT = /^smx_([a-z0-9]{12})_[A-Za-z0-9_-]{43}$/;

type GqlBody = { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[] };
type UserShape = { id: string; email: string; role: Role; active: boolean; version: number; municipality: { nisCode: string } | null };

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });
const codes = (body: GqlBody) => (body.errors ?? []).map((e) => e.extensions?.code);

describe('sessions and API keys', () => {
  let server: TestServer;
  let gentId: string;
  let antwerpenId: string;
  let addresses = 0;

  beforeAll(async () => {
    server = await startTestServer();
    const em = f.em(server);
    gentId = (await f.municipality(em, { nisCode: '44021', name: 'Gent' })).id;
    antwerpenId = (await f.municipality(em, { nisCode: '11002', name: 'Antwerpen', province: 'Antwerpen' })).id;
  });

  afterAll(() => server?.close());

  /** A client address of its own (the app trusts X-Forwarded-For from loopback), so rate limits do not leak between tests. */
  const newAddress = () => ({ 'x-forwarded-for': `203.0.113.${++addresses}` });

  /** POSTs with the given headers (no admin token) and keeps the HTTP status. */
  async function post(query: string, headers: Record<string, string>, variables: Record<string, unknown> = {}): Promise<{ status: number; body: GqlBody }> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GqlBody };
  }

  /** The viewer query with a credential: the answer, or the refusal with its HTTP status. */
  async function viewerWith(credential: string) {
    return post(VIEWER, bearer(credential));
  }

  async function expectRefused(credential: string, message?: RegExp): Promise<void> {
    const { status, body } = await viewerWith(credential);
    expect(status).toBe(401);
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    expect(body.data ?? null).toBeNull();
    if (message) expect(body.errors![0]!.message).toMatch(message);
  }

  let users = 0;
  async function createUser(role: Role, over: Record<string, unknown> = {}): Promise<UserShape> {
    const needsMunicipality = role === 'COORDINATOR' || role === 'INTEGRATOR';
    const input = { email: `${role.toLowerCase()}.${++users}@example.org`, password: PASSWORD, role, ...(needsMunicipality ? { municipalityId: gentId } : {}), ...over };
    const { createUser: payload } = await server.data(CREATE_USER, { input });
    expect(payload.userErrors).toEqual([]);
    return payload.user;
  }

  async function login(email: string, password: string, from: Record<string, string>) {
    const { body } = await post(LOGIN, { ...from }, { input: { email, password } });
    expect(body.errors).toBeUndefined();
    return body.data!.login as { token: string | null; expiresAt: string | null; viewer: Record<string, any> | null; userErrors: { field: string[]; message: string; code: string }[] };
  }

  async function tokenOf(user: UserShape): Promise<string> {
    const result = await login(user.email, PASSWORD, newAddress());
    expect(result.userErrors).toEqual([]);
    return result.token!;
  }

  describe('login', () => {
    it('creates users with a strong password only', async () => {
      const weak = await server.data(CREATE_USER, { input: { email: 'weak@example.org', password: 'short-pass', role: 'ANALYST' } });
      expect(weak.createUser).toEqual({ user: null, userErrors: [{ field: ['input', 'password'], code: 'WEAK_PASSWORD' }] });
      const user = await createUser('COORDINATOR');
      expect(user).toMatchObject({ role: 'COORDINATOR', active: true, version: 1, municipality: { nisCode: '44021' } });
    });

    it('exchanges the right password for a token whose viewer is that user', async () => {
      const user = await createUser('COORDINATOR');
      const result = await login(user.email.toUpperCase(), PASSWORD, newAddress());
      expect(result.userErrors).toEqual([]);
      expect(result.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(result.expiresAt).toBe(new Date(TEST_NOW.getTime() + 8 * 3600_000).toISOString());
      expect(result.viewer).toEqual({ kind: 'user', role: 'COORDINATOR', municipality: { nisCode: '44021' } });

      const { status, body } = await viewerWith(result.token!);
      expect(status).toBe(200);
      expect(body.data!.viewer).toEqual({ kind: 'user', role: 'COORDINATOR', label: user.email, municipality: { nisCode: '44021' } });
    });

    it('answers a wrong password and an unknown e-mail alike, so accounts cannot be enumerated', async () => {
      const user = await createUser('ANALYST');
      const from = newAddress();
      const wrong = await login(user.email, 'not the password at all', from);
      const unknown = await login('nobody@example.org', PASSWORD, from);
      for (const result of [wrong, unknown]) {
        expect(result).toMatchObject({ token: null, expiresAt: null, viewer: null });
        expect(result.userErrors).toEqual([{ field: ['input', 'password'], code: 'INVALID_CREDENTIALS', message: 'Unknown e-mail address or wrong password' }]);
      }
    });

    it('after 5 failures of one account from one address that address waits (RATE_LIMITED with retryAfter), while the account logs in from elsewhere and the address into another account', async () => {
      const [victim, neighbour] = [await createUser('ANALYST'), await createUser('ANALYST')];
      const from = newAddress();
      for (let i = 1; i <= 5; i++) {
        const failed = await login(victim.email, `wrong password ${i}`, from);
        expect(failed.userErrors.map((e) => e.code), `attempt ${i}`).toEqual(['INVALID_CREDENTIALS']);
      }
      const { body } = await post(`${LOGIN.replace('userErrors {', 'retryAfter userErrors {')}`, from, { input: { email: victim.email, password: PASSWORD } });
      expect(body.data!.login).toMatchObject({ token: null, retryAfter: 2 });
      expect(body.data!.login.userErrors).toEqual([{ field: ['input', 'email'], code: 'RATE_LIMITED', message: 'Too many failed logins from your address; try again in 2 seconds' }]);
      // The account itself is not locked: its owner logs in from an address that did not fail.
      expect((await login(victim.email, PASSWORD, newAddress())).userErrors).toEqual([]);

      const other = await login(neighbour.email, PASSWORD, from);
      expect(other.userErrors).toEqual([]);
      expect(other.token).toBeTruthy();
    });

    it('after 30 failures from one address (over different e-mails) refuses that address (RATE_LIMITED), not another', async () => {
      const user = await createUser('REVIEWER');
      const from = newAddress();
      for (let i = 1; i <= 30; i++) {
        const failed = await login(`guess.${i}@example.org`, PASSWORD, from);
        expect(failed.userErrors.map((e) => e.code), `attempt ${i}`).toEqual(['INVALID_CREDENTIALS']);
      }
      const blocked = await login(user.email, PASSWORD, from);
      expect(blocked.token).toBeNull();
      expect(blocked.userErrors.map((e) => e.code)).toEqual(['RATE_LIMITED']);
      expect((await login(user.email, PASSWORD, newAddress())).userErrors).toEqual([]);
    });

    it('lets no more than 5 guesses through when 20 arrive at once from one address (parallel requests cannot outrun the count)', async () => {
      const victim = await createUser('ANALYST');
      const from = newAddress();
      const attempts = await Promise.all(Array.from({ length: 20 }, (_, i) => login(victim.email, `parallel guess ${i}`, from)));
      const tally = attempts.map((a) => a.userErrors[0]!.code).reduce<Record<string, number>>((t, code) => ({ ...t, [code]: (t[code] ?? 0) + 1 }), {});
      expect(tally).toEqual({ INVALID_CREDENTIALS: 5, RATE_LIMITED: 15 });
    });

    it('takes as long for an unknown e-mail as for a known one, so timing does not enumerate accounts either', async () => {
      const timed = async (email: string) => {
        const started = performance.now();
        await login(email, 'not the password at all', newAddress());
        return performance.now() - started;
      };
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const known: number[] = [];
      const unknown: number[] = [];
      for (let round = 0; round < 5; round++) {
        known.push(await timed((await createUser('ANALYST')).email));
        unknown.push(await timed(`nobody.${round}@example.org`));
      }
      // Checking a password (scrypt) takes tens of milliseconds; skipping it for unknown accounts would show.
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
    });
  });

  describe('session tokens', () => {
    let user: UserShape;
    let claims: { userId: string; tokenVersion: number };

    beforeAll(async () => {
      user = await createUser('ANALYST');
      const row = await f.em(server).findOneOrFail(User, { id: user.id });
      claims = { userId: row.id, tokenVersion: row.tokenVersion };
    });

    const signedAt = async (hoursBeforeNow: number, signer = server.app.signer) => (await signer.sign(claims, new Date(TEST_NOW.getTime() - hoursBeforeNow * 3600_000))).token;

    it('accepts a token for its 8 hours and refuses it (401 UNAUTHENTICATED) after', async () => {
      expect((await viewerWith(await signedAt(7.9))).body.data!.viewer.label).toBe(user.email);
      await expectRefused(await signedAt(9), /expired/);
    });

    it('refuses a token with one character of its signature changed', async () => {
      const token = await signedAt(0);
      expect((await viewerWith(token)).status).toBe(200);
      const [header, payload, signature] = token.split('.') as [string, string, string];
      // Not the last character: its low bits are padding, and changing them may not change the bytes.
      const i = 10;
      const tampered = `${header}.${payload}.${signature.slice(0, i)}${signature[i] === 'A' ? 'B' : 'A'}${signature.slice(i + 1)}`;
      await expectRefused(tampered, /not valid/);
    });

    it('still refuses a remembered token once it expires (the verified-token cache checks expiry on every use)', async () => {
      const signer = new SessionSigner('a-secret-of-at-least-32-characters-for-this-test');
      const { token, expiresAt } = await signer.sign(claims, TEST_NOW);
      expect(await signer.verify(token, TEST_NOW)).toMatchObject({ userId: claims.userId });
      expect(await signer.verify(token, new Date(expiresAt.getTime() - 1000))).toMatchObject({ userId: claims.userId });
      expect(await signer.verify(token, expiresAt)).toBe('expired');
      expect(await signer.verify(token, new Date(expiresAt.getTime() + 3600_000))).toBe('expired');
    });

    it('refuses a token signed with another secret', async () => {
      await expectRefused(await signedAt(0, new SessionSigner('another-secret-of-at-least-32-characters!')), /not valid/);
    });

    it('refuses a token without a session id (made before logout existed), since it could not be logged out', async () => {
      const secret = 'a-secret-of-at-least-32-characters-for-this-test';
      const { SignJWT } = await import('jose');
      const legacy = await new SignJWT({ tv: claims.tokenVersion })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.userId)
        .setIssuer('schoolmix')
        .setIssuedAt(Math.floor(TEST_NOW.getTime() / 1000))
        .setExpirationTime(Math.floor(TEST_NOW.getTime() / 1000) + 3600)
        .sign(new TextEncoder().encode(secret));
      const signer = new SessionSigner(secret);
      expect(await signer.verify(legacy, TEST_NOW)).toBe('invalid');
      const current = (await signer.sign(claims, TEST_NOW)).token;
      expect(await signer.verify(current, TEST_NOW)).toMatchObject({ userId: claims.userId, sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    });

    it('refuses a malformed Authorization header instead of serving it as anonymous', async () => {
      const token = await signedAt(0);
      for (const authorization of [token, `Token ${token}`, 'Bearer', `Bearer ${token} extra`, 'Bearer not-a-token']) {
        const { status, body } = await post(VIEWER, { authorization });
        expect(status, authorization).toBe(401);
        expect(codes(body), authorization).toEqual(['UNAUTHENTICATED']);
      }
    });
  });

  describe('user management', () => {
    const update = async (input: Record<string, unknown>, headers?: Record<string, string>) => (await server.gql(UPDATE_USER, { input }, headers));

    it('deactivating a user ends its session at once, and it can no longer log in', async () => {
      const user = await createUser('REVIEWER');
      const token = await tokenOf(user);
      expect((await viewerWith(token)).status).toBe(200);

      const { data } = await update({ id: user.id, version: user.version, active: false });
      expect(data!.updateUser).toEqual({ user: { ...user, active: false, version: user.version + 1 }, userErrors: [] });
      await expectRefused(token, /session was ended/);
      expect((await login(user.email, PASSWORD, newAddress())).userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
    });

    it('a role change ends the session; a new login carries the new role', async () => {
      const user = await createUser('REVIEWER');
      const token = await tokenOf(user);
      const { data } = await update({ id: user.id, version: user.version, role: 'ANALYST' });
      expect(data!.updateUser.user).toMatchObject({ role: 'ANALYST', active: true });
      await expectRefused(token);
      expect((await login(user.email, PASSWORD, newAddress())).viewer).toEqual({ kind: 'user', role: 'ANALYST', municipality: null });
    });

    it('refuses a change based on a stale version, changing nothing', async () => {
      const user = await createUser('ANALYST');
      const token = await tokenOf(user);
      await update({ id: user.id, version: user.version, password: 'a brand new password' });
      const { data } = await update({ id: user.id, version: user.version, active: false });
      expect(data!.updateUser).toEqual({ user: null, userErrors: [{ field: ['input', 'version'], code: 'STALE_VERSION' }] });
      const { users } = await server.data(`{ users(first: 100) { nodes { id active version } } }`);
      expect(users.nodes.find((u: { id: string }) => u.id === user.id)).toEqual({ id: user.id, active: true, version: user.version + 1 });
      // The password change (which did happen) ended the old session.
      await expectRefused(token);
    });

    it('an administrator cannot deactivate himself', async () => {
      const admin = await createUser('ADMIN');
      const token = await tokenOf(admin);
      const { data } = await update({ id: admin.id, version: admin.version, active: false }, bearer(token));
      expect(data!.updateUser).toEqual({ user: null, userErrors: [{ field: ['input', 'active'], code: 'INVALID' }] });
      expect((await viewerWith(token)).status).toBe(200);
    });

    it('a coordinator needs a municipality, and an e-mail address is taken once', async () => {
      const noMunicipality = await server.data(CREATE_USER, { input: { email: 'lost@example.org', password: PASSWORD, role: 'COORDINATOR' } });
      expect(noMunicipality.createUser.userErrors).toEqual([{ field: ['input', 'municipalityId'], code: 'REQUIRED' }]);
      const analyst = await createUser('ANALYST');
      const promoted = await update({ id: analyst.id, version: analyst.version, role: 'COORDINATOR' });
      expect(promoted.data!.updateUser.userErrors).toEqual([{ field: ['input', 'municipalityId'], code: 'REQUIRED' }]);

      const taken = await server.data(CREATE_USER, { input: { email: ` ${analyst.email.toUpperCase()} `, password: PASSWORD, role: 'REVIEWER' } });
      expect(taken.createUser).toEqual({ user: null, userErrors: [{ field: ['input', 'email'], code: 'DUPLICATE' }] });
    });

    it('users lists them, for administrators only', async () => {
      const created = await createUser('COORDINATOR');
      const { users } = await server.data(`{ users(first: 100) { totalCount nodes { ${USER_FIELDS} } } }`);
      const count = await f.em(server).count(User, {});
      expect(users.totalCount).toBe(count);
      expect(users.nodes).toHaveLength(count);
      expect(users.nodes).toContainEqual(created);

      const coordinator = await server.tokenFor('COORDINATOR', gentId);
      expect(codes(await server.gql(`{ users { totalCount } }`, {}, bearer(coordinator)))).toEqual(['FORBIDDEN']);
    });
  });

  describe('API keys', () => {
    let coordinator: Record<string, string>;

    beforeAll(async () => {
      coordinator = bearer(await server.tokenFor('COORDINATOR', gentId));
    });

    async function createKey(name: string, municipalityId: string, headers: Record<string, string> = coordinator) {
      return server.gql(CREATE_KEY, { input: { name, municipalityId } }, headers);
    }

    async function newGentKey(name: string): Promise<{ secret: string; id: string }> {
      const { data } = await createKey(name, gentId);
      return { secret: data!.createApiKey.secret, id: data!.createApiKey.apiKey.id };
    }

    it('a coordinator creates a key for its municipality; the secret (smx_…) is shown once', async () => {
      const { data, errors } = await createKey(' Planning tool ', gentId);
      expect(errors).toBeUndefined();
      const { secret, apiKey, userErrors } = data!.createApiKey;
      expect(userErrors).toEqual([]);
      expect(secret).toMatch(SECRET_FORMAT);
      expect(apiKey).toEqual({ id: expect.any(String), prefix: SECRET_FORMAT.exec(secret)![1], name: 'Planning tool', lastUsedAt: null, revokedAt: null, municipality: { nisCode: '44021' } });
    });

    it('the secret (or its hash) is in no type of the schema but the create payload', async () => {
      const introspection = await server.data(`{ __type(name: "ApiKey") { fields { name } } }`);
      const fields: string[] = introspection.__type.fields.map((field: { name: string }) => field.name);
      expect(fields).toContain('prefix');
      expect(fields.filter((name) => /secret|hash/i.test(name))).toEqual([]);

      const sdl = readFileSync(resolve(import.meta.dirname, '../../../schema.graphql'), 'utf8');
      const apiKeyType = /\ntype ApiKey (?:implements [^{]*)?\{([^}]*)\}/.exec(sdl)![1]!;
      expect(apiKeyType).toMatch(/prefix: String!/);
      expect(apiKeyType).not.toMatch(/secret|hash/i);

      expect(codes(await server.gql(`{ apiKeys { nodes { secret } } }`, {}, coordinator))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    });

    it('with the key, the viewer is an integrator of that municipality, and the key’s lastUsedAt is set', async () => {
      const { secret, id } = await newGentKey('Registration app');
      const { status, body } = await viewerWith(secret);
      expect(status).toBe(200);
      expect(body.data!.viewer).toEqual({ kind: 'apiKey', role: 'INTEGRATOR', label: expect.stringContaining('Registration app'), municipality: { nisCode: '44021' } });
      const { data } = await server.gql(API_KEYS, {}, coordinator);
      expect(data!.apiKeys.nodes.find((k: { id: string }) => k.id === id).lastUsedAt).toBe(TEST_NOW.toISOString());
    });

    it('a coordinator cannot create a key for another municipality, and nothing is written', async () => {
      const body = await createKey('Sneaky', antwerpenId);
      expect(codes(body)).toEqual(['FORBIDDEN']);
      expect(body.errors![0]!.path).toEqual(['createApiKey']);
      expect((await server.data(API_KEYS, { m: antwerpenId })).apiKeys.totalCount).toBe(0);
    });

    it('a coordinator lists its own municipality’s keys only', async () => {
      const adminKey = await createKey('Antwerp sync', antwerpenId, bearer(server.adminToken));
      expect(adminKey.data!.createApiKey.userErrors).toEqual([]);
      const everything = (await server.data(API_KEYS)).apiKeys;
      const gent = (await server.data(API_KEYS, { m: gentId })).apiKeys;
      expect(everything.totalCount).toBe(gent.totalCount + 1);

      const { data } = await server.gql(API_KEYS, {}, coordinator);
      expect(data!.apiKeys.totalCount).toBe(gent.totalCount);
      expect(new Set(data!.apiKeys.nodes.map((k: { municipality: { nisCode: string } }) => k.municipality.nisCode))).toEqual(new Set(['44021']));
      expect(codes(await server.gql(API_KEYS, { m: antwerpenId }, coordinator))).toEqual(['FORBIDDEN']);
    });

    it('a revoked key is refused on the next request', async () => {
      const { secret, id } = await newGentKey('Old laptop');
      expect((await viewerWith(secret)).status).toBe(200);
      const { data } = await server.gql(REVOKE_KEY, { id }, coordinator);
      expect(data!.revokeApiKey).toMatchObject({ apiKey: { id, revokedAt: TEST_NOW.toISOString() }, userErrors: [] });
      await expectRefused(secret, /revoked/);
    });

    it('refuses a key that looks right but is not one, and a real prefix with a wrong secret', async () => {
      await expectRefused(`smx_abcdefghijkl_${'A'.repeat(43)}`, /Unknown API key/);
      await expectRefused('smx_garbage');
      const { secret } = await newGentKey('Forged');
      const forged = secret.slice(0, -5) + (secret.endsWith('AAAAA') ? 'BBBBB' : 'AAAAA');
      await expectRefused(forged, /Unknown API key/);
    });
  });
});
