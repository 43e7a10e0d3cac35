import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { RETRY_AFTER_SECONDS } from './db/availability.js';
import { startTestServer, type TestServer } from './test/harness.js';

/**
 * Production hygiene (issue 11, SPEC 6): no field suggestions outside development; 503 with
 * Retry-After while PostgreSQL is unreachable, logged once per outage, recovering by itself;
 * TRUST_PROXY and REQUEST_TIMEOUT_MS checked at boot; /metrics behind METRICS_TOKEN in production
 * (issue 12).
 */

const TYPO_FIELD = '{ viewer { rol } }';
const TYPO_ENUM = '{ projects(filter: { statuses: [APROVED] }) { totalCount } }';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

describe('/metrics', () => {
  const TOKEN = 'metrics-token-0123456789';
  let guarded: TestServer;
  let bare: TestServer;
  let development: TestServer;

  beforeAll(async () => {
    guarded = await startTestServer({ overrides: { nodeEnv: 'production', sessionSecret: 'x'.repeat(40), metricsToken: TOKEN } });
    bare = await startTestServer({ overrides: { nodeEnv: 'production', sessionSecret: 'x'.repeat(40) } });
    development = await startTestServer({ overrides: { nodeEnv: 'development' } });
  });

  afterAll(async () => {
    await guarded?.close();
    await bare?.close();
    await development?.close();
  });

  const scrape = (server: TestServer, authorization?: string) =>
    fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} }).then(async (r) => ({ status: r.status, text: await r.text(), challenge: r.headers.get('www-authenticate') }));

  it('in production asks for the METRICS_TOKEN bearer token: 401 without it or with another, the metrics with it', async () => {
    expect(await scrape(guarded)).toMatchObject({ status: 401, challenge: 'Bearer realm="metrics"' });
    expect((await scrape(guarded, `Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(guarded, `Bearer ${guarded.adminToken}`)).status).toBe(401);
    const ok = await scrape(guarded, `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/^schoolmix_sql_statements_total \d+$/m);
  });

  it('in production without a token serves no metrics at all (404); outside production they are open', async () => {
    const none = await scrape(bare);
    expect(none.status).toBe(404);
    expect(none.text).not.toContain('schoolmix_');
    const open = await scrape(development);
    expect(open.status).toBe(200);
    expect(open.text).toContain('schoolmix_sql_statements_total');
  });

  it('refuses a METRICS_TOKEN shorter than 16 characters at boot', () => {
    expect(problems({ NODE_ENV: 'test', METRICS_TOKEN: 'short' })).toEqual([expect.stringMatching(/METRICS_TOKEN must be at least 16 characters/)]);
    expect(loadConfig({ NODE_ENV: 'test', METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
  });
});

describe('field suggestions', () => {
  let production: TestServer;
  let development: TestServer;

  beforeAll(async () => {
    production = await startTestServer({ overrides: { nodeEnv: 'production', sessionSecret: 'x'.repeat(40) } });
    development = await startTestServer({ overrides: { nodeEnv: 'development' } });
  });

  afterAll(async () => {
    await production?.close();
    await development?.close();
  });

  it('are not given outside development, to anyone', async () => {
    for (const headers of [{ authorization: '' }, {}] as Record<string, string>[]) {
      const field = await production.gql(TYPO_FIELD, {}, headers);
      expect(field.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['GRAPHQL_VALIDATION_FAILED', 'Cannot query field "rol" on type "Viewer".']]);
      const value = await production.gql(TYPO_ENUM, {}, headers);
      expect(value.errors?.map((e) => e.message)).toEqual(['Value "APROVED" does not exist in "ProjectStatus" enum.']);
    }
  });

  it('are given in development', async () => {
    const field = await development.gql(TYPO_FIELD);
    expect(field.errors?.[0]?.message).toBe('Cannot query field "rol" on type "Viewer". Did you mean "role"?');
    const value = await development.gql(TYPO_ENUM);
    expect(value.errors?.[0]?.message).toMatch(/Did you mean the enum value "APPROVED"\?/);
  });
});

describe('configuration', () => {
  it('trusts no proxy by default: X-Forwarded-For does not change the client address', async () => {
    expect(loadConfig({ NODE_ENV: 'test' }).trustProxy).toBe(false);
    // (The harness trusts loopback so that tests can act as many clients; here the default.)
    const server = await startTestServer({ overrides: { trustProxy: loadConfig({ NODE_ENV: 'test' }).trustProxy } });
    try {
      expect(server.app.express.get('trust proxy')).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('reads TRUST_PROXY as none, true, a hop count or addresses and subnets, and refuses anything else', () => {
    const trust = (value: string) => loadConfig({ NODE_ENV: 'test', TRUST_PROXY: value }).trustProxy;
    expect(trust('none')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('1')).toBe(1);
    expect(trust('loopback')).toEqual(['loopback']);
    expect(trust('10.0.0.0/8, 192.168.1.1, fd00::/8, uniquelocal')).toEqual(['10.0.0.0/8', '192.168.1.1', 'fd00::/8', 'uniquelocal']);
    for (const bad of ['yes', '10.0.0.0/33', '300.1.1.1', 'loopback,evil.example', '10.0.0.1/8/1', ',']) {
      expect(problems({ NODE_ENV: 'test', TRUST_PROXY: bad }), bad).toEqual([expect.stringContaining('TRUST_PROXY')]);
    }
  });

  it('reads REQUEST_TIMEOUT_MS (default 10 s) and refuses a value outside 100 ms … 10 min', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).requestTimeoutMs).toBe(10_000);
    expect(loadConfig({ NODE_ENV: 'test', REQUEST_TIMEOUT_MS: '2500' }).requestTimeoutMs).toBe(2_500);
    for (const bad of ['50', '600001', 'soon', '1.5e3.2']) {
      expect(problems({ NODE_ENV: 'test', REQUEST_TIMEOUT_MS: bad }), bad).toEqual([expect.stringContaining('REQUEST_TIMEOUT_MS')]);
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL)('while PostgreSQL is unreachable', () => {
  let server: TestServer;
  let name: string;
  const logged: { level: string; message: string }[] = [];

  async function onServer(sql: string): Promise<void> {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  }

  beforeAll(async () => {
    server = await startTestServer();
    name = new URL(server.app.config.databaseUrl!).pathname.slice(1);
    for (const level of ['fatal', 'error', 'warn', 'info'] as const) {
      vi.spyOn(server.app.logger, level).mockImplementation((first: unknown, second?: unknown) => {
        // The access log's line per request (logger.ts) is not what this test counts.
        if (second === 'request') return;
        logged.push({ level, message: String(typeof first === 'string' ? first : second) });
      });
    }
  });

  afterAll(() => server?.close());

  const graphql = () =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ query: '{ projects { totalCount } }' }),
    });

  it('answers 503 with Retry-After on /graphql and /export, /readyz is 503, one log line for the outage; all recover by themselves', async () => {
    expect((await graphql()).status).toBe(200);

    // The database goes away: its connections are cut and it can no longer be found.
    await onServer(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`);
    await onServer(`alter database ${name} rename to ${name}_away`);
    try {
      const answers = await Promise.all(Array.from({ length: 30 }, graphql));
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
        const body = (await answer.json()) as { errors: { message: string; extensions: { code: string } }[] };
        expect(body.errors.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
        expect(JSON.stringify(body)).not.toMatch(/stack|ECONNREFUSED|does not exist/);
      }
      const exported = await fetch(`${server.url}/export/events.csv`, { headers: { authorization: `Bearer ${server.adminToken}` } });
      expect(exported.status).toBe(503);
      expect(exported.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', database: 'postgresql' });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      expect(logged).toEqual([{ level: 'error', message: 'database unreachable: answering 503 until it is back' }]);
    } finally {
      await onServer(`alter database ${name}_away rename to ${name}`);
    }

    // Back: the probe notices within a second or two, without any request having to fail first.
    await vi.waitFor(async () => expect((await graphql()).status).toBe(200), { timeout: 10_000, interval: 200 });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.url}/export/events.csv`, { headers: { authorization: `Bearer ${server.adminToken}` } })).status).toBe(200);
    expect(logged).toEqual([
      { level: 'error', message: 'database unreachable: answering 503 until it is back' },
      { level: 'info', message: 'database reachable again' },
    ]);
  });
});
