import { type GraphQLObjectType, type GraphQLResolveInfo, Kind, type OperationDefinitionNode, type FieldNode, type FragmentDefinitionNode, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findForRead } from '../db/read-model.js';
import { Municipality } from '../modules/municipality/municipality.entity.js';
import { Project } from '../modules/project/project.entity.js';
import { startTestServer, type TestServer } from '../test/harness.js';
import { projectionOf, READS_COLUMNS, READS_KEYS_ONLY } from './projection.js';
import { getSchema } from './schema.js';

/**
 * Lists read only the columns their query selects (projection.ts). The projection must never
 * change an answer: every field it trusts (a plain column, a field resolver of READS_KEYS_ONLY)
 * is asked here through the API with a projection and without one, as an administrator and as a
 * coordinator (whose row rules read the rows' keys), and the answers must be the same.
 */
describe('projection: lists read the columns their query selects', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
  });
  afterAll(() => server?.close());

  /** A resolver's info for the root field of `query`, as graphql-js would give it. */
  const infoFor = async (query: string): Promise<GraphQLResolveInfo> => {
    const schema = await getSchema();
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const field = operation.selectionSet.selections[0] as FieldNode;
    const fragments = Object.fromEntries(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    return { returnType: schema.getQueryType()!.getFields()[field.name.value]!.type, fieldNodes: [field], fragments } as unknown as GraphQLResolveInfo;
  };
  const em = () => server.app.db.orm.em.fork();

  it('names the selected columns, through nodes, edges and fragments; keys-only resolvers add nothing', async () => {
    expect(projectionOf(em(), await infoFor('{ municipalities { nodes { nisCode name province } } }'), Municipality)).toEqual(['name', 'nisCode', 'province']);
    expect(
      projectionOf(em(), await infoFor('{ municipalities { totalCount edges { cursor node { ...M } } } } fragment M on Municipality { name __typename }'), Municipality),
    ).toEqual(['name']);
    expect(
      projectionOf(em(), await infoFor('{ projects { nodes { title ... on Project { leadMunicipality { name } } events(first: 2) { totalCount } } } }'), Project),
    ).toEqual(['title']);
  });

  it('reads every column when a selected field may need more than its own column', async () => {
    // nodeId has a resolver of its own; transitions is a field resolver not declared in projection.ts.
    expect(projectionOf(em(), await infoFor('{ municipalities { nodes { name nodeId } } }'), Municipality)).toBeUndefined();
    expect(projectionOf(em(), await infoFor('{ projects { nodes { title transitions { id } } } }'), Project)).toBeUndefined();
    // A declared field adds the columns it reads (kpi: the project's target) to the keys.
    expect(projectionOf(em(), await infoFor('{ projects { nodes { title kpi { reached } } } }'), Project)).toEqual(['targetHouseholds', 'title']);
    // A renamed field (subsidyRequested is the column subsidyRequestedCents) keeps its resolver.
    expect(projectionOf(em(), await infoFor('{ projects { nodes { subsidyRequested } } }'), Project)).toBeUndefined();
  });

  it('a projected row has its keys and selected columns, and refuses loudly to give a column it did not read', async () => {
    const [project] = await findForRead(em(), Project, {}, { projection: ['title'], limit: 1 });
    expect(project!.title).toEqual(expect.any(String));
    expect(project!.id).toEqual(expect.any(String));
    expect(project!.leadMunicipality.id).toEqual(expect.any(String));
    expect(project).toBeInstanceOf(Project);
    expect(() => project!.targetHouseholds).toThrow(/Project\.targetHouseholds was not read for this query/);
  });

  // Each query selects only trusted fields (projected); with `nodeId` added to the same rows, they are read whole.
  const CASES: { name: string; query: (extra: string) => string; covers: string[]; analyst?: boolean }[] = [
    {
      // Disclosed figures: an analyst (their audience) sees them through disclosure control.
      name: 'projects → kpi, events → attendance count',
      query: (x) =>
        `{ projects(first: 30, orderBy: [{ field: TITLE }]) { nodes { ${x} id title kpi { reached target progress } events(first: 5, orderBy: [{ field: STARTS_AT }]) { nodes { ${x} id type attendanceCount } } } } }`,
      covers: ['Project.kpi', 'Event.attendanceCount'],
      analyst: true,
    },
    {
      name: 'municipalities with plain columns',
      query: (x) => `{ municipalities(first: 30, orderBy: [{ field: NIS_CODE }]) { nodes { ${x} id nisCode name province arrondissement population postcode validFrom validTo createdAt } } }`,
      covers: [],
    },
    {
      name: 'projects → lead municipality, funding period, events',
      query: (x) =>
        `{ projects(first: 30, orderBy: [{ field: TITLE }]) { totalCount nodes { ${x} id title status targetHouseholds leadMunicipality { id name } fundingPeriod { id number } events(first: 3) { totalCount nodes { id venue } } } } }`,
      covers: ['Project.leadMunicipality', 'Project.fundingPeriod', 'Project.events'],
    },
    {
      name: 'events → project, organizer, schools, attendances',
      query: (x) =>
        `{ projects(first: 8, orderBy: [{ field: TITLE }]) { nodes { id events(first: 5, orderBy: [{ field: STARTS_AT }]) { totalCount pageInfo { hasNextPage endCursor }
          nodes { ${x} id type startsAt endsAt venue capacity cancelledAt project { id } organizer { id } schools { id } attendances(first: 4) { totalCount nodes { id status } } } } } } }`,
      covers: ['Event.project', 'Event.organizer', 'Event.schools', 'Event.attendances'],
    },
    {
      name: 'attendances → household, event',
      query: (x) =>
        `{ projects(first: 6, orderBy: [{ field: TITLE }]) { nodes { events(first: 4) { nodes { id attendances(first: 5, orderBy: [{ field: RECORDED_AT }]) {
          edges { cursor node { ${x} id status recordedAt household { id reference } event { id } } } } } } } } }`,
      covers: ['Attendance.household', 'Attendance.event'],
    },
  ];

  it('covers every field resolver it trusts', () => {
    expect(CASES.flatMap((c) => c.covers).sort()).toEqual([...READS_KEYS_ONLY, ...READS_COLUMNS.keys()].sort());
  });

  /** The answer without the `nodeId` values (which only the whole-row query asks). */
  const withoutNodeIds = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'nodeId' ? undefined : v)));

  for (const c of CASES) {
    it(`gives the same answer with and without projection: ${c.name} (administrator, coordinator${c.analyst ? ", analyst" : ""})`, async () => {
      const lead = (await server.data<{ projects: { nodes: { leadMunicipality: { id: string } }[] } }>('{ projects(first: 1, orderBy: [{ field: TITLE }]) { nodes { leadMunicipality { id } } } }'))
        .projects.nodes[0]!.leadMunicipality.id;
      const coordinator = await server.tokenFor('COORDINATOR', lead);
      const viewers = [undefined, { authorization: `Bearer ${coordinator}` }];
      if (c.analyst) viewers.push({ authorization: `Bearer ${await server.tokenFor('ANALYST')}` });
      for (const headers of viewers) {
        const projected = await server.gql(c.query(''), {}, headers);
        const whole = await server.gql(c.query('nodeId'), {}, headers);
        expect(projected.errors, c.name).toBeUndefined();
        expect(whole.errors, c.name).toBeUndefined();
        expect(JSON.stringify(projected.data).length).toBeGreaterThan(200);
        expect(projected.data).toEqual(withoutNodeIds(whole.data));
      }
    });
  }

  it('by id: a row read with some columns is read again when a later field asks for more, and the answers agree', async () => {
    // The first leadMunicipality reads name only; the one under each event's project (a later tick)
    // asks every column (nodeId), so the loader must read those rows again, not hand out the thin ones.
    const query = `{ projects(first: 6, orderBy: [{ field: TITLE }]) { nodes { leadMunicipality { id name }
      events(first: 1) { nodes { project { leadMunicipality { id name population nisCode nodeId } } } } } } }`;
    type Answer = { projects: { nodes: { leadMunicipality: { id: string; name: string }; events: { nodes: { project: { leadMunicipality: { id: string; name: string; population: number | null; nisCode: string } } }[] } }[] } };
    const body = await server.data<Answer>(query);
    const ids = [...new Set(body.projects.nodes.flatMap((p) => [p.leadMunicipality.id, ...p.events.nodes.map((e) => e.project.leadMunicipality.id)]))];
    const truth = await server.data<Record<string, { id: string; name: string; population: number | null; nisCode: string }>>(
      `{ ${ids.map((id, i) => `m${i}: municipality(id: "${id}") { id name population nisCode nodeId }`).join(' ')} }`,
    );
    const byId = new Map(Object.values(truth).map((m) => [m.id, m]));
    let deep = 0;
    for (const project of body.projects.nodes) {
      expect(project.leadMunicipality.name).toBe(byId.get(project.leadMunicipality.id)!.name);
      for (const event of project.events.nodes) {
        const m = event.project.leadMunicipality;
        expect(m).toEqual(expect.objectContaining({ name: byId.get(m.id)!.name, population: byId.get(m.id)!.population, nisCode: byId.get(m.id)!.nisCode }));
        deep += 1;
      }
    }
    expect(deep).toBeGreaterThan(0);
  });

  it('an event\'s attendances read their households ahead, in the one statement their rows would send; every alias of `household` gets its columns', async () => {
    // `plain` asks one column, `whole` a field outside the projection (every column): the households
    // read ahead must hold the union, or one of the aliases would be read again or fail loudly.
    const query = `{ projects(first: 4, orderBy: [{ field: TITLE }]) { nodes { events(first: 5, orderBy: [{ field: STARTS_AT }]) { nodes {
      attendances(first: 6, orderBy: [{ field: RECORDED_AT }]) { nodes { id plain: household { id reference } whole: household { id reference nodeId } } } } } } } }`;
    type Answer = { projects: { nodes: { events: { nodes: { attendances: { nodes: { id: string; plain: { id: string; reference: string }; whole: { id: string; reference: string; nodeId: string } }[] } }[] } }[] } };
    const { result: body, statements } = await server.app.db.statements.capture(() => server.data<Answer>(query));
    const rows = body.projects.nodes.flatMap((p) => p.events.nodes.flatMap((e) => e.attendances.nodes));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row.plain.id).toBe(row.whole.id);
      expect(row.plain.reference).toBe(row.whole.reference);
      expect(row.whole.nodeId).toBeTruthy();
    }
    // The session and budget, projects, events, attendances, households: one statement each.
    expect(statements.filter((sql) => /from "household"/.test(sql))).toHaveLength(1);
    expect(statements).toHaveLength(5);
    const truth = await server.data<Record<string, { id: string; reference: string }>>(
      `{ ${rows.slice(0, 8).map((r, i) => `h${i}: household(id: "${r.plain.id}") { id reference }`).join(' ')} }`,
    );
    for (const [i, r] of rows.slice(0, 8).entries()) expect(truth[`h${i}`]).toEqual(r.plain);
  });

  it('leaves a list with an untrusted field whole, and that field still answers', async () => {
    const body = await server.data<{ projects: { nodes: { title: string; subsidyRequested: number }[] } }>('{ projects(first: 5) { nodes { title subsidyRequested } } }');
    expect(body.projects.nodes).toHaveLength(5);
    for (const p of body.projects.nodes) expect(p.subsidyRequested).toBeGreaterThan(0);
  });

  it('keeps the schema types it names: every READS_KEYS_ONLY entry is a field of the schema', async () => {
    const schema = await getSchema();
    for (const entry of [...READS_KEYS_ONLY, ...READS_COLUMNS.keys()]) {
      const [type, field] = entry.split('.') as [string, string];
      expect((schema.getType(type) as GraphQLObjectType | undefined)?.getFields()[field], entry).toBeDefined();
    }
  });
});
