import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer, type UserErrorShape as UserError } from '../../test/harness.js';
import type { Event } from '../event/event.entity.js';
import { Attendance } from '../attendance/attendance.entity.js';
import type { Organization } from '../organization/organization.entity.js';
import type { Project } from '../project/project.entity.js';

/**
 * No identifiers in pseudonymous records, through the real API (issue 15): a household
 * reference, an event venue and an imported household reference holding a Belgian national
 * number, phone number, e-mail address or IBAN is refused with CONTAINS_IDENTIFIER naming the kind
 * and never echoing the value; the residence code must be a Flemish or Brussels municipality valid
 * on the date of an event the family can attend: on some day of the project's funding period when
 * registered (whatever the day: the harness's clock is 2025-04-01), on the event's own date —
 * through the 2025 merger crosswalk — when its attendance is recorded or imported.
 */

const REGISTER = `mutation($input: RegisterHouseholdInput!) {
  registerHousehold(input: $input) { household { id reference residenceNisCode } userErrors { field message code } } }`;
const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id venue } userErrors { field message code } } }`;
const UPDATE_EVENT = `mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { id venue } userErrors { field message code } } }`;
const RECORD = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { attendance { status } userErrors { field code message } } }`;
const IMPORT = `mutation($input: ImportAttendancesInput!) { importAttendances(input: $input) { created userErrors { field message code } } }`;

describe('no identifiers in pseudonymous records; residence codes from the reference data', () => {
  let server: TestServer;
  let em: EntityManager;
  let project: Project;
  let partner: Organization;
  let event: Event;
  let period1Project: Project;
  let period1Event: Event;
  let period4Project: Project;

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    // The reference data as the seed loads it: Gent (valid), Borsbeek (merged into Antwerpen on 2025-01-01).
    const gent = await f.municipality(em, { nisCode: '44021', name: 'Gent' });
    const antwerpen = await f.municipality(em, { nisCode: '11002', name: 'Antwerpen' });
    await f.municipality(em, { nisCode: '11007', name: 'Borsbeek', validTo: '2024-12-31', mergedInto: antwerpen } as never);
    partner = await f.organization(em, gent);
    project = await f.project(em, { lead: gent, partners: [partner] });
    event = await f.event(em, project, partner);
    // Period 1 (2022–2023, still OPEN: a municipality backfills it) and period 4 (2025–2026).
    const period1 = await f.period(em, { number: 1, label: 'Projectperiode 1', startsOn: '2022-10-01', endsOn: '2023-09-30' });
    const period4 = await f.period(em, { number: 4, label: 'Projectperiode 4', startsOn: '2025-10-01', endsOn: '2026-09-30' });
    period1Project = await f.project(em, { lead: gent, period: period1, partners: [partner] });
    period1Event = await f.event(em, period1Project, partner, { startsAt: new Date('2023-03-14T18:00:00Z') });
    period4Project = await f.project(em, { lead: gent, period: period4, partners: [partner] });
  });

  afterAll(() => server?.close());

  const register = async (over: Record<string, unknown>) =>
    (await server.data(REGISTER, { input: { projectId: project.id, reference: 'GZ-0001', residenceNisCode: '44021', postcode: '9000', children: 1, ...over } })).registerHousehold as {
      household: { id: string; reference: string } | null;
      userErrors: UserError[];
    };

  const refusedWithoutEcho = (errors: UserError[], field: string, kind: string, value: string) => {
    expect(errors).toEqual([expect.objectContaining({ field: expect.arrayContaining([field]), code: 'CONTAINS_IDENTIFIER' })]);
    expect(errors[0]!.message).toContain(kind);
    expect(errors[0]!.message).not.toContain(value);
    for (const part of value.split(/[\s.@/+-]+/).filter((x) => x.length >= 4 || /^\d{2,}$/.test(x))) expect(errors[0]!.message).not.toContain(part);
  };

  it.each([
    ['85.07.31-001.23', 'NATIONAL_NUMBER'],
    ['85073100123', 'NATIONAL_NUMBER'],
    ['0470-12-34-56', 'PHONE'],
    ['09.123.45.67', 'PHONE'],
    ['+32-470-12-34-56', 'PHONE'],
    ['jan.peeters@telenet.be', 'EMAIL'],
    ['BE68539007547034', 'IBAN'],
  ])('refuses the household reference %s as CONTAINS_IDENTIFIER (%s), without echoing it', async (reference, kind) => {
    const { household, userErrors } = await register({ reference });
    expect(household).toBeNull();
    refusedWithoutEcho(userErrors, 'reference', kind, reference);
  });

  it('registers a pseudonymous reference in Gent, and a family living in Brussels (21004)', async () => {
    expect((await register({ reference: 'GENT-25-0001' })).userErrors).toEqual([]);
    expect((await register({ reference: 'GENT-25-0002', residenceNisCode: '21004', postcode: '1000' })).userErrors).toEqual([]);
  });

  it('refuses a residence code that is no municipality (99999), or a pre-2025 code for a period after the merger, as INVALID on that field', async () => {
    const none = await register({ reference: 'GENT-25-0003', residenceNisCode: '99999' });
    expect(none.userErrors).toEqual([expect.objectContaining({ field: ['input', 'residenceNisCode'], code: 'INVALID' })]);
    // Borsbeek (11007) merged into Antwerpen (11002) on 2025-01-01: not valid on any day of period 4 (2025-10-01 … 2026-09-30).
    const merged = (await server.data(REGISTER, { input: { projectId: period4Project.id, reference: 'P4-0004', residenceNisCode: '11007', postcode: '2150', children: 1 } })).registerHousehold;
    expect(merged.userErrors).toEqual([expect.objectContaining({ field: ['input', 'residenceNisCode'], code: 'INVALID' })]);
    expect(merged.userErrors[0]!.message).toContain('11002');
    expect(merged.userErrors[0]!.message).toContain('2025-10-01 – 2026-09-30');
    // 21020 is not a Brussels municipality (there are 19: 21001 … 21019); Brussels codes are valid in every period.
    expect((await register({ reference: 'GENT-25-0005', residenceNisCode: '21020' })).userErrors).toEqual([expect.objectContaining({ code: 'INVALID' })]);
    expect((await server.data(REGISTER, { input: { projectId: period4Project.id, reference: 'P4-BXL', residenceNisCode: '21019', postcode: '1200', children: 1 } })).registerHousehold.userErrors).toEqual([]);
  });

  describe('the residence code is valid on the date of an event the family can attend (issue 15)', () => {
    // Beveren (46003), Kruibeke (46013) and Zwijndrecht (11056) became Beveren-Kruibeke-Zwijndrecht (46030) on 2025-01-01.
    beforeAll(async () => {
      const merged = await f.municipality(em, { nisCode: '46030', name: 'Beveren-Kruibeke-Zwijndrecht', validFrom: '2025-01-01' });
      for (const [nisCode, name] of [['46003', 'Beveren'], ['46013', 'Kruibeke'], ['11056', 'Zwijndrecht']] as const) {
        await f.municipality(em, { nisCode, name, validTo: '2024-12-31', mergedInto: merged } as never);
      }
    });

    const registerIn = async (projectId: string, reference: string, residenceNisCode: string) =>
      (await server.data(REGISTER, { input: { projectId, reference, residenceNisCode, postcode: '9120', children: 1 } })).registerHousehold as {
        household: { id: string; residenceNisCode: string } | null;
        userErrors: UserError[];
      };

    it('a municipality backfilling period 1 (2022–2023) today registers a family with its then-valid code 46003; 46030 (from 2025) is refused there, naming 46003', async () => {
      const beveren = await registerIn(period1Project.id, 'P1-BEV-001', '46003');
      expect(beveren.userErrors).toEqual([]);
      expect(beveren.household!.residenceNisCode).toBe('46003');
      // ... and records its attendance at an event of period 1: 46003 was valid on 2023-03-14.
      expect((await server.data(RECORD, { input: { householdId: beveren.household!.id, eventId: period1Event.id } })).recordAttendance).toEqual({ attendance: { status: 'ATTENDED' }, userErrors: [] });
      const bkzCode = await registerIn(period1Project.id, 'P1-BKZ-001', '46030');
      expect(bkzCode.household).toBeNull();
      expect(bkzCode.userErrors).toEqual([expect.objectContaining({ field: ['input', 'residenceNisCode'], code: 'INVALID' })]);
      expect(bkzCode.userErrors[0]!.message).toContain('2022-10-01 – 2023-09-30');
      expect(bkzCode.userErrors[0]!.message).toContain('46003');
    });

    it('46003 is refused for period 4 (2025-10-01 … 2026-09-30), where it was valid on no day, naming 46030; updateHousehold applies the same rule', async () => {
      const refused = await registerIn(period4Project.id, 'P4-BEV-001', '46003');
      expect(refused.household).toBeNull();
      expect(refused.userErrors).toEqual([expect.objectContaining({ field: ['input', 'residenceNisCode'], code: 'INVALID' })]);
      expect(refused.userErrors[0]!.message).toContain('46030');
      const fine = await registerIn(period4Project.id, 'P4-BKZ-001', '46030');
      expect(fine.userErrors).toEqual([]);
      const UPDATE = `mutation($input: UpdateHouseholdInput!) { updateHousehold(input: $input) { household { residenceNisCode } userErrors { field code message } } }`;
      const updated = (await server.data(UPDATE, { input: { id: fine.household!.id, residenceNisCode: '46013' } })).updateHousehold;
      expect(updated.household).toBeNull();
      expect(updated.userErrors).toEqual([expect.objectContaining({ field: ['input', 'residenceNisCode'], code: 'INVALID' })]);
    });

    it('period 3 (2024-10-01 … 2025-09-30): an old code (registered in 2024) attends a 2025 event, a new code (46030) a late-2024 event — both through the merger crosswalk', async () => {
      const december = await f.event(em, project, partner, { startsAt: new Date('2024-12-10T18:00:00Z') });
      // 46003 was valid on 2024-10-01 … 2024-12-31, inside period 3: accepted (also today, 2025-04-01).
      const old = await registerIn(project.id, 'P3-BEV-001', '46003');
      expect(old.userErrors).toEqual([]);
      // At the event of 10/02/2025: 46003 is no longer valid, but 46030, which it merged into, is.
      expect((await server.data(RECORD, { input: { householdId: old.household!.id, eventId: event.id } })).recordAttendance).toEqual({ attendance: { status: 'ATTENDED' }, userErrors: [] });
      const recent = await registerIn(project.id, 'P3-BKZ-001', '46030');
      expect(recent.userErrors).toEqual([]);
      // At the event of 10/12/2024: 46030 is not valid yet, but 46003, 46013 and 11056, which it replaced, are.
      expect((await server.data(RECORD, { input: { householdId: recent.household!.id, eventId: december.id } })).recordAttendance).toEqual({ attendance: { status: 'ATTENDED' }, userErrors: [] });
      // The import checks the same, in one query.
      const imported = (await server.data(IMPORT, { input: { rows: [
        { eventId: december.id, householdReference: 'P3-BEV-001', status: 'ATTENDED' },
        { eventId: event.id, householdReference: 'P3-BKZ-001', status: 'ATTENDED' },
        { eventId: december.id, householdReference: 'P3-BKZ-001', status: 'ATTENDED' },
      ] } })).importAttendances;
      expect(imported).toEqual({ created: 2, userErrors: [] });
    });

    it('refuses recording or importing an attendance of a household whose code is valid neither on the event’s date nor through the crosswalk, naming residenceNisCode; the import writes nothing', async () => {
      // Records kept from before the check: 99999 (no municipality), and a code valid only from 2026 with no predecessor.
      const future = await f.municipality(em, { nisCode: '46099', name: 'Toekomstgemeente', validFrom: '2026-01-01' });
      const nowhere = await f.household(em, project, { reference: 'P3-LEGACY-99999', residenceNisCode: '99999' });
      await f.household(em, project, { reference: 'P3-LEGACY-46099', residenceNisCode: future.nisCode });
      const good = await f.household(em, project, { reference: 'P3-GENT-0001', residenceNisCode: '44021' });
      const recorded = (await server.data(RECORD, { input: { householdId: nowhere.id, eventId: event.id } })).recordAttendance;
      expect(recorded.attendance).toBeNull();
      expect(recorded.userErrors).toEqual([expect.objectContaining({ field: ['input', 'householdId'], code: 'INVALID' })]);
      expect(recorded.userErrors[0]!.message).toContain('residenceNisCode');
      const before = await em.fork().count(Attendance, {});
      const imported = (await server.data(IMPORT, { input: { rows: [
        { eventId: event.id, householdId: good.id, status: 'ATTENDED' },
        { eventId: event.id, householdReference: 'P3-LEGACY-46099', status: 'ATTENDED' },
        { eventId: event.id, householdId: nowhere.id, status: 'ATTENDED' },
      ] } })).importAttendances;
      expect(imported.created).toBe(0);
      expect(imported.userErrors).toEqual([
        expect.objectContaining({ field: ['input', 'rows', '1', 'householdReference'], code: 'INVALID' }),
        expect.objectContaining({ field: ['input', 'rows', '2', 'householdId'], code: 'INVALID' }),
      ]);
      expect(imported.userErrors[0].message).toContain('residenceNisCode 46099');
      expect(imported.userErrors[0].message).toContain('2025-02-10');
      expect(imported.userErrors[1].message).toContain('residenceNisCode 99999');
      expect(await em.fork().count(Attendance, {})).toBe(before);
    });
  });

  it('refuses an event venue holding a phone number or e-mail address on create and on update', async () => {
    const input = { projectId: project.id, type: 'PARENT_EVENING', organizerId: partner.id, startsAt: '2025-02-10T18:00:00Z', endsAt: '2025-02-10T20:00:00Z' };
    const created = (await server.data(CREATE_EVENT, { input: { ...input, venue: 'Buurthuis, bel 09 123 45 67' } })).createEvent;
    expect(created.event).toBeNull();
    refusedWithoutEcho(created.userErrors, 'venue', 'PHONE', '09 123 45 67');
    const fine = (await server.data(CREATE_EVENT, { input: { ...input, venue: 'Buurthuis De Brug, Sint-Pietersnieuwstraat 41' } })).createEvent;
    expect(fine.userErrors).toEqual([]);
    const updated = (await server.data(UPDATE_EVENT, { input: { id: event.id, version: event.version, venue: 'Info: an.peeters@gent.be' } })).updateEvent;
    expect(updated.event).toBeNull();
    refusedWithoutEcho(updated.userErrors, 'venue', 'EMAIL', 'an.peeters@gent.be');
  });

  it('refuses an imported household reference holding a national number, without echoing it', async () => {
    const result = (await server.data(IMPORT, { input: { rows: [{ eventId: event.id, householdReference: '85.07.31-001.23', status: 'ATTENDED' }] } })).importAttendances;
    expect(result.created).toBe(0);
    refusedWithoutEcho(result.userErrors, 'householdReference', 'NATIONAL_NUMBER', '85.07.31-001.23');
  });
});
