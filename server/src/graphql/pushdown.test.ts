import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeCursor, type Role } from '@schoolmix/shared';
import { loadConfig } from '../config.js';
import type { Viewer } from '../modules/auth/viewer.js';
import { configProblems, executionCounts, startTestServer, type TestServer } from '../test/harness.js';
import { rowsForStatement } from './access-guard.js';
import type { PlanReads, RowScope } from './pushdown.js';

/**
 * One statement for an administrator's read (pushdown.ts): every answer must be the answer the
 * resolvers give to the same request, byte for byte once parsed — the same rows in the same order,
 * the same scalars (timestamps to the millisecond, dates, enums, nulls), aliases and fragments —
 * and every query it does not take must still be answered, by the resolvers.
 */


/** What the statement answered (`sql`) and what the resolvers did, around `fn`. */
async function counted<T>(server: TestServer, fn: () => Promise<T>): Promise<{ result: T; sql: number; resolvers: number }> {
  const before = await executionCounts(server);
  const result = await fn();
  const after = await executionCounts(server);
  const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
  return { result, sql: delta('sql'), resolvers: delta('graphql-js') + delta('graphql-jit') };
}

const BENCH_SHAPES = {
  smallList: '{ municipalities(first: 100, orderBy: [{ field: NIS_CODE }]) { nodes { nisCode name province } } }',
  projectsEvents:
    '{ projects(first: 50, orderBy: [{ field: TITLE }]) { nodes { title leadMunicipality { name } events(first: 20, orderBy: [{ field: STARTS_AT }]) { nodes { type startsAt venue } } } } }',
  households:
    '{ projects(first: 10, orderBy: [{ field: TITLE }]) { nodes { title events(first: 10, orderBy: [{ field: STARTS_AT }]) { nodes { startsAt attendances(first: 10, orderBy: [{ field: RECORDED_AT }]) { nodes { status household { reference } } } } } } } }',
};

/** Every kind of part the statement writes: aliases, fragments, __typename, every scalar kind, nulls, defaults, cursors, descending orders. */
const WIDE = {
  everyColumn: `{ municipalities(first: 40, orderBy: [{ field: NAME, direction: DESC }]) {
    __typename nodes { __typename id nisCode name province arrondissement population postcode validFrom validTo createdAt updatedAt } } }`,
  defaults: '{ municipalities { nodes { name } } projects { nodes { id title status createdAt } } events { nodes { id type startsAt endsAt venue capacity cancelledAt } } }',
  aliasesAndFragments: `query Wide { a: projects(first: 3) { ...Page } b: projects(first: 2, orderBy: [{ field: TITLE, direction: DESC }]) { n: nodes { t: title ... on Project { id } } } }
    fragment Page on ProjectConnection { nodes { ...P lead: leadMunicipality { ... on Municipality { nisCode } name } } }
    fragment P on Project { title version }`,
  nestedBothWays: `{ events(first: 5, orderBy: [{ field: STARTS_AT, direction: DESC }]) { nodes { id project { title leadMunicipality { name } }
    attendances(first: 4) { nodes { status recordedAt event { id } household { id reference attendances(first: 2) { nodes { status } } } } } } } }`,
  emptyAndZero: '{ projects(first: 0) { nodes { id } } municipalities(first: 2) { nodes { name } } }',
  pageInfoAndCounts: `{ municipalities(first: 5, orderBy: [{ field: NIS_CODE }]) { totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename } edges { __typename cursor node { name } } nodes { nisCode } } }`,
  nestedCounts: `{ projects(first: 4, orderBy: [{ field: TITLE }]) { nodes { title events(first: 2) { totalCount pageInfo { hasNextPage startCursor endCursor }
    edges { cursor node { id attendances(first: 3) { totalCount nodes { status } } } } } } } }`,
  zeroWithCounts: '{ projects(first: 0) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } } }',
  pastTheEnd: `{ municipalities(first: 5, after: "${encodeCursor(100_000)}") { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { name } } }`,
  nullFilter: 'query($f: EventFilter) { events(first: 4, filter: $f) { nodes { id venue } } projects(first: 2, filter: null) { nodes { title } } }',
  lastShortPage: `{ events(first: 100, after: "${encodeCursor(3)}") { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } } }`,
  // Flat lists (one root list of columns, no totalCount): read as columns, the answer made in Node.
  flatPaging: `{ __typename municipalities(first: 3, after: "${encodeCursor(4)}", orderBy: [{ field: POPULATION, direction: DESC }]) { __typename
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename } edges { __typename cursor node { __typename name population validFrom } } nodes { nisCode createdAt } } }`,
  flatZero: '{ municipalities(first: 0) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } nodes { name } } }',
  flatPastTheEnd: `{ municipalities(first: 5, after: "${encodeCursor(100_000)}") { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { name } } }`,
  flatEscapedText: '{ events(first: 6, orderBy: [{ field: STARTS_AT, direction: DESC }]) { nodes { id venue startsAt endsAt type capacity cancelledAt } } }',
  flatOnlyTypename: '{ projects(first: 4) { pageInfo { hasNextPage } nodes { __typename } } }',
};

/** Aliases that name what every object inherits: a flat answer keeps them as its own keys. */
const PROTO_ALIASES =
  '{ __proto__: municipalities(first: 2, orderBy: [{ field: NIS_CODE }]) { __proto__: nodes { __proto__: name constructor: nisCode } pageInfo { __proto__: endCursor hasNextPage } edges { __proto__: node { __proto__: name } cursor } } }';

describe('GRAPHQL_PUSHDOWN is read at boot', () => {
  it('takes on (the default) or off, and names itself otherwise', () => {
    const base = { NODE_ENV: 'test' } as NodeJS.ProcessEnv;
    expect(loadConfig(base).pushdown).toBe(true);
    expect(loadConfig({ ...base, GRAPHQL_PUSHDOWN: 'off' }).pushdown).toBe(false);
    expect(configProblems({ ...base, GRAPHQL_PUSHDOWN: 'yes' })).toEqual(['GRAPHQL_PUSHDOWN must be on or off (got "yes")']);
  });
});

describe('rowsForStatement: whose reads the one statement may answer, and which rows', () => {
  const viewer = (role: Role | null): Viewer => ({ kind: 'user', id: 'v', role, municipalityId: null, ownedMunicipalityIds: role === 'COORDINATOR' || role === 'INTEGRATOR' ? ['m'] : [], label: 'v' });
  const reads = (fields: [string, string, string][], entities: string[]): PlanReads => ({ fields: fields.map(([parent, field, returns]) => ({ parent, field, returns })), entities });
  const READS = {
    municipalities: reads([['Query', 'municipalities', 'MunicipalityConnection'], ['MunicipalityConnection', 'nodes', 'Municipality'], ['Municipality', 'name', 'String']], ['Municipality']),
    projects: reads([['Query', 'projects', 'ProjectConnection'], ['ProjectConnection', 'totalCount', 'Int']], ['Project']),
    eventsWithProject: reads([['Query', 'events', 'EventConnection'], ['EventConnection', 'nodes', 'Event'], ['Event', 'project', 'Project']], ['Event', 'Project']),
    attendanceEdges: reads([['Event', 'attendances', 'AttendanceConnection'], ['AttendanceConnection', 'edges', 'AttendanceEdge'], ['AttendanceEdge', 'cursor', 'String']], ['Event', 'Attendance']),
    pseudonym: reads([['Attendance', 'household', 'Household'], ['Household', 'reference', 'String']], ['Attendance', 'Household']),
    consented: reads([['Attendance', 'household', 'Household'], ['Household', 'lowEducatedMother', 'Boolean']], ['Attendance', 'Household']),
    disclosed: reads([['Query', 'programReport', 'ProgramReport']], []),
    users: reads([['Query', 'x', 'String']], ['User']),
  };
  it('answers every row, the scoped entities of a scoped viewer, or nothing, as rowGuard, canSee and disclosure would decide, per role', () => {
    const roles: (Role | null)[] = ['ADMIN', 'REVIEWER', 'ANALYST', 'COORDINATOR', 'INTEGRATOR', null];
    const verdict = (scope: RowScope | null) => (scope === null ? 'no' : scope.size === 0 ? 'all' : [...scope.keys()].sort().join('+'));
    const table = Object.fromEntries(Object.entries(READS).map(([name, r]) => [name, roles.map((role) => `${role}:${verdict(rowsForStatement(viewer(role), r))}`)]));
    expect(table).toEqual({
      municipalities: ['ADMIN:all', 'REVIEWER:all', 'ANALYST:all', 'COORDINATOR:all', 'INTEGRATOR:all', 'null:no'],
      projects: ['ADMIN:all', 'REVIEWER:all', 'ANALYST:all', 'COORDINATOR:Project', 'INTEGRATOR:Project', 'null:no'],
      eventsWithProject: ['ADMIN:all', 'REVIEWER:all', 'ANALYST:all', 'COORDINATOR:Event+Project', 'INTEGRATOR:Event+Project', 'null:no'],
      // Families: a scoped viewer's are checked row by row; an edge of a family list is a family type, refused to analysts.
      attendanceEdges: ['ADMIN:all', 'REVIEWER:all', 'ANALYST:no', 'COORDINATOR:no', 'INTEGRATOR:no', 'null:no'],
      pseudonym: ['ADMIN:all', 'REVIEWER:all', 'ANALYST:no', 'COORDINATOR:no', 'INTEGRATOR:no', 'null:no'],
      consented: ['ADMIN:all', 'REVIEWER:no', 'ANALYST:no', 'COORDINATOR:no', 'INTEGRATOR:no', 'null:no'],
      disclosed: ['ADMIN:all', 'REVIEWER:no', 'ANALYST:no', 'COORDINATOR:no', 'INTEGRATOR:no', 'null:no'],
      users: ['ADMIN:all', 'REVIEWER:no', 'ANALYST:no', 'COORDINATOR:no', 'INTEGRATOR:no', 'null:no'],
    });
  });
});

describe('a read in one statement', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo', env: { GRAPHQL_PUSHDOWN: 'on' } });
    // Microseconds, which the pg driver cuts to milliseconds: the statement must cut them the same way.
    // (Final periods refuse changes through a trigger, which a replica role does not fire.)
    await server.app.db.orm.em.fork().transactional(async (tx) => {
      await tx.execute('set local session_replication_role = replica');
      await tx.execute(`update attendance set recorded_at = recorded_at + interval '123456 microseconds'`);
      // Text that JSON escapes, and that String.replace would read as patterns ($&, $'): the answer
      // is spliced into Apollo's serialised answer as text.
      await tx.execute(`update event set venue = venue || ' "$&" $'' \\ é 😀 </script>'`);
    });
  });
  afterAll(async () => {
    if (server) server.app.config.pushdown = true;
    await server?.close();
  });

  /** The answer of the resolvers (pushdown off) and of the statement (on), and who answered each. */
  async function both(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    server.app.config.pushdown = false;
    const resolvers = await counted(server, () => server.gql(query, variables, headers));
    server.app.config.pushdown = true;
    const statement = await counted(server, () => server.gql(query, variables, headers));
    return { resolvers, statement };
  }

  it.each(Object.entries({ ...BENCH_SHAPES, ...WIDE }))('answers %s exactly as the resolvers do', async (_name, query) => {
    const { resolvers, statement } = await both(query);
    expect(resolvers.result.errors).toBeUndefined();
    expect([resolvers.sql, statement.sql, statement.resolvers]).toEqual([0, 1, 0]);
    expect(statement.result).toEqual(resolvers.result);
    // And the key order of every object (JSON text order), not only the values.
    expect(JSON.stringify(statement.result)).toBe(JSON.stringify(resolvers.result));
  });

  it('answers the bench shapes with data (not an empty list that would compare equal)', async () => {
    const { statement } = await both(BENCH_SHAPES.households);
    const projects = statement.result.data!.projects.nodes as { events: { nodes: { attendances: { nodes: { household: { reference: string } | null; status: string }[] } }[] } }[];
    const attendances = projects.flatMap((p) => p.events.nodes.flatMap((e) => e.attendances.nodes));
    expect(projects.length).toBe(10);
    expect(attendances.length).toBeGreaterThan(10);
    expect(attendances.every((a) => typeof a.household?.reference === 'string' && /^[A-Z_]+$/.test(a.status))).toBe(true);
    const events = await server.data<{ events: { nodes: { startsAt: string; venue: string }[] } }>('{ events(first: 3) { nodes { startsAt venue } } }');
    expect(events.events.nodes[0]!.startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(events.events.nodes[0]!.venue).toMatch(/ "\$&" \$' \\ é 😀 <\/script>$/);
  });

  it('sends a long answer of one statement in pieces, byte for byte, gzipped or not (app.ts sendPieces)', async () => {
    // Aliased copies of the nested shape: one statement, an answer far above the 16 kB that are joined.
    const query = `{ ${['a', 'b', 'c', 'd', 'e', 'f'].map((alias) => `${alias}: ${BENCH_SHAPES.projectsEvents.slice(2, -2)}`).join(' ')} }`;
    const post = (encoding: string) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-encoding': encoding, authorization: `Bearer ${server.adminToken}` },
        body: JSON.stringify({ query }),
      });
    server.app.config.pushdown = false;
    const expected = await (await post('identity')).text();
    server.app.config.pushdown = true;
    const plain = await counted(server, () => post('identity'));
    const body = await plain.result.text();
    expect([plain.sql, plain.resolvers, plain.result.status]).toEqual([1, 0, 200]);
    expect(body.length).toBeGreaterThan(16_384);
    expect(plain.result.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(JSON.parse(body)).toEqual(JSON.parse(expected));
    expect(body).toContain('😀');
    const gzipped = await post('gzip');
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(await gzipped.text()).toBe(body);
  });

  it('sends one statement for the data where the resolvers send one per level', async () => {
    const count = async (on: boolean) => {
      server.app.config.pushdown = on;
      const { statements } = await server.app.db.statements.capture(() => server.data(BENCH_SHAPES.households));
      return statements;
    };
    const off = await count(false);
    const on = await count(true);
    expect(on.filter((s) => s.includes('json_agg'))).toHaveLength(1);
    // The resolvers: projects, events, attendances, households; the statement: one of them. On a
    // PostgreSQL server the statement checks the session too, which the resolvers' read checks alone.
    expect(off.length - on.length).toBe(server.app.db.kind === 'postgresql' ? 4 : 3);
    if (server.app.db.kind === 'postgresql') expect(on).toHaveLength(1);
  });

  it('pages with a cursor the resolvers gave out, and the next page starts after it', async () => {
    const query = 'query Page($after: String) { municipalities(first: 7, after: $after, orderBy: [{ field: NIS_CODE }]) { nodes { nisCode } } }';
    const cursorQuery = '{ municipalities(first: 7, orderBy: [{ field: NIS_CODE }]) { pageInfo { endCursor } } }';
    const { endCursor } = (await server.data<{ municipalities: { pageInfo: { endCursor: string } } }>(cursorQuery)).municipalities.pageInfo;
    const { resolvers, statement } = await both(query, { after: endCursor });
    expect(statement.sql).toBe(1);
    expect(statement.result).toEqual(resolvers.result);
    const all = await server.data<{ municipalities: { nodes: { nisCode: string }[] } }>('{ municipalities(first: 14, orderBy: [{ field: NIS_CODE }]) { nodes { nisCode } } }');
    expect(statement.result.data!.municipalities.nodes).toEqual(all.municipalities.nodes.slice(7));
  });

  it('pages with cursors, counts and page info as the resolvers do, through a whole list', async () => {
    const query = 'query Page($after: String) { events(first: 7, after: $after, orderBy: [{ field: STARTS_AT, direction: DESC }]) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }';
    let after: string | null = null;
    let pages = 0;
    const seen: string[] = [];
    for (;;) {
      const { resolvers, statement } = await both(query, { after });
      expect(statement.sql).toBe(1);
      expect(statement.result).toEqual(resolvers.result);
      const page = statement.result.data!.events as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] };
      seen.push(...page.edges.map((e) => e.node.id));
      pages += 1;
      if (!page.pageInfo.hasNextPage) {
        expect(seen).toHaveLength(page.totalCount);
        break;
      }
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('says a page that ends exactly at the end of the list has no next page, and counts it without a COUNT', async () => {
    const { municipalities } = await server.data<{ municipalities: { totalCount: number } }>('{ municipalities(first: 1) { totalCount } }');
    const query = `{ municipalities(first: 3, after: "${encodeCursor(municipalities.totalCount - 4)}") { totalCount pageInfo { hasNextPage endCursor } nodes { name } } }`;
    const { resolvers, statement } = await both(query);
    expect(statement.sql).toBe(1);
    expect(statement.result).toEqual(resolvers.result);
    expect(statement.result.data!.municipalities).toMatchObject({ totalCount: municipalities.totalCount, pageInfo: { hasNextPage: false, endCursor: encodeCursor(municipalities.totalCount - 1) } });
  });

  it('leaves what it does not answer to the resolvers: other roles, directives, filters, computed fields', async () => {
    const coordinator = { authorization: `Bearer ${await server.tokenFor('COORDINATOR', (await server.data<{ municipalities: { nodes: { id: string }[] } }>('{ municipalities(first: 1) { nodes { id } } }')).municipalities.nodes[0]!.id)}` };
    const cases: [string, Record<string, string>?, Record<string, unknown>?][] = [
      ['{ events(first: 2, last: 1) { nodes { venue } } }'],
      ['{ municipalities(first: 2) { nodes { name mergedInto { name } } } }'],
      ['{ events(first: 2) { nodes { attendances(first: 2) { nodes { status } } } } }', coordinator],
      ['{ municipalities(first: 2) { nodes { name @include(if: true) } } }'],
      ['{ municipalities(first: 2, filter: { search: "an" }) { nodes { name } } }'],
      ['query($f: EventFilter) { events(first: 2, filter: $f) { nodes { venue } } }', undefined, { f: { types: ['SCHOOL_VISIT'] } }],
      ['{ projects(first: 2) { nodes { title kpi { reached } } } }'],
      ['{ projects(first: 2) { nodes { nodeId } } }'],
      ['{ municipalities(first: 2) { nodes { name name } } }'],
      ['{ municipality: municipalityByNisCode(nisCode: "44021") { name } }'],
    ];
    for (const [query, headers, variables] of cases) {
      const { resolvers, statement } = await both(query, variables, headers);
      expect({ query, sql: statement.sql, resolvers: statement.resolvers }).toEqual({ query, sql: 0, resolvers: 1 });
      expect(statement.result).toEqual(resolvers.result);
    }
  });

  it('leaves a page size or cursor the resolvers refuse to them: the same error, naming the argument', async () => {
    for (const [query, argument] of [
      ['{ municipalities(first: 1000) { nodes { name } } }', 'first'],
      ['{ municipalities(first: -1) { nodes { name } } }', 'first'],
      ['{ projects(first: 2, after: "bm90IGEgY3Vyc29y") { nodes { title } } }', 'after'],
    ] as const) {
      const { resolvers, statement } = await both(query);
      expect(statement.sql).toBe(0);
      expect(statement.result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: argument });
      expect(statement.result).toEqual(resolvers.result);
    }
  });

  it('answers other roles in one statement where the row and field rules would change only which rows, and leaves their refusals to the resolvers', async () => {
    // A municipality whose projects have events, so a scoped viewer's rows are some but not all.
    const municipalityId = (await server.data<{ events: { nodes: { project: { leadMunicipality: { id: string } } }[] } }>('{ events(first: 1) { nodes { project { leadMunicipality { id } } } } }')).events.nodes[0]!.project.leadMunicipality.id;
    const as = async (role: Role) => ({ authorization: `Bearer ${await server.tokenFor(role, role === 'COORDINATOR' ? municipalityId : undefined)}` });
    const [reviewer, analyst, coordinator] = [await as('REVIEWER'), await as('ANALYST'), await as('COORDINATOR')];
    const key = await server.data<{ createApiKey: { secret: string } }>('mutation($m: ID!) { createApiKey(input: { name: "Pushdown test", municipalityId: $m }) { secret } }', { m: municipalityId });
    const integrator = { authorization: `Bearer ${key.createApiKey.secret}` };
    const consented = '{ events(first: 3) { nodes { attendances(first: 3) { nodes { household { reference lowEducatedMother } } } } } }';
    const cases: [string, string, Record<string, string>, 'sql' | 'resolvers', string?][] = [
      // Reviewers see every row, families as pseudonymous records.
      ['reviewer, households', BENCH_SHAPES.households, reviewer, 'sql'],
      ['reviewer, every kind of part', WIDE.nestedBothWays, reviewer, 'sql'],
      ['reviewer, a consented characteristic', consented, reviewer, 'resolvers', 'FORBIDDEN'],
      [
        'reviewer, a consented characteristic in a fragment, under aliases, through edges',
        '{ events(first: 2) { edges { node { attendances(first: 2) { nodes { h: household { ...F } } } } } } } fragment F on Household { reference low: lowEducatedMother }',
        reviewer,
        'resolvers',
        'FORBIDDEN',
      ],
      // Analysts see every row but families.
      ['analyst, projects and events', BENCH_SHAPES.projectsEvents, analyst, 'sql'],
      ['analyst, counts and page info', WIDE.pageInfoAndCounts, analyst, 'sql'],
      ['analyst, attendances', BENCH_SHAPES.households, analyst, 'resolvers', 'FORBIDDEN'],
      ['analyst, a household under an event', '{ events(first: 2) { nodes { attendances(first: 1) { totalCount } } } }', analyst, 'resolvers', 'FORBIDDEN'],
      ['analyst, families in an inline fragment', '{ events(first: 2) { nodes { ... on Event { a: attendances(first: 1) { nodes { status } } } } } }', analyst, 'resolvers', 'FORBIDDEN'],
      ['analyst, a count of attendances', '{ events(first: 2) { nodes { attendances(first: 1) { pageInfo { hasNextPage } } } } }', analyst, 'resolvers', 'FORBIDDEN'],
      // Municipalities are everyone's; a coordinator's and an integrator's projects and events are the
      // rows of their scope, as their lists filter them; their families are checked row by row.
      ['coordinator, municipalities', BENCH_SHAPES.smallList, coordinator, 'sql'],
      ['integrator, municipalities', BENCH_SHAPES.smallList, integrator, 'sql'],
      ['coordinator, events', '{ events(first: 5) { totalCount nodes { id venue } } }', coordinator, 'sql'],
      ['integrator, events with their project', '{ events(first: 5) { totalCount nodes { id project { title } } } }', integrator, 'sql'],
      // Rows counted or paged are read, and scoped, even when none of their fields is asked.
      ['coordinator, a count of events', '{ events(first: 1) { totalCount } }', coordinator, 'sql'],
      ['coordinator, page info of projects', '{ projects(first: 1) { pageInfo { hasNextPage endCursor } } }', coordinator, 'sql'],
      ['coordinator, municipalities and projects', '{ municipalities(first: 2) { nodes { name } } projects(first: 2) { nodes { title } } }', coordinator, 'sql'],
      [
        'coordinator, projects → events, counts and cursors',
        '{ projects(first: 3, orderBy: [{ field: TITLE }]) { totalCount edges { cursor node { title leadMunicipality { name } events(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { type project { title } } } } } } }',
        coordinator,
        'sql',
      ],
      ['coordinator, events past the first page', `{ events(first: 3, after: "${encodeCursor(2)}", orderBy: [{ field: STARTS_AT, direction: DESC }]) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor } nodes { id } } }`, coordinator, 'sql'],
      ['coordinator, attendances of their events', '{ events(first: 2) { nodes { attendances(first: 2) { nodes { status } } } } }', coordinator, 'resolvers'],
      ['integrator, households of their events', '{ events(first: 2) { nodes { attendances(first: 2) { nodes { household { reference } } } } } }', integrator, 'resolvers'],
    ];
    for (const [name, query, headers, answeredBy, errorCode] of cases) {
      const { resolvers, statement } = await both(query, {}, headers);
      expect({ name, by: statement.sql === 1 && statement.resolvers === 0 ? 'sql' : statement.resolvers === 1 && statement.sql === 0 ? 'resolvers' : 'both?' }).toEqual({ name, by: answeredBy });
      // A refusal may repeat (one per row whose field is refused): the same code each time.
      expect({ name, codes: statement.result.errors && [...new Set(statement.result.errors.map((e) => e.extensions?.code))] }).toEqual({ name, codes: errorCode ? [errorCode] : undefined });
      expect(JSON.stringify(statement.result)).toBe(JSON.stringify(resolvers.result));
    }
    // The scope is the viewer's: some of the events, not all and not none (so the comparisons above compared something).
    const count = async (headers: Record<string, string>) => (await server.gql('{ events(first: 1) { totalCount } }', {}, headers)).data!.events.totalCount as number;
    const [all, coordinators, integrators] = [await count({}), await count(coordinator), await count(integrator)];
    expect(coordinators).toBeGreaterThan(0);
    expect(coordinators).toBeLessThan(all);
    expect(integrators).toBe(coordinators);
  });

  it('answers a coordinator who owns two municipalities (one merged into the other) with the rows of both, as the resolvers do', async () => {
    const leads = await server.data<{ projects: { nodes: { leadMunicipality: { id: string }; events: { totalCount: number } }[] } }>(
      '{ projects(first: 100) { nodes { leadMunicipality { id } events(first: 1) { totalCount } } } }',
    );
    const [a, b] = [...new Set(leads.projects.nodes.filter((p) => p.events.totalCount > 0).map((p) => p.leadMunicipality.id))];
    expect(b).toBeDefined();
    const coordinatorOf = async (id: string) => ({ authorization: `Bearer ${await server.tokenFor('COORDINATOR', id)}` });
    const [ofA, ofB] = [await coordinatorOf(a!), await coordinatorOf(b!)];
    const count = async (headers: Record<string, string>, list: 'events' | 'projects') => (await server.gql(`{ ${list}(first: 1) { totalCount } }`, {}, headers)).data![list].totalCount as number;
    const alone = { events: [await count(ofA, 'events'), await count(ofB, 'events')], projects: [await count(ofA, 'projects'), await count(ofB, 'projects')] };
    const em = server.app.db.orm.em.fork();
    const [before] = await em.execute<{ valid_to: string | null }[]>('select valid_to from municipality where id = ?', [b]);
    await em.execute(`update municipality set merged_into_id = ?, valid_to = greatest(valid_from, date '2024-12-31') where id = ?`, [a, b]);
    try {
      for (const query of [
        '{ events(first: 100, orderBy: [{ field: STARTS_AT }]) { totalCount pageInfo { hasNextPage endCursor } nodes { id venue project { title leadMunicipality { name } } } } }',
        '{ projects(first: 100, orderBy: [{ field: TITLE }]) { totalCount nodes { title leadMunicipality { id } events(first: 3) { totalCount nodes { type } } } } }',
      ]) {
        const { resolvers, statement } = await both(query, {}, ofA);
        expect([statement.sql, statement.resolvers]).toEqual([1, 0]);
        expect(resolvers.result.errors).toBeUndefined();
        expect(JSON.stringify(statement.result)).toBe(JSON.stringify(resolvers.result));
      }
      // Both municipalities' rows, each once.
      expect(await count(ofA, 'events')).toBe(alone.events[0]! + alone.events[1]!);
      expect(await count(ofA, 'projects')).toBe(alone.projects[0]! + alone.projects[1]!);
      const leadsSeen = (await server.gql<{ projects: { nodes: { leadMunicipality: { id: string } }[] } }>('{ projects(first: 100) { nodes { leadMunicipality { id } } } }', {}, ofA)).data!.projects.nodes.map((p) => p.leadMunicipality.id);
      expect(new Set(leadsSeen)).toEqual(new Set([a, b]));
    } finally {
      await em.execute('update municipality set merged_into_id = null, valid_to = ? where id = ?', [before!.valid_to, b]);
    }
  });

  it('reads a flat list (columns, page info, edges) as rows, and one with its total or two lists as JSON built by PostgreSQL', async () => {
    // Every statement, prepared or not (db/prepared.ts records the named ones too).
    const sent = async (query: string) => {
      const { result, statements } = await server.app.db.statements.capture(() => counted(server, () => server.gql(query)));
      expect([result.result.errors, result.sql]).toEqual([undefined, 1]);
      return statements.filter((text) => text.includes('"municipality" as t1'));
    };
    for (const query of [BENCH_SHAPES.smallList, WIDE.flatPaging, WIDE.flatZero, WIDE.flatPastTheEnd]) {
      const [statement] = await sent(query);
      expect(statement).toMatch(/^select t1\./);
      expect(statement).not.toContain('json');
    }
    // Ordered by the NIS code, unique and never null, the page needs no id as a tie-breaker; by
    // the name (not unique) it does.
    expect((await sent(BENCH_SHAPES.smallList))[0]).toMatch(/order by t1\."nis_code" asc limit /);
    expect((await sent('{ municipalities(first: 5, orderBy: [{ field: NAME }]) { nodes { name } } }'))[0]).toMatch(/order by t1\."name" asc, t1\."id" asc limit /);
    for (const query of [WIDE.pageInfoAndCounts, '{ a: municipalities(first: 3) { nodes { name } } b: municipalities(first: 1) { nodes { nisCode } } }']) {
      const [statement] = await sent(query);
      expect(statement).toMatch(/^select json_build_object/);
    }
  });

  it('keeps the aliases __proto__ and constructor as keys of a flat answer, as graphql-js does', async () => {
    // Not compared with the resolvers: graphql-jit (GRAPHQL_JIT) drops a `__proto__` alias.
    const { result, sql } = await counted(server, () => server.gql(PROTO_ALIASES));
    expect([result.errors, sql]).toEqual([undefined, 1]);
    const connection = Object.getOwnPropertyDescriptor(result.data, '__proto__')?.value as object;
    const nodes = Object.getOwnPropertyDescriptor(connection, '__proto__')?.value as object[];
    expect(nodes).toHaveLength(2);
    for (const node of nodes) {
      expect(Object.keys(node)).toEqual(['__proto__', 'constructor']);
      expect(Object.values(node).every((value) => typeof value === 'string' && value.length > 0)).toBe(true);
    }
    const own = (object: object, key: string) => Object.getOwnPropertyDescriptor(object, key)?.value as unknown;
    const pageInfo = own(connection, 'pageInfo') as object;
    expect(Object.keys(pageInfo)).toEqual(['__proto__', 'hasNextPage']);
    expect([typeof own(pageInfo, '__proto__'), own(pageInfo, 'hasNextPage')]).toEqual(['string', true]);
    const edges = own(connection, 'edges') as object[];
    expect(edges).toHaveLength(2);
    edges.forEach((edge, i) => {
      expect(Object.keys(edge)).toEqual(['__proto__', 'cursor']);
      expect(own(own(edge, '__proto__') as object, '__proto__')).toBe(own(nodes[i]!, '__proto__'));
    });
    server.app.config.pushdown = false;
    try {
      if (!process.env.GRAPHQL_JIT) expect(JSON.stringify(await server.gql(PROTO_ALIASES))).toBe(JSON.stringify(result));
    } finally {
      server.app.config.pushdown = true;
    }
  });

  it('answers a failed statement as a masked internal error of the first list, with nothing else leaked', async () => {
    const em = Object.getPrototypeOf(server.app.db.orm.em) as { execute: (...args: unknown[]) => unknown };
    const original = em.execute;
    // The statement's own read of the list (flat: its columns; nested: JSON), not the session check.
    const fails = (text: unknown) => String(text).includes('from "municipality" as t1');
    const spy = vi.spyOn(em, 'execute').mockImplementation(function (this: unknown, ...args: unknown[]) {
      if (fails(args[0])) throw new Error('the disk caught fire');
      return original.apply(this, args);
    });
    // On a PostgreSQL server a read that checks the session itself goes through the pool (db/prepared.ts).
    const pool = server.app.db.kind === 'postgresql' ? await (server.app.db.orm.driver.getConnection('write') as unknown as { getNativeClient(): Promise<Pool> }).getNativeClient() : null;
    const originalQuery = pool?.query.bind(pool) as ((...args: unknown[]) => unknown) | undefined;
    const poolSpy =
      pool &&
      vi.spyOn(pool, 'query').mockImplementation(((...args: unknown[]) => {
        const query = args[0];
        if (fails(typeof query === 'object' && query !== null ? (query as { text?: string }).text : query)) return Promise.reject(new Error('the disk caught fire'));
        return originalQuery!(...args);
      }));
    try {
      // A flat list (its columns), one with its count and two lists (JSON built in PostgreSQL).
      for (const query of [
        '{ __typename list: municipalities(first: 2) { nodes { name } } }',
        '{ __typename list: municipalities(first: 2) { totalCount nodes { name } } }',
        '{ __typename list: municipalities(first: 2) { nodes { name } } other: municipalities(first: 1) { nodes { nisCode } } }',
      ]) {
        const { result, sql } = await counted(server, () => server.gql(query));
        expect(sql).toBe(1);
        expect(result.data).toBeNull();
        expect(result.errors).toHaveLength(1);
        expect(result.errors![0]!.path).toEqual(['list']);
        expect(result.errors![0]!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', correlationId: expect.any(String) });
        expect(JSON.stringify(result)).not.toContain('disk');
      }
    } finally {
      spy.mockRestore();
      poolSpy?.mockRestore();
    }
  });
});
