import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { configProblems, startTestServer, type TestServer } from './test/harness.js';
import { allKeys } from './test/json.js';

/**
 * The HTTP side of access: which browser origins may call the API (CORS), the security headers
 * on every answer, CSRF prevention, and what changes in production (configuration refused
 * without a secret, no introspection, no stack traces, no demo logins). GraphQL error shapes in
 * general are in app.test.ts.
 */

const ALLOWED_ORIGIN = 'http://localhost:5173';
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { field code } } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { token userErrors { field code message } } }`;


describe('HTTP access basics', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(() => server?.close());

  const preflight = (origin: string) =>
    fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });

  describe('request ids', () => {
    it('answers every request with an X-Request-Id: the caller\'s own when it is a plain id, a fresh UUID otherwise', async () => {
      const own = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'lb-7f3a.01' } });
      expect(own.headers.get('x-request-id')).toBe('lb-7f3a.01');
      const fresh = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'bad id\twith spaces' }, body: '{"query":"{ __typename }"}' });
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const other = await fetch(`${server.url}/healthz`);
      expect(other.headers.get('x-request-id')).not.toBe(fresh.headers.get('x-request-id'));
    });
  });

  describe('CORS', () => {
    it('answers a preflight from the configured origin with that origin', async () => {
      const response = await preflight(ALLOWED_ORIGIN);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST');
      expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    });

    it('gives another origin no allow-origin header, on the preflight and on the request itself', async () => {
      const response = await preflight('https://evil.example');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const post = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(post.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('security headers', () => {
    // The API's JSON answers: OWASP's REST set (nothing may load or frame them); pages: helmet's whole set.
    for (const [name, request] of [
      ['GET /healthz', () => fetch(`${server.url}/healthz`)],
      ['POST /graphql', () => fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) })],
      ['a refused GraphQL request', () => fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nonsense' }, body: '{}' })],
    ] as const) {
      it(`are the API's on ${name}`, async () => {
        const response = await request();
        const header = (h: string) => response.headers.get(h);
        expect(header('x-content-type-options')).toBe('nosniff');
        expect(header('x-frame-options')).toBe('DENY');
        expect(header('strict-transport-security')).toMatch(/max-age=\d+/);
        expect(header('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
        expect(header('referrer-policy')).toBe('no-referrer');
        expect(header('cross-origin-resource-policy')).toBe('same-origin');
        expect(header('x-dns-prefetch-control')).toBeNull();
        expect(header('x-powered-by')).toBeNull();
      });
    }

    it("are a page's on anything else (a path nothing serves)", async () => {
      const response = await fetch(`${server.url}/nothing-here`);
      expect(response.status).toBe(404);
      const header = (h: string) => response.headers.get(h);
      expect(header('x-frame-options')).toBe('SAMEORIGIN');
      expect(header('content-security-policy')).toMatch(/default-src 'self'/);
      expect(header('content-security-policy')).toMatch(/frame-ancestors 'self'/);
      expect(header('x-dns-prefetch-control')).toBe('off');
    });
  });

  describe('CSRF prevention', () => {
    it('refuses a GET query without a preflight header (400), and serves it with one', async () => {
      const url = `${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`;
      const simple = await fetch(url);
      expect(simple.status).toBe(400);
      expect(await simple.text()).toMatch(/CSRF/i);
      const withHeader = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
      expect(withHeader.status).toBe(200);
      expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
    });

    it('refuses a POST a form could send (text/plain) with 400', async () => {
      const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(response.status).toBe(400);
    });
  });

  describe('production configuration', () => {
    it('refuses to start without SESSION_SECRET (a blank one too)', () => {
      for (const env of [{ NODE_ENV: 'production', SEED: 'none' }, { NODE_ENV: 'production', SEED: 'none', SESSION_SECRET: '   ' }]) {
        expect(configProblems(env)).toEqual([expect.stringContaining('SESSION_SECRET')]);
      }
    });

    it('refuses a session secret shorter than 32 characters', () => {
      expect(configProblems({ NODE_ENV: 'production', SEED: 'none', SESSION_SECRET: 'short-secret' })).toEqual([expect.stringContaining('at least 32 characters')]);
    });

    it('refuses the demo data set in production, the default SEED included', () => {
      const secret = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) };
      expect(configProblems({ ...secret, SEED: 'demo' })).toEqual([expect.stringContaining('SEED=demo')]);
      expect(configProblems(secret)).toEqual([expect.stringContaining('SEED=demo')]);
      expect(configProblems({ NODE_ENV: 'production' })).toHaveLength(2);
      expect(loadConfig({ ...secret, SEED: 'none' })).toMatchObject({ nodeEnv: 'production', seed: 'none', sessionSecret: 'x'.repeat(40) });
    });
  });
});

describe('a production server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ overrides: { nodeEnv: 'production', sessionSecret: 'x'.repeat(40) } });
  });

  afterAll(() => server?.close());

  it('refuses introspection to anonymous callers (401) and allows it to signed-in ones (GraphiQL needs it)', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "ApiKey") { fields { name } } }', '{ viewer { role } __schema { queryType { name } } }']) {
      const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
      expect(body.data).toBeUndefined();
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(body.errors![0]!.message).toMatch(/introspect/i);
    }
    const signedIn = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } __type(name: "UserErrorCode") { enumValues { name } } }' }),
    });
    expect(signedIn.status).toBe(200);
    const body = (await signedIn.json()) as { data: { __schema: { queryType: { name: string } }; __type: { enumValues: { name: string }[] } } };
    expect(body.data.__schema.queryType.name).toBe('Query');
    expect(body.data.__type.enumValues.map((v) => v.name)).toContain('PERIOD_CLOSED');
    // __typename is no introspection: anyone may ask it.
    expect((await server.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('never returns a stack trace for a bad query', async () => {
    const bad = [
      '{ viewer { ',
      '{ nope }',
      '{ projects(after: "not-a-cursor") { totalCount } }',
      '{ projects(first: 100000) { totalCount } }',
    ];
    for (const query of bad) {
      const body = await server.gql(query);
      expect(body.errors?.length, query).toBeGreaterThan(0);
      expect(allKeys(body), query).not.toContain('stacktrace');
    }
    const anonymous = await server.gql('{ projects { totalCount } }', {}, { authorization: '' });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(allKeys(anonymous)).not.toContain('stacktrace');
  });

  it('refuses demo logins (an @schoolmix.demo e-mail), but not other users', async () => {
    const password = 'a perfectly fine password';
    for (const email of ['admin@schoolmix.demo', 'planner@example.org']) {
      const { createUser } = await server.data(CREATE_USER, { input: { email, password, role: 'ADMIN' } });
      expect(createUser.userErrors).toEqual([]);
    }
    const demo = await server.data(LOGIN, { input: { email: 'Admin@SchoolMix.demo', password } });
    expect(demo.login.token).toBeNull();
    expect(demo.login.userErrors).toEqual([{ field: ['input', 'password'], code: 'INVALID_CREDENTIALS', message: expect.stringMatching(/demo logins/i) }]);

    const real = await server.data(LOGIN, { input: { email: 'planner@example.org', password } });
    expect(real.login.userErrors).toEqual([]);
    expect(real.login.token).toBeTruthy();
  });
});

describe('serving the SPA from the API server', () => {
  let server: TestServer;
  const script = `console.log(${JSON.stringify('schoolmix '.repeat(500))});`;

  beforeAll(async () => {
    const dist = mkdtempSync(join(tmpdir(), 'schoolmix-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Schoolmix</title><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(dist, 'graphiql.html'), '<!doctype html><title>Schoolmix — GraphiQL</title><div id="graphiql"></div>');
    server = await startTestServer({ overrides: { clientDist: dist } });
  });

  afterAll(() => server?.close());

  it('serves GraphiQL at /graphiql under the same strict CSP (scripts from this origin only)', async () => {
    const response = await fetch(`${server.url}/graphiql`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<div id="graphiql">');
    const csp = Object.fromEntries((response.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toBeUndefined(); // falls back to default-src 'self'
    expect(csp['worker-src']).toBeUndefined(); // Monaco's workers: script-src 'self'
  });

  it('sends a browser that opens /graphql to /graphiql, and leaves API clients alone', async () => {
    const browser = await fetch(`${server.url}/graphql`, { redirect: 'manual', headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/graphiql');
    for (const accept of ['application/json', '*/*', 'application/graphql-response+json, application/json;q=0.9']) {
      const client = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { redirect: 'manual', headers: { accept, 'apollo-require-preflight': 'true' } });
      expect(client.status, accept).toBe(200);
      expect(await client.json()).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it('answers a deep link of the SPA with index.html, revalidated on every visit', async () => {
    const response = await fetch(`${server.url}/gemeenten/123?page=2`);
    expect(response.status).toBe(200);
    // A page: helmet's whole set, not the API's.
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<div id="root">');
  });

  it('serves hashed assets as immutable, gzipped when the browser accepts it', async () => {
    const response = await fetch(`${server.url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe(script);
  });

  it('answers a missing asset with 404, not with the SPA page', async () => {
    const response = await fetch(`${server.url}/assets/index-gone.js`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type') ?? '').not.toContain('text/html');
  });

  it('gzips GraphQL answers', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ query: '{ __schema { types { name description } } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    expect((await response.json()).data.__schema.types.length).toBeGreaterThan(50);
  });

  it('sends a GraphQL answer as it is to a client that accepts no encoding (fetch always asks for one)', async () => {
    const { request } = await import('node:http');
    const plain = await new Promise<{ encoding: string | undefined; vary: string | undefined; body: string }>((done, fail) => {
      const req = request(
        `${server.url}/graphql`,
        { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', fail);
      req.end(JSON.stringify({ query: '{ __schema { types { name description } } }' }));
    });
    expect(plain.encoding).toBeUndefined();
    // The compression middleware was not in its way (it would have said that the answer varies by Accept-Encoding).
    expect(plain.vary ?? '').not.toMatch(/accept-encoding/i);
    expect((JSON.parse(plain.body) as { data: { __schema: { types: unknown[] } } }).data.__schema.types.length).toBeGreaterThan(50);
  });
});
