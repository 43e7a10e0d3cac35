import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { toGlobalId } from '../../graphql/node-interface.js';
import { measureCost } from '../../graphql/query-cost.js';
import { getSchema } from '../../graphql/schema.js';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import type { Event } from '../event/event.entity.js';
import type { Household } from '../household/household.entity.js';
import type { Municipality } from '../municipality/municipality.entity.js';
import type { Project } from '../project/project.entity.js';

/**
 * Global Object Identification (issue 17, deliverable 3): every object with an identity has an
 * opaque `nodeId`, node(id:)/nodes(ids:) find it back under exactly the rules of its own query.
 */

const NODE = `query($id: ID!) { node(id: $id) { __typename nodeId ... on Household { id reference } ... on Project { id title } ... on Event { id venue } ... on Municipality { id name } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename nodeId ... on Household { id reference } ... on Event { id } } }`;
const HOUSEHOLD = `query($id: ID!) { household(id: $id) { id reference nodeId } }`;

describe('node(id:) and nodes(ids:)', () => {
  let server: TestServer;
  let em: EntityManager;
  let gent: Municipality;
  let aalst: Municipality;
  let project: Project;
  let event: Event;
  let households: Household[];
  let theirs: Household;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    gent = await f.municipality(em, { name: 'Gent' });
    aalst = await f.municipality(em, { name: 'Aalst' });
    const partner = await f.organization(em, gent);
    project = await f.project(em, { lead: gent, partners: [partner] });
    event = await f.event(em, project, partner);
    households = [];
    for (let i = 0; i < 6; i++) households.push(await f.household(em, project));
    const otherProject = await f.project(em, { lead: aalst, partners: [await f.organization(em, aalst)] });
    theirs = await f.household(em, otherProject);
  });

  afterAll(() => server?.close());

  it('gives every object an opaque nodeId that node(id:) resolves to the same object, the UUID id unchanged', async () => {
    const { household } = await server.data(HOUSEHOLD, { id: households[0]!.id });
    expect(household.id).toBe(households[0]!.id);
    expect(household.nodeId).toBe(toGlobalId('Household', households[0]!.id));
    expect(household.nodeId).not.toContain(households[0]!.id);
    const { node } = await server.data(NODE, { id: household.nodeId });
    expect(node).toEqual({ __typename: 'Household', nodeId: household.nodeId, id: households[0]!.id, reference: households[0]!.reference });
    const { node: p } = await server.data(NODE, { id: toGlobalId('Project', project.id) });
    expect(p).toMatchObject({ __typename: 'Project', id: project.id, title: project.title });
  });

  it('answers null for a well-formed id with no row, BAD_USER_INPUT naming the argument for a UUID or garbage', async () => {
    expect((await server.data(NODE, { id: toGlobalId('Event', '00000000-0000-4000-8000-000000000000') })).node).toBeNull();
    for (const id of [households[0]!.id, 'xyz', toGlobalId('Nothing', households[0]!.id)]) {
      const res = await server.gql(NODE, { id });
      expect(res.data?.node ?? null).toBeNull();
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    }
  });

  it('refuses another municipality’s household through node() exactly like household(id:)', async () => {
    const coordinator = await server.tokenFor('COORDINATOR', gent.id);
    const direct = await server.gql(HOUSEHOLD, { id: theirs.id }, as(coordinator));
    const viaNode = await server.gql(NODE, { id: toGlobalId('Household', theirs.id) }, as(coordinator));
    expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(viaNode.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(viaNode.data?.node ?? null).toBeNull();
    // … and through nodes(ids:), even mixed with the coordinator's own.
    const mixed = await server.gql(NODES, { ids: [toGlobalId('Household', households[0]!.id), toGlobalId('Household', theirs.id)] }, as(coordinator));
    expect(mixed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(mixed.data?.nodes ?? null).toBeNull();
    // Its own household it sees both ways.
    const own = await server.gql(NODE, { id: toGlobalId('Household', households[0]!.id) }, as(coordinator));
    expect(own.errors).toBeUndefined();
    expect(own.data?.node.id).toBe(households[0]!.id);
  });

  it('applies the audience of the type’s own query: an analyst gets no household, a coordinator no user', async () => {
    const analyst = await server.tokenFor('ANALYST');
    expect((await server.gql(HOUSEHOLD, { id: households[0]!.id }, as(analyst))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await server.gql(NODE, { id: toGlobalId('Household', households[0]!.id) }, as(analyst))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Municipalities are public reference data, for an analyst too.
    const m = await server.gql(NODE, { id: toGlobalId('Municipality', aalst.id) }, as(analyst));
    expect(m.data?.node).toMatchObject({ __typename: 'Municipality', name: 'Aalst' });
    const { users } = await server.data(`{ users(first: 1) { nodes { id } } }`);
    const viewer = users.nodes[0] as { id: string };
    const coordinator = await server.tokenFor('COORDINATOR', gent.id);
    const user = await server.gql(`query($id: ID!) { node(id: $id) { nodeId } }`, { id: toGlobalId('User', viewer.id) }, as(coordinator));
    expect(user.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await server.data(`query($id: ID!) { node(id: $id) { __typename ... on User { id } } }`, { id: toGlobalId('User', viewer.id) });
    expect(admin.node).toEqual({ __typename: 'User', id: viewer.id });
  });

  it('answers nodes(ids:) in the order asked, null where no row, with the same number of statements for 2 ids as for 7', async () => {
    const missing = toGlobalId('Household', '00000000-0000-4000-8000-000000000000');
    const ids = (hs: Household[]) => [toGlobalId('Event', event.id), ...hs.map((h) => toGlobalId('Household', h.id))];
    const coordinator = await server.tokenFor('COORDINATOR', gent.id);
    const run = (list: string[]) =>
      server.app.db.statements.capture(() => server.gql(NODES, { ids: list }, as(coordinator)));
    const small = await run([...ids(households.slice(0, 1)), missing]);
    const large = await run([...ids(households), missing]);
    const answer = (large.result as any).data.nodes as any[];
    expect(answer.map((n) => n?.id ?? null)).toEqual([event.id, ...households.map((h) => h.id), null]);
    expect(answer[1].reference).toBe(households[0]!.reference);
    expect(large.statements.length).toBe(small.statements.length);
  });

  it('applies the audit trail’s scope: a coordinator gets its own municipality’s audit events, not another’s', async () => {
    const { auditEvents } = await server.data(`{ auditEvents(first: 100, filter: { entity: "HOUSEHOLD" }) { nodes { id nodeId entityId municipalityId } } }`);
    const own = (auditEvents.nodes as any[]).find((e) => e.municipalityId === gent.id);
    const foreign = (auditEvents.nodes as any[]).find((e) => e.entityId === theirs.id);
    expect(own && foreign).toBeTruthy();
    const coordinator = await server.tokenFor('COORDINATOR', gent.id);
    const Q = `query($id: ID!) { node(id: $id) { ... on AuditEvent { id entityId } } }`;
    expect((await server.gql(Q, { id: own.nodeId }, as(coordinator))).data?.node).toEqual({ id: own.id, entityId: own.entityId });
    const refused = await server.gql(Q, { id: foreign.nodeId }, as(coordinator));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // An integrator may not query the audit trail at all, so not through node() either.
    const integrator = await server.tokenFor('INTEGRATOR', gent.id);
    expect((await server.gql(Q, { id: own.nodeId }, as(integrator))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('prices nodes(ids:) by the number of ids asked (at most 100)', async () => {
    const schema = await getSchema();
    const cost = (n: number) => {
      const measured = measureCost(schema, parse(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId ... on Project { leadMunicipality { name } } } }`), { ids: Array.from({ length: n }, () => 'x') }, undefined);
      return 'cost' in measured ? measured.cost : NaN;
    };
    expect(cost(10)).toBe(10 * (1 + 1));
    expect(cost(100)).toBe(100 * (1 + 1));
    expect(cost(500)).toBe(100 * (1 + 1));
  });

  it('gives a nodeId to rows a resolver hands out as disclosed copies (a coordinator’s School.compositions)', async () => {
    const school = await f.school(em, aalst);
    const composition = await f.composition(em, school);
    const coordinator = await server.tokenFor('COORDINATOR', gent.id);
    const res = await server.gql(`query($id: ID!) { school(id: $id) { nodeId compositions { id nodeId } } }`, { id: school.id }, as(coordinator));
    expect(res.errors).toBeUndefined();
    expect(res.data!.school.nodeId).toBe(toGlobalId('School', school.id));
    expect(res.data!.school.compositions).toEqual([{ id: composition.id, nodeId: toGlobalId('SchoolComposition', composition.id) }]);
    const back = await server.gql(`query($id: ID!) { node(id: $id) { __typename ... on SchoolComposition { id } } }`, { id: toGlobalId('SchoolComposition', composition.id) }, as(coordinator));
    expect(back.data?.node).toEqual({ __typename: 'SchoolComposition', id: composition.id });
  });

  it('refuses more than 100 ids, naming the argument', async () => {
    const ids = Array.from({ length: 101 }, () => toGlobalId('Household', households[0]!.id));
    const res = await server.gql(NODES, { ids });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
  });
});
