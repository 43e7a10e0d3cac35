import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { Loaders } from '../../graphql/loaders.js';
import { Attendance } from '../attendance/attendance.entity.js';
import { Event } from '../event/event.entity.js';
import { Enrollment, Household } from '../household/household.entity.js';
import { Municipality } from '../municipality/municipality.entity.js';
import type { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { School } from '../school/school.entity.js';
import { ApiKey, User } from './auth.entity.js';
import { canSee, rowScopeOf, seesEveryRowOf } from './policy.js';
import type { Viewer } from './viewer.js';

/**
 * ROW RULES over real HTTP (SPEC section 5, policy.ts): whose projects, events and families a
 * viewer may see and change. Two municipalities, A and B, each with a project, events, families
 * and attendance; every refusal is a FORBIDDEN error (never an empty list that looks real) and
 * leaves nothing written. Which role may call which operation at all is access-matrix.test.ts.
 */

type GqlBody = { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[] };
type Headers = Record<string, string>;

interface Place {
  municipality: Municipality;
  organization: Organization;
  project: Project;
  events: Event[];
  households: Household[];
}

const bearer = (credential: string): Headers => ({ authorization: `Bearer ${credential}` });

/** Builds a municipality with one approved project, two events and three families (two attended). */
async function place(em: EntityManager, name: string, over: Partial<Municipality> = {}): Promise<Place> {
  const municipality = await f.municipality(em, { name, ...over });
  const organization = await f.organization(em, municipality);
  const project = await f.project(em, { lead: municipality, partners: [organization] });
  const events = [await f.event(em, project, organization), await f.event(em, project, organization, { type: 'SCHOOL_VISIT', startsAt: new Date('2025-03-03T08:00:00Z') })];
  const households: Household[] = [];
  for (const n of [1, 2, 3]) households.push(await f.household(em, project, { reference: `${name}-FAM-${n}`, lowEducatedMother: true, consentAt: new Date('2025-01-10T10:00:00Z') }));
  await f.attendance(em, households[0]!, events[0]!);
  await f.attendance(em, households[1]!, events[0]!);
  await f.attendance(em, households[1]!, events[1]!);
  return { municipality, organization, project, events, households };
}

describe('row rules: whose rows a viewer sees and changes', () => {
  let server: TestServer;
  let em: EntityManager;
  let a: Place;
  let b: Place;
  let nextYear: string;
  const as: Partial<Record<'coordinatorA' | 'integratorA' | 'analyst' | 'reviewer', Headers>> = {};

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    // Households live in a municipality of the reference data (checked on registration).
    await f.municipality(em, { nisCode: '44021', name: 'Gent' });
    a = await place(em, 'Alpha');
    b = await place(em, 'Bravo');
    const school = await f.school(em, b.municipality);
    await f.composition(em, school);
    nextYear = (await f.period(em, { number: 4, label: 'Projectperiode 4', startsOn: '2025-10-01', endsOn: '2026-09-30' })).id;

    as.coordinatorA = bearer(await server.tokenFor('COORDINATOR', a.municipality.id));
    as.analyst = bearer(await server.tokenFor('ANALYST'));
    as.reviewer = bearer(await server.tokenFor('REVIEWER'));
    const { createApiKey } = await server.data(`mutation($m: ID!) { createApiKey(input: { name: "Alpha app", municipalityId: $m }) { secret } }`, { m: a.municipality.id });
    as.integratorA = bearer(createApiKey.secret);
  });

  afterAll(() => server?.close());

  const ask = (who: keyof typeof as, query: string, variables: Record<string, unknown> = {}) => server.gql(query, variables, as[who]);

  /** The single FORBIDDEN error of a row refused while resolving, at its path (where data is null). */
  function expectForbidden(body: GqlBody, path: (string | number)[]): void {
    expect(body.errors?.map((e) => ({ code: e.extensions?.code, path: e.path }))).toEqual([{ code: 'FORBIDDEN', path }]);
  }

  /** An operation the role may not call at all: refused before it runs, naming the root field. */
  function expectOperationRefused(body: GqlBody, field: string): void {
    expect(body.errors?.map((e) => ({ code: e.extensions?.code, field: e.extensions?.field }))).toEqual([{ code: 'FORBIDDEN', field }]);
    expect(body.data).toBeUndefined();
  }

  /** As the administrator: how many of a project's events, families or attendances there are. */
  const count = {
    events: async (p: Place) => (await server.data(`query($p: ID!) { events(filter: { projectId: $p }) { totalCount } }`, { p: p.project.id })).events.totalCount as number,
    households: async (p: Place) => (await server.data(`query($p: ID!) { households(filter: { projectId: $p }) { totalCount } }`, { p: p.project.id })).households.totalCount as number,
    attendances: (p: Place) => em.fork().count(Attendance, { event: { project: p.project.id } }),
  };

  describe('a coordinator reads its own municipality’s rows only', () => {
    it('projects lists A’s projects only', async () => {
      const { data } = await ask('coordinatorA', `{ projects { totalCount nodes { id } } }`);
      expect(data!.projects).toEqual({ totalCount: 1, nodes: [{ id: a.project.id }] });
      const all = await server.data(`{ projects { totalCount } }`);
      expect(all.projects.totalCount).toBe(2);
    });

    it('a list filtered on B is refused, not answered empty', async () => {
      const projects = await ask('coordinatorA', `query($m: ID!) { projects(filter: { municipalityId: $m }) { totalCount } }`, { m: b.municipality.id });
      expectForbidden(projects, ['projects']);
      const events = await ask('coordinatorA', `query($p: ID!) { events(filter: { projectId: $p }) { totalCount } }`, { p: b.project.id });
      expectForbidden(events, ['events']);
      const households = await ask('coordinatorA', `query($p: ID!) { households(filter: { projectId: $p }) { totalCount } }`, { p: b.project.id });
      expectForbidden(households, ['households']);
    });

    it('B’s project and event by id are refused, with no data', async () => {
      const project = await ask('coordinatorA', `query($id: ID!) { project(id: $id) { id title } }`, { id: b.project.id });
      expectForbidden(project, ['project']);
      expect(project.data).toEqual({ project: null });
      const event = await ask('coordinatorA', `query($id: ID!) { event(id: $id) { id venue } }`, { id: b.events[0]!.id });
      expectForbidden(event, ['event']);
      expect(event.data).toEqual({ event: null });

      const own = await ask('coordinatorA', `query($id: ID!) { project(id: $id) { households { totalCount } events { totalCount } } }`, { id: a.project.id });
      expect(own).toEqual({ data: { project: { households: { totalCount: 3 }, events: { totalCount: 2 } } } });
    });

    it('B’s families cannot be reached through a nested path either', async () => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as.coordinatorA },
        body: JSON.stringify({
          query: `query($id: ID!) { municipality(id: $id) { name projects { nodes { households { nodes { reference } } } } } }`,
          variables: { id: b.municipality.id },
        }),
      });
      const text = await response.text();
      expectForbidden(JSON.parse(text) as GqlBody, ['municipality', 'projects', 'nodes']);
      for (const h of b.households) expect(text).not.toContain(h.reference);
      expect(text).not.toContain(b.project.title);
    });

    it('B as aggregates is allowed: its name and social-mix indices', async () => {
      const body = await ask('coordinatorA', `query($id: ID!) { municipality(id: $id) { name socialMix(schoolYear: "2024-2025") { schoolCount pupils } } }`, { id: b.municipality.id });
      expect(body).toEqual({ data: { municipality: { name: b.municipality.name, socialMix: { schoolCount: 1, pupils: 200 } } } });
    });
  });

  describe('a coordinator changes its own municipality’s rows only', () => {
    const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id project { id } } userErrors { field code } } }`;
    const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { household { reference } userErrors { field code } } }`;
    const RECORD = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { attendance { status } userErrors { field code } } }`;
    const IMPORT = `mutation($rows: [AttendanceImportRow!]!) { importAttendances(input: { rows: $rows }) { created updated unchanged userErrors { field code } } }`;
    const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { title status } userErrors { field code } } }`;
    const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { name } userErrors { field code } } }`;

    const eventInput = (p: Place) => ({ projectId: p.project.id, organizerId: p.organization.id, type: 'PARENT_EVENING', startsAt: '2025-05-12T17:00:00Z', endsAt: '2025-05-12T19:00:00Z', venue: 'Sporthal' });
    const householdInput = (p: Place, reference: string) => ({ projectId: p.project.id, reference, residenceNisCode: '44021', postcode: '9000', children: 1 });
    // REGISTERED, not ATTENDED: these writes leave the KPI figures below untouched.
    const attendanceOf = (p: Place, household = 2) => ({ eventId: p.events[0]!.id, householdId: p.households[household]!.id, status: 'REGISTERED' });
    const projectInput = (p: Place) => ({ title: 'Samen naar school', leadMunicipalityId: p.municipality.id, fundingPeriodId: nextYear, baselineHouseholds: 5, targetHouseholds: 50 });
    const organizationInput = (p: Place) => ({ name: 'Buurtwerk', kind: 'NON_PROFIT', municipalityId: p.municipality.id, promotesSocialMix: true });

    /** B's write is refused with FORBIDDEN and changes no count; A's goes through. */
    async function refusedForBAllowedForA(mutation: string, field: string, input: (p: Place) => Record<string, unknown>, counted: (p: Place) => Promise<number>) {
      const before = await counted(b);
      expectForbidden(await ask('coordinatorA', mutation, { input: input(b) }), [field]);
      expect(await counted(b)).toBe(before);

      const { data, errors } = await ask('coordinatorA', mutation, { input: input(a) });
      expect(errors).toBeUndefined();
      expect(data![field].userErrors).toEqual([]);
      return data![field];
    }

    it('createEvent on B’s project is refused and writes nothing', async () => {
      const created = await refusedForBAllowedForA(CREATE_EVENT, 'createEvent', eventInput, count.events);
      expect(created.event.project).toEqual({ id: a.project.id });
    });

    it('registerHousehold on B’s project is refused', async () => {
      const created = await refusedForBAllowedForA(REGISTER, 'registerHousehold', (p) => householdInput(p, 'NEW-FAM'), count.households);
      expect(created.household).toEqual({ reference: 'NEW-FAM' });
    });

    it('updateHousehold, withdrawConsent and eraseHousehold of B’s family are refused and change nothing; A’s own are allowed', async () => {
      const UPDATE = `mutation($input: UpdateHouseholdInput!) { updateHousehold(input: $input) { household { children } userErrors { field code } } }`;
      const WITHDRAW = `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { household { consentAt } userErrors { field code } } }`;
      const ERASE = `mutation($input: EraseHouseholdInput!) { eraseHousehold(input: $input) { household { erasedAt } userErrors { field code } } }`;
      const target = b.households[0]!;
      const rowOf = async (id: string) => (await server.data(`query($id: ID!) { household(id: $id) { reference children version } }`, { id })).household as unknown;
      const before = await rowOf(target.id);
      expectForbidden(await ask('coordinatorA', UPDATE, { input: { id: target.id, children: 7 } }), ['updateHousehold']);
      expectForbidden(await ask('coordinatorA', WITHDRAW, { input: { id: target.id } }), ['withdrawConsent']);
      expectForbidden(await ask('coordinatorA', ERASE, { input: { id: target.id } }), ['eraseHousehold']);
      expect(await rowOf(target.id)).toEqual(before);

      const own = await ask('coordinatorA', UPDATE, { input: { id: a.households[0]!.id, children: 4 } });
      expect(own).toEqual({ data: { updateHousehold: { household: { children: 4 }, userErrors: [] } } });
      const withdrawn = await ask('coordinatorA', WITHDRAW, { input: { id: a.households[0]!.id } });
      expect(withdrawn).toEqual({ data: { withdrawConsent: { household: { consentAt: null }, userErrors: [] } } });
    });

    it('recordAttendance for B’s event is refused', async () => {
      const created = await refusedForBAllowedForA(RECORD, 'recordAttendance', attendanceOf, count.attendances);
      expect(created.attendance).toEqual({ status: 'REGISTERED' });
    });

    it('importAttendances with a row of B names that row and writes nothing, not even A’s row', async () => {
      const before = [await count.attendances(a), await count.attendances(b)];
      const { data } = await ask('coordinatorA', IMPORT, { rows: [attendanceOf(a, 0), attendanceOf(b)] });
      expect(data!.importAttendances).toEqual({ created: 0, updated: 0, unchanged: 0, userErrors: [{ field: ['input', 'rows', '1', 'eventId'], code: 'FORBIDDEN' }] });
      expect([await count.attendances(a), await count.attendances(b)]).toEqual(before);

      const own = await ask('coordinatorA', IMPORT, { rows: [{ ...attendanceOf(a, 0), eventId: a.events[1]!.id }] });
      expect(own.data!.importAttendances).toEqual({ created: 1, updated: 0, unchanged: 0, userErrors: [] });
    });

    it('createProject led by B and createOrganization in B are refused', async () => {
      const projectsOf = async (p: Place) => (await server.data(`query($m: ID!) { municipality(id: $m) { projects { totalCount } } }`, { m: p.municipality.id })).municipality.projects.totalCount as number;
      const project = await refusedForBAllowedForA(CREATE_PROJECT, 'createProject', projectInput, projectsOf);
      expect(project.project).toEqual({ title: 'Samen naar school', status: 'DRAFT' });

      const organizationsOf = async (p: Place) => (await server.data(`query($m: ID!) { organizations(filter: { municipalityId: $m }) { totalCount } }`, { m: p.municipality.id })).organizations.totalCount as number;
      const organization = await refusedForBAllowedForA(CREATE_ORG, 'createOrganization', organizationInput, organizationsOf);
      expect(organization.organization).toEqual({ name: 'Buurtwerk' });
    });

    describe('an integrator’s API key of A', () => {
      it('creates events on A’s project and records attendance', async () => {
        const event = await ask('integratorA', CREATE_EVENT, { input: { ...eventInput(a), venue: 'Bibliotheek' } });
        expect(event.data!.createEvent).toMatchObject({ event: { project: { id: a.project.id } }, userErrors: [] });
        const attendance = await ask('integratorA', RECORD, { input: { ...attendanceOf(a), eventId: event.data!.createEvent.event.id } });
        expect(attendance.data!.recordAttendance).toEqual({ attendance: { status: 'REGISTERED' }, userErrors: [] });
      });

      it('cannot read the programme report', async () => {
        const { fundingPeriods } = await server.data(`{ fundingPeriods { nodes { id number } } }`);
        const period = fundingPeriods.nodes.find((p: { number: number }) => p.number === 3);
        expectOperationRefused(await ask('integratorA', `query($id: ID!) { programReport(fundingPeriodId: $id) { projectCount } }`, { id: period.id }), 'programReport');
      });

      it('cannot reach B’s rows, by id, by filter or by a write', async () => {
        expectForbidden(await ask('integratorA', `query($id: ID!) { event(id: $id) { id } }`, { id: b.events[0]!.id }), ['event']);
        expectForbidden(await ask('integratorA', `query($id: ID!) { household(id: $id) { reference } }`, { id: b.households[0]!.id }), ['household']);
        expectForbidden(await ask('integratorA', `query($p: ID!) { households(filter: { projectId: $p }) { totalCount } }`, { p: b.project.id }), ['households']);
        const before = await count.events(b);
        expectForbidden(await ask('integratorA', CREATE_EVENT, { input: eventInput(b) }), ['createEvent']);
        expect(await count.events(b)).toBe(before);

        const { data } = await ask('integratorA', `{ households(first: 100) { nodes { reference } } }`);
        expect(data!.households.nodes.map((h: { reference: string }) => h.reference)).not.toContain(b.households[0]!.reference);
      });
    });
  });

  describe('an analyst sees families only as aggregates', () => {
    it('the households list is refused', async () => {
      expectOperationRefused(await ask('analyst', `{ households { totalCount } }`), 'households');
    });

    it('a project’s KPI is allowed, its small counts withheld by disclosure control', async () => {
      const body = await ask('analyst', `query($id: ID!) { project(id: $id) { kpi { target reached byEventType { type reached } suppressed { field } } } }`, { id: a.project.id });
      // 2 reached families (1 at the school visit): under the threshold of 5, so withheld, never a number.
      expect(body).toEqual({
        data: { project: { kpi: { target: 100, reached: null, byEventType: [{ type: 'PARENT_EVENING', reached: null }, { type: 'SCHOOL_VISIT', reached: null }], suppressed: expect.arrayContaining([{ field: 'reached' }]) } } },
      });
    });

    it('a project’s households, even only their count, are refused', async () => {
      const body = await ask('analyst', `query($id: ID!) { project(id: $id) { title households { totalCount } } }`, { id: a.project.id });
      expectForbidden(body, ['project', 'households']);
      expect(body.data).toEqual({ project: null });
    });

    it('an event’s attendance count is allowed, its attendances are not', async () => {
      const counted = await ask('analyst', `query($id: ID!) { event(id: $id) { attendanceCount } }`, { id: a.events[0]!.id });
      expect(counted).toEqual({ data: { event: { attendanceCount: null } } }); // 2: withheld for an analyst
      const listed = await ask('analyst', `query($id: ID!) { event(id: $id) { attendanceCount attendances { totalCount } } }`, { id: a.events[0]!.id });
      expectForbidden(listed, ['event', 'attendances']);
    });
  });

  describe('a reviewer sees families as pseudonymous records', () => {
    it('lists every family’s reference and children', async () => {
      const { data, errors } = await ask('reviewer', `{ households(first: 100) { totalCount nodes { reference children } } }`);
      expect(errors).toBeUndefined();
      const total = await em.fork().count(Household, {});
      expect(data!.households.totalCount).toBe(total);
      expect(data!.households.nodes).toContainEqual({ reference: b.households[0]!.reference, children: 2 });
    });

    for (const field of ['lowEducatedMother', 'consentAt']) {
      it(`is refused the consented characteristic ${field}`, async () => {
        const body = await ask('reviewer', `{ households(first: 1) { nodes { reference ${field} } } }`);
        expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
        expect(body.errors![0]!.path).toEqual(['households', 'nodes', 0, field]);
        expect(JSON.stringify(body.data ?? null)).not.toMatch(/true|2025-01-10/);
      });
    }
  });

  describe('municipalities merged in 2025', () => {
    let merged: Place;
    let unrelated: Place;
    let coordinatorM: Headers;

    beforeAll(async () => {
      const m = await f.municipality(em, { name: 'Nieuwstad', validFrom: '2025-01-01' });
      merged = await place(em, 'Oudstad', { validTo: '2024-12-31', mergedInto: ref(m) });
      unrelated = await place(em, 'Elders');
      coordinatorM = bearer(await server.tokenFor('COORDINATOR', m.id));
    });

    it('the coordinator of the 2025 municipality owns the projects of the municipality merged into it', async () => {
      const own = await server.gql(`query($id: ID!) { project(id: $id) { id households { totalCount } } }`, { id: merged.project.id }, coordinatorM);
      expect(own).toEqual({ data: { project: { id: merged.project.id, households: { totalCount: 3 } } } });
      const listed = await server.gql(`{ projects { nodes { id } } }`, {}, coordinatorM);
      expect(listed.data!.projects.nodes).toEqual([{ id: merged.project.id }]);
    });

    it('but not those of an unrelated municipality', async () => {
      expectForbidden(await server.gql(`query($id: ID!) { project(id: $id) { id } }`, { id: unrelated.project.id }, coordinatorM), ['project']);
    });
  });

  describe('seesEveryRowOf and rowScopeOf, the rules of reads answered by one statement (pushdown.ts)', () => {
    const viewer = (role: Viewer['role'], owned: string[] = []): Viewer => ({ kind: 'user', id: 'v', role, municipalityId: owned[0] ?? null, ownedMunicipalityIds: owned, label: String(role) });

    it('scopes a coordinator\'s and an integrator\'s projects and events to exactly the rows canSee says yes to', async () => {
      const fork = em.fork();
      for (const owned of [[a.municipality.id], [a.municipality.id, b.municipality.id]]) {
        for (const role of ['COORDINATOR', 'INTEGRATOR'] as const) {
          const v = viewer(role, owned);
          for (const entity of [Project, Event] as const) {
            const all = (await fork.find(entity as typeof Project, {})) as (Project | Event)[];
            const verdicts = await Promise.all(all.map((row) => canSee(v, new Loaders(fork, () => ({})), row)));
            const seen = all.filter((_, i) => verdicts[i]).map((row) => row.id).sort();
            const scoped = ((await fork.find(entity as typeof Project, rowScopeOf(v, entity.name) as never)) as (Project | Event)[]).map((row) => row.id).sort();
            expect({ role, entity: entity.name, owned: owned.length, rows: scoped.length > 0 && scoped.length < all.length }).toEqual({ role, entity: entity.name, owned: owned.length, rows: true });
            expect(scoped).toEqual(seen);
          }
          for (const other of ['Municipality', 'Household', 'Attendance', 'Enrollment', 'User', 'ApiKey', 'FinalReport']) expect(rowScopeOf(v, other)).toBeUndefined();
        }
      }
      for (const role of ['ADMIN', 'REVIEWER', 'ANALYST', null] as const) expect(rowScopeOf(viewer(role), 'Project')).toBeUndefined();
    });

    it('says yes to an entity for a role only where canSee says yes to every row of it', async () => {
      const fork = em.fork();
      const school = await fork.findOneOrFail(School, { municipality: b.municipality.id });
      const enrollment = fork.create(Enrollment, { household: a.households[0]!.id, school: school.id, schoolYear: '2025-2026' } as never);
      await fork.flush();
      const rows: Record<string, object[]> = {
        Municipality: await fork.find(Municipality, {}),
        Project: await fork.find(Project, {}),
        Event: await fork.find(Event, {}),
        Household: await fork.find(Household, {}),
        Attendance: await fork.find(Attendance, {}),
        Enrollment: await fork.find(Enrollment, {}),
        User: await fork.find(User, {}),
        ApiKey: await fork.find(ApiKey, {}),
      };
      const viewers = [viewer('ADMIN'), viewer('REVIEWER'), viewer('ANALYST'), viewer('COORDINATOR', [a.municipality.id]), viewer('INTEGRATOR', [a.municipality.id]), viewer(null)];
      const yes: string[] = [];
      try {
        for (const v of viewers) {
          for (const [entity, list] of Object.entries(rows)) {
            expect(list.length, entity).toBeGreaterThan(0);
            expect(list.every((row) => row.constructor.name === entity)).toBe(true);
            if (!seesEveryRowOf(v, entity)) continue;
            const verdicts = await Promise.all(list.map((row) => canSee(v, new Loaders(fork, () => ({})), row)));
            expect({ role: v.role, entity, refused: verdicts.filter((seen) => !seen).length }).toEqual({ role: v.role, entity, refused: 0 });
            yes.push(`${v.role}:${entity}`);
          }
        }
      } finally {
        await fork.nativeDelete(Enrollment, { id: enrollment.id });
      }
      // Every entity to administrators; families not to analysts; users and API keys to no one else;
      // of a scoped viewer's rows, only municipalities (the rest depends on the row); nothing to
      // anonymous callers (whom canSee would let through: the operation rules refuse them first).
      const others = ['Municipality', 'Project', 'Event'];
      expect(yes).toEqual([
        ...Object.keys(rows).map((e) => `ADMIN:${e}`),
        ...[...others, 'Household', 'Attendance', 'Enrollment'].map((e) => `REVIEWER:${e}`),
        ...others.map((e) => `ANALYST:${e}`),
        'COORDINATOR:Municipality',
        'INTEGRATOR:Municipality',
      ]);
      // An entity with rules of its own besides canSee (final reports: seesFinalReports) is no one's but administrators'.
      expect(viewers.filter((v) => seesEveryRowOf(v, 'FinalReport')).map((v) => v.role)).toEqual(['ADMIN']);
    });
  });
});
