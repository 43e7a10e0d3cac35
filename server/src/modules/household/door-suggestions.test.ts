import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { Household } from './household.entity.js';
import type { Project } from '../project/project.entity.js';

/**
 * The door's suggestions (issue 18): the SPA's door form lists, while a coordinator types, the
 * project's households whose reference contains the text — the existing `households` query with
 * `filter: { projectId, search }`, `first: 8`, in reference order (client/src/features/door/
 * door-households.query.ts, the same text as SUGGEST below). Over real HTTP as a coordinator:
 * only the viewer's project's households, the limit respected with the true total, "contains"
 * case-insensitively with LIKE wildcards taken literally, no erased household, and another
 * municipality's project refused rather than answered.
 */

const SUGGEST = `query AttendanceHouseholds($projectId: ID!, $search: String, $first: Int!) {
  households(filter: { projectId: $projectId, search: $search }, first: $first, orderBy: [{ field: REFERENCE, direction: ASC }]) {
    totalCount
    nodes { id reference }
  }
}`;

type Answer = { data?: { households: { totalCount: number; nodes: { id: string; reference: string }[] } | null }; errors?: { extensions?: { code?: string } }[] };

describe('the door’s household suggestions', () => {
  let server: TestServer;
  let em: EntityManager;
  let door: Project;
  let otherProjectSameCity: Project;
  let otherCity: Project;
  const families: Household[] = [];
  let coordinator: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    const gent = await f.municipality(em, { nisCode: '44021', name: 'Gent' });
    const antwerpen = await f.municipality(em, { nisCode: '11002', name: 'Antwerpen' });
    const period = await f.period(em);
    door = await f.project(em, { lead: gent, period, partners: [await f.organization(em, gent)] });
    const nextPeriod = await f.period(em, { number: 4, label: 'Projectperiode 4', startsOn: '2025-10-01', endsOn: '2026-09-30' });
    otherProjectSameCity = await f.project(em, { lead: gent, period: nextPeriod, partners: [await f.organization(em, gent)] });
    otherCity = await f.project(em, { lead: antwerpen, period, partners: [await f.organization(em, antwerpen)] });
    // 12 families at the door, created out of order (the answer is in reference order).
    for (const n of [7, 3, 12, 1, 9, 5, 11, 2, 8, 4, 10, 6]) families.push(await f.household(em, door, { reference: `GZ-${String(n).padStart(4, '0')}` }));
    families.push(await f.household(em, door, { reference: 'A_1' }), await f.household(em, door, { reference: 'AB1' }));
    // The same references in Gent's other project and in Antwerp: never suggested at this door.
    for (const n of [1, 2, 3]) {
      await f.household(em, otherProjectSameCity, { reference: `GZ-${String(n).padStart(4, '0')}` });
      await f.household(em, otherCity, { reference: `GZ-${String(n).padStart(4, '0')}` });
    }
    // An erased family is an anonymous stub: not suggested.
    const erased = await f.household(em, door, { reference: 'GZ-0099' });
    const { eraseHousehold } = await server.data(`mutation($id: ID!) { eraseHousehold(input: { id: $id, reason: "Op vraag van het gezin" }) { userErrors { code } } }`, { id: erased.id });
    expect(eraseHousehold.userErrors).toEqual([]);
    coordinator = { authorization: `Bearer ${await server.tokenFor('COORDINATOR', gent.id)}` };
  });

  afterAll(() => server?.close());

  const suggest = (variables: { projectId: string; search: string | null; first: number }) => server.gql(SUGGEST, variables, coordinator) as Promise<Answer>;
  const doorIds = () => new Set(families.map((h) => h.id));

  it('lists the first 8 of the project’s matching families in reference order, with the true total', async () => {
    const body = await suggest({ projectId: door.id, search: '00', first: 8 });
    expect(body.errors).toBeUndefined();
    const page = body.data!.households!;
    expect(page.totalCount).toBe(12);
    expect(page.nodes.map((h) => h.reference)).toEqual(['GZ-0001', 'GZ-0002', 'GZ-0003', 'GZ-0004', 'GZ-0005', 'GZ-0006', 'GZ-0007', 'GZ-0008']);
    expect(page.nodes.every((h) => doorIds().has(h.id))).toBe(true);
  });

  it('matches a part anywhere, case-insensitively; one match is one suggestion', async () => {
    const some = (await suggest({ projectId: door.id, search: 'gz-001', first: 8 })).data!.households!;
    expect(some).toEqual({ totalCount: 3, nodes: ['GZ-0010', 'GZ-0011', 'GZ-0012'].map((reference) => ({ id: families.find((h) => h.reference === reference)!.id, reference })) });
    const one = (await suggest({ projectId: door.id, search: '0007', first: 8 })).data!.households!;
    expect(one.totalCount).toBe(1);
    expect(one.nodes.map((h) => h.reference)).toEqual(['GZ-0007']);
  });

  it('takes LIKE wildcards literally and leaves erased families out', async () => {
    expect((await suggest({ projectId: door.id, search: 'A_1', first: 8 })).data!.households!.nodes.map((h) => h.reference)).toEqual(['A_1']);
    expect((await suggest({ projectId: door.id, search: '%', first: 8 })).data!.households!.totalCount).toBe(0);
    expect((await suggest({ projectId: door.id, search: 'GZ-0099', first: 8 })).data!.households!.totalCount).toBe(0);
    expect((await suggest({ projectId: door.id, search: 'erased', first: 8 })).data!.households!.totalCount).toBe(0);
  });

  it('refuses another municipality’s project with FORBIDDEN and no data, and never lists its families', async () => {
    const refused = await suggest({ projectId: otherCity.id, search: 'GZ', first: 8 });
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(refused.data?.households ?? null).toBeNull();
    // Without a project: the coordinator's own municipality only (both Gent projects, no Antwerp family).
    const all = await server.gql<{ households: { totalCount: number; nodes: { id: string }[] } }>(`{ households(filter: { search: "GZ-000" }, first: 100) { totalCount nodes { id } } }`, {}, coordinator);
    const antwerp = new Set((await em.fork().find(Household, { project: otherCity.id })).map((h) => h.id));
    expect(all.data!.households.totalCount).toBe(9 + 3);
    expect(all.data!.households.nodes.some((h) => antwerp.has(h.id))).toBe(false);
  });

  it('keeps the limit the caller asks (and the server’s maximum page size)', async () => {
    expect((await suggest({ projectId: door.id, search: 'GZ', first: 3 })).data!.households!.nodes).toHaveLength(3);
    const tooMany = await suggest({ projectId: door.id, search: 'GZ', first: 100_000 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
