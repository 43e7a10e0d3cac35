import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FundingPeriod } from '../funding-period/funding-period.entity.js';
import type { Event } from '../event/event.entity.js';
import type { Organization } from '../organization/organization.entity.js';
import type { Project } from '../project/project.entity.js';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

/**
 * Final reports (issue 14 deliverable 1): the state machine, who may do what, the frozen snapshot
 * against the live figures, and the period's FINAL gate. The test clock is 2025-04-01 (period 3 runs).
 */

const REPORT_FIELDS = `status version whatWasDone whatWorked obstacles reviewNote waiverReason submittedBy reviewedBy
  snapshot { reached target eventsHeld subsidyGranted earnedSubsidy byEventType { type reached eventsHeld } families { withIndicator withoutIndicator indicatorUnknown withSpecialNeeds } }
  differences { figure snapshot live money }`;
const SAVE = `mutation($input: SaveFinalReportInput!) { saveFinalReport(input: $input) { finalReport { ${REPORT_FIELDS} } userErrors { field code message } } }`;
const SUBMIT = `mutation($input: SubmitFinalReportInput!) { submitFinalReport(input: $input) { finalReport { ${REPORT_FIELDS} } userErrors { field code message } } }`;
const REVIEW = `mutation($input: ReviewFinalReportInput!) { reviewFinalReport(input: $input) { finalReport { ${REPORT_FIELDS} project { status transitions { from to note } } } userErrors { field code message } } }`;
const WAIVE = `mutation($input: WaiveFinalReportInput!) { waiveFinalReport(input: $input) { finalReport { status waiverReason version } userErrors { field code message } } }`;
const PROJECT = `query($id: ID!) { project(id: $id) { status finalReport { ${REPORT_FIELDS} } } }`;
const LIST = `query($fundingPeriodId: ID, $status: FinalReportStatus, $first: Int, $after: String) {
  finalReports(fundingPeriodId: $fundingPeriodId, status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { status project { title } } } }`;
const CLOSE = `mutation($input: CloseFundingPeriodReportInput!) { closeFundingPeriodReport(input: $input) { fundingPeriod { reportStatus } userErrors { field code message } } }`;

const NARRATIVE = { whatWasDone: 'Twee ouderavonden en een schoolbezoek.', whatWorked: 'Kleine groepen.', obstacles: 'Weinig tolken.' };

describe('final reports', () => {
  let server: TestServer;
  let em: EntityManager;
  let period: FundingPeriod;
  let project: Project;
  let organizer: Organization;
  let evening: Event;
  let coordinator: Record<string, string>;
  let other: Record<string, string>;
  let analyst: Record<string, string>;
  let reviewer: Record<string, string>;

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const call = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    const body = await server.gql(query, variables, headers);
    expect(body.errors).toBeUndefined();
    return body.data as Record<string, any>;
  };

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    period = await f.period(em);
    const lead = await f.municipality(em);
    organizer = await f.organization(em, lead);
    // Target 100, granted € 17.000 at € 170 per household.
    project = await f.project(em, { lead, period, partners: [organizer] });
    evening = await f.event(em, project, organizer, { type: 'PARENT_EVENING', startsAt: new Date('2025-02-10T18:00:00Z') });
    const visit = await f.event(em, project, organizer, { type: 'SCHOOL_VISIT', startsAt: new Date('2025-03-05T09:00:00Z') });
    // Neither is held: one cancelled, one still to come on the test clock.
    await f.event(em, project, organizer, { startsAt: new Date('2025-03-10T18:00:00Z'), cancelledAt: new Date('2025-03-01T10:00:00Z') });
    await f.event(em, project, organizer, { type: 'SCHOOL_VISIT', startsAt: new Date('2025-06-02T09:00:00Z') });
    const consent = new Date('2025-01-05T10:00:00Z');
    const withIndicator = await f.household(em, project, { lowEducatedMother: true, schoolAllowance: false, homeLanguageNotDutch: false, consentAt: consent });
    const without = await f.household(em, project, { lowEducatedMother: false, schoolAllowance: false, homeLanguageNotDutch: false, childWithSpecialNeeds: true, consentAt: consent });
    const unknown = await f.household(em, project);
    await f.attendance(em, withIndicator, evening);
    await f.attendance(em, without, visit);
    await f.attendance(em, unknown, evening);
    await f.attendance(em, unknown, visit);
    coordinator = bearer(await server.tokenFor('COORDINATOR', lead.id));
    other = bearer(await server.tokenFor('COORDINATOR', (await f.municipality(em)).id));
    analyst = bearer(await server.tokenFor('ANALYST'));
    reviewer = bearer(await server.tokenFor('REVIEWER'));
  });

  afterAll(() => server?.close());

  it('refuses another municipality’s coordinator, an analyst, and a coordinator reviewing', async () => {
    const foreign = await server.gql(SAVE, { input: { projectId: project.id, ...NARRATIVE } }, other);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byAnalyst = await server.gql(SAVE, { input: { projectId: project.id, ...NARRATIVE } }, analyst);
    expect(byAnalyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const selfReview = await server.gql(REVIEW, { input: { projectId: project.id, version: 1, decision: 'ACCEPT' } }, coordinator);
    expect(selfReview.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Analysts do not see one project's report (household counts of one project); nothing was written.
    expect((await call(PROJECT, { id: project.id }, analyst)).project.finalReport).toBeNull();
    expect(Number((await em.execute<{ n: number }[]>('select count(*)::int as n from final_report'))[0]!.n)).toBe(0);
  });

  it('refuses a project that is not approved', async () => {
    const draft = await f.project(em, { period, status: 'DRAFT', subsidyGrantedCents: null });
    const { saveFinalReport } = await server.data(SAVE, { input: { projectId: draft.id, ...NARRATIVE } });
    expect(saveFinalReport.userErrors).toEqual([expect.objectContaining({ field: ['input', 'projectId'], code: 'INVALID_TRANSITION' })]);
  });

  it('walks DRAFT → SUBMITTED → CHANGES_REQUESTED → SUBMITTED → ACCEPTED, freezing the figures and closing the project', async () => {
    const saved = (await call(SAVE, { input: { projectId: project.id, whatWasDone: NARRATIVE.whatWasDone } }, coordinator)).saveFinalReport;
    expect(saved.userErrors).toEqual([]);
    expect(saved.finalReport).toMatchObject({ status: 'DRAFT', version: 1, whatWasDone: NARRATIVE.whatWasDone, snapshot: null, differences: [] });

    // Incomplete narrative: named per field, nothing submitted.
    const incomplete = (await call(SUBMIT, { input: { projectId: project.id, version: 1 } }, coordinator)).submitFinalReport;
    expect(incomplete.userErrors.map((e: any) => [e.field.at(-1), e.code])).toEqual([
      ['whatWorked', 'REQUIRED'],
      ['obstacles', 'REQUIRED'],
    ]);
    const stale = (await call(SUBMIT, { input: { projectId: project.id, version: 9, ...NARRATIVE } }, coordinator)).submitFinalReport;
    expect(stale.userErrors.map((e: any) => e.code)).toEqual(['STALE_VERSION']);

    const submitted = (await call(SUBMIT, { input: { projectId: project.id, version: 1, ...NARRATIVE } }, coordinator)).submitFinalReport;
    expect(submitted.userErrors).toEqual([]);
    expect(submitted.finalReport.status).toBe('SUBMITTED');
    // 3 households reached (2 at the parent evening, 2 at the school visit, one at both); 2 events held
    // (not the cancelled one, not the one in June); earned = min(3, 100) × € 170 = € 510 (below the € 17.000 granted).
    expect(submitted.finalReport.snapshot).toEqual({
      reached: 3,
      target: 100,
      eventsHeld: 2,
      subsidyGranted: 17000,
      earnedSubsidy: 510,
      byEventType: [
        { type: 'PARENT_EVENING', reached: 2, eventsHeld: 1 },
        { type: 'SCHOOL_VISIT', reached: 2, eventsHeld: 1 },
      ],
      families: { withIndicator: 1, withoutIndicator: 1, indicatorUnknown: 1, withSpecialNeeds: 1 },
    });
    expect(submitted.finalReport.differences).toEqual([]);

    const locked = (await call(SAVE, { input: { projectId: project.id, version: 2, obstacles: 'x' } }, coordinator)).saveFinalReport;
    expect(locked.userErrors).toEqual([expect.objectContaining({ field: ['input', 'projectId'], code: 'INVALID_TRANSITION' })]);

    const noNote = (await call(REVIEW, { input: { projectId: project.id, version: 2, decision: 'REQUEST_CHANGES', note: ' ' } }, reviewer)).reviewFinalReport;
    expect(noNote.userErrors).toEqual([expect.objectContaining({ field: ['input', 'note'], code: 'REQUIRED' })]);
    const changes = (await call(REVIEW, { input: { projectId: project.id, version: 2, decision: 'REQUEST_CHANGES', note: 'Beschrijf de tolken.' } }, reviewer)).reviewFinalReport;
    expect(changes.userErrors).toEqual([]);
    expect(changes.finalReport).toMatchObject({ status: 'CHANGES_REQUESTED', reviewNote: 'Beschrijf de tolken.', project: { status: 'APPROVED' } });

    const again = (await call(SUBMIT, { input: { projectId: project.id, version: 3, obstacles: 'Weinig tolken; nu via het LOP.' } }, coordinator)).submitFinalReport;
    expect(again.userErrors).toEqual([]);
    expect(again.finalReport).toMatchObject({ status: 'SUBMITTED', obstacles: 'Weinig tolken; nu via het LOP.' });

    const accepted = (await call(REVIEW, { input: { projectId: project.id, version: 4, decision: 'ACCEPT' } }, reviewer)).reviewFinalReport;
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.finalReport.status).toBe('ACCEPTED');
    expect(accepted.finalReport.project.status).toBe('CLOSED');
    expect(accepted.finalReport.project.transitions.at(-1)).toEqual({ from: 'APPROVED', to: 'CLOSED', note: 'Eindrapport aanvaard' });

    const twice = (await call(REVIEW, { input: { projectId: project.id, version: 5, decision: 'ACCEPT' } }, reviewer)).reviewFinalReport;
    expect(twice.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION' })]);
    const waiveAccepted = (await call(WAIVE, { input: { projectId: project.id, version: 5, reason: 'Te laat' } }, reviewer)).waiveFinalReport;
    expect(waiveAccepted.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION' })]);

    // The trail holds every change of the report.
    const trail = await em.execute<{ action: string }[]>(`select action from audit_event where entity = 'FINAL_REPORT' order by seq`);
    expect(trail.map((r) => r.action)).toEqual(['INSERT', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE']);
  });

  it('shows a later change of the live figures as differences, never overwriting the snapshot', async () => {
    // Another project, submitted, then one more household attends (the project is not closed yet).
    const lead = await f.municipality(em);
    const org = await f.organization(em, lead);
    const later = await f.project(em, { lead, period, partners: [org], targetHouseholds: 2, subsidyGrantedCents: 34_000 });
    const ev = await f.event(em, later, org, { startsAt: new Date('2025-02-11T18:00:00Z') });
    await f.attendance(em, await f.household(em, later), ev);
    const submitted = (await server.data(SUBMIT, { input: { projectId: later.id, ...NARRATIVE } })).submitFinalReport;
    expect(submitted.finalReport.snapshot).toMatchObject({ reached: 1, earnedSubsidy: 170 });

    await f.attendance(em, await f.household(em, later), ev);
    await f.attendance(em, await f.household(em, later), ev);
    const { project: now } = await server.data(PROJECT, { id: later.id });
    expect(now.finalReport.snapshot).toMatchObject({ reached: 1, earnedSubsidy: 170 });
    // Earned is capped: min(3, target 2) × € 170 = € 340 = the granted amount.
    expect(now.finalReport.differences).toEqual([
      { figure: 'reached', snapshot: 1, live: 3, money: false },
      { figure: 'byEventType.PARENT_EVENING.reached', snapshot: 1, live: 3, money: false },
      { figure: 'families.indicatorUnknown', snapshot: 1, live: 3, money: false },
      { figure: 'earnedSubsidy', snapshot: 170, live: 340, money: true },
    ]);
  });

  it('lists reports for reviewers by period and status, paginated', async () => {
    const all = (await call(LIST, { fundingPeriodId: period.id, first: 1 }, reviewer)).finalReports;
    expect(all.totalCount).toBe(2);
    expect(all.pageInfo.hasNextPage).toBe(true);
    const next = (await call(LIST, { fundingPeriodId: period.id, first: 1, after: all.pageInfo.endCursor }, reviewer)).finalReports;
    expect(next.nodes).toHaveLength(1);
    expect(next.nodes[0].project.title).not.toBe(all.nodes[0].project.title);
    const accepted = (await call(LIST, { status: 'ACCEPTED' }, reviewer)).finalReports;
    expect(accepted.nodes).toEqual([{ status: 'ACCEPTED', project: { title: project.title } }]);
    expect((await server.gql(LIST, {}, coordinator)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the period’s FINAL gate', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('closes a period only once every funded project’s report is accepted or waived', async () => {
    const em = f.em(server);
    // Period 2 is over on the test clock.
    const ended = await f.period(em, { number: 2, label: 'Projectperiode 2', startsOn: '2023-10-01', endsOn: '2024-09-30' });
    const lead = await f.municipality(em);
    const org = await f.organization(em, lead);
    const reporting = await f.project(em, { lead, period: ended, partners: [org] });
    const silent = await f.project(em, { period: ended });
    await f.project(em, { period: ended, status: 'REJECTED', subsidyGrantedCents: null });
    await f.project(em, { period: ended, status: 'DRAFT', subsidyGrantedCents: null });

    const close = async (version: number) => (await server.data(CLOSE, { input: { fundingPeriodId: ended.id, version } })).closeFundingPeriodReport;
    const first = await close(1);
    expect(first.userErrors).toEqual([expect.objectContaining({ field: ['input', 'fundingPeriodId'], code: 'FINAL_REPORTS_OUTSTANDING', message: expect.stringMatching(/^2 funded project/) })]);

    // A submitted report is not enough; accepted it is.
    expect((await server.data(SUBMIT, { input: { projectId: reporting.id, ...NARRATIVE } })).submitFinalReport.userErrors).toEqual([]);
    expect((await close(1)).userErrors[0].message).toMatch(/^2 funded project/);
    expect((await server.data(REVIEW, { input: { projectId: reporting.id, version: 1, decision: 'ACCEPT' } })).reviewFinalReport.userErrors).toEqual([]);
    expect((await close(1)).userErrors).toEqual([expect.objectContaining({ code: 'FINAL_REPORTS_OUTSTANDING', message: expect.stringMatching(/^1 funded project/) })]);

    // The waiver needs a reason.
    const noReason = (await server.data(WAIVE, { input: { projectId: silent.id, reason: '  ' } })).waiveFinalReport;
    expect(noReason.userErrors).toEqual([expect.objectContaining({ field: ['input', 'reason'], code: 'REQUIRED' })]);
    const waived = (await server.data(WAIVE, { input: { projectId: silent.id, reason: 'Project stopgezet na fusie' } })).waiveFinalReport;
    expect(waived).toEqual({ finalReport: { status: 'WAIVED', waiverReason: 'Project stopgezet na fusie', version: 1 }, userErrors: [] });

    const final = await close(1);
    expect(final).toEqual({ fundingPeriod: { reportStatus: 'FINAL' }, userErrors: [] });
    const { project } = await server.data(`query($id: ID!) { project(id: $id) { status } }`, { id: silent.id });
    expect(project.status).toBe('CLOSED');
  });
});
