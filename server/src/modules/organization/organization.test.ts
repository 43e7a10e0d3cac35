import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

const CREATE = `mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { organization { name kind promotesSocialMix municipality { nisCode } } userErrors { field code } }
}`;

describe('createOrganization', () => {
  let server: TestServer;
  let municipalityId: string;
  let nisCode: string;

  beforeAll(async () => {
    server = await startTestServer();
    const m = await f.municipality(f.em(server));
    municipalityId = m.id;
    nisCode = m.nisCode;
  });

  afterAll(() => server?.close());

  const input = (over: Record<string, unknown> = {}) => ({ input: { name: 'LOP Basisonderwijs', kind: 'LOCAL_CONSULTATION_PLATFORM', municipalityId, promotesSocialMix: true, ...over } });

  it('registers a partner organisation in a municipality', async () => {
    const { createOrganization } = await server.data(CREATE, input());
    expect(createOrganization).toEqual({
      organization: { name: 'LOP Basisonderwijs', kind: 'LOCAL_CONSULTATION_PLATFORM', promotesSocialMix: true, municipality: { nisCode } },
      userErrors: [],
    });
  });

  it('refuses the same name twice in one municipality, and writes nothing', async () => {
    const { createOrganization } = await server.data(CREATE, input({ name: ' LOP Basisonderwijs ' }));
    expect(createOrganization.userErrors).toEqual([{ field: ['input', 'name'], code: 'DUPLICATE' }]);
    const { organizations } = await server.data(`query($m: ID!) { organizations(filter: { municipalityId: $m }) { totalCount } }`, { m: municipalityId });
    expect(organizations.totalCount).toBe(1);
  });

  it('names every broken field', async () => {
    const blank = await server.data(CREATE, input({ name: '   ' }));
    expect(blank.createOrganization.userErrors).toEqual([{ field: ['input', 'name'], code: 'REQUIRED' }]);
    const long = await server.data(CREATE, input({ name: 'x'.repeat(201) }));
    expect(long.createOrganization.userErrors).toEqual([{ field: ['input', 'name'], code: 'TOO_LONG' }]);
    const unknown = await server.data(CREATE, input({ municipalityId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown.createOrganization.userErrors).toEqual([{ field: ['input', 'municipalityId'], code: 'NOT_FOUND' }]);
    const bad = await server.gql(CREATE, input({ kind: 'CHURCH' }));
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

const UPDATE = `mutation($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) { organization { id name kind promotesSocialMix version } userErrors { field code message } }
}`;
const KPI = `query($id: ID!) { project(id: $id) { kpi { reached } } }`;

describe('updateOrganization', () => {
  let server: TestServer;
  let gent: Awaited<ReturnType<typeof f.municipality>>;
  let aalst: Awaited<ReturnType<typeof f.municipality>>;

  beforeAll(async () => {
    server = await startTestServer();
    const e = f.em(server);
    gent = await f.municipality(e);
    aalst = await f.municipality(e);
  });

  afterAll(() => server?.close());

  /** The maintained count (`Project.kpi.reached`) and the count rebuilt from the attendances by `project_kpi_recount` (what `pnpm db:recount` runs). */
  async function reachedAndRecount(projectId: string): Promise<[number, number]> {
    const maintained = (await server.data(KPI, { id: projectId })).project.kpi.reached as number;
    const e = f.em(server);
    await e.execute('select project_kpi_recount(array[?]::uuid[])', [projectId]);
    const recounted = (await server.data(KPI, { id: projectId })).project.kpi.reached as number;
    return [maintained, recounted];
  }

  it('renames an organisation and changes its kind, raising the version', async () => {
    const o = await f.organization(f.em(server), gent, { name: 'Buurtwerk Oost' });
    const { updateOrganization } = await server.data(UPDATE, { input: { id: o.id, version: o.version, name: '  Buurtwerk Oost-Gent ', kind: 'NON_PROFIT' } });
    expect(updateOrganization.userErrors).toEqual([]);
    expect(updateOrganization.organization).toMatchObject({ name: 'Buurtwerk Oost-Gent', kind: 'NON_PROFIT', promotesSocialMix: true, version: o.version + 1 });
  });

  it('turning the flag off takes its events out of the KPI at once, and back in when turned on (the maintained count equals a recount)', async () => {
    const e = f.em(server);
    const org = await f.organization(e, gent, { promotesSocialMix: true });
    const pr = await f.project(e, { lead: gent, partners: [org] });
    const ev = await f.event(e, pr, org);
    for (let i = 0; i < 3; i++) await f.attendance(e, await f.household(e, pr), ev);
    expect(await reachedAndRecount(pr.id)).toEqual([3, 3]);

    const off = await server.data(UPDATE, { input: { id: org.id, version: org.version, promotesSocialMix: false } });
    expect(off.updateOrganization).toMatchObject({ organization: { promotesSocialMix: false, version: org.version + 1 }, userErrors: [] });
    expect(await reachedAndRecount(pr.id)).toEqual([0, 0]);

    const on = await server.data(UPDATE, { input: { id: org.id, version: org.version + 1, promotesSocialMix: true } });
    expect(on.updateOrganization.userErrors).toEqual([]);
    expect(await reachedAndRecount(pr.id)).toEqual([3, 3]);
  });

  it('refuses a stale version and changes nothing', async () => {
    const o = await f.organization(f.em(server), gent, { name: 'LOP Secundair' });
    const { updateOrganization } = await server.data(UPDATE, { input: { id: o.id, version: o.version + 5, name: 'Anders' } });
    expect(updateOrganization.organization).toBeNull();
    expect(updateOrganization.userErrors.map((x: any) => [x.field, x.code])).toEqual([[['input', 'version'], 'STALE_VERSION']]);
    const { organizations } = await server.data(`query($m: ID!) { organizations(filter: { municipalityId: $m, search: "LOP Secundair" }) { totalCount } }`, { m: gent.id });
    expect(organizations.totalCount).toBe(1);
  });

  it('refuses a name already used in the municipality, and a blank one', async () => {
    const e = f.em(server);
    await f.organization(e, gent, { name: 'Bezet' });
    const o = await f.organization(e, gent, { name: 'Vrij' });
    const dup = await server.data(UPDATE, { input: { id: o.id, version: o.version, name: 'Bezet' } });
    expect(dup.updateOrganization.userErrors.map((x: any) => x.code)).toEqual(['DUPLICATE']);
    const blank = await server.data(UPDATE, { input: { id: o.id, version: o.version, name: '  ' } });
    expect(blank.updateOrganization.userErrors.map((x: any) => [x.field, x.code])).toEqual([[['input', 'name'], 'REQUIRED']]);
  });

  it('refuses to change the flag of an organisation that organised events of a CLOSED project (PERIOD_CLOSED), but allows a rename; the KPI stays', async () => {
    const e = f.em(server);
    const lier = await f.municipality(e);
    const org = await f.organization(e, lier);
    const pr = await f.project(e, { lead: lier, partners: [org] });
    const ev = await f.event(e, pr, org);
    await f.attendance(e, await f.household(e, pr), ev);
    await e.execute(`update project set status = 'CLOSED' where id = ?`, [pr.id]);
    const { updateOrganization } = await server.data(UPDATE, { input: { id: org.id, version: org.version, promotesSocialMix: false } });
    expect(updateOrganization.organization).toBeNull();
    expect(updateOrganization.userErrors.map((x: any) => [x.field, x.code])).toEqual([[['input', 'promotesSocialMix'], 'PERIOD_CLOSED']]);
    expect(await reachedAndRecount(pr.id)).toEqual([1, 1]);
    const rename = await server.data(UPDATE, { input: { id: org.id, version: org.version, name: 'Nieuwe naam', promotesSocialMix: true } });
    expect(rename.updateOrganization.userErrors).toEqual([]);
  });

  it('refuses to change the flag of an organisation that organised events in a FINAL period (PERIOD_CLOSED)', async () => {
    const e = f.em(server);
    const p2 = await f.period(e, { number: 2, label: 'Projectperiode 2', startsOn: '2023-10-01', endsOn: '2024-09-30' });
    const org = await f.organization(e, aalst);
    const pr = await f.project(e, { lead: aalst, period: p2, partners: [org] });
    await f.event(e, pr, org, { startsAt: new Date('2024-02-10T18:00:00Z') });
    await e.execute(`update funding_period set report_status = 'FINAL' where id = ?`, [p2.id]);
    const { updateOrganization } = await server.data(UPDATE, { input: { id: org.id, version: org.version, promotesSocialMix: false } });
    expect(updateOrganization.userErrors.map((x: any) => x.code)).toEqual(['PERIOD_CLOSED']);
  });

  it('lets a coordinator change its own municipality’s organisations only (FORBIDDEN for another municipality)', async () => {
    const e = f.em(server);
    const own = await f.organization(e, gent);
    const other = await f.organization(e, aalst);
    const headers = { authorization: `Bearer ${await server.tokenFor('COORDINATOR', gent.id)}` };
    const ok = await server.gql(UPDATE, { input: { id: own.id, version: own.version, name: 'Eigen organisatie' } }, headers);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.updateOrganization.userErrors).toEqual([]);
    const refused = await server.gql(UPDATE, { input: { id: other.id, version: other.version, name: 'Overgenomen' } }, headers);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.data?.updateOrganization ?? null).toBeNull();
    const reviewer = await server.gql(UPDATE, { input: { id: own.id, version: own.version + 1, name: 'x' } }, { authorization: `Bearer ${await server.tokenFor('REVIEWER')}` });
    expect(reviewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('organization(id)', () => {
  let server: TestServer;
  afterAll(() => server?.close());

  it('returns one organisation with its version (for the edit screen), null for an unknown id', async () => {
    server = await startTestServer();
    const m = await f.municipality(f.em(server));
    const o = await f.organization(f.em(server), m, { name: 'Samenlevingsopbouw', promotesSocialMix: false });
    const { organization } = await server.data(`query($id: ID!) { organization(id: $id) { name promotesSocialMix version municipality { id } } }`, { id: o.id });
    expect(organization).toEqual({ name: 'Samenlevingsopbouw', promotesSocialMix: false, version: 1, municipality: { id: m.id } });
    const none = await server.data(`{ organization(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(none.organization).toBeNull();
  });
});
