import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { configProblems, executionCounts, failFindOne, startTestServer, type TestServer } from '../test/harness.js';

/**
 * The executor (executor.ts): a query runs on graphql-js until its document has run GRAPHQL_JIT
 * times (here 2), then compiled by graphql-jit. The answers of both runs of the same request must
 * be the same, errors and their codes included: the second run is the compiled one.
 */

/** Every shape graphql-jit compiles differently: lists, nested connections with a lazy totalCount,
 *  aliases, fragments, @include, the Node interface, an ID and an enum variable, a descending order. */
const RICH = `query Rich($withCount: Boolean!, $nis: String!, $status: ProjectStatus!) {
  municipalities(first: 5, orderBy: [{ field: NAME, direction: DESC }]) {
    totalCount
    nodes { ...Town }
    pageInfo { hasNextPage endCursor }
  }
  gent: municipalityByNisCode(nisCode: $nis) { ...Town }
  projects(first: 4, filter: { statuses: [$status] }, orderBy: [{ field: TITLE }]) {
    totalCount @include(if: $withCount)
    edges { cursor node { id title nodeId leadMunicipality { name }
      events(first: 3, orderBy: [{ field: STARTS_AT, direction: DESC }]) { totalCount nodes { type startsAt attendanceCount } } } }
  }
}
fragment Town on Municipality { nisCode name province }`;


/** The difference of the execution counts around `fn`. */
async function counted<T>(server: TestServer, fn: () => Promise<T>): Promise<{ result: T; jit: number; js: number }> {
  const before = await executionCounts(server);
  const result = await fn();
  const after = await executionCounts(server);
  return { result, jit: (after['graphql-jit'] ?? 0) - (before['graphql-jit'] ?? 0), js: (after['graphql-js'] ?? 0) - (before['graphql-js'] ?? 0) };
}

describe('GRAPHQL_JIT is read at boot', () => {
  it('takes off or a whole number from 1 to 1000 (default 2), and names itself otherwise', () => {
    const base = { NODE_ENV: 'test' } as NodeJS.ProcessEnv;
    expect(loadConfig(base).jitCompileAfter).toBe(2);
    expect(loadConfig({ ...base, GRAPHQL_JIT: '1' }).jitCompileAfter).toBe(1);
    expect(loadConfig({ ...base, GRAPHQL_JIT: 'off' }).jitCompileAfter).toBeNull();
    for (const bad of ['0', '2.5', 'on', '1001']) {
      expect(configProblems({ ...base, GRAPHQL_JIT: bad })).toEqual([`GRAPHQL_JIT must be off or a whole number from 1 to 1000 (got "${bad}")`]);
    }
  });
});

describe('the executor: graphql-jit for repeated queries', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo', env: { GRAPHQL_JIT: '2' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a query the same on graphql-js (first run) and compiled (second run)', async () => {
    const variables = { withCount: true, nis: '44021', status: 'APPROVED' };
    const first = await counted(server, () => server.gql(RICH, variables));
    const second = await counted(server, () => server.gql(RICH, variables));
    expect([first.js, first.jit, second.js, second.jit]).toEqual([1, 0, 0, 1]);
    expect(first.result.errors).toBeUndefined();
    expect(second.result).toEqual(first.result);
    const data = second.result.data as { municipalities: { totalCount: number; nodes: { name: string }[] }; projects: { totalCount: number; edges: { node: { events: { totalCount: number } } }[] } };
    // The lazily counted totalCount is a number (graphql-jit reads a field without a resolver as is).
    expect(data.municipalities.totalCount).toBeGreaterThan(5);
    expect(data.projects.totalCount).toBeGreaterThan(0);
    expect(data.projects.edges[0]!.node.events.totalCount).toEqual(expect.any(Number));
    const names = data.municipalities.nodes.map((m) => m.name);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a, 'nl')));
    // Other variables, same compiled query: @include(if: false) leaves the field out.
    const third = await counted(server, () => server.gql(RICH, { ...variables, withCount: false }));
    expect(third.jit).toBe(1);
    expect(third.result.data?.projects).not.toHaveProperty('totalCount');
  });

  it('answers the introspection query GraphiQL sends the same on both executors', async () => {
    const query = '{ __schema { queryType { name } types { name kind fields(includeDeprecated: true) { name type { name kind ofType { name } } } } } }';
    const first = await counted(server, () => server.data(query));
    const second = await counted(server, () => server.data(query));
    expect(second.jit).toBe(1);
    expect(second.result).toEqual(first.result);
    expect((first.result as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(50);
  });

  it('gives a field error the same path, code and null on both executors (an analyst asking for families)', async () => {
    const analyst = { authorization: `Bearer ${await server.tokenFor('ANALYST')}` };
    const query = '{ projects(first: 2, orderBy: [{ field: TITLE }]) { nodes { title households(first: 1) { totalCount } } } }';
    const first = await counted(server, () => server.gql(query, {}, analyst));
    const second = await counted(server, () => server.gql(query, {}, analyst));
    expect(second.jit).toBe(1);
    expect(first.result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(second.result).toEqual(first.result);
  });

  it('refuses a bad variable of a compiled query as graphql-js does: 400, BAD_USER_INPUT, the variable named', async () => {
    const query = 'query Town($nis: String!) { municipalityByNisCode(nisCode: $nis) { name } }';
    const post = (variables: unknown) =>
      fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` }, body: JSON.stringify({ query, variables }) });
    expect((await post({ nis: '44021' })).status).toBe(200);
    expect((await post({ nis: '44021' })).status).toBe(200);
    const { result: bad, jit } = await counted(server, () => post({ nis: 44021 }));
    expect(jit).toBe(1);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.message).toMatch(/^Variable "\$nis" got invalid value 44021/);
  });

  it('masks an internal error of a compiled query with a correlation id and the request id', async () => {
    const query = 'query Town { municipalityByNisCode(nisCode: "44021") { name } }';
    await server.data(query);
    await server.data(query);
    const restore = failFindOne(server, 'Municipality');
    try {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { data: unknown; errors: { message: string; path: string[]; extensions: Record<string, string> }[] };
      expect(body.data).toEqual({ municipalityByNisCode: null });
      expect(body.errors[0]!.path).toEqual(['municipalityByNisCode']);
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', correlationId: expect.any(String), requestId: response.headers.get('x-request-id') });
      expect(body.errors[0]!.message).not.toContain('disk');
    } finally {
      restore();
    }
  });

  it('refuses an operation name the document does not hold, on a document that has run compiled (GraphiQL sends the previous tab\'s name)', async () => {
    const query = 'query EventsPage { municipalities(first: 1) { nodes { name } } }';
    await server.data(query);
    await server.data(query);
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ query, operationName: 'Viewer' }),
    });
    const body = (await response.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
    expect(response.status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.message).toBe('Unknown operation named "Viewer".');
    expect(body.errors[0]!.extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
  });

  it('never compiles a mutation or a query with an input-object variable', async () => {
    const filtered = 'query F($filter: ProjectFilter) { projects(first: 1, filter: $filter) { totalCount } }';
    const runs = await counted(server, async () => {
      for (let i = 0; i < 3; i++) await server.data(filtered, { filter: { statuses: ['APPROVED'] } });
      for (let i = 0; i < 3; i++) await server.data('mutation { markNotificationsRead(input: { ids: [] }) { markedCount } }');
    });
    expect([runs.js, runs.jit]).toEqual([6, 0]);
  });
});
