import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import * as f from '../../test/factories.js';
import type { Event } from '../event/event.entity.js';
import type { Household } from '../household/household.entity.js';
import type { Organization } from '../organization/organization.entity.js';
import type { Project } from './project.entity.js';

const FIELDS = `householdsNoLongerReached householdsNewlyReached userErrors { field code }
  projects { projectId title targetHouseholds reachedBefore reachedAfter progressBefore progressAfter householdsNoLongerReached householdsNewlyReached earnedBefore earnedAfter }`;
const CANCEL = `query($input: CancelEventInput!) { previewCancelEvent(input: $input) { ${FIELDS} } }`;
const ATTEND = `query($input: RecordAttendanceInput!) { previewRecordAttendance(input: $input) { ${FIELDS} } }`;
const FLAG = `query($input: UpdateOrganizationInput!) { previewUpdateOrganization(input: $input) { ${FIELDS} } }`;
const STATE = `query($p: ID!, $e: ID!) { project(id: $p) { kpi { reached } } event(id: $e) { cancelledAt version } auditEvents(first: 1) { totalCount } }`;

/**
 * Issue 18: cancelling an event that 3 families attended silently lowered the reach from 205 to
 * 202. The previews answer, before the change, which families stop counting and the reach and
 * earned subsidy before and after — by running the mutation's own service and rolling it back.
 *
 * The fixture (target 100, € 170 per family, granted € 17.000):
 *   evening E1 (promoting organiser A): h1, h2, h3 attended
 *   evening E2 (promoting organiser A): h3, h4 attended
 *   evening E3 (organiser B, not promoting): h5 attended          → reached {h1, h2, h3, h4} = 4
 */
describe('previews of changes that move the figures', () => {
  let server: TestServer;
  let em: EntityManager;
  let project: Project;
  let e1: Event;
  let e2: Event;
  let a: Organization;
  let b: Organization;
  let h: Household[];

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    const m = await f.municipality(em);
    project = await f.project(em, { lead: m, title: 'Samen naar school' });
    a = await f.organization(em, m);
    b = await f.organization(em, m, { promotesSocialMix: false });
    e1 = await f.event(em, project, a);
    e2 = await f.event(em, project, a, { startsAt: new Date('2025-03-10T18:00:00Z') });
    const e3 = await f.event(em, project, b, { startsAt: new Date('2025-03-12T18:00:00Z') });
    h = [];
    // Families living in the project's municipality (recording an attendance checks the residence code against the reference data).
    for (let i = 0; i < 5; i++) h.push(await f.household(em, project, { residenceNisCode: m.nisCode }));
    for (const x of [h[0]!, h[1]!, h[2]!]) await f.attendance(em, x, e1);
    for (const x of [h[2]!, h[3]!]) await f.attendance(em, x, e2);
    await f.attendance(em, h[4]!, e3);
  });
  afterAll(() => server.close());

  const state = () => server.data(STATE, { p: project.id, e: e1.id });

  it('cancelling E1: h1 and h2 stop counting (h3 still came to E2), reach 4 → 2, earned € 680 → € 340; nothing is written', async () => {
    const before = await state();
    expect(before.project.kpi.reached).toBe(4);
    const { previewCancelEvent } = await server.data(CANCEL, { input: { id: e1.id, version: before.event.version } });
    expect(previewCancelEvent).toEqual({
      householdsNoLongerReached: 2,
      householdsNewlyReached: 0,
      userErrors: [],
      projects: [
        {
          projectId: project.id,
          title: 'Samen naar school',
          targetHouseholds: 100,
          reachedBefore: 4,
          reachedAfter: 2,
          progressBefore: 0.04,
          progressAfter: 0.02,
          householdsNoLongerReached: 2,
          householdsNewlyReached: 0,
          earnedBefore: 680,
          earnedAfter: 340,
        },
      ],
    });
    // Nothing written: the event is not cancelled, the reach and the audit trail are as they were.
    expect(await state()).toEqual(before);
  });

  it('NO_SHOW over ATTENDED: only a family with no other evening stops counting', async () => {
    const only = await server.data(ATTEND, { input: { householdId: h[3]!.id, eventId: e2.id, status: 'NO_SHOW' } });
    expect(only.previewRecordAttendance.householdsNoLongerReached).toBe(1);
    expect(only.previewRecordAttendance.projects[0]).toMatchObject({ reachedBefore: 4, reachedAfter: 3 });
    const also = await server.data(ATTEND, { input: { householdId: h[2]!.id, eventId: e2.id, status: 'NO_SHOW' } });
    expect(also.previewRecordAttendance).toMatchObject({ householdsNoLongerReached: 0, projects: [] });
  });

  it('changing an organiser’s flag: off for A drops all four; on for B adds h5', async () => {
    const version = async (o: Organization) => (await server.data(`query($id: ID!) { organization(id: $id) { version } }`, { id: o.id })).organization.version;
    const off = await server.data(FLAG, { input: { id: a.id, version: await version(a), promotesSocialMix: false } });
    expect(off.previewUpdateOrganization).toMatchObject({ householdsNoLongerReached: 4, householdsNewlyReached: 0, projects: [{ reachedBefore: 4, reachedAfter: 0, earnedAfter: 0 }] });
    const on = await server.data(FLAG, { input: { id: b.id, version: await version(b), promotesSocialMix: true } });
    expect(on.previewUpdateOrganization).toMatchObject({ householdsNoLongerReached: 0, householdsNewlyReached: 1, projects: [{ reachedBefore: 4, reachedAfter: 5, earnedAfter: 850 }] });
    // A rename moves no figure.
    const rename = await server.data(FLAG, { input: { id: a.id, version: await version(a), name: 'Nieuwe naam' } });
    expect(rename.previewUpdateOrganization).toMatchObject({ householdsNoLongerReached: 0, householdsNewlyReached: 0, projects: [], userErrors: [] });
  });

  it('answers the refusal the mutation would give, and the real mutation then does what the preview said', async () => {
    const { event } = await state();
    const stale = await server.data(CANCEL, { input: { id: e1.id, version: event.version + 7 } });
    expect(stale.previewCancelEvent.userErrors.length).toBeGreaterThan(0);
    expect(stale.previewCancelEvent.projects).toEqual([]);

    const { cancelEvent } = await server.data(`mutation($input: CancelEventInput!) { cancelEvent(input: $input) { userErrors { code } } }`, { input: { id: e1.id, version: event.version } });
    expect(cancelEvent.userErrors).toEqual([]);
    expect((await state()).project.kpi.reached).toBe(2);
  });

  it('is refused to roles that may not make the change, and for another municipality’s event', async () => {
    const analyst = await server.tokenFor('ANALYST');
    const refused = await server.gql(CANCEL, { input: { id: e1.id, version: 1 } }, { authorization: `Bearer ${analyst}` });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const elsewhere = await server.tokenFor('COORDINATOR', (await f.municipality(em)).id);
    const other = await server.gql(ATTEND, { input: { householdId: h[0]!.id, eventId: e2.id, status: 'NO_SHOW' } }, { authorization: `Bearer ${elsewhere}` });
    expect(other.data?.previewRecordAttendance ?? null).toBeNull();
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
