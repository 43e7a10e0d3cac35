import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import * as f from '../../test/factories.js';

/**
 * Final-report deadlines over real HTTP: the period's date, a municipality's extension (who may
 * grant it, what it must say, the audit trail), the effective deadline and the overdue list.
 * The clock stands at 2025-11-05 (Brussels), after period 3's deadline of 2025-10-31.
 */
const GRANT = `mutation($input: GrantDeadlineExtensionInput!) {
  grantDeadlineExtension(input: $input) { deadlineExtension { id dueOn reason grantedBy grantedAt version municipality { id } fundingPeriod { id } } userErrors { field code } }
}`;
const WITHDRAW = `mutation($input: WithdrawDeadlineExtensionInput!) { withdrawDeadlineExtension(input: $input) { deadlineExtension { id dueOn } userErrors { field code } } }`;
const PROJECT = `query($id: ID!) { project(id: $id) { finalReportDueOn finalReportOverdue deadlineExtension { dueOn reason grantedBy } } }`;
const OVERDUE = `query($first: Int, $after: String) { overdueFinalReports(first: $first, after: $after) { totalCount nodes { id title finalReportDueOn finalReportOverdue } pageInfo { hasNextPage endCursor } } }`;

describe('final-report deadlines and extensions', () => {
  let server: TestServer;
  const ids = { period: '', gent: '', aalst: '', draftMuni: '', gentProject: '', aalstProject: '', draftProject: '' };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  let reviewer: Record<string, string>;
  let coordinatorGent: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer({ overrides: { now: () => new Date('2025-11-05T10:00:00Z') } });
    const em = f.em(server);
    const period = await f.period(em);
    const gent = await f.municipality(em, { name: 'Gent-test' });
    const aalst = await f.municipality(em, { name: 'Aalst-test' });
    const draftMuni = await f.municipality(em);
    const gentProject = await f.project(em, { lead: gent, period, title: 'A Gent' });
    const aalstProject = await f.project(em, { lead: aalst, period, title: 'B Aalst' });
    const draftProject = await f.project(em, { lead: draftMuni, period, title: 'C ontwerp', status: 'DRAFT' });
    Object.assign(ids, { period: period.id, gent: gent.id, aalst: aalst.id, draftMuni: draftMuni.id, gentProject: gentProject.id, aalstProject: aalstProject.id, draftProject: draftProject.id });
    reviewer = bearer(await server.tokenFor('REVIEWER'));
    coordinatorGent = bearer(await server.tokenFor('COORDINATOR', gent.id));
  });
  afterAll(() => server?.close());

  it('the effective deadline is the period’s; a funded project past it is overdue, a draft is not', async () => {
    const gent = await server.data(PROJECT, { id: ids.gentProject });
    expect(gent.project).toEqual({ finalReportDueOn: '2025-10-31', finalReportOverdue: true, deadlineExtension: null });
    const draft = await server.data(PROJECT, { id: ids.draftProject });
    expect(draft.project).toMatchObject({ finalReportDueOn: '2025-10-31', finalReportOverdue: false });
    const overdue = await server.data(OVERDUE, { first: 10 });
    expect(overdue.overdueFinalReports.totalCount).toBe(2);
    expect(overdue.overdueFinalReports.nodes.map((n: { title: string }) => n.title)).toEqual(['A Gent', 'B Aalst']);
  });

  it('a coordinator (or analyst) may not grant an extension', async () => {
    const input = { municipalityId: ids.gent, fundingPeriodId: ids.period, dueOn: '2025-12-31', reason: 'Ziekte' };
    for (const headers of [coordinatorGent, bearer(await server.tokenFor('ANALYST'))]) {
      const res = await server.gql(GRANT, { input }, headers);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await server.data(PROJECT, { id: ids.gentProject })).project.deadlineExtension).toBeNull();
  });

  it('refuses a date on or before the period’s deadline and an empty reason, writing nothing', async () => {
    const res = await server.gql(GRANT, { input: { municipalityId: ids.gent, fundingPeriodId: ids.period, dueOn: '2025-10-31', reason: '  ' } }, reviewer);
    expect(res.data!.grantDeadlineExtension).toEqual({
      deadlineExtension: null,
      userErrors: [
        { field: ['input', 'dueOn'], code: 'INVALID' },
        { field: ['input', 'reason'], code: 'REQUIRED' },
      ],
    });
    const missing = await server.gql(GRANT, { input: { municipalityId: '00000000-0000-4000-8000-000000000000', fundingPeriodId: ids.period, dueOn: '2025-12-31', reason: 'x' } }, reviewer);
    expect(missing.data!.grantDeadlineExtension.userErrors).toEqual([{ field: ['input', 'municipalityId'], code: 'NOT_FOUND' }]);
    expect((await server.data(PROJECT, { id: ids.gentProject })).project.deadlineExtension).toBeNull();
  });

  it('a reviewer grants one: the municipality’s project gets the new deadline, is no longer overdue, and the trail records it', async () => {
    const res = await server.gql(GRANT, { input: { municipalityId: ids.gent, fundingPeriodId: ids.period, dueOn: '2025-12-15', reason: 'Coördinator met zwangerschapsverlof' } }, reviewer);
    expect(res.data!.grantDeadlineExtension.userErrors).toEqual([]);
    const x = res.data!.grantDeadlineExtension.deadlineExtension;
    expect(x).toMatchObject({ dueOn: '2025-12-15', reason: 'Coördinator met zwangerschapsverlof', version: 1, municipality: { id: ids.gent }, fundingPeriod: { id: ids.period } });
    expect(x.grantedBy).toMatch(/^reviewer-\d+@test\.schoolmix$/);
    expect(x.grantedAt).toBe('2025-11-05T10:00:00.000Z');

    expect((await server.data(PROJECT, { id: ids.gentProject })).project).toEqual({
      finalReportDueOn: '2025-12-15',
      finalReportOverdue: false,
      deadlineExtension: { dueOn: '2025-12-15', reason: 'Coördinator met zwangerschapsverlof', grantedBy: x.grantedBy },
    });
    // Only Gent's: Aalst's project in the same period keeps the period's date.
    expect((await server.data(PROJECT, { id: ids.aalstProject })).project).toMatchObject({ finalReportDueOn: '2025-10-31', finalReportOverdue: true });
    const overdue = await server.data(OVERDUE, { first: 10 });
    expect(overdue.overdueFinalReports.nodes.map((n: { id: string }) => n.id)).toEqual([ids.aalstProject]);

    // Granting again replaces it (one per municipality and period).
    const again = await server.gql(GRANT, { input: { municipalityId: ids.gent, fundingPeriodId: ids.period, dueOn: '2026-01-15', reason: 'Nog langer afwezig' } }, reviewer);
    expect(again.data!.grantDeadlineExtension.deadlineExtension).toMatchObject({ id: x.id, dueOn: '2026-01-15', version: 2 });

    const trail = await server.data(
      `query($filter: AuditEventFilter) { auditEvents(filter: $filter, first: 10) { nodes { action actorLabel operation municipalityId fundingPeriodId changes { field before after } } } }`,
      { filter: { entity: 'DEADLINE_EXTENSION', entityId: x.id } },
    );
    const rows = trail.auditEvents.nodes as { action: string; actorLabel: string; operation: string; municipalityId: string; fundingPeriodId: string; changes: { field: string; before: string | null; after: string | null }[] }[];
    expect(rows.map((r) => [r.action, r.operation, r.actorLabel])).toEqual([
      ['UPDATE', 'grantDeadlineExtension', x.grantedBy],
      ['INSERT', 'grantDeadlineExtension', x.grantedBy],
    ]);
    expect(rows[0]).toMatchObject({ municipalityId: ids.gent, fundingPeriodId: ids.period });
    expect(rows[0]!.changes).toEqual(expect.arrayContaining([{ field: 'dueOn', before: '"2025-12-15"', after: '"2026-01-15"' }, { field: 'reason', before: '"Coördinator met zwangerschapsverlof"', after: '"Nog langer afwezig"' }]));
  });

  it('a coordinator sees only their own municipality’s overdue reports and the extension on their project', async () => {
    const aalstCoordinator = bearer(await server.tokenFor('COORDINATOR', ids.aalst));
    const own = await server.gql(OVERDUE, { first: 10 }, aalstCoordinator);
    expect(own.data!.overdueFinalReports.nodes.map((n: { id: string }) => n.id)).toEqual([ids.aalstProject]);
    const gent = await server.gql(OVERDUE, { first: 10 }, coordinatorGent);
    expect(gent.data!.overdueFinalReports.totalCount).toBe(0);
    const mine = await server.gql(PROJECT, { id: ids.gentProject }, coordinatorGent);
    expect(mine.data!.project.deadlineExtension.dueOn).toBe('2026-01-15');
  });

  it('withdrawing (reviewer only) restores the period’s deadline', async () => {
    const { project } = await server.data(`query($id: ID!) { project(id: $id) { deadlineExtension { id } } }`, { id: ids.gentProject });
    const refused = await server.gql(WITHDRAW, { input: { id: project.deadlineExtension.id } }, coordinatorGent);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const res = await server.gql(WITHDRAW, { input: { id: project.deadlineExtension.id } }, reviewer);
    expect(res.data!.withdrawDeadlineExtension).toEqual({ deadlineExtension: { id: project.deadlineExtension.id, dueOn: '2026-01-15' }, userErrors: [] });
    expect((await server.data(PROJECT, { id: ids.gentProject })).project).toEqual({ finalReportDueOn: '2025-10-31', finalReportOverdue: true, deadlineExtension: null });
    const gone = await server.gql(WITHDRAW, { input: { id: project.deadlineExtension.id } }, reviewer);
    expect(gone.data!.withdrawDeadlineExtension.userErrors).toEqual([{ field: ['input', 'id'], code: 'NOT_FOUND' }]);
    // Paging through the overdue list.
    const first = await server.data(OVERDUE, { first: 1 });
    expect(first.overdueFinalReports).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const second = await server.data(OVERDUE, { first: 1, after: first.overdueFinalReports.pageInfo.endCursor });
    expect(second.overdueFinalReports.nodes.map((n: { title: string }) => n.title)).toEqual(['B Aalst']);
  });

  it('a FINAL period takes no extension', async () => {
    const period = await f.period(f.em(server));
    await f.waiveFinalReports(f.em(server), period);
    await f.closePeriod(f.em(server), period);
    const res = await server.gql(GRANT, { input: { municipalityId: ids.aalst, fundingPeriodId: ids.period, dueOn: '2025-12-31', reason: 'Te laat gevraagd' } }, reviewer);
    expect(res.data!.grantDeadlineExtension.userErrors).toEqual([{ field: ['input', 'fundingPeriodId'], code: 'PERIOD_FINAL' }]);
    // Waived reports (the FINAL gate's condition) owe nothing.
    expect((await server.data(OVERDUE, { first: 10 })).overdueFinalReports.totalCount).toBe(0);
  });
});
