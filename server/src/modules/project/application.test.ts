import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FundingPeriod } from '../funding-period/funding-period.entity.js';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

/**
 * The application workflow (SPEC §9 steps 2–3) with the test clock at 2025-04-01: applications
 * only inside the period's window (service and database), send back for changes with a note, and
 * the history of every transition (Project.transitions, batched).
 */
const FIELDS = `id status version reviewNote subsidyRequested coFinancing transitions { from to note actorUserId actorLabel at }`;
const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { ${FIELDS} } userErrors { field message code } } }`;
const UPDATE = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { ${FIELDS} } userErrors { field message code } } }`;
const SUBMIT = `mutation($input: SubmitProjectInput!) { submitProject(input: $input) { project { ${FIELDS} } userErrors { field message code } } }`;
const REVIEW = `mutation($input: ReviewProjectInput!) { reviewProject(input: $input) { project { ${FIELDS} } userErrors { field message code } } }`;

describe('applications: the window, send back, the history', () => {
  let server: TestServer;
  let em: EntityManager;
  let open: FundingPeriod;
  let past: FundingPeriod;
  let future: FundingPeriod;

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    // Period 3's window (factory) runs 2023-10-01 … 2025-09-30: open on 2025-04-01.
    open = await f.period(em);
    // Period 2's call closed on 2023-08-31; period 4's opens on 2025-05-01.
    past = await f.period(em, { number: 2, label: 'Projectperiode 2', startsOn: '2023-10-01', endsOn: '2024-09-30', applicationsOpenOn: '2023-03-01', applicationsCloseOn: '2023-08-31' });
    future = await f.period(em, { number: 4, label: 'Projectperiode 4', startsOn: '2025-10-01', endsOn: '2026-09-30', applicationsOpenOn: '2025-05-01', applicationsCloseOn: '2025-08-31' });
  });

  afterAll(() => server?.close());

  async function input(period: FundingPeriod, over: Record<string, unknown> = {}) {
    const lead = await f.municipality(em);
    return { title: `Aanvraag ${randomUUID().slice(0, 8)}`, leadMunicipalityId: lead.id, fundingPeriodId: period.id, baselineHouseholds: 5, targetHouseholds: 80, ...over };
  }

  it('refuses createProject before and after the window as OUTSIDE_APPLICATION_WINDOW on fundingPeriodId', async () => {
    for (const period of [past, future]) {
      const { createProject } = await server.data(CREATE, { input: await input(period) });
      expect(createProject.project).toBeNull();
      expect(createProject.userErrors).toEqual([expect.objectContaining({ field: ['input', 'fundingPeriodId'], code: 'OUTSIDE_APPLICATION_WINDOW' })]);
    }
  });

  it('accepts createProject inside the window: DRAFT, amount = target × € 170, co-financing 1:1, no history yet', async () => {
    const { createProject } = await server.data(CREATE, { input: await input(open) });
    expect(createProject.userErrors).toEqual([]);
    expect(createProject.project).toMatchObject({ status: 'DRAFT', subsidyRequested: 13_600, coFinancing: 13_600, transitions: [] });
  });

  it('lets the requested amount follow a new target while it is the default', async () => {
    const { createProject } = await server.data(CREATE, { input: await input(open) });
    const { updateProject } = await server.data(UPDATE, { input: { id: createProject.project.id, version: 1, targetHouseholds: 100 } });
    expect(updateProject.userErrors).toEqual([]);
    expect(updateProject.project).toMatchObject({ subsidyRequested: 17_000, coFinancing: 17_000 });
  });

  it('refuses submitProject outside the window (the draft stays a draft)', async () => {
    const draft = await f.project(em, { period: past, status: 'DRAFT', subsidyGrantedCents: null });
    const { submitProject } = await server.data(SUBMIT, { input: { id: draft.id, version: 1 } });
    expect(submitProject.userErrors).toEqual([expect.objectContaining({ field: ['input', 'fundingPeriodId'], code: 'OUTSIDE_APPLICATION_WINDOW' })]);
    const [row] = await em.getConnection().execute<{ status: string }[]>('select status from project where id = ?', [draft.id]);
    expect(row!.status).toBe('DRAFT');
  });

  it('walks submit → send back (note required, kept) → resubmit → approve, each transition recorded with actor and note', async () => {
    const lead = await f.municipality(em);
    const coordinator = await server.tokenFor('COORDINATOR', lead.id);
    const reviewer = await server.tokenFor('REVIEWER');
    const as = async (token: string, query: string, variables: Record<string, unknown>) => {
      const res = await server.gql(query, variables, { authorization: `Bearer ${token}` });
      expect(res.errors).toBeUndefined();
      return res.data!;
    };
    const created = (await as(coordinator, CREATE, { input: await input(open, { leadMunicipalityId: lead.id }) })).createProject.project;
    const submitted = (await as(coordinator, SUBMIT, { input: { id: created.id, version: 1, note: 'Eerste indiening' } })).submitProject.project;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', version: 2 });

    const noNote = (await as(reviewer, REVIEW, { input: { id: created.id, version: 2, decision: 'SEND_BACK' } })).reviewProject;
    expect(noNote.userErrors).toEqual([expect.objectContaining({ field: ['input', 'note'], code: 'REQUIRED' })]);

    const sentBack = (await as(reviewer, REVIEW, { input: { id: created.id, version: 2, decision: 'SEND_BACK', note: 'Voeg de scholen toe' } })).reviewProject;
    expect(sentBack.userErrors).toEqual([]);
    expect(sentBack.project).toMatchObject({ status: 'DRAFT', version: 3, reviewNote: 'Voeg de scholen toe' });

    const edited = (await as(coordinator, UPDATE, { input: { id: created.id, version: 3, baselineHouseholds: 12 } })).updateProject;
    expect(edited.userErrors).toEqual([]);
    const resubmitted = (await as(coordinator, SUBMIT, { input: { id: created.id, version: 4 } })).submitProject;
    expect(resubmitted.userErrors).toEqual([]);
    const approved = (await as(reviewer, REVIEW, { input: { id: created.id, version: 5, decision: 'APPROVE' } })).reviewProject;
    expect(approved.userErrors).toEqual([]);

    const history = approved.project.transitions.map((t: any) => [t.from, t.to, t.note, t.at]);
    expect(history).toEqual([
      ['DRAFT', 'SUBMITTED', 'Eerste indiening', '2025-04-01T10:00:00.000Z'],
      ['SUBMITTED', 'DRAFT', 'Voeg de scholen toe', '2025-04-01T10:00:00.000Z'],
      ['DRAFT', 'SUBMITTED', null, '2025-04-01T10:00:00.000Z'],
      ['SUBMITTED', 'APPROVED', null, '2025-04-01T10:00:00.000Z'],
    ]);
    expect(new Set(approved.project.transitions.map((t: any) => t.actorUserId)).size).toBe(2);
    expect(approved.project.transitions[1].actorLabel).toMatch(/@/);
  });

  it('cannot send back a draft or an approved project', async () => {
    const approved = await f.project(em, { period: open });
    const { reviewProject } = await server.data(REVIEW, { input: { id: approved.id, version: 1, decision: 'SEND_BACK', note: 'x' } });
    expect(reviewProject.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'INVALID_TRANSITION' })]);
  });

  it('loads the history of a page of projects in one statement (no N+1)', async () => {
    const { result, statements } = await server.app.db.statements.capture(() => server.data(`{ projects(first: 50) { nodes { id transitions { to } } } }`));
    expect((result as any).projects.nodes.length).toBeGreaterThan(3);
    // The viewer's row, the page (count + rows) and one statement for every project's transitions.
    expect(statements.filter((s) => s.includes('project_transition'))).toHaveLength(1);
    const few = await server.app.db.statements.capture(() => server.data(`{ projects(first: 2) { nodes { id transitions { to } } } }`));
    expect(statements.length).toBe(few.statements.length);
  });

  describe('the database refuses an application outside the window, whatever the code path', () => {
    const insert = (periodId: string, leadId: string, createdAt: string | null) =>
      em.getConnection().execute(
        `insert into project (id, title, lead_municipality_id, funding_period_id, baseline_households, target_households, priority, subsidy_requested_cents, co_financing_cents${createdAt ? ', created_at' : ''})
         values (?, 'Via SQL', ?, ?, 0, 10, 1, 170000, 170000${createdAt ? ', ?' : ''})`,
        [randomUUID(), leadId, periodId, ...(createdAt ? [createdAt] : [])],
      );

    it('refuses an insert dated outside the window, and one dated today (the real clock) for a past period', async () => {
      await expect(insert(past.id, (await f.municipality(em)).id, '2025-04-01T10:00:00Z')).rejects.toThrow(/outside the window/);
      await expect(insert(past.id, (await f.municipality(em)).id, null)).rejects.toThrow(/outside the window/);
      await expect(insert(past.id, (await f.municipality(em)).id, '2023-08-31T20:00:00Z')).resolves.toBeDefined(); // 22:00 in Brussels, last day
      await expect(insert(past.id, (await f.municipality(em)).id, '2023-08-31T22:30:00Z')).rejects.toThrow(/outside the window/); // 1 September in Brussels
    });

    it('refuses a move to SUBMITTED outside the window', async () => {
      const draft = await f.project(em, { period: past, status: 'DRAFT', subsidyGrantedCents: null });
      await expect(em.getConnection().execute(`update project set status = 'SUBMITTED', submitted_at = now() where id = ?`, [draft.id])).rejects.toThrow(/outside the window/);
      await expect(em.getConnection().execute(`update project set status = 'SUBMITTED', submitted_at = '2023-06-01T10:00:00Z' where id = ?`, [draft.id])).resolves.toBeDefined();
    });
  });
});
