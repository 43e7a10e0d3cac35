import { encodeCursor } from '@schoolmix/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { PreparedReads } from '../../db/prepared.js';
import { type SeenSessionRow, SessionCache, SESSION_SEEN_SQL } from './session-check.js';

/**
 * A signed-in user's session checked inside the read itself (session-check.ts): one statement for
 * a query once the process has seen the session, and on any change of the session's row exactly
 * the answer a check made first gives — 401 counted against the client's address for a session
 * that no longer stands, the rules of the user's new role at once — whichever way the query is
 * answered (one statement with rows or JSON, an empty page, the resolvers, a refusal before it runs).
 */

const row = (id: string): SeenSessionRow => ({ id, email: `${id}@x`, role: 'ADMIN', municipality_id: null, active: true, token_version: 1, revoked: false, merged: [], seen: `(${id})` });

describe('SessionCache', () => {
  it('answers a row only for the user it was seen for, and keeps at most `max` rows, the oldest going first', () => {
    const cache = new SessionCache(2);
    cache.set('s1', row('u1'));
    expect(cache.get('s1', 'u1')?.seen).toBe('(u1)');
    expect(cache.get('s1', 'u2')).toBeUndefined();
    cache.set('s2', row('u2'));
    cache.set('s1', row('u1')); // seen again: now the newest
    cache.set('s3', row('u3'));
    expect([cache.get('s1', 'u1')?.id, cache.get('s2', 'u2')?.id, cache.get('s3', 'u3')?.id]).toEqual(['u1', undefined, 'u3']);
    expect(cache.size).toBe(2);
    cache.delete('s1');
    expect(cache.get('s1', 'u1')).toBeUndefined();
  });
});

const FLAT = '{ municipalities(first: 100, orderBy: [{ field: NIS_CODE }]) { nodes { nisCode name } } }';
const NESTED = '{ projects(first: 10, orderBy: [{ field: TITLE }]) { nodes { title leadMunicipality { name } } } }';
const QUERIES = {
  'a flat list (rows)': FLAT,
  'an empty page of a flat list': `{ municipalities(first: 5, after: "${encodeCursor(100_000)}") { nodes { name } } }`,
  'a nested list (JSON)': NESTED,
  'a query the resolvers answer': '{ viewer { kind label } }',
  'a query refused before it runs': '{ municipalities { nope } }',
};

describe.skipIf(!process.env.DATABASE_URL)('a session checked inside the read, on a PostgreSQL server', () => {
  let server: TestServer;
  let own: string | undefined;

  beforeAll(async () => {
    // The one statement of a read on (CI's PostgreSQL pass turns it off for the other suites).
    server = await startTestServer({ env: { GRAPHQL_PUSHDOWN: 'on' } });
    const e = f.em(server);
    // Three projects, one led by each municipality (one project per lead and period).
    for (let i = 0; i < 3; i++) {
      const lead = await f.municipality(e);
      own ??= lead.id;
      await f.project(e, { lead });
    }
  });
  afterAll(() => server?.close());

  async function post(query: string, token: string) {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    return { status: response.status, policy: response.headers.get('ratelimit-policy'), body };
  }

  /** A new user's session, seen by this process (two queries). */
  async function seenSession(): Promise<{ token: string; email: string }> {
    const token = await server.tokenFor('ADMIN');
    await post(FLAT, token);
    const { body } = await post('{ viewer { label } }', token);
    return { token, email: body.data!.viewer.label as string };
  }

  const sql = (text: string, values: unknown[]) => f.em(server).getConnection().execute(text, values);

  it('answers a query in one statement once its session was seen: the read checks it, with the same answer', async () => {
    const { token } = await seenSession();
    for (const query of [FLAT, NESTED]) {
      const first = await post(query, token);
      const { result, statements } = await server.app.db.statements.capture(() => post(query, token));
      expect(result.body).toEqual(first.body);
      expect(result.body.errors).toBeUndefined();
      expect(statements).toHaveLength(1);
      expect(statements[0]).toContain('from app_user u where u.id = $2');
    }
    expect((await post(NESTED, token)).body.data!.projects.nodes).toHaveLength(3);
  });

  const ENDINGS: [string, (email: string, token: string) => Promise<unknown>, RegExp][] = [
    ['logged out', (_email, token) => post('mutation { logout(input: {}) { everywhere } }', token), /This session was logged out/],
    ['user deactivated', (email) => sql('update app_user set active = false where email = ?', [email]), /This session was ended/],
    ['logged out everywhere', (email) => sql('update app_user set token_version = token_version + 1 where email = ?', [email]), /This session was ended/],
  ];

  for (const [ending, end, message] of ENDINGS) {
    for (const [kind, query] of Object.entries(QUERIES)) {
      it(`${ending}, then ${kind}: 401 as a check made first answers it, counted against the address, no data`, async () => {
        const { token, email } = await seenSession();
        await end(email, token);
        const { status, policy, body } = await post(query, token);
        expect(status).toBe(401);
        expect(body.errors!.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
        expect(body.errors![0]!.message).toMatch(message);
        expect(body.data ?? null).toBeNull();
        expect(policy).toMatch(/^"anonymous";/);
        // And the next one too (the process no longer holds the session as it was).
        expect((await post(FLAT, token)).status).toBe(401);
      });
    }
  }

  it('answers with the rules of the role the user has now, at once: an administrator made coordinator sees the project of their municipality only', async () => {
    const { token, email } = await seenSession();
    expect((await post(NESTED, token)).body.data!.projects.nodes).toHaveLength(3);
    await sql(`update app_user set role = 'COORDINATOR', municipality_id = ? where email = ?`, [own, email]);
    const { status, policy, body } = await post(NESTED, token);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.projects.nodes).toHaveLength(1);
    expect(policy).toMatch(/^"coordinator";/);
    expect((await post('{ viewer { role } }', token)).body.data!.viewer.role).toBe('COORDINATOR');
  });

  it('answers 401 (not 429) for an ended session over the budget of the role its cached row names, counted against the address', async () => {
    const limits = server.app.config.rateLimits;
    const tight = await startTestServer({ env: { GRAPHQL_PUSHDOWN: 'on' }, overrides: { rateLimits: { ...limits, byRole: { ...limits.byRole, ADMIN: 1_000, COORDINATOR: 2 } } } });
    try {
      const token = await tight.tokenFor('ADMIN');
      const ask = async () => {
        const response = await fetch(`${tight.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: FLAT }) });
        return { status: response.status, policy: response.headers.get('ratelimit-policy')?.split(';')[0] };
      };
      for (let i = 0; i < 3; i++) expect(await ask()).toEqual({ status: 200, policy: '"admin"' });
      const lead = await f.municipality(f.em(tight));
      const sqlThere = (text: string, values: unknown[]) => f.em(tight).getConnection().execute(text, values);
      await sqlThere(`update app_user set role = 'COORDINATOR', municipality_id = ? where role = 'ADMIN'`, [lead.id]);
      // Checked, then over the coordinator's budget of 2: 429 for the coordinator.
      expect(await ask()).toEqual({ status: 429, policy: '"coordinator"' });
      await sqlThere(`update app_user set active = false where role = 'COORDINATOR'`, []);
      // The cached row says coordinator, over budget; the session has ended: 401, as a check made first answers.
      expect(await ask()).toEqual({ status: 401, policy: '"anonymous"' });
    } finally {
      await tight.close();
    }
  });

  it('reads the session first when Apollo runs without our executor (GRAPHQL_JIT=off and GRAPHQL_PUSHDOWN=off): only that executor checks a cached session before any resolver', async () => {
    const plain = await startTestServer({ env: { GRAPHQL_PUSHDOWN: 'off', GRAPHQL_JIT: 'off' } });
    try {
      const token = await plain.tokenFor('ADMIN');
      const ask = () => fetch(`${plain.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: FLAT }) });
      await ask();
      await ask();
      const { statements } = await plain.app.db.statements.capture(ask);
      expect(statements[0]).toMatch(/^select s\.\*, s::text as seen/);
    } finally {
      await plain.close();
    }
  });

  it('runs a query again when the lone read of its cached session fails, and never sends the answer of the failed run', async () => {
    const { token, email } = await seenSession();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called on its own instance below
    const original = PreparedReads.prototype.withParams;
    let failed = 0;
    const spy = vi.spyOn(PreparedReads.prototype, 'withParams').mockImplementation(function (this: PreparedReads, em, text, values) {
      // The first lone read of the session (before any resolver runs) fails, as a dropped connection would.
      if (text === SESSION_SEEN_SQL && failed === 0) {
        failed += 1;
        return Promise.reject(new Error('connection terminated unexpectedly'));
      }
      return original.call(this, em, text, values);
    });
    try {
      const { status, body } = await post('{ viewer { label } }', token);
      expect(failed).toBe(1);
      expect([status, body.errors, body.data?.viewer.label]).toEqual([200, undefined, email]);
    } finally {
      spy.mockRestore();
    }
  });

  it('answers a changed email (the viewer’s label) at once, the session standing', async () => {
    const { token, email } = await seenSession();
    await sql('update app_user set email = ? where email = ?', [`renamed.${email}`, email]);
    const flat = await post(FLAT, token);
    expect(flat.status).toBe(200);
    expect(flat.body.data!.municipalities.nodes.length).toBeGreaterThan(0);
    expect((await post('{ viewer { label } }', token)).body.data!.viewer.label).toBe(`renamed.${email}`);
  });
});
