import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { startTestServer, type TestServer } from '../test/harness.js';
import * as f from '../test/factories.js';
import { Enrollment } from '../modules/household/household.entity.js';
import { formatRetentionPlan, retentionPlan } from '../modules/household/retention.js';
import { RETENTION_JOB } from './retention.js';

/**
 * The household-retention job (issue 15, deliverable 5) with a fixed clock, 1 December 2026, and
 * the default retention of 24 months: period 2 was settled on 14/11/2024 (erasable from
 * 14/11/2026: due), period 3 on 14/11/2025 (erasable from 14/11/2027: not yet).
 */
const CLOCK = new Date('2026-12-01T07:00:00Z');

const FIGURES = `query($p2: ID!, $p3: ID!, $a: ID!, $b: ID!) {
  r2: programReport(fundingPeriodId: $p2) { budget committed realised pending projectCount }
  r3: programReport(fundingPeriodId: $p3) { budget committed realised pending projectCount }
  a: project(id: $a) { kpi { reached target progress earnedSubsidy byEventType { type reached } families { withIndicator withoutIndicator indicatorUnknown } } }
  b: project(id: $b) { kpi { reached target progress earnedSubsidy byEventType { type reached } families { withIndicator withoutIndicator indicatorUnknown } } }
}`;
const REPORT = `{ retentionReport { retentionMonths asOf householdsDue enrollmentsDue periods { fundingPeriod { number } finalizedAt eraseFrom due households enrollments } } }`;

describe('household retention', () => {
  let server: TestServer;
  let em: EntityManager;
  const ids = { p2: '', p3: '', a: '', b: '', old1: '', old2: '', recent: '' };

  beforeAll(async () => {
    server = await startTestServer({ overrides: { now: () => CLOCK } });
    em = f.em(server);
    const gent = await f.municipality(em, { nisCode: '44021', name: 'Gent' });
    const partner = await f.organization(em, gent);
    const p2 = await f.period(em, { number: 2, label: 'Projectperiode 2 (2023–2024)', startsOn: '2023-10-01', endsOn: '2024-09-30' });
    const p3 = await f.period(em);
    const a = await f.project(em, { lead: gent, period: p2, partners: [partner] });
    const b = await f.project(em, { lead: gent, period: p3, partners: [partner] });
    const evA = await f.event(em, a, partner, { startsAt: new Date('2024-02-10T18:00:00Z') });
    const visitA = await f.event(em, a, partner, { type: 'SCHOOL_VISIT', startsAt: new Date('2024-03-10T09:00:00Z') });
    const evB = await f.event(em, b, partner);
    const school = await f.school(em, gent);
    const old1 = await f.household(em, a, { reference: 'GZ-OUD-1', postcode: '9050', children: 3 });
    const old2 = await f.household(em, a, { reference: 'GZ-OUD-2' });
    const recent = await f.household(em, b, { reference: 'GZ-NIEUW-1' });
    await f.attendance(em, old1, evA);
    await f.attendance(em, old1, visitA);
    await f.attendance(em, old2, evA);
    await f.attendance(em, recent, evB);
    em.create(Enrollment, { household: old1, school, schoolYear: '2024-2025' });
    await em.flush();
    await f.closePeriod(em, p2);
    await f.closePeriod(em, p3);
    // The settlement moments (closePeriod leaves the trigger's now(); these are the fixture's).
    await em.execute(`update funding_period set finalized_at = ? where id = ?`, ['2024-11-14T10:00:00Z', p2.id], 'run');
    await em.execute(`update funding_period set finalized_at = ? where id = ?`, ['2025-11-14T10:00:00Z', p3.id], 'run');
    Object.assign(ids, { p2: p2.id, p3: p3.id, a: a.id, b: b.id, old1: old1.id, old2: old2.id, recent: recent.id });
  });

  afterAll(() => server?.close());

  it('HOUSEHOLD_RETENTION_MONTHS: 24 by default, a whole number of months from 1 to 120', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).householdRetentionMonths).toBe(24);
    expect(loadConfig({ NODE_ENV: 'test', HOUSEHOLD_RETENTION_MONTHS: '36' }).householdRetentionMonths).toBe(36);
    for (const bad of ['0', '1.5', 'twee', '121']) {
      expect(() => loadConfig({ NODE_ENV: 'test', HOUSEHOLD_RETENTION_MONTHS: bad })).toThrow(ConfigError);
    }
  });

  it('finalized_at follows the report status: set on FINAL, cleared when reopened, never set while OPEN', async () => {
    const [row] = await em.execute<{ id: string }[]>(`insert into funding_period (id, number, label, starts_on, ends_on, rate_per_household_cents, max_households, max_subsidy_cents,
        applications_open_on, applications_close_on, final_report_due_on, advance_share_percent, report_status)
      values (gen_random_uuid(), 9, 'P9', '2031-10-01', '2032-09-30', 100, 1, 100, '2030-10-01', '2032-09-30', '2032-10-31', 60, 'OPEN') returning id`);
    const status = async () => (await em.execute<{ report_status: string; finalized_at: Date | null }[]>(`select report_status, finalized_at from funding_period where id = ?`, [row!.id]))[0];
    expect((await status())!.finalized_at).toBeNull();
    await em.execute(`update funding_period set report_status = 'FINAL' where id = ?`, [row!.id], 'run');
    expect((await status())!.finalized_at).not.toBeNull();
    await em.execute(`update funding_period set report_status = 'OPEN' where id = ?`, [row!.id], 'run');
    expect((await status())!.finalized_at).toBeNull();
    await expect(em.execute(`update funding_period set finalized_at = now() where id = ?`, [row!.id], 'run')).resolves.toBeDefined();
    expect((await status())!.finalized_at).toBeNull();
    await em.execute(`delete from funding_period where id = ?`, [row!.id], 'run');
  });

  it('the dry run (query and text) names what the job will erase, counts only; the job erases exactly that; a second run changes nothing', async () => {
    const vars = { p2: ids.p2, p3: ids.p3, a: ids.a, b: ids.b };
    const before = await server.data(FIGURES, vars);
    // The numbers that must survive: 2 families reached in period 2 (one of them at two events), 1 in period 3.
    expect(before.a.kpi).toMatchObject({ reached: 2, byEventType: expect.arrayContaining([{ type: 'PARENT_EVENING', reached: 2 }, { type: 'SCHOOL_VISIT', reached: 1 }]) });
    expect(before.b.kpi.reached).toBe(1);
    expect(before.r2.realised).toBe(2);
    expect(before.r3.realised).toBe(1);

    const { retentionReport: report } = await server.data(REPORT);
    expect(report).toEqual({
      retentionMonths: 24,
      asOf: CLOCK.toISOString(),
      householdsDue: 2,
      enrollmentsDue: 1,
      periods: [
        { fundingPeriod: { number: 2 }, finalizedAt: '2024-11-14T10:00:00.000Z', eraseFrom: '2026-11-14T10:00:00.000Z', due: true, households: 2, enrollments: 1 },
        { fundingPeriod: { number: 3 }, finalizedAt: '2025-11-14T10:00:00.000Z', eraseFrom: '2027-11-14T10:00:00.000Z', due: false, households: 1, enrollments: 0 },
      ],
    });
    const text = formatRetentionPlan(await retentionPlan(em, CLOCK, 24), CLOCK, 24);
    expect(text).toContain('Would erase now: 2 household(s) and 1 enrollment(s) in 1 period(s)');
    for (const personal of ['GZ-', '9050', '44021', '2024-2025']) expect(text).not.toContain(personal);
    // Only administrators see the plan.
    const coordinator = await server.tokenFor('COORDINATOR');
    expect((await server.gql(REPORT, {}, { authorization: `Bearer ${coordinator}` })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const first = await server.app.jobs.runOnce(RETENTION_JOB);
    expect(first).toEqual({ ran: true, facts: { retentionMonths: 24, erased: report.householdsDue, enrollments: report.enrollmentsDue, periods: [{ number: 2, label: 'Projectperiode 2 (2023–2024)', erased: 2 }] } });

    const rows = await em.execute<{ id: string; reference: string; postcode: string | null; children: number | null; erased_at: boolean | null; erasure_reason: string | null }[]>(
      `select id, reference, postcode, children, (erased_at = '2026-12-01T07:00:00Z'::timestamptz) as erased_at, erasure_reason from household order by reference`);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of [ids.old1, ids.old2]) {
      expect(byId.get(id)).toMatchObject({ postcode: null, children: null, erased_at: true, erasure_reason: expect.stringMatching(/^Retention: 24 months/) });
      expect(byId.get(id)!.reference).toMatch(/^erased-[0-9a-f-]{36}$/);
    }
    expect(byId.get(ids.recent)).toMatchObject({ reference: 'GZ-NIEUW-1', erased_at: null, erasure_reason: null });
    expect(await em.execute(`select 1 from enrollment where household_id = ?`, [ids.old1])).toHaveLength(0);
    expect(await em.execute(`select 1 from attendance where household_id = any(?::uuid[])`, [`{${ids.old1},${ids.old2}}`])).toHaveLength(3);

    // Every KPI and programme figure as before, to the number.
    expect(await server.data(FIGURES, vars)).toEqual(before);

    // Audited like eraseHousehold: SYSTEM, column names only.
    const audit = await em.execute<{ actor_kind: string; actor_label: string; entity: string; action: string; changes: unknown }[]>(
      `select actor_kind, actor_label, entity, action, changes from audit_event where operation = 'householdRetention' order by seq`);
    expect(audit.map((x) => `${x.actor_kind} ${x.entity} ${x.action}`).sort()).toEqual(['SYSTEM ENROLLMENT DELETE', 'SYSTEM HOUSEHOLD UPDATE', 'SYSTEM HOUSEHOLD UPDATE']);
    expect(audit[0]!.actor_label).toBe('job household-retention');
    const trail = JSON.stringify(audit);
    for (const personal of ['GZ-OUD', '9050', '44021', '2024-2025']) expect(trail).not.toContain(personal);

    // Twice: nothing more to erase, nothing written, the plan says so.
    const second = await server.app.jobs.runOnce(RETENTION_JOB);
    expect(second).toEqual({ ran: true, facts: { retentionMonths: 24, erased: 0, enrollments: 0, periods: [] } });
    expect(await em.execute(`select 1 from audit_event where operation = 'householdRetention'`)).toHaveLength(3);
    expect(await server.data(FIGURES, vars)).toEqual(before);
    const after = (await server.data(REPORT)).retentionReport;
    expect(after).toMatchObject({ householdsDue: 0, enrollmentsDue: 0 });
    expect(after.periods.map((p: { households: number; due: boolean }) => [p.due, p.households])).toEqual([[true, 0], [false, 1]]);
  });
});
