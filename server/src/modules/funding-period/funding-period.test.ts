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
