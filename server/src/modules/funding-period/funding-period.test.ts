import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

const CLOSE = `mutation($input: CloseFundingPeriodReportInput!) {
  closeFundingPeriodReport(input: $input) { fundingPeriod { reportStatus version } userErrors { field code message } }
}`;
const REPORT = `query($id: ID!) { programReport(fundingPeriodId: $id) { realised pending committed projectCount } }`;

/** Closing a period's report: only after the period, once, and it makes the figures final. */
describe('closeFundingPeriodReport', () => {
  let server: TestServer;
  let endedId: string;
  let runningId: string;
  let approvedId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const em = f.em(server);
    // The test clock is 2025-04-01: period 2 is over, period 3 is running.
    const ended = await f.period(em, { number: 2, label: 'Projectperiode 2', startsOn: '2023-10-01', endsOn: '2024-09-30' });
    const running = await f.period(em);
    endedId = ended.id;
    runningId = running.id;
    const lead = await f.municipality(em);
    const org = await f.organization(em, lead);
    const approved = await f.project(em, { lead, period: ended, partners: [org], targetHouseholds: 50 });
    approvedId = approved.id;
    await f.project(em, { period: ended, status: 'REJECTED', targetHouseholds: 20, subsidyGrantedCents: null });
    const evening = await f.event(em, approved, org, { startsAt: new Date('2024-03-04T18:00:00Z') });
    for (let i = 0; i < 3; i++) await f.attendance(em, await f.household(em, approved), evening);
  });

  afterAll(() => server?.close());

  it('keeps "realised" pending while the report is open', async () => {
    const { programReport } = await server.data(REPORT, { id: endedId });
    expect(programReport).toEqual({ realised: null, pending: true, committed: 50, projectCount: 1 });
  });

  it('refuses a period that has not ended yet, and a stale version', async () => {
    const early = await server.data(CLOSE, { input: { fundingPeriodId: runningId, version: 1 } });
    expect(early.closeFundingPeriodReport.userErrors).toEqual([expect.objectContaining({ field: ['input', 'fundingPeriodId'], code: 'CONFLICT' })]);
    const stale = await server.data(CLOSE, { input: { fundingPeriodId: endedId, version: 7 } });
    expect(stale.closeFundingPeriodReport.userErrors.map((e: any) => e.code)).toEqual(['STALE_VERSION']);
  });

  it('refuses while a funded project has no accepted or waived final report, and says how many', async () => {
    const refused = await server.data(CLOSE, { input: { fundingPeriodId: endedId, version: 1 } });
    expect(refused.closeFundingPeriodReport.userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'fundingPeriodId'], code: 'FINAL_REPORTS_OUTSTANDING', message: expect.stringMatching(/^1 funded project/) }),
    ]);
    await f.waiveFinalReports(f.em(server), { id: endedId } as Parameters<typeof f.waiveFinalReports>[1]);
  });

  it('makes the figures final and closes the approved projects', async () => {
    const closed = await server.data(CLOSE, { input: { fundingPeriodId: endedId, version: 1 } });
    expect(closed.closeFundingPeriodReport).toEqual({ fundingPeriod: { reportStatus: 'FINAL', version: 2 }, userErrors: [] });
    const { programReport } = await server.data(REPORT, { id: endedId });
    expect(programReport).toEqual({ realised: 3, pending: false, committed: 50, projectCount: 1 });
    const { project } = await server.data(`query($id: ID!) { project(id: $id) { status version } }`, { id: approvedId });
    expect(project).toEqual({ status: 'CLOSED', version: 2 });
  });

  it('refuses to close a report twice', async () => {
    const again = await server.data(CLOSE, { input: { fundingPeriodId: endedId, version: 2 } });
    expect(again.closeFundingPeriodReport.userErrors.map((e: any) => e.code)).toEqual(['PERIOD_FINAL']);
  });
});

const PERIOD_FIELDS = `id number label startsOn endsOn ratePerHousehold maxHouseholds maxSubsidy applicationsOpenOn applicationsCloseOn finalReportDueOn advanceShare reportStatus reopenedAt reopenReason version`;
const CREATE_PERIOD = `mutation($input: CreateFundingPeriodInput!) { createFundingPeriod(input: $input) { fundingPeriod { ${PERIOD_FIELDS} } userErrors { field code message } } }`;
const UPDATE_PERIOD = `mutation($input: UpdateFundingPeriodInput!) { updateFundingPeriod(input: $input) { fundingPeriod { ${PERIOD_FIELDS} } userErrors { field code message } } }`;
const REOPEN_PERIOD = `mutation($input: ReopenFundingPeriodInput!) { reopenFundingPeriod(input: $input) { fundingPeriod { ${PERIOD_FIELDS} } userErrors { field code message } } }`;

/** Periods as managed data (SPEC §9 step 1): create, limited changes once money is granted, reopen. */
describe('createFundingPeriod, updateFundingPeriod, reopenFundingPeriod', () => {
  let server: TestServer;
  const period4 = {
    number: 4,
    label: 'Projectperiode 4 (2025–2026)',
    startsOn: '2025-10-01',
    endsOn: '2026-09-30',
    ratePerHousehold: 175,
    maxHouseholds: 300,
    applicationsOpenOn: '2025-03-01',
    applicationsCloseOn: '2025-08-31',
    finalReportDueOn: '2026-10-31',
    advanceShare: 60,
  };

  beforeAll(async () => {
    server = await startTestServer();
    await f.period(f.em(server));
  });

  afterAll(() => server?.close());

  it('creates a period with maxSubsidy = rate × maximum households, computed by the server', async () => {
    const { createFundingPeriod } = await server.data(CREATE_PERIOD, { input: period4 });
    expect(createFundingPeriod.userErrors).toEqual([]);
    expect(createFundingPeriod.fundingPeriod).toMatchObject({ ...period4, maxSubsidy: 52_500, reportStatus: 'OPEN', version: 1, reopenedAt: null });
  });

  it('answers every broken rule on its field: overlap, duplicate number, window order, deadline, share', async () => {
    const { createFundingPeriod } = await server.data(CREATE_PERIOD, {
      input: { ...period4, number: 3, startsOn: '2025-09-01', applicationsOpenOn: '2025-09-01', applicationsCloseOn: '2025-08-01', finalReportDueOn: '2026-09-30', advanceShare: 101 },
    });
    expect(createFundingPeriod.fundingPeriod).toBeNull();
    expect(createFundingPeriod.userErrors.map((e: any) => [e.field.at(-1), e.code]).sort()).toEqual([
      ['advanceShare', 'OUT_OF_RANGE'],
      ['applicationsCloseOn', 'INVALID'],
      ['finalReportDueOn', 'INVALID'],
      ['number', 'DUPLICATE'],
      ['startsOn', 'CONFLICT'],
    ]);
  });

  it('the database refuses what the service would: an advance share of 101 %, a window closing after the period', async () => {
    const conn = f.em(server).getConnection();
    await expect(conn.execute(`update funding_period set advance_share_percent = 101 where number = 3`)).rejects.toThrow(/funding_period_advance_share_range|check constraint/);
    await expect(conn.execute(`update funding_period set applications_close_on = '2025-10-01' where number = 3`)).rejects.toThrow(/funding_period_applications_close_by_end|check constraint/);
  });

  it('changes anything of a period without approved projects (stale versions refused)', async () => {
    const { fundingPeriods } = await server.data(`{ fundingPeriods { nodes { id number version } } }`);
    const p4 = fundingPeriods.nodes.find((p: any) => p.number === 4);
    const stale = await server.data(UPDATE_PERIOD, { input: { id: p4.id, version: 9, label: 'x' } });
    expect(stale.updateFundingPeriod.userErrors.map((e: any) => e.code)).toEqual(['STALE_VERSION']);
    const { updateFundingPeriod } = await server.data(UPDATE_PERIOD, { input: { id: p4.id, version: 1, ratePerHousehold: 170, advanceShare: 50 } });
    expect(updateFundingPeriod.userErrors).toEqual([]);
    expect(updateFundingPeriod.fundingPeriod).toMatchObject({ ratePerHousehold: 170, maxSubsidy: 51_000, advanceShare: 50, version: 2 });
  });

  it('once a project is approved, refuses the rate, the dates, the maximum and the share — naming the field and why — but lets the label, window and deadline change', async () => {
    const em = f.em(server);
    const p3 = await f.period(em);
    await f.project(em, { period: p3 });
    const refused = await server.data(UPDATE_PERIOD, { input: { id: p3.id, version: p3.version, ratePerHousehold: 180, endsOn: '2025-09-29', advanceShare: 70 } });
    expect(refused.updateFundingPeriod.userErrors.map((e: any) => [e.field.at(-1), e.code])).toEqual([
      ['endsOn', 'CONFLICT'],
      ['ratePerHousehold', 'CONFLICT'],
      ['advanceShare', 'CONFLICT'],
    ]);
    expect(refused.updateFundingPeriod.userErrors[1].message).toMatch(/1 approved or closed project.*rate decides/);
    const allowed = await server.data(UPDATE_PERIOD, {
      input: { id: p3.id, version: p3.version, label: 'Projectperiode 3', applicationsCloseOn: '2025-06-30', finalReportDueOn: '2025-11-30', ratePerHousehold: 170 },
    });
    expect(allowed.updateFundingPeriod.userErrors).toEqual([]);
    expect(allowed.updateFundingPeriod.fundingPeriod).toMatchObject({ label: 'Projectperiode 3', applicationsCloseOn: '2025-06-30', finalReportDueOn: '2025-11-30', ratePerHousehold: 170 });
  });

  it('reopens a FINAL period with a reason: OPEN again, its CLOSED projects APPROVED, the reason in their history', async () => {
    const em = f.em(server);
    const ended = await f.period(em, { number: 2, label: 'Projectperiode 2', startsOn: '2023-10-01', endsOn: '2024-09-30' });
    const project = await f.project(em, { period: ended });
    await f.waiveFinalReports(em, ended);
    const close = await server.data(CLOSE, { input: { fundingPeriodId: ended.id, version: 1 } });
    expect(close.closeFundingPeriodReport.userErrors).toEqual([]);
    // The settlement moment (household retention counts from it), cleared again by reopening.
    const finalizedAt = async () => (await server.data(`query { fundingPeriods { nodes { id finalizedAt } } }`)).fundingPeriods.nodes.find((x: { id: string }) => x.id === ended.id).finalizedAt;
    expect(await finalizedAt()).toBe('2025-04-01T10:00:00.000Z');

    const noReason = await server.data(REOPEN_PERIOD, { input: { id: ended.id, version: 2, reason: '  ' } });
    expect(noReason.reopenFundingPeriod.userErrors).toEqual([expect.objectContaining({ field: ['input', 'reason'], code: 'REQUIRED' })]);
    const { reopenFundingPeriod } = await server.data(REOPEN_PERIOD, { input: { id: ended.id, version: 2, reason: 'Aanwezigheden van Gent gecorrigeerd' } });
    expect(reopenFundingPeriod.userErrors).toEqual([]);
    expect(reopenFundingPeriod.fundingPeriod).toMatchObject({ reportStatus: 'OPEN', reopenReason: 'Aanwezigheden van Gent gecorrigeerd', reopenedAt: '2025-04-01T10:00:00.000Z', version: 3 });
    expect(await finalizedAt()).toBeNull();

    const { project: after } = await server.data(`query($id: ID!) { project(id: $id) { status transitions { from to note } } }`, { id: project.id });
    expect(after).toEqual({
      status: 'APPROVED',
      transitions: [
        { from: 'APPROVED', to: 'CLOSED', note: 'Projectperiode 2: report closed' },
        { from: 'CLOSED', to: 'APPROVED', note: 'Aanwezigheden van Gent gecorrigeerd' },
      ],
    });
    const again = await server.data(REOPEN_PERIOD, { input: { id: ended.id, version: 3, reason: 'nog eens' } });
    expect(again.reopenFundingPeriod.userErrors.map((e: any) => e.code)).toEqual(['INVALID_TRANSITION']);
  });
});
