import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Municipality } from '../modules/municipality/municipality.entity.js';
import * as f from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/harness.js';

/**
 * Relay connections over real data: page sizes and their limits, cursors that continue without
 * overlap, paging from the end, ordering, and nested lists that page per parent.
 */

const ORGS = `query($m: ID!, $first: Int, $after: String, $last: Int, $before: String, $orderBy: [OrganizationOrder!]) {
  organizations(filter: { municipalityId: $m }, first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
    totalCount
    edges { cursor node { name } }
    nodes { name }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

type Page = {
  totalCount: number;
  edges: { cursor: string; node: { name: string } }[];
  nodes: { name: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
};

const name = (i: number) => `Org ${String(i).padStart(2, '0')}`;
const names = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => name(from + k));

describe('Relay connections', () => {
  let server: TestServer;
  let em: EntityManager;
  let town: Municipality;

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    town = await f.municipality(em);
    // Created in a shuffled order, so the order of the answer comes from ORDER BY, not insertion.
    const order = [13, 2, 25, 7, 19, 1, 22, 10, 16, 4, 24, 8, 11, 20, 3, 14, 6, 23, 17, 9, 21, 5, 12, 18, 15];
    for (const i of order) await f.organization(em, town, { name: name(i) });
  });

  afterAll(() => server?.close());

  async function orgs(args: Record<string, unknown> = {}): Promise<Page> {
    return (await server.data<{ organizations: Page }>(ORGS, { m: town.id, ...args })).organizations;
  }

  describe('a root list', () => {
    it('gives 20 rows by default, with hasNextPage and the total of 25', async () => {
      const page = await orgs();
      expect(page.totalCount).toBe(25);
      expect(page.nodes).toHaveLength(20);
      expect(page.nodes.map((n) => n.name)).toEqual(names(1, 20));
      expect(page.edges.map((e) => e.node.name)).toEqual(names(1, 20));
      expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges[19]!.cursor);
    });

    it('continues after endCursor without overlap or gap', async () => {
      const one = await orgs({ first: 10 });
      expect(one.nodes.map((n) => n.name)).toEqual(names(1, 10));
      const two = await orgs({ first: 10, after: one.pageInfo.endCursor });
      expect(two.nodes.map((n) => n.name)).toEqual(names(11, 20));
      expect(two.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      const three = await orgs({ first: 10, after: two.pageInfo.endCursor });
      expect(three.nodes.map((n) => n.name)).toEqual(names(21, 25));
      expect(three.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(three.totalCount).toBe(25);
      const all = [...one.nodes, ...two.nodes, ...three.nodes].map((n) => n.name);
      expect(new Set(all).size).toBe(25);
      // Past the end: an empty page, not an error.
      const after = await orgs({ first: 10, after: three.pageInfo.endCursor });
      expect(after.nodes).toEqual([]);
      expect(after.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
    });

    it('returns the last five with last: 5, and the five before a cursor with last/before', async () => {
      const tail = await orgs({ last: 5 });
      expect(tail.nodes.map((n) => n.name)).toEqual(names(21, 25));
      expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      const before = await orgs({ last: 5, before: tail.pageInfo.startCursor });
      expect(before.nodes.map((n) => n.name)).toEqual(names(16, 20));
      expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    });

    it('reverses the order with orderBy NAME DESC', async () => {
      const page = await orgs({ first: 25, orderBy: [{ field: 'NAME', direction: 'DESC' }] });
      expect(page.nodes.map((n) => n.name)).toEqual(names(1, 25).reverse());
      const asc = await orgs({ first: 25, orderBy: [{ field: 'NAME' }] });
      expect(asc.nodes.map((n) => n.name)).toEqual(names(1, 25));
    });

    it('accepts first: 100 and first: 0', async () => {
      expect((await orgs({ first: 100 })).nodes).toHaveLength(25);
      const none = await orgs({ first: 0 });
      expect(none.nodes).toEqual([]);
      expect(none.totalCount).toBe(25);
      expect(none.pageInfo.hasNextPage).toBe(true);
    });

    it('tells hasNextPage and totalCount exactly at the edges: a page that ends the list, past the end, before a cursor', async () => {
      const all = await orgs({ first: 25 });
      expect(all.nodes).toHaveLength(25);
      expect(all).toMatchObject({ totalCount: 25, pageInfo: { hasNextPage: false, hasPreviousPage: false } });
      const almost = await orgs({ first: 24 });
      expect(almost).toMatchObject({ totalCount: 25, pageInfo: { hasNextPage: true } });
      const last = await orgs({ first: 10, after: all.edges[23]!.cursor });
      expect(last.nodes.map((n) => n.name)).toEqual([name(25)]);
      expect(last).toMatchObject({ totalCount: 25, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
      const past = await orgs({ first: 10, after: all.edges[24]!.cursor });
      expect(past).toMatchObject({ nodes: [], totalCount: 25, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
      // first/before: the rows before the cursor, and whether any follow them.
      const before = await orgs({ first: 10, before: all.edges[5]!.cursor });
      expect(before.nodes.map((n) => n.name)).toEqual(names(1, 5));
      expect(before).toMatchObject({ totalCount: 25, pageInfo: { hasNextPage: true } });
    });

    it('counts a forward page only when totalCount is asked and the page does not end the list', async () => {
      const counts = async (query: string, first: number) => {
        const { statements } = await server.app.db.statements.capture(() => server.data(query, { m: town.id, first }));
        return statements.filter((sql) => /count\(/i.test(sql) && /"organization"/.test(sql)).length;
      };
      const WITHOUT = `query($m: ID!, $first: Int) { organizations(filter: { municipalityId: $m }, first: $first) { nodes { name } pageInfo { hasNextPage } } }`;
      const WITH = `query($m: ID!, $first: Int) { organizations(filter: { municipalityId: $m }, first: $first) { totalCount nodes { name } } }`;
      expect(await counts(WITHOUT, 10)).toBe(0);
      expect(await counts(WITH, 10)).toBe(1);
      expect(await counts(WITH, 30)).toBe(0);
    });

    it('refuses first: 101 (and last: 101, first: -1) as BAD_USER_INPUT naming the argument', async () => {
      for (const [args, field] of [
        [{ first: 101 }, 'first'],
        [{ last: 101 }, 'last'],
        [{ first: -1 }, 'first'],
      ] as const) {
        const body = await server.gql(ORGS, { m: town.id, ...args });
        expect(body.data ?? null).toBeNull();
        expect(body.errors).toHaveLength(1);
        expect(body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
        expect(body.errors![0]!.extensions?.field).toBe(field);
        expect(body.errors![0]!.message).toContain(`"${field}"`);
        expect(body.errors![0]!.message).toContain('100');
      }
    });

    it('refuses a cursor it did not give out as BAD_USER_INPUT', async () => {
      for (const cursor of ['garbage', Buffer.from('o:abc').toString('base64url'), Buffer.from('o:-3').toString('base64url'), '']) {
        const body = await server.gql(ORGS, { m: town.id, after: cursor });
        if (cursor === '') {
          // An empty cursor is the same as none.
          expect(body.errors).toBeUndefined();
          continue;
        }
        expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(body.errors?.[0]?.extensions?.field).toBe('after');
      }
      const before = await server.gql(ORGS, { m: town.id, last: 2, before: 'garbage' });
      expect(before.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'before' });
    });
  });

  describe('nested lists page per parent', () => {
    let a: Municipality;
    let b: Municipality;
    let c: Municipality;
    const tag = `Nested-${Date.now()}`;
    const eventIds: Record<string, string[]> = {};

    beforeAll(async () => {
      const p1 = await f.period(em, { number: 1, label: 'Projectperiode 1', startsOn: '2022-10-01', endsOn: '2023-09-30' });
      const p2 = await f.period(em, { number: 2, label: 'Projectperiode 2', startsOn: '2023-10-01', endsOn: '2024-09-30' });
      const p3 = await f.period(em);
      a = await f.municipality(em);
      b = await f.municipality(em);
      c = await f.municipality(em);
      const lop = await f.organization(em, a);
      const pa1 = await f.project(em, { lead: a, period: p1, title: `${tag} A1` });
      await f.project(em, { lead: a, period: p2, title: `${tag} A2` });
      const pa3 = await f.project(em, { lead: a, period: p3, title: `${tag} A3`, partners: [lop] });
      const pb = await f.project(em, { lead: b, period: p3, title: `${tag} B`, partners: [lop] });
      // A3 has five events, B one, A1 none; created out of order.
      const starts = ['2025-03-01', '2024-11-01', '2025-05-01', '2024-12-01', '2025-01-01'];
      const made = [];
      for (const s of starts) made.push(await f.event(em, pa3, lop, { startsAt: new Date(`${s}T18:00:00Z`) }));
      eventIds.A3 = made.sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime()).map((e) => e.id);
      eventIds.B = [(await f.event(em, pb, lop, { startsAt: new Date('2025-02-01T18:00:00Z') })).id];
      eventIds.A1 = [];
      void pa1;
    });

    it('Municipality.projects(first: 1): totalCount and hasNextPage for each municipality', async () => {
      const { municipalities } = await server.data(
        `query($codes: [String!]) {
          municipalities(filter: { nisCodes: $codes }, orderBy: [{ field: NIS_CODE }]) {
            nodes { nisCode projects(first: 1, orderBy: [{ field: TITLE }]) { totalCount nodes { title } pageInfo { hasNextPage hasPreviousPage } } }
          }
        }`,
        { codes: [a.nisCode, b.nisCode, c.nisCode] },
      );
      expect(municipalities.nodes).toEqual([
        { nisCode: a.nisCode, projects: { totalCount: 3, nodes: [{ title: `${tag} A1` }], pageInfo: { hasNextPage: true, hasPreviousPage: false } } },
        { nisCode: b.nisCode, projects: { totalCount: 1, nodes: [{ title: `${tag} B` }], pageInfo: { hasNextPage: false, hasPreviousPage: false } } },
        { nisCode: c.nisCode, projects: { totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } } },
      ]);
    });

    it('a nested cursor continues per parent', async () => {
      const query = `query($codes: [String!], $after: String) {
        municipalities(filter: { nisCodes: $codes }, orderBy: [{ field: NIS_CODE }]) {
          nodes { nisCode projects(first: 1, after: $after, orderBy: [{ field: TITLE }]) { totalCount nodes { title } pageInfo { hasNextPage endCursor } } }
        }
      }`;
      const first = await server.data(query, { codes: [a.nisCode] });
      const cursor = first.municipalities.nodes[0].projects.pageInfo.endCursor;
      const second = await server.data(query, { codes: [a.nisCode, b.nisCode], after: cursor });
      expect(second.municipalities.nodes.map((n: any) => [n.nisCode, n.projects.totalCount, n.projects.nodes.map((p: any) => p.title), n.projects.pageInfo.hasNextPage])).toEqual([
        [a.nisCode, 3, [`${tag} A2`], true],
        [b.nisCode, 1, [], false],
      ]);
    });

    it('Project.events(first: 2) and (last: 2): each project its own window', async () => {
      const { projects } = await server.data(
        `query($s: String!) {
          projects(filter: { search: $s }, orderBy: [{ field: TITLE }]) {
            totalCount
            nodes {
              title
              head: events(first: 2) { totalCount nodes { id } pageInfo { hasNextPage hasPreviousPage } }
              tail: events(last: 2) { totalCount nodes { id } pageInfo { hasNextPage hasPreviousPage } }
            }
          }
        }`,
        { s: tag },
      );
      expect(projects.totalCount).toBe(4);
      const byTitle = Object.fromEntries(projects.nodes.map((n: any) => [n.title, n]));
      expect(byTitle[`${tag} A3`].head).toEqual({ totalCount: 5, nodes: eventIds.A3!.slice(0, 2).map((id) => ({ id })), pageInfo: { hasNextPage: true, hasPreviousPage: false } });
      expect(byTitle[`${tag} A3`].tail).toEqual({ totalCount: 5, nodes: eventIds.A3!.slice(3).map((id) => ({ id })), pageInfo: { hasNextPage: false, hasPreviousPage: true } });
      expect(byTitle[`${tag} B`].head).toEqual({ totalCount: 1, nodes: [{ id: eventIds.B![0] }], pageInfo: { hasNextPage: false, hasPreviousPage: false } });
      expect(byTitle[`${tag} B`].tail).toEqual({ totalCount: 1, nodes: [{ id: eventIds.B![0] }], pageInfo: { hasNextPage: false, hasPreviousPage: false } });
      expect(byTitle[`${tag} A1`].head).toEqual({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } });
      expect(byTitle[`${tag} A2`].tail).toEqual({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } });
    });

    it('a nested forward page is one statement; its totalCount one COUNT for the whole batch, and only when a page does not end the list', async () => {
      const eventStatements = async (selection: string) => {
        const { statements } = await server.app.db.statements.capture(() =>
          server.data(`query($s: String!) { projects(filter: { search: $s }, orderBy: [{ field: TITLE }]) { nodes { title events(first: 2) { ${selection} } } } }`, { s: tag }),
        );
        const events = statements.filter((sql) => /from "event"/i.test(sql));
        return { pages: events.filter((sql) => /lateral/i.test(sql)).length, counts: events.filter((sql) => /count\(\*\)/i.test(sql)).length };
      };
      // A3 has 5 events: its first page of 2 does not end the list, so its total must be counted.
      expect(await eventStatements('nodes { id } pageInfo { hasNextPage }')).toEqual({ pages: 1, counts: 0 });
      expect(await eventStatements('totalCount nodes { id }')).toEqual({ pages: 1, counts: 1 });
      const { statements } = await server.app.db.statements.capture(() =>
        server.data(`query($s: String!) { projects(filter: { search: $s }) { nodes { events(first: 10) { totalCount } } } }`, { s: tag }),
      );
      // Every page of 10 ends its list: each total is known without counting.
      expect(statements.filter((sql) => /from "event"/i.test(sql) && /count\(\*\)/i.test(sql))).toHaveLength(0);
    });

    it('refuses first: 101 on a nested list as BAD_USER_INPUT too', async () => {
      const body = await server.gql(`query($id: ID!) { municipality(id: $id) { projects(first: 101) { totalCount } } }`, { id: a.id });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    });
  });
});
