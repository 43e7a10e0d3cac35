import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { em, project } from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/harness.js';

/**
 * SPEC 6: a request time budget (REQUEST_TIMEOUT_MS): no field starts after it, PostgreSQL
 * cancels a statement that runs past it (statement_timeout), and the work stops when the client
 * goes away.
 */

const QUERY = '{ projects(first: 10) { nodes { id kpi { reached target } leadMunicipality { name } } } }';

async function post(url: string, token: string, query: string, signal?: AbortSignal) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
    signal,
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

describe('the request time budget', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    for (let i = 0; i < 3; i++) await project(em(server));
  });

  afterAll(() => server?.close());

  /**
   * The statements of a full answer that come after the `projects` resolver: kpi, period, lead
   * municipality (not the session check, the request limiter's count or the page itself).
   */
  async function nestedStatements(): Promise<string[]> {
    const { result, statements } = await server.app.db.statements.capture(() => post(server.url, server.adminToken, QUERY));
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.projects.nodes).toHaveLength(3);
    // Loaders of the same level run concurrently: their order varies on PostgreSQL.
    return statements.filter((sql) => !/from "?app_user"? |rate_limit_bucket|from "project" as "\w+"/.test(sql)).sort();
  }

  it('answers a normal request in full', async () => {
    const nested = await nestedStatements();
    expect(nested).toHaveLength(3);
    expect(nested).toEqual(
      expect.arrayContaining([expect.stringMatching(/from project_kpi/), expect.stringMatching(/from "funding_period"/), expect.stringMatching(/from "municipality" where "id" = any\(/)]),
    );
  });

  it('stops resolving fields once the budget has passed, with one REQUEST_TIMEOUT error instead of one per field', async () => {
    const tight = await startTestServer({ overrides: { requestTimeoutMs: 100 } });
    try {
      for (let i = 0; i < 3; i++) await project(em(tight));
      // The request waits 300 ms for the project table, three times its budget.
      const held = await holdTable(tight, 'project');
      const started = performance.now();
      const answer = post(tight.url, tight.adminToken, QUERY);
      const released = new Promise((r) => setTimeout(r, 300)).then(() => held.release());
      const { status, body } = await answer;
      const elapsed = performance.now() - started;
      await released;
      expect(status).toBe(200);
      expect(body.data).toBeNull();
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]).toMatchObject({ message: expect.stringMatching(/time budget/), extensions: { code: 'REQUEST_TIMEOUT' } });
      // PostgreSQL cancels the waiting statement at the budget (statement_timeout), before the
      // lock is released; PGlite has one connection and no timeout, so the answer waits for it.
      if (tight.app.db.kind === 'postgresql') expect(elapsed).toBeLessThan(300);
    } finally {
      await tight.close();
    }
  });

  it('stops when the client goes away: fields not yet started are not resolved and send no SQL', async () => {
    const nested = await nestedStatements();
    // Hold the project table so that the request waits inside its first statements.
    const held = await holdTable(server, 'project');
    const { statements } = await server.app.db.statements.capture(async () => {
      const client = new AbortController();
      const request = post(server.url, server.adminToken, QUERY, client.signal).catch((error: Error) => error);
      await new Promise((r) => setTimeout(r, 150));
      client.abort();
      expect(await request).toBeInstanceOf(Error);
      await new Promise((r) => setTimeout(r, 50));
      await held.release();
      // Give the server time to finish whatever it had started.
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(statements.filter((sql) => nested.includes(sql))).toEqual([]);
    // The server is fine afterwards.
    expect(await nestedStatements()).toEqual(nested);
  });

  it.skipIf(!process.env.DATABASE_URL)('on PostgreSQL, bounds every statement with statement_timeout = the budget', async () => {
    const { rows } = { rows: await server.app.db.orm.em.fork().getConnection().execute<{ statement_timeout: string }[]>('show statement_timeout') };
    expect(rows[0]!.statement_timeout).toBe('10s');
    const tight = await startTestServer({ overrides: { requestTimeoutMs: 300 } });
    try {
      const started = performance.now();
      await expect(tight.app.db.orm.em.fork().getConnection().execute('select pg_sleep(5)')).rejects.toThrow(/statement timeout/);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await tight.close();
    }
  });
});

/**
 * Takes an exclusive lock on a table from another connection until `release()`. PGlite has one
 * connection: a transaction held open there makes every other statement wait.
 */
async function holdTable(server: TestServer, table: string): Promise<{ release(): Promise<void> }> {
  if (server.app.db.kind === 'pglite') {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const done = em(server).transactional(async (tx) => {
      await tx.execute(`lock table "${table}" in access exclusive mode`);
      locked();
      await released;
    });
    await isLocked;
    return {
      async release() {
        release();
        await done;
      },
    };
  }
  const url = server.app.config.databaseUrl!;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('begin');
  await client.query(`lock table "${table}" in access exclusive mode`);
  return {
    async release() {
      await client.query('commit');
      await client.end();
    },
  };
}
