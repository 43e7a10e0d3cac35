import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import type { Event } from '../event/event.entity.js';
import type { Organization } from '../organization/organization.entity.js';
import type { Project } from '../project/project.entity.js';

/**
 * No identifiers in pseudonymous records, through the real API (issue 15): a household
 * reference, an event venue and an imported household reference holding a Belgian national
 * number, phone number, e-mail address or IBAN is refused with CONTAINS_IDENTIFIER naming the kind
 * and never echoing the value; the residence code must be a Flemish or Brussels municipality valid
 * on the registration day (the harness's clock: 2025-04-01).
 */

const REGISTER = `mutation($input: RegisterHouseholdInput!) {
  registerHousehold(input: $input) { household { id reference residenceNisCode } userErrors { field message code } } }`;
const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id venue } userErrors { field message code } } }`;
const UPDATE_EVENT = `mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { id venue } userErrors { field message code } } }`;
const IMPORT = `mutation($input: ImportAttendancesInput!) { importAttendances(input: $input) { created userErrors { field message code } } }`;

type UserError = { field: string[]; message: string; code: string };

describe('no identifiers in pseudonymous records; residence codes from the reference data', () => {
  let server: TestServer;
  let em: EntityManager;
  let project: Project;
  let partner: Organization;
  let event: Event;

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

  it('refuses a residence code that is no municipality (99999), or a pre-2025 code after the merger, as INVALID on that field', async () => {
    const none = await register({ reference: 'GENT-25-0003', residenceNisCode: '99999' });
    expect(none.userErrors).toEqual([expect.objectContaining({ field: ['input', 'residenceNisCode'], code: 'INVALID' })]);
    const merged = await register({ reference: 'GENT-25-0004', residenceNisCode: '11007', postcode: '2150' });
    expect(merged.userErrors).toEqual([expect.objectContaining({ field: ['input', 'residenceNisCode'], code: 'INVALID' })]);
    expect(merged.userErrors[0]!.message).toContain('11002');
    // 21020 is not a Brussels municipality (there are 19: 21001 … 21019).
    expect((await register({ reference: 'GENT-25-0005', residenceNisCode: '21020' })).userErrors).toEqual([expect.objectContaining({ code: 'INVALID' })]);
  });

  it('the residence code is checked on the registration day, not again per event: a code valid then is kept across the 2025 mergers in both directions', async () => {
    // Decided (issue 15, "valid on the event's date"): reports roll every code up into its 2025
    // municipality, so a code that was valid when the family was registered always names one
    // place. Refusing it per event would refuse real families: (1) registered in 2024 with a
    // pre-2025 code, attending in 2025; (2) registered in 2025 — when only the 2025 code is
    // accepted — for an event of late 2024 of the same period (attendance lists come in later).
    const RECORD = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { attendance { status } userErrors { field code } } }`;
    const merelbekeMelle = await f.municipality(em, { nisCode: '44088', name: 'Merelbeke-Melle', validFrom: '2025-01-01' });
    await f.municipality(em, { nisCode: '44040', name: 'Melle', validTo: '2024-12-31', mergedInto: merelbekeMelle } as never);
    const december = await f.event(em, project, partner, { startsAt: new Date('2024-12-10T18:00:00Z') });
    // (1) Borsbeek (11007, merged into Antwerpen on 2025-01-01), registered in 2024, at the event of 10/02/2025.
    const borsbeek = await f.household(em, project, { reference: 'GZ-2024-BORSBEEK', residenceNisCode: '11007', postcode: '2150' });
    expect((await server.data(RECORD, { input: { householdId: borsbeek.id, eventId: event.id } })).recordAttendance.userErrors).toEqual([]);
    // (2) Registered today (01/04/2025) with the 2025 code — the old one is refused now — at the event of 10/12/2024.
    expect((await register({ reference: 'GENT-25-0044', residenceNisCode: '44040', postcode: '9090' })).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'residenceNisCode'], code: 'INVALID' }),
    ]);
    const melle = (await register({ reference: 'GENT-25-0088', residenceNisCode: '44088', postcode: '9090' })).household!;
    expect((await server.data(RECORD, { input: { householdId: melle.id, eventId: december.id } })).recordAttendance).toEqual({ attendance: { status: 'ATTENDED' }, userErrors: [] });
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
