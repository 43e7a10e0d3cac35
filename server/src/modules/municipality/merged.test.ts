import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import * as f from '../../test/factories.js';

const PAGE = `query($id: ID!, $merged: Boolean) {
  municipality(id: $id) {
    projects(first: 10, includeMerged: $merged) { totalCount nodes { title leadMunicipality { name } } }
    schools(first: 10, includeMerged: $merged) { totalCount nodes { name municipality { name } } }
    organizations(first: 10, includeMerged: $merged) { totalCount nodes { name municipality { name } } }
  }
}`;

/**
 * Issue 18: Beveren-Kruibeke-Zwijndrecht's page said "0 projects" and "no schools" while the
 * dashboard counted its predecessors' project. With includeMerged a 2025 municipality lists what
 * the pre-2025 municipalities merged into it lead, hold and host — and only those.
 */
describe('a 2025 municipality with the pre-2025 municipalities merged into it', () => {
  let server: TestServer;
  let em: EntityManager;
  let merged2025: string;
  let predecessor: string;

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    const now = await f.municipality(em, { name: 'Fusiegemeente', validFrom: '2025-01-01' });
    const before = await f.municipality(em, { name: 'Oudgemeente', validTo: '2024-12-31', mergedInto: ref(now) });
    const other = await f.municipality(em, { name: 'Buurgemeente' });
    merged2025 = now.id;
    predecessor = before.id;
    await f.project(em, { lead: now, title: 'Project van nu' });
    await f.project(em, { lead: before, title: 'Project van vroeger' });
    await f.project(em, { lead: other, title: 'Project van elders' });
    await f.school(em, now, { name: 'School A' });
    await f.school(em, before, { name: 'School B' });
    await f.school(em, before, { name: 'School C' });
    await f.school(em, other, { name: 'School Elders' });
    await f.organization(em, before, { name: 'Vroegere vzw' });
    await f.organization(em, other, { name: 'Andere vzw' });
  });
  afterAll(() => server.close());

  it('lists only its own rows by default (as before)', async () => {
    const { municipality } = await server.data(PAGE, { id: merged2025 });
    expect(municipality.projects.totalCount).toBe(1);
    expect(municipality.schools.totalCount).toBe(1);
    expect(municipality.organizations.totalCount).toBe(0);
  });

  it('with includeMerged, adds the predecessor’s projects, schools and organisations, each naming its pre-2025 municipality', async () => {
    const { municipality } = await server.data(PAGE, { id: merged2025, merged: true });
    expect(municipality.projects.totalCount).toBe(2);
    expect(municipality.projects.nodes.map((p: any) => [p.title, p.leadMunicipality.name]).sort()).toEqual([
      ['Project van nu', 'Fusiegemeente'],
      ['Project van vroeger', 'Oudgemeente'],
    ]);
    expect(municipality.schools.totalCount).toBe(3);
    expect(municipality.schools.nodes.map((s: any) => `${s.name}/${s.municipality.name}`)).toEqual(['School A/Fusiegemeente', 'School B/Oudgemeente', 'School C/Oudgemeente']);
    expect(municipality.organizations.nodes.map((o: any) => o.name)).toEqual(['Vroegere vzw']);
  });

  it('pages the rolled-up list like any other, and a pre-2025 municipality still lists only its own', async () => {
    const page = await server.data(`query($id: ID!) { municipality(id: $id) { schools(first: 2, includeMerged: true) { totalCount pageInfo { hasNextPage } nodes { name } } } }`, { id: merged2025 });
    expect(page.municipality.schools).toEqual({ totalCount: 3, pageInfo: { hasNextPage: true }, nodes: [{ name: 'School A' }, { name: 'School B' }] });
    const old = await server.data(PAGE, { id: predecessor, merged: true });
    expect([old.municipality.projects.totalCount, old.municipality.schools.totalCount, old.municipality.organizations.totalCount]).toEqual([1, 2, 1]);
  });

  it('agrees with the dashboard’s progress row, which rolls the same projects up', async () => {
    const { fundingPeriods } = await server.data(`{ fundingPeriods(first: 5) { nodes { programReport { municipalityProgress { projectCount municipality { id } } } } } }`);
    const rows = fundingPeriods.nodes.flatMap((p: any) => p.programReport.municipalityProgress);
    const row = rows.find((r: any) => r.municipality.id === merged2025);
    expect(row?.projectCount).toBe(2);
  });
});

describe('the list filters by municipality follow the same rule', () => {
  let server: TestServer;
  let now: string;
  let before: string;

  beforeAll(async () => {
    server = await startTestServer();
    const em = f.em(server);
    const m2025 = await f.municipality(em, { validFrom: '2025-01-01' });
    const old = await f.municipality(em, { validTo: '2024-12-31', mergedInto: ref(m2025) });
    const partnerOld = await f.municipality(em, { validTo: '2024-12-31', mergedInto: ref(m2025) });
    now = m2025.id;
    before = old.id;
    await f.project(em, { lead: old });
    await f.project(em, { lead: m2025 });
    await f.project(em, { partnerMunicipalities: [partnerOld] });
    await f.project(em);
    await f.school(em, old);
    await f.school(em, m2025);
    await f.organization(em, old);
  });
  afterAll(() => server.close());

  const LISTS = `query($m: ID!) {
    projects(first: 10, filter: { municipalityId: $m }) { totalCount }
    schools(first: 10, filter: { municipalityId: $m }) { totalCount }
    organizations(first: 10, filter: { municipalityId: $m }) { totalCount }
  }`;

  it('a 2025 municipality’s lists hold its predecessors’ rows (lead and partner); a predecessor’s only its own', async () => {
    const lists = await server.data(LISTS, { m: now });
    expect([lists.projects.totalCount, lists.schools.totalCount, lists.organizations.totalCount]).toEqual([3, 2, 1]);
    const old = await server.data(LISTS, { m: before });
    expect([old.projects.totalCount, old.schools.totalCount, old.organizations.totalCount]).toEqual([1, 1, 1]);
  });
});
