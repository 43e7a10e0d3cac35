import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test/harness.js';
import { allKeys } from './test/json.js';

/**
 * The HTTP surface outside the resolvers: health, readiness, metrics, and how GraphQL errors
 * look to a client (a code, no stack trace outside development).
 */


describe('HTTP basics', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(() => server?.close());

  async function post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: any }> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, text, json };
  }

  it('runs in the test environment (the promises below are about NODE_ENV=test)', () => {
    expect(server.app.config.nodeEnv).toBe('test');
  });

  it('GET /healthz answers 200 {status: ok}', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 with the kind of database it reached', async () => {
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ status: 'ready', database: process.env.DATABASE_URL ? 'postgresql' : 'pglite' });
    expect(body.database).toBe(server.app.db.kind);
  });

  it('GET /metrics serves Prometheus text with a running SQL statement count', async () => {
    await server.data('{ fundingPeriods { totalCount } }');
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('# TYPE schoolmix_sql_statements_total counter');
    const match = /^schoolmix_sql_statements_total (\d+)$/m.exec(text);
    expect(match).not.toBeNull();
    // Migrations and the query above went through the counter.
    expect(Number(match![1])).toBeGreaterThan(0);
    expect(text).toContain('schoolmix_http_request_duration_seconds');
  });

  it('answers a malformed query with GRAPHQL_PARSE_FAILED and no stack trace', async () => {
    const { status, json, text } = await post({ query: '{ municipalities { totalCount ' });
    expect(status).toBe(400);
    expect(json.data).toBeUndefined();
    expect(json.errors).toHaveLength(1);
    expect(json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(json.errors[0].message).toMatch(/Syntax Error/);
    expect(allKeys(json)).not.toContain('stacktrace');
    expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
  });

  it('answers an unknown field with GRAPHQL_VALIDATION_FAILED naming it, and no stack trace', async () => {
    const { status, json, text } = await post({ query: '{ municipalities { totalCount mayor } }' });
    expect(status).toBe(400);
    expect(json.errors).toHaveLength(1);
    expect(json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(json.errors[0].message).toContain('"mayor"');
    expect(allKeys(json)).not.toContain('stacktrace');
    expect(text).not.toMatch(/node_modules|\.ts:\d+/);
  });

  it('answers a bad argument at run time (BAD_USER_INPUT) without a stack trace either', async () => {
    const { json } = await post({ query: '{ organizations(first: 1000) { totalCount } }' });
    expect(json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(allKeys(json)).not.toContain('stacktrace');
  });

  it('answers a request without a query as a client error, not a crash', async () => {
    const { status, json } = await post({ variables: {} });
    expect(status).toBe(400);
    expect(allKeys(json)).not.toContain('stacktrace');
  });

  it('answers a body that is not JSON with a 400 JSON error, never an HTML page with a stack trace', async () => {
    const broken = await post('{"query": ', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(broken.text).not.toMatch(/node_modules|\.ts:\d+|\.js:\d+|at [\w.]+ \(/);
    expect(broken.json).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }] });
    expect(allKeys(broken.json)).not.toContain('stacktrace');
  });
});
