import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../event/event.entity.js';
import type { Household } from '../household/household.entity.js';
import type { Organization } from '../organization/organization.entity.js';
import type { Project } from '../project/project.entity.js';
import * as f from '../../test/factories.js';
import { startTestServer, TEST_NOW, type TestServer, type UserErrorShape } from '../../test/harness.js';

/**
 * Attendance over real HTTP: recording is idempotent (a retry changes nothing, not even
 * recordedAt), an import is all or nothing with an error per bad row, and households are
 * registered under pseudonymous references only, with characteristics only by consent.
 *
 * The clock ticks one second per reading (from the harness's fixed day), so a rewritten
 * recordedAt would show.
 */

const RECORD = `mutation($input: RecordAttendanceInput!) {
  recordAttendance(input: $input) { attendance { id status recordedAt household { id } event { id } } userErrors { field message code } }
}`;
const IMPORT = `mutation($input: ImportAttendancesInput!) {
  importAttendances(input: $input) { created updated unchanged userErrors { field message code } }
}`;
const REGISTER = `mutation($input: RegisterHouseholdInput!) {
  registerHousehold(input: $input) {
    household { id reference residenceNisCode postcode children consentAt lowEducatedMother schoolAllowance homeLanguageNotDutch childWithSpecialNeeds preferredLanguage project { id } }
    userErrors { field message code }
  }
}`;

describe('attendance and households', () => {
  let server: TestServer;
  let em: EntityManager;
  let tick = 0;

  beforeAll(async () => {
    server = await startTestServer({ overrides: { now: () => new Date(TEST_NOW.getTime() + tick++ * 1000) } });
    em = f.em(server);
    // Households live in a municipality of the reference data (checked on registration).
    await f.municipality(em, { nisCode: '44021', name: 'Gent' });
  });

  afterAll(() => server?.close());

  interface Fixture {
    project: Project;
    lop: Organization;
    evening: Event;
    visit: Event;
    households: Household[];
  }

  /** A project of its own (so KPI figures of one test never see another's), with two events and households H1…Hn. */
  async function fixture(households = 4): Promise<Fixture> {
    const lead = await f.municipality(em);
    const lop = await f.organization(em, lead);
    const project = await f.project(em, { lead, targetHouseholds: 10, partners: [lop] });
    const evening = await f.event(em, project, lop, { type: 'PARENT_EVENING', startsAt: new Date('2024-11-05T18:00:00Z') });
    const visit = await f.event(em, project, lop, { type: 'SCHOOL_VISIT', startsAt: new Date('2025-03-12T08:30:00Z') });
    const hs: Household[] = [];
    for (let i = 1; i <= households; i++) hs.push(await f.household(em, project, { reference: `H${i}` }));
    return { project, lop, evening, visit, households: hs };
  }

  async function record(input: Record<string, unknown>): Promise<{ attendance: Record<string, any> | null; userErrors: UserErrorShape[] }> {
    return (await server.data(RECORD, { input })).recordAttendance;
  }

  async function reached(projectId: string): Promise<number> {
    const { project } = await server.data(`query($id: ID!) { project(id: $id) { kpi { reached } } }`, { id: projectId });
    return project.kpi.reached;
  }

  async function counts(eventId: string): Promise<{ attended: number; noShow: number; rows: number }> {
    const { event } = await server.data(
      `query($id: ID!) { event(id: $id) { attended: attendanceCount noShow: attendanceCount(status: NO_SHOW) attendances { totalCount } } }`,
      { id: eventId },
    );
    return { attended: event.attended, noShow: event.noShow, rows: event.attendances.totalCount };
  }

  describe('recordAttendance', () => {
    it('is idempotent: the same input twice gives the same attendance, the same recordedAt, one row', async () => {
      const fx = await fixture(2);
      const input = { householdId: fx.households[0]!.id, eventId: fx.evening.id };

      const first = await record(input);
      expect(first.userErrors).toEqual([]);
      expect(first.attendance).toMatchObject({ status: 'ATTENDED', household: { id: fx.households[0]!.id }, event: { id: fx.evening.id } });

      const second = await record(input);
      expect(second.userErrors).toEqual([]);
      expect(second.attendance!.id).toBe(first.attendance!.id);
      expect(second.attendance!.recordedAt).toBe(first.attendance!.recordedAt);
      expect(second.attendance!.status).toBe('ATTENDED');

      expect(await counts(fx.evening.id)).toEqual({ attended: 1, noShow: 0, rows: 1 });
      expect(await reached(fx.project.id)).toBe(1);
    });

    it('changes the status when recorded again with NO_SHOW, and the household no longer counts', async () => {
      const fx = await fixture(2);
      const a = await record({ householdId: fx.households[0]!.id, eventId: fx.evening.id });
      await record({ householdId: fx.households[1]!.id, eventId: fx.evening.id, status: 'ATTENDED' });
      expect(await reached(fx.project.id)).toBe(2);

      const noShow = await record({ householdId: fx.households[0]!.id, eventId: fx.evening.id, status: 'NO_SHOW' });
      expect(noShow.userErrors).toEqual([]);
      expect(noShow.attendance!.id).toBe(a.attendance!.id);
      expect(noShow.attendance!.status).toBe('NO_SHOW');
      expect(Date.parse(noShow.attendance!.recordedAt)).toBeGreaterThan(Date.parse(a.attendance!.recordedAt));

      expect(await reached(fx.project.id)).toBe(1);
      expect(await counts(fx.evening.id)).toEqual({ attended: 1, noShow: 1, rows: 2 });
    });

    it('refuses a household of another project as PROJECT_MISMATCH and writes nothing', async () => {
      const fx = await fixture(1);
      const other = await fixture(1);
      const { attendance, userErrors } = await record({ householdId: other.households[0]!.id, eventId: fx.evening.id });
      expect(attendance).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'householdId'], code: 'PROJECT_MISMATCH' })]);
      expect(await counts(fx.evening.id)).toEqual({ attended: 0, noShow: 0, rows: 0 });
    });

    it('refuses unknown household and event ids as NOT_FOUND, each on its field', async () => {
      const { attendance, userErrors } = await record({ householdId: randomUUID(), eventId: randomUUID() });
      expect(attendance).toBeNull();
      expect(userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
        ['input.householdId', 'NOT_FOUND'],
        ['input.eventId', 'NOT_FOUND'],
      ]);
      const fx = await fixture(1);
      const malformed = await record({ householdId: 'H1', eventId: fx.evening.id });
      expect(malformed.userErrors).toEqual([expect.objectContaining({ field: ['input', 'householdId'] })]);
      expect(await counts(fx.evening.id)).toEqual({ attended: 0, noShow: 0, rows: 0 });
    });
  });

  describe('importAttendances', () => {
    async function importRows(rows: Record<string, unknown>[]): Promise<{ created: number; updated: number; unchanged: number; userErrors: UserErrorShape[] }> {
      return (await server.data(IMPORT, { input: { rows } })).importAttendances;
    }

    it('writes nothing when one of four rows is bad, and names that row', async () => {
      const fx = await fixture(4);
      // One attendance already there, so "unchanged" below is about the KPI, not a zero.
      await f.attendance(em, fx.households[3]!, fx.visit);
      expect(await reached(fx.project.id)).toBe(1);

      const good = ['H1', 'H2', 'H3'].map((householdReference) => ({ eventId: fx.evening.id, householdReference }));
      const result = await importRows([...good, { eventId: fx.evening.id, householdReference: 'ONBEKEND' }]);
      expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
      expect(result.userErrors).toEqual([expect.objectContaining({ field: ['input', 'rows', '3', 'householdReference'], code: 'NOT_FOUND' })]);
      expect(await counts(fx.evening.id)).toEqual({ attended: 0, noShow: 0, rows: 0 });
      expect(await reached(fx.project.id)).toBe(1);

      const ok = await importRows(good);
      expect(ok).toEqual({ created: 3, updated: 0, unchanged: 0, userErrors: [] });
      expect(await counts(fx.evening.id)).toEqual({ attended: 3, noShow: 0, rows: 3 });
      expect(await reached(fx.project.id)).toBe(4);

      const again = await importRows(good);
      expect(again).toEqual({ created: 0, updated: 0, unchanged: 3, userErrors: [] });
      expect(await counts(fx.evening.id)).toEqual({ attended: 3, noShow: 0, rows: 3 });

      // One status changes: one update, two unchanged; the household drops out of the KPI.
      const changed = await importRows([good[0], { ...good[1], status: 'NO_SHOW' }, good[2]] as Record<string, unknown>[]);
      expect(changed).toEqual({ created: 0, updated: 1, unchanged: 2, userErrors: [] });
      expect(await counts(fx.evening.id)).toEqual({ attended: 2, noShow: 1, rows: 3 });
      expect(await reached(fx.project.id)).toBe(3);
    });

    it('accepts households by id and by reference in one import', async () => {
      const fx = await fixture(2);
      const result = await importRows([
        { eventId: fx.visit.id, householdId: fx.households[0]!.id },
        { eventId: fx.visit.id, householdReference: ' H2 ', status: 'REGISTERED' },
      ]);
      expect(result).toEqual({ created: 2, updated: 0, unchanged: 0, userErrors: [] });
      const c = await server.data(`query($id: ID!) { event(id: $id) { attended: attendanceCount registered: attendanceCount(status: REGISTERED) } }`, { id: fx.visit.id });
      expect(c.event).toEqual({ attended: 1, registered: 1 });
    });

    it('refuses two rows for the same household and event with different statuses as CONFLICT', async () => {
      const fx = await fixture(1);
      const result = await importRows([
        { eventId: fx.evening.id, householdReference: 'H1', status: 'ATTENDED' },
        { eventId: fx.evening.id, householdId: fx.households[0]!.id, status: 'NO_SHOW' },
      ]);
      expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
      expect(result.userErrors).toEqual([expect.objectContaining({ field: ['input', 'rows', '1', 'status'], code: 'CONFLICT' })]);
      expect(await counts(fx.evening.id)).toEqual({ attended: 0, noShow: 0, rows: 0 });

      // The same row twice with the same status is no conflict: one attendance.
      const twice = await importRows([
        { eventId: fx.evening.id, householdReference: 'H1' },
        { eventId: fx.evening.id, householdReference: 'H1' },
      ]);
      expect(twice).toEqual({ created: 1, updated: 0, unchanged: 1, userErrors: [] });
      expect(await counts(fx.evening.id)).toEqual({ attended: 1, noShow: 0, rows: 1 });
    });

    it('names each bad row: cancelled event, household of another project, unknown event', async () => {
      const fx = await fixture(1);
      const other = await fixture(1);
      const cancelled = await f.event(em, fx.project, fx.lop, { cancelledAt: new Date('2025-01-01T00:00:00Z') });
      const result = await importRows([
        { eventId: fx.evening.id, householdReference: 'H1' },
        { eventId: cancelled.id, householdReference: 'H1' },
        { eventId: fx.evening.id, householdId: other.households[0]!.id },
        { eventId: randomUUID(), householdId: fx.households[0]!.id },
      ]);
      expect(result.created).toBe(0);
      expect(result.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
        ['input.rows.1.eventId', 'EVENT_CANCELLED'],
        ['input.rows.2.householdId', 'PROJECT_MISMATCH'],
        ['input.rows.3.eventId', 'NOT_FOUND'],
      ]);
      expect(await counts(fx.evening.id)).toEqual({ attended: 0, noShow: 0, rows: 0 });
    });

    describe('dryRun', () => {
      async function importRun(rows: Record<string, unknown>[], dryRun: boolean, headers?: Record<string, string>) {
        const body = await server.gql<{ importAttendances: { created: number; updated: number; unchanged: number; userErrors: UserErrorShape[] } }>(IMPORT, { input: { rows, dryRun } }, headers);
        expect(body.errors).toBeUndefined();
        return body.data!.importAttendances;
      }

      /** Every attendance row in the database, as it is: a dry run must leave this exactly so. */
      async function snapshot(): Promise<string> {
        const rows = await em.fork().execute<{ id: string; status: string; recorded_at: Date; updated_at: Date }[]>(
          'select id, status, recorded_at, updated_at from attendance order by id',
        );
        return JSON.stringify(rows);
      }

      it('answers the counts a real import gives (created, updated, unchanged) and writes nothing', async () => {
        const fx = await fixture(4);
        await f.attendance(em, fx.households[2]!, fx.evening, 'ATTENDED');
        await f.attendance(em, fx.households[3]!, fx.evening, 'ATTENDED');
        const rows = [
          { eventId: fx.evening.id, householdReference: 'H1' },
          { eventId: fx.evening.id, householdId: fx.households[1]!.id, status: 'REGISTERED' },
          { eventId: fx.evening.id, householdReference: 'H3', status: 'NO_SHOW' },
          { eventId: fx.evening.id, householdReference: 'H4' },
          { eventId: fx.evening.id, householdReference: 'H4' },
        ];
        const before = await snapshot();
        const beforeCounts = await counts(fx.evening.id);
        expect(beforeCounts).toEqual({ attended: 2, noShow: 0, rows: 2 });
        expect(await reached(fx.project.id)).toBe(2);

        const dry = await importRun(rows, true);
        expect(dry).toEqual({ created: 2, updated: 1, unchanged: 2, userErrors: [] });
        expect(await snapshot()).toBe(before);
        expect(await counts(fx.evening.id)).toEqual(beforeCounts);
        expect(await reached(fx.project.id)).toBe(2);

        // A second dry run still sees the same database, so answers the same.
        expect(await importRun(rows, true)).toEqual(dry);

        const real = await importRun(rows, false);
        expect(real).toEqual(dry);
        expect(await snapshot()).not.toBe(before);
        expect(await counts(fx.evening.id)).toEqual({ attended: 2, noShow: 1, rows: 4 });
        expect(await reached(fx.project.id)).toBe(2); // H1 in, H3 out

        // dryRun defaults to false: the import without it is a real one.
        const fy = await fixture(1);
        expect(await importRows([{ eventId: fy.visit.id, householdReference: 'H1' }])).toEqual({ created: 1, updated: 0, unchanged: 0, userErrors: [] });
        expect(await counts(fy.visit.id)).toEqual({ attended: 1, noShow: 0, rows: 1 });
      });

      it('reports exactly the errors of the real run, row by row, and neither writes anything', async () => {
        const fx = await fixture(2);
        const other = await fixture(1);
        const cancelled = await f.event(em, fx.project, fx.lop, { cancelledAt: new Date('2025-01-01T00:00:00Z') });
        const rows = [
          { eventId: fx.evening.id, householdReference: 'H1' },
          { eventId: cancelled.id, householdReference: 'H1' },
          { eventId: fx.evening.id, householdId: other.households[0]!.id },
          { eventId: fx.evening.id, householdReference: 'ONBEKEND' },
          { eventId: randomUUID(), householdReference: 'H2' },
          { eventId: fx.evening.id, householdReference: 'H2', status: 'NO_SHOW' },
          { eventId: fx.evening.id, householdId: fx.households[1]!.id, status: 'ATTENDED' },
          { eventId: fx.evening.id },
        ];
        const before = await snapshot();

        const dry = await importRun(rows, true);
        expect(dry).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
        expect(dry.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
          ['input.rows.1.eventId', 'EVENT_CANCELLED'],
          ['input.rows.2.householdId', 'PROJECT_MISMATCH'],
          ['input.rows.3.householdReference', 'NOT_FOUND'],
          ['input.rows.4.eventId', 'NOT_FOUND'],
          ['input.rows.6.status', 'CONFLICT'],
          ['input.rows.7.householdId', 'REQUIRED'],
        ]);
        expect(await snapshot()).toBe(before);

        const real = await importRun(rows, false);
        expect(real).toEqual(dry);
        expect(await snapshot()).toBe(before);

        // The limits on the number of rows hold for a dry run too.
        const none = await importRun([], true);
        expect(none.userErrors).toEqual([expect.objectContaining({ field: ['input', 'rows'], code: 'REQUIRED' })]);
      });

      it('checks a coordinator’s rights the same way: another municipality’s event is FORBIDDEN in a dry run too', async () => {
        const fx = await fixture(1);
        const foreign = await fixture(1);
        const coordinator = { authorization: `Bearer ${await server.tokenFor('COORDINATOR', fx.project.leadMunicipality.id)}` };
        const rows = [
          { eventId: fx.evening.id, householdReference: 'H1' },
          { eventId: foreign.evening.id, householdReference: 'H1' },
        ];
        const before = await snapshot();
        const dry = await importRun(rows, true, coordinator);
        expect(dry.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([['input.rows.1.eventId', 'FORBIDDEN']]);
        expect(await importRun(rows, false, coordinator)).toEqual(dry);
        expect(await snapshot()).toBe(before);

        const own = await importRun(rows.slice(0, 1), true, coordinator);
        expect(own).toEqual({ created: 1, updated: 0, unchanged: 0, userErrors: [] });
        expect(await snapshot()).toBe(before);
      });
    });

    it('refuses more than 5000 rows as OUT_OF_RANGE on rows, and no rows as REQUIRED', async () => {
      const fx = await fixture(1);
      const row = { eventId: fx.evening.id, householdReference: 'H1' };
      const tooMany = await importRows(Array.from({ length: 5001 }, () => row));
      expect(tooMany).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
      expect(tooMany.userErrors).toEqual([expect.objectContaining({ field: ['input', 'rows'], code: 'OUT_OF_RANGE' })]);
      expect(await counts(fx.evening.id)).toEqual({ attended: 0, noShow: 0, rows: 0 });

      const none = await importRows([]);
      expect(none.userErrors).toEqual([expect.objectContaining({ field: ['input', 'rows'], code: 'REQUIRED' })]);

      // 5000 is still allowed (all the same pair here: one created, the rest unchanged).
      const max = await importRows(Array.from({ length: 5000 }, () => row));
      expect(max).toEqual({ created: 1, updated: 0, unchanged: 4999, userErrors: [] });
    });
  });

  describe('registerHousehold', () => {
    let project: Project;

    beforeAll(async () => {
      project = (await fixture(0)).project;
    });

    async function register(over: Record<string, unknown>): Promise<{ household: Record<string, any> | null; userErrors: UserErrorShape[] }> {
      return (await server.data(REGISTER, { input: { projectId: project.id, reference: `GZ-${randomUUID().slice(0, 8)}`, residenceNisCode: '44021', postcode: '9000', children: 2, ...over } })).registerHousehold;
    }

    async function householdCount(): Promise<number> {
      const { households } = await server.data(`query($p: ID!) { households(filter: { projectId: $p }) { totalCount } }`, { p: project.id });
      return households.totalCount;
    }

    it('registers a household without characteristics (none kept, no consent date)', async () => {
      const { household, userErrors } = await register({ reference: ' GZ-0001 ' });
      expect(userErrors).toEqual([]);
      expect(household).toMatchObject({
        reference: 'GZ-0001',
        residenceNisCode: '44021',
        postcode: '9000',
        children: 2,
        consentAt: null,
        lowEducatedMother: null,
        preferredLanguage: null,
        project: { id: project.id },
      });
    });

    it('keeps characteristics with consent, and records when consent was given', async () => {
      const { household, userErrors } = await register({ consent: true, lowEducatedMother: true, schoolAllowance: false, preferredLanguage: 'ar' });
      expect(userErrors).toEqual([]);
      expect(household).toMatchObject({ lowEducatedMother: true, schoolAllowance: false, homeLanguageNotDutch: null, preferredLanguage: 'ar' });
      expect(Date.parse(household!.consentAt)).toBeGreaterThanOrEqual(TEST_NOW.getTime());
    });

    it('refuses a reference already registered in the project as DUPLICATE (another project may reuse it)', async () => {
      const before = await householdCount();
      expect((await register({ reference: 'GZ-DUBBEL' })).userErrors).toEqual([]);
      const dup = await register({ reference: 'GZ-DUBBEL' });
      expect(dup.household).toBeNull();
      expect(dup.userErrors).toEqual([expect.objectContaining({ field: ['input', 'reference'], code: 'DUPLICATE' })]);
      expect(await householdCount()).toBe(before + 1);

      const elsewhere = (await fixture(0)).project;
      const reused = await register({ projectId: elsewhere.id, reference: 'GZ-DUBBEL' });
      expect(reused.userErrors).toEqual([]);
    });

    it('refuses a reference that looks like a phone or national number or e-mail as CONTAINS_IDENTIFIER, a name as INVALID', async () => {
      const before = await householdCount();
      const phone = await register({ reference: '0471234567890' });
      expect(phone.household).toBeNull();
      expect(phone.userErrors).toEqual([expect.objectContaining({ field: ['input', 'reference'], code: 'CONTAINS_IDENTIFIER' })]);
      const national = await register({ reference: 'RR-85073100123' });
      expect(national.userErrors).toEqual([expect.objectContaining({ field: ['input', 'reference'], code: 'CONTAINS_IDENTIFIER' })]);
      const name = await register({ reference: 'Jan Peeters' });
      expect(name.userErrors).toEqual([expect.objectContaining({ field: ['input', 'reference'], code: 'INVALID' })]);
      const email = await register({ reference: 'jan@example.be' });
      expect(email.userErrors).toEqual([expect.objectContaining({ field: ['input', 'reference'], code: 'CONTAINS_IDENTIFIER' })]);
      expect(await householdCount()).toBe(before);
    });

    it('refuses each characteristic given without consent as REQUIRED on that field', async () => {
      const before = await householdCount();
      const { household, userErrors } = await register({ lowEducatedMother: true, childWithSpecialNeeds: false });
      expect(household).toBeNull();
      expect(userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
        ['input.lowEducatedMother', 'REQUIRED'],
        ['input.childWithSpecialNeeds', 'REQUIRED'],
      ]);
      const explicitNo = await register({ consent: false, homeLanguageNotDutch: true });
      expect(explicitNo.userErrors).toEqual([expect.objectContaining({ field: ['input', 'homeLanguageNotDutch'], code: 'REQUIRED' })]);
      expect(await householdCount()).toBe(before);
    });

    it('refuses a malformed NIS code or postcode as INVALID on that field', async () => {
      const before = await householdCount();
      const nis = await register({ residenceNisCode: '4402' });
      expect(nis.userErrors).toEqual([expect.objectContaining({ field: ['input', 'residenceNisCode'], code: 'INVALID' })]);
      const nisLetters = await register({ residenceNisCode: '4402A' });
      expect(nisLetters.userErrors).toEqual([expect.objectContaining({ field: ['input', 'residenceNisCode'], code: 'INVALID' })]);
      const postcode = await register({ postcode: '0900' });
      expect(postcode.userErrors).toEqual([expect.objectContaining({ field: ['input', 'postcode'], code: 'INVALID' })]);
      const short = await register({ postcode: '900' });
      expect(short.userErrors).toEqual([expect.objectContaining({ field: ['input', 'postcode'], code: 'INVALID' })]);
      expect(await householdCount()).toBe(before);
    });
  });
});
