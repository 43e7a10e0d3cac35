/**
 * The request log (logger.ts): one structured line per request with its request id, method,
 * path without query string, status, duration, GraphQL operation name and type and the viewer's
 * role — and never a token, password or variable. A masked error is logged with the same id.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from './modules/auth/auth.service.js';
import { failFindOne, startTestServer, type TestServer } from './test/harness.js';

const PASSWORD = 'a-long-secret-password-42';
const lines: string[] = [];
let server: TestServer;
const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
const accessLines = () => parsed().filter((l) => l.msg === 'request');

beforeAll(async () => {
  server = await startTestServer({ env: { LOG_LEVEL: 'info' }, logDestination: { write: (line: string) => void lines.push(line) } });
  await createUser(server.app.db.orm.em.fork(), { email: 'logged@example.org', password: PASSWORD, role: 'ANALYST' });
});
afterAll(() => server.close());

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { id: response.headers.get('x-request-id')!, body: (await response.json()) as { data?: any; errors?: any[] } };
}

/** Waits for the line of this request (written when the answer has gone out). */
async function lineOf(id: string) {
  await vi.waitFor(() => expect(accessLines().filter((l) => l.requestId === id)).toHaveLength(1));
  return accessLines().find((l) => l.requestId === id)!;
}

describe('request log', () => {
  it('writes one line per request with id, method, path, status, duration, operation and role, and no secret', async () => {
    lines.length = 0;
    const login = await post({
      query: 'mutation SignIn($input: LoginInput!) { login(input: $input) { token userErrors { code } } }',
      variables: { input: { email: 'logged@example.org', password: PASSWORD } },
    });
    const token = login.body.data.login.token as string;
    expect(token).toBeTruthy();
    const asked = await post({ query: 'query Who { viewer { role } }', operationName: 'Who' }, { authorization: `Bearer ${token}`, 'x-request-id': 'trace-42' });
    expect(asked.id).toBe('trace-42');
    const anonymous = await post({ query: '{ __typename }' });
    const exported = await fetch(`${server.url}/export/nothing.csv?token=${token}`);
    await exported.arrayBuffer();

    expect(await lineOf(login.id)).toMatchObject({ level: 30, method: 'POST', path: '/graphql', status: 200, operationName: 'SignIn', operationType: 'mutation', role: 'ANONYMOUS' });
    const who = await lineOf('trace-42');
    expect(who).toMatchObject({ method: 'POST', path: '/graphql', status: 200, operationName: 'Who', operationType: 'query', role: 'ANALYST', service: 'schoolmix' });
    expect(who.durationMs).toEqual(expect.any(Number));
    expect(who.sqlStatements).toEqual(expect.any(Number));
    expect(await lineOf(anonymous.id)).toMatchObject({ operationName: null, operationType: 'query', role: 'ANONYMOUS' });
    const exportLine = await lineOf(exported.headers.get('x-request-id')!);
    expect(exportLine).toMatchObject({ method: 'GET', path: '/export/nothing.csv', status: exported.status });

    const all = lines.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toMatch(/authorization|bearer|logged@example\.org/i);
    // Exactly one line per request.
    expect(accessLines()).toHaveLength(4);
  });

  it('logs health probes at debug level only (not at info)', async () => {
    lines.length = 0;
    const probe = await fetch(`${server.url}/readyz`);
    await probe.arrayBuffer();
    await fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(parsed().filter((l) => l.path === '/readyz' || l.path === '/healthz')).toEqual([]);
  });

  it('logs a masked internal error with the request id of the request that hit it', async () => {
    lines.length = 0;
    const restore = failFindOne(server, 'Municipality');
    try {
      const failed = await post({ query: 'query Town { municipalityByNisCode(nisCode: "44021") { name } }' }, { authorization: `Bearer ${server.adminToken}` });
      expect(failed.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      const correlationId = failed.body.errors![0].extensions.correlationId as string;
      // The masked error names the request too (issue 12: the request id in error responses).
      expect(failed.body.errors![0].extensions.requestId).toBe(failed.id);
      const line = await lineOf(failed.id);
      expect(line).toMatchObject({ status: 200, operationName: 'Town', role: 'ADMIN', errorCodes: ['INTERNAL_SERVER_ERROR'] });
      const errorLine = parsed().find((l) => l.correlationId === correlationId);
      expect(errorLine).toMatchObject({ level: 50, requestId: failed.id, msg: 'unexpected error in a GraphQL operation' });
      expect(JSON.stringify(errorLine)).not.toContain(server.adminToken);
    } finally {
      restore();
    }
  });
});
