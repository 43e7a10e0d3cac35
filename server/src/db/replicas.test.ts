import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { configProblems, startTestServer, type TestServer } from '../test/harness.js';

describe('DATABASE_REPLICA_URLS configuration', () => {
  const primary = 'postgres://app:secret@db-primary:5432/schoolmix';

  it('reads a comma-separated list of replica URLs next to DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: ' postgres://app:secret@db-r1:5432/schoolmix , postgresql://db-r2/schoolmix ,' });
    expect(config.databaseReplicaUrls).toEqual(['postgres://app:secret@db-r1:5432/schoolmix', 'postgresql://db-r2/schoolmix']);
    expect(loadConfig({ DATABASE_URL: primary }).databaseReplicaUrls).toEqual([]);
  });

  it('refuses replicas without DATABASE_URL (the embedded database has none), naming the variable', () => {
    expect(configProblems({ DATABASE_REPLICA_URLS: 'postgres://db-r1/schoolmix' })).toEqual([expect.stringMatching(/^DATABASE_REPLICA_URLS needs DATABASE_URL/)]);
  });

  it('refuses a malformed replica URL, naming the variable and the entry, without echoing its password', () => {
    const problems = configProblems({ DATABASE_URL: primary, DATABASE_REPLICA_URLS: 'postgres://db-r1/schoolmix,mysql://app:hunter2@db-r2/x,postgres://' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^DATABASE_REPLICA_URLS entry 2 must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(problems[0]).not.toContain('hunter2');
    expect(problems[1]).toMatch(/^DATABASE_REPLICA_URLS entry 3 /);
  });
});

/**
 * Which reads go to a read replica. The "replica" is a second connection string to the same test
 * database: the server names its replica connections `schoolmix-replica-<n>` (application_name),
 * so pg_stat_activity and MikroORM's query log tell the two apart.
 */
describe.skipIf(!process.env.DATABASE_URL)('read replicas (PostgreSQL)', () => {
  let server: TestServer;
  let analyst: string;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo', replicas: 1 });
    const { login } = await server.data(`mutation($input: LoginInput!) { login(input: $input) { token } }`, { input: { email: 'analyst@schoolmix.demo', password: 'schoolmix-demo' } });
    analyst = login.token;
  }, 180_000);

  afterAll(() => server?.close());

  const routed = <T>(fn: () => Promise<T>) => server.app.db.statements.captureRouted(fn);
  const gql = (query: string, variables: Record<string, unknown>, token: string) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) }).then((r) => r.json());

  it('streams an export from the replica, after checking the session on the primary', async () => {
    const { result, statements } = await routed(async () => {
      const response = await fetch(`${server.url}/export/project-kpis.csv`, { headers: { authorization: `Bearer ${analyst}` } });
      return { status: response.status, text: await response.text() };
    });
    expect(result.status).toBe(200);
    expect(result.text.trim().split('\r\n').length).toBeGreaterThan(1);
    const onReplica = statements.filter((s) => s.connection === 'replica-1');
    const onPrimary = statements.filter((s) => s.connection === 'primary');
    // The report: every project/KPI read of the export ran on the replica…
    expect(onReplica.length).toBeGreaterThan(0);
    expect(onReplica.some((s) => /from "project"/.test(s.sql))).toBe(true);
    expect(onReplica.every((s) => /^\s*(select|with)\b/i.test(s.sql))).toBe(true);
    // …and who is asking (the session and its user) was read on the primary, nothing else.
    expect(onPrimary.some((s) => /\btoken_version\b/.test(s.sql))).toBe(true);
    expect(onPrimary.some((s) => /from "project"/.test(s.sql))).toBe(false);
  });

  it('the replica connection is a server session of its own, named in pg_stat_activity', async () => {
    const client = new pg.Client({ connectionString: server.app.config.databaseUrl! });
    await client.connect();
    try {
      const { rows } = await client.query<{ application_name: string; query: string }>(
        `select application_name, query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      const replica = rows.filter((r) => r.application_name === 'schoolmix-replica-1');
      expect(replica.length).toBeGreaterThan(0);
      // Its last statement was one of the export's reads.
      expect(replica.some((r) => /^\s*select\b/i.test(r.query))).toBe(true);
      expect(rows.some((r) => r.application_name !== 'schoolmix-replica-1')).toBe(true);
      // The primary keeps the request time budget as its statement timeout; the replica has none.
      const on = (type: 'read' | 'write') => server.app.db.orm.em.fork().getConnection(type).execute<{ t: string; a: string }[]>(`select current_setting('statement_timeout') as t, current_setting('application_name') as a`);
      expect((await on('write'))[0]).toMatchObject({ t: `${server.app.config.requestTimeoutMs / 1000}s`, a: '' });
      expect((await on('read'))[0]).toMatchObject({ t: '0', a: 'schoolmix-replica-1' });
    } finally {
      await client.end();
    }
  });

  it('logs in, checks sessions, rate-limits and runs mutations on the primary only', async () => {
    const { result, statements } = await routed(async () => {
      const login = await gql(`mutation($input: LoginInput!) { login(input: $input) { token } }`, { input: { email: 'reviewer@schoolmix.demo', password: 'schoolmix-demo' } }, '');
      const token = login.data.login.token as string;
      const viewer = await gql(`{ viewer { role } }`, {}, token);
      const logout = await gql(`mutation { logout(input: {}) { userErrors { code } } }`, {}, token);
      const after = await gql(`{ viewer { role } }`, {}, token);
      return { token, viewer, logout, after };
    });
    expect(result.token).toBeTruthy();
    expect(result.viewer.data.viewer.role).toBe('REVIEWER');
    expect(result.logout.errors).toBeUndefined();
    // Logged out a moment ago: the session check read the primary, so the token no longer works.
    expect(result.after.data?.viewer?.role ?? null).toBeNull();
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((s) => s.connection !== 'primary')).toEqual([]);
    expect(statements.some((s) => /^\s*insert\b/i.test(s.sql))).toBe(true);
  });

  it('an export right after logout is refused: the revocation is seen on the primary', async () => {
    const { login } = await server.data(`mutation($input: LoginInput!) { login(input: $input) { token } }`, { input: { email: 'analyst@schoolmix.demo', password: 'schoolmix-demo' } });
    await gql(`mutation { logout(input: {}) { userErrors { code } } }`, {}, login.token);
    const response = await fetch(`${server.url}/export/project-kpis.csv`, { headers: { authorization: `Bearer ${login.token}` } });
    expect(response.status).toBe(401);
  });
});
