import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { Enrollment } from './household.entity.js';
import { startTestServer, type TestServer, type UserErrorShape as Err } from '../../test/harness.js';
import type { FundingPeriod } from '../funding-period/funding-period.entity.js';
import type { Event } from '../event/event.entity.js';
import type { Municipality } from '../municipality/municipality.entity.js';
import type { Project } from '../project/project.entity.js';

/**
 * A family's record after registration (issue 15, deliverable 4), through the real API:
 * updateHousehold (same rules as registerHousehold, refused while figures are frozen) and
 * withdrawConsent (removes every consented characteristic at once, even in a frozen period;
 * the household keeps counting as reached, no longer in the indicator breakdown).
 */

const UPDATE = `mutation($input: UpdateHouseholdInput!) {
  updateHousehold(input: $input) {
    household { id reference residenceNisCode postcode children lowEducatedMother schoolAllowance homeLanguageNotDutch childWithSpecialNeeds preferredLanguage consentAt version }
    userErrors { field message code } } }`;
const KPI = `query($id: ID!) { project(id: $id) { kpi { reached families { withIndicator withoutIndicator indicatorUnknown } } } }`;
const WITHDRAW = `mutation($input: WithdrawConsentInput!) {
  withdrawConsent(input: $input) {
    household { id reference children lowEducatedMother schoolAllowance homeLanguageNotDutch childWithSpecialNeeds preferredLanguage consentAt }
    userErrors { field message code } } }`;
const ERASE = `mutation($input: EraseHouseholdInput!) {
  eraseHousehold(input: $input) { household { id reference residenceNisCode postcode children lowEducatedMother consentAt erasedAt } userErrors { field message code } } }`;
const FIGURES = `query($period: ID!, $project: ID!) {
  programReport(fundingPeriodId: $period) { budget committed realised pending projectCount representedLocalGovernments }
  project(id: $project) { kpi { reached target progress earnedSubsidy byEventType { type reached } families { withIndicator withoutIndicator indicatorUnknown withSpecialNeeds } } }
}`;
const REALISED = `query($id: ID!) { programReport(fundingPeriodId: $id) { realised } }`;

describe('updateHousehold', () => {
  let server: TestServer;
  let em: EntityManager;
  let gent: Municipality;
  let period: FundingPeriod;
  let project: Project;
  let event: Event;

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    gent = await f.municipality(em, { nisCode: '44021', name: 'Gent' });
    period = await f.period(em);
    const partner = await f.organization(em, gent);
    project = await f.project(em, { lead: gent, period, partners: [partner] });
    event = await f.event(em, project, partner);
  });

  afterAll(() => server?.close());

  const update = async (input: Record<string, unknown>) =>
    (await server.data(UPDATE, { input })).updateHousehold as { household: Record<string, unknown> | null; userErrors: Err[] };

  it('changes characteristics with consent; an omitted field stays, null removes one', async () => {
    const h = await f.household(em, project, { reference: 'UPD-1', children: 2 });
    const first = await update({ id: h.id, version: 1, consent: true, lowEducatedMother: true, preferredLanguage: 'ar', children: 3 });
    expect(first.userErrors).toEqual([]);
    expect(first.household).toMatchObject({ reference: 'UPD-1', children: 3, lowEducatedMother: true, preferredLanguage: 'ar', schoolAllowance: null, version: 2 });
    expect(first.household!.consentAt).toEqual(expect.any(String));
    const second = await update({ id: h.id, preferredLanguage: null, schoolAllowance: false });
    expect(second.household).toMatchObject({ lowEducatedMother: true, schoolAllowance: false, preferredLanguage: null, children: 3, consentAt: first.household!.consentAt });
  });

  it('applies registerHousehold’s rules: consent, identifiers, residence code, duplicates, stale version', async () => {
    const h = await f.household(em, project, { reference: 'UPD-2' });
    await f.household(em, project, { reference: 'UPD-TAKEN' });
    expect((await update({ id: h.id, homeLanguageNotDutch: true })).userErrors).toEqual([
      { field: ['input', 'homeLanguageNotDutch'], message: expect.any(String), code: 'REQUIRED' },
    ]);
    expect((await update({ id: h.id, reference: '0470-12-34-56' })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'reference'], code: 'CONTAINS_IDENTIFIER' })]);
    expect((await update({ id: h.id, residenceNisCode: '99999' })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'residenceNisCode'] })]);
    expect((await update({ id: h.id, postcode: '90' })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'postcode'], code: 'INVALID' })]);
    expect((await update({ id: h.id, reference: 'UPD-TAKEN' })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'reference'], code: 'DUPLICATE' })]);
    expect((await update({ id: h.id, consent: false })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'consent'], code: 'INVALID' })]);
    expect((await update({ id: h.id, version: 7, children: 1 })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'version'], code: 'STALE_VERSION' })]);
    const [row] = await em.execute<{ reference: string; version: number }[]>('select reference, version from household where id = ?', [h.id]);
    expect(row).toEqual({ reference: 'UPD-2', version: 1 });
  });

  it('an unknown id is NOT_FOUND', async () => {
    expect((await update({ id: '00000000-0000-4000-8000-000000000000' })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })]);
  });

  it('a changed characteristic of a reached household moves it in the indicator breakdown', async () => {
    const h = await f.household(em, project, { reference: 'UPD-3' });
    await f.attendance(em, h, event);
    const before = (await server.data(KPI, { id: project.id })).project.kpi;
    await update({ id: h.id, consent: true, schoolAllowance: true });
    const after = (await server.data(KPI, { id: project.id })).project.kpi;
    expect(after.reached).toBe(before.reached);
    expect(after.families.withIndicator).toBe(before.families.withIndicator + 1);
  });

  it('is refused with PERIOD_CLOSED once the project is closed, and nothing changes', async () => {
    const other = await f.municipality(em, { nisCode: '11002', name: 'Antwerpen' });
    const partner = await f.organization(em, other);
    const closedProject = await f.project(em, { lead: other, period, partners: [partner] });
    const h = await f.household(em, closedProject, { reference: 'UPD-FROZEN' });
    await em.execute(`update project set status = 'CLOSED' where id = ?`, [closedProject.id], 'run');
    const res = await update({ id: h.id, children: 4 });
    expect(res).toEqual({ household: null, userErrors: [{ field: ['input', 'id'], message: expect.stringContaining('is closed'), code: 'PERIOD_CLOSED' }] });
    const [row] = await em.execute<{ children: number }[]>('select children from household where id = ?', [h.id]);
    expect(row!.children).toBe(2);
  });
});

describe('withdrawConsent', () => {
  let server: TestServer;
  let em: EntityManager;
  let gent: Municipality;
  let period: FundingPeriod;

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    gent = await f.municipality(em, { nisCode: '44021', name: 'Gent' });
    period = await f.period(em);
  });

  afterAll(() => server?.close());

  const CONSENTED = { lowEducatedMother: true, schoolAllowance: true, homeLanguageNotDutch: false, childWithSpecialNeeds: true, preferredLanguage: 'ar', consentAt: new Date('2025-01-15T10:00:00Z') };
  const kpi = async (projectId: string) => (await server.data(KPI, { id: projectId })).project.kpi;
  const withdraw = async (id: string) => (await server.data(WITHDRAW, { input: { id } })).withdrawConsent as { household: Record<string, unknown> | null; userErrors: Err[] };
  const reachedProject = async (lead: Municipality) => {
    const partner = await f.organization(em, lead);
    const project = await f.project(em, { lead, period, partners: [partner] });
    const event = await f.event(em, project, partner);
    const family = await f.household(em, project, { reference: 'CONSENT-1', ...CONSENTED });
    await f.attendance(em, family, event);
    await f.attendance(em, await f.household(em, project, { reference: 'OTHER-1', lowEducatedMother: true, consentAt: new Date('2025-01-15T10:00:00Z') }), event);
    return { project, family };
  };

  it('removes every consented characteristic at once; the family stays reached, no longer "with indicator"; the audit row holds no value', async () => {
    const { project, family } = await reachedProject(gent);
    const before = await kpi(project.id);
    expect(before).toEqual({ reached: 2, families: { withIndicator: 2, withoutIndicator: 0, indicatorUnknown: 0 } });
    const res = await withdraw(family.id);
    expect(res).toEqual({
      household: { id: family.id, reference: 'CONSENT-1', children: 2, lowEducatedMother: null, schoolAllowance: null, homeLanguageNotDutch: null, childWithSpecialNeeds: null, preferredLanguage: null, consentAt: null },
      userErrors: [],
    });
    expect(await kpi(project.id)).toEqual({ reached: 2, families: { withIndicator: 1, withoutIndicator: 0, indicatorUnknown: 1 } });
    const audit = await em.execute<{ action: string; changes: Record<string, unknown> }[]>(
      `select action, changes from audit_event where entity = 'HOUSEHOLD' and entity_id = ? and operation = 'withdrawConsent'`, [family.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('UPDATE');
    expect(Object.keys(audit[0]!.changes).sort()).toEqual(expect.arrayContaining(['child_with_special_needs', 'consent_at', 'low_educated_mother', 'preferred_language', 'school_allowance']));
    expect(JSON.stringify(audit[0]!.changes)).not.toMatch(/true|false|"ar"|2025-01-15/);
    // Withdrawing again changes nothing and records nothing.
    expect((await withdraw(family.id)).userErrors).toEqual([]);
    expect(await em.execute(`select 1 from audit_event where entity_id = ? and operation = 'withdrawConsent'`, [family.id])).toHaveLength(1);
  });

  it('is allowed in a frozen project: reached and realised stay, the breakdown shifts to "unknown"; any other household write stays refused', async () => {
    const antwerpen = await f.municipality(em, { nisCode: '11002', name: 'Antwerpen' });
    const { project, family } = await reachedProject(antwerpen);
    await em.execute(`update project set status = 'CLOSED' where id = ?`, [project.id], 'run');
    const before = await kpi(project.id);
    const realisedBefore = (await server.data(REALISED, { id: period.id })).programReport.realised;
    expect((await withdraw(family.id)).userErrors).toEqual([]);
    const after = await kpi(project.id);
    expect(after.reached).toBe(before.reached);
    expect(after.families.withIndicator).toBe(before.families.withIndicator - 1);
    expect(after.families.indicatorUnknown).toBe(before.families.indicatorUnknown + 1);
    expect((await server.data(REALISED, { id: period.id })).programReport.realised).toBe(realisedBefore);
    const [row] = await em.execute<Record<string, unknown>[]>('select low_educated_mother, consent_at, reference from household where id = ?', [family.id]);
    expect(row).toEqual({ low_educated_mother: null, consent_at: null, reference: 'CONSENT-1' });
    // The database still refuses any other change of a frozen household (SQLSTATE SM001), also alongside a withdrawal.
    const refused = async (sql: string) => {
      try {
        await em.execute(sql, [family.id], 'run');
        return null;
      } catch (error) {
        return String((error as { code?: unknown }).code);
      }
    };
    expect(await refused(`update household set children = 5 where id = ?`)).toBe('SM001');
    expect(await refused(`update household set low_educated_mother = true, consent_at = now() where id = ?`)).toBe('SM001');
    expect(await refused(`update household set school_allowance = null, reference = 'X-1' where id = ?`)).toBe('SM001');
    expect(await refused(`delete from household where id = ?`)).not.toBeNull(); // restrict (attendance) or SM001
  });
});

describe('eraseHousehold', () => {
  let server: TestServer;
  let em: EntityManager;

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
  });

  afterAll(() => server?.close());

  it('a reason holding an identifier is refused and nothing is erased', async () => {
    const project = await f.project(em, { lead: await f.municipality(em, { nisCode: '11002', name: 'Antwerpen' }) });
    const family = await f.household(em, project, { reference: 'GZ-KEEP-1' });
    const res = (await server.data(ERASE, { input: { id: family.id, reason: 'bel 0470 12 34 56' } })).eraseHousehold;
    expect(res).toEqual({ household: null, userErrors: [expect.objectContaining({ field: ['input', 'reason'], code: 'CONTAINS_IDENTIFIER' })] });
    const [row] = await em.execute<{ reference: string; erased_at: unknown }[]>('select reference, erased_at from household where id = ?', [family.id]);
    expect(row).toEqual({ reference: 'GZ-KEEP-1', erased_at: null });
  });

  it('in a FINAL period: the family becomes an anonymous stub, its enrollments go, every figure stays, the audit holds no personal data', async () => {
    const gent = await f.municipality(em, { nisCode: '44021', name: 'Gent' });
    const period = await f.period(em);
    const partner = await f.organization(em, gent);
    const project = await f.project(em, { lead: gent, period, partners: [partner] });
    const event = await f.event(em, project, partner);
    const school = await f.school(em, gent);
    const family = await f.household(em, project, { reference: 'GZ-ERASE-1', residenceNisCode: '44021', postcode: '9050', children: 3 });
    const other = await f.household(em, project, { reference: 'GZ-STAY-1', lowEducatedMother: true, consentAt: new Date('2025-01-10T10:00:00Z') });
    await f.attendance(em, family, event);
    await f.attendance(em, other, event);
    em.create(Enrollment, { household: family, school, schoolYear: '2025-2026' });
    await em.flush();
    await f.closePeriod(em, period);

    const figures = async () => server.data(FIGURES, { period: period.id, project: project.id });
    const before = await figures();
    expect(before.programReport.realised).toBe(2);
    expect(before.project.kpi.reached).toBe(2);

    const res = (await server.data(ERASE, { input: { id: family.id, reason: 'Verzoek van het gezin' } })).eraseHousehold;
    expect(res.userErrors).toEqual([]);
    expect(res.household).toMatchObject({ id: family.id, residenceNisCode: null, postcode: null, children: null, lowEducatedMother: null, consentAt: null, erasedAt: expect.any(String) });
    expect(res.household.reference).toMatch(/^erased-[0-9a-f-]{36}$/);

    expect(await figures()).toEqual(before);
    expect(await em.execute('select 1 from enrollment where household_id = ?', [family.id])).toHaveLength(0);
    expect(await em.execute('select 1 from attendance where household_id = ?', [family.id])).toHaveLength(1);
    // No longer found by its reference, nor changed any more.
    const list = await server.data(`query($s: String) { households(filter: { search: $s }) { nodes { id } } }`, { s: 'GZ-ERASE' });
    expect(list.households.nodes).toEqual([]);
    const again = (await server.data(UPDATE, { input: { id: family.id, children: 1 } })).updateHousehold;
    expect(again.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })]);
    expect((await server.data(ERASE, { input: { id: family.id } })).eraseHousehold.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);

    const audit = await em.execute<{ entity: string; action: string; changes: unknown }[]>(
      `select entity, action, changes from audit_event where operation = 'eraseHousehold' order by seq`);
    expect(audit.map((a) => `${a.entity} ${a.action}`)).toEqual(['HOUSEHOLD UPDATE', 'ENROLLMENT DELETE']);
    const text = JSON.stringify(audit);
    for (const personal of ['GZ-ERASE-1', '44021', '9050', '2025-2026', 'Verzoek']) expect(text).not.toContain(personal);
    expect(Object.keys(audit[0]!.changes as object)).toEqual(expect.arrayContaining(['reference', 'residence_nis_code', 'postcode', 'children', 'erased_at']));
  });
});
