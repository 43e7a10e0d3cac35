import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../app.js';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

/**
 * `logout` ends a session on the server (SPEC section 6): the token — and any copy of it — is
 * refused at once, by every instance, since the revocation is stored in PostgreSQL.
 */

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { token expiresAt userErrors { code } } }`;
const LOGOUT = `mutation($input: LogoutInput!) { logout(input: $input) { everywhere userErrors { field message code } } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { code } } }`;
const VIEWER = `{ viewer { kind label } }`;
const PASSWORD = 'correct horse battery staple';
const SECRET = 'logout-test-secret-of-at-least-32-characters';

describe('logout', () => {
  let server: TestServer;
  let users = 0;

  beforeAll(async () => {
    server = await startTestServer({ overrides: { sessionSecret: SECRET } });
  });
  afterAll(() => server?.close());

  async function post(url: string, query: string, variables: Record<string, unknown>, token?: string) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  }

  async function newUser(): Promise<{ id: string; email: string }> {
    const email = `leaver.${++users}@example.org`;
    const { createUser } = await server.data(CREATE_USER, { input: { email, password: PASSWORD, role: 'ANALYST' } });
    return { id: createUser.user.id, email };
  }

  async function session(email: string): Promise<{ token: string; expiresAt: string }> {
    const { body } = await post(server.url, LOGIN, { input: { email, password: PASSWORD } });
    expect(body.data!.login.userErrors).toEqual([]);
    return body.data!.login;
  }

  async function expectRefused(token: string, message: RegExp, url = server.url) {
    const { status, body } = await post(url, VIEWER, {}, token);
    expect(status).toBe(401);
    expect(body.errors!.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(body.errors![0]!.message).toMatch(message);
  }

  it('ends this session at once: the token and any copy of it are refused (401); the user’s other sessions go on', async () => {
    const user = await newUser();
    const [laptop, phone] = [await session(user.email), await session(user.email)];
    const copied = `${laptop.token}`;
    const { status, body } = await post(server.url, LOGOUT, { input: {} }, laptop.token);
    expect(status).toBe(200);
    expect(body.data!.logout).toEqual({ everywhere: false, userErrors: [] });
    await expectRefused(copied, /logged out/);
    expect((await post(server.url, VIEWER, {}, phone.token)).body.data!.viewer).toEqual({ kind: 'user', label: user.email });

    // Stored until the token would have expired anyway (then purged).
    const rows = await (server.app.db.orm.em.fork() as EntityManager).execute<{ user_id: string; expires_at: Date }[]>('select user_id, expires_at from revoked_session where user_id = ?', [user.id]);
    expect(rows.map((r) => ({ user_id: r.user_id, expires_at: new Date(r.expires_at).toISOString() }))).toEqual([{ user_id: user.id, expires_at: laptop.expiresAt }]);
  });

  it('a logged-out token is refused by the exports too', async () => {
    const user = await newUser();
    const { token } = await session(user.email);
    expect((await fetch(`${server.url}/export/project-kpis.csv`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await post(server.url, LOGOUT, { input: {} }, token);
    const refused = await fetch(`${server.url}/export/project-kpis.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(401);
  });

  it('everywhere: true ends every session of the user (its token version goes up), not other users’; a new login works', async () => {
    const [user, bystander] = [await newUser(), await newUser()];
    const [a, b] = [await session(user.email), await session(user.email)];
    const other = await session(bystander.email);
    const { body } = await post(server.url, LOGOUT, { input: { everywhere: true } }, a.token);
    expect(body.data!.logout).toEqual({ everywhere: true, userErrors: [] });
    await expectRefused(a.token, /ended/);
    await expectRefused(b.token, /ended/);
    expect((await post(server.url, VIEWER, {}, other.token)).status).toBe(200);
    const again = await session(user.email);
    expect((await post(server.url, VIEWER, {}, again.token)).body.data!.viewer.label).toBe(user.email);
    // Not an edit of the user record: an administrator's form based on its version stays valid.
    const { users: list } = await server.data(`{ users(first: 100) { nodes { id version } } }`);
    expect(list.nodes.find((u: { id: string }) => u.id === user.id).version).toBe(1);
  });

  it('an API key cannot log out (a user error; revokeApiKey stops keys) and keeps working; anonymous callers are refused (401)', async () => {
    const em = f.em(server);
    const gent = await f.municipality(em, { nisCode: '44021', name: 'Gent' });
    const { createApiKey } = await server.data(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, { input: { name: 'Sync', municipalityId: gent.id } });
    const { body } = await post(server.url, LOGOUT, { input: {} }, createApiKey.secret);
    expect(body.data!.logout).toEqual({ everywhere: null, userErrors: [{ field: ['input'], code: 'INVALID', message: 'Only a session can be logged out; an API key is revoked with revokeApiKey' }] });
    expect((await post(server.url, VIEWER, {}, createApiKey.secret)).body.data!.viewer.kind).toBe('apiKey');

    const anonymous = await post(server.url, LOGOUT, { input: {} });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors!.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it.runIf(process.env.DATABASE_URL)('a session logged out on one instance is refused by another instance on the same PostgreSQL at once', async () => {
    const second: App = await createApp({ ...server.app.config });
    try {
      const { url } = await second.listen(0);
      const user = await newUser();
      const { token } = await session(user.email);
      expect((await post(url, VIEWER, {}, token)).status).toBe(200);
      await post(server.url, LOGOUT, { input: {} }, token);
      await expectRefused(token, /logged out/, url);
    } finally {
      await second.close();
    }
  });
});
