import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userErrorsFromDatabase } from '../../graphql/user-errors.js';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer, type UserErrorShape as Err } from '../../test/harness.js';

/**
 * Frozen figures (SPEC §9 step 7, issue 13): once a project is CLOSED or its period FINAL, every
 * write that could change its figures is refused with PERIOD_CLOSED by the service, and the
 * database (migration frozen_figures, SQLSTATE SM001) refuses the same writes made any other way.
 */

const RECORD = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { attendance { id } userErrors { field message code } } }`;
const IMPORT = `mutation($input: ImportAttendancesInput!) { importAttendances(input: $input) { created updated unchanged userErrors { field message code } } }`;
const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } userErrors { field message code } } }`;
const UPDATE_EVENT = `mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { id } userErrors { field message code } } }`;
const CANCEL_EVENT = `mutation($input: CancelEventInput!) { cancelEvent(input: $input) { event { id } userErrors { field message code } } }`;
const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { household { id } userErrors { field message code } } }`;
const UPDATE_PROJECT = `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { id } userErrors { field message code } } }`;
const SUBMIT = `mutation($input: SubmitProjectInput!) { submitProject(input: $input) { project { status } userErrors { field message code } } }`;
const REVIEW = `mutation($input: ReviewProjectInput!) { reviewProject(input: $input) { project { status } userErrors { field message code } } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id } userErrors { field message code } } }`;
const CLOSE = `mutation($input: CloseFundingPeriodReportInput!) { closeFundingPeriodReport(input: $input) { fundingPeriod { reportStatus } userErrors { code } } }`;
const REALISED = `query($id: ID!) { programReport(fundingPeriodId: $id) { realised pending } }`;

const PERIOD_1 = 'Projectperiode 1 (2022–2023) is final: its figures can no longer change';

/** Runs raw SQL and answers the SQLSTATE it failed with (null when it succeeded). */
async function sqlState(em: EntityManager, sql: string, params: unknown[] = []): Promise<string | null> {
  try {
    await em.execute(sql, params, 'run');
    return null;
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
}

describe('frozen figures of the demo data: Gent’s CLOSED project in FINAL period 1', () => {
  let server: TestServer;
  let em: EntityManager;
  let gent: Record<string, string>;
  let frozen: { period_id: string; project_id: string; project_version: number; event_id: string; event_version: number; household_id: string; organizer_id: string; school_id: string };
  let open: { project_id: string; event_id: string; household_id: string };

  const as = async <T = any>(query: string, input: Record<string, unknown>) => {
    const body = await server.gql<T>(query, { input }, gent);
    expect(body.errors).toBeUndefined();
    return body.data as T;
  };
  const realised = async () => (await server.data(REALISED, { id: frozen.period_id })).programReport;
  const attendances = async () => Number((await em.execute<{ n: number }[]>('select count(*)::int as n from attendance'))[0]!.n);

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
    em = server.app.db.orm.em.fork();
    const { login } = await server.data(`mutation($input: LoginInput!) { login(input: $input) { token } }`, {
      input: { email: 'coordinator.gent@schoolmix.demo', password: 'schoolmix-demo' },
    });
    gent = { authorization: `Bearer ${login.token}` };
    // An event that counts (not cancelled, by an organisation that promotes the social mix) and a
    // household of the project that it has not reached yet: recording it would add one to "realised".
    [frozen] = await em.execute(
      `select fp.id as period_id, p.id as project_id, p.version as project_version, e.id as event_id, e.version as event_version,
              h.id as household_id, e.organizer_id, (select ps.school_id from project_school ps where ps.project_id = p.id limit 1) as school_id
         from project p
         join municipality m on m.id = p.lead_municipality_id
         join funding_period fp on fp.id = p.funding_period_id
         join event e on e.project_id = p.id and e.cancelled_at is null
         join organization o on o.id = e.organizer_id and o.promotes_social_mix
         join household h on h.project_id = p.id
        where m.nis_code = '44021' and fp.number = 1 and p.status = 'CLOSED' and fp.report_status = 'FINAL'
          and not exists (select 1 from attendance a join event e2 on e2.id = a.event_id join organization o2 on o2.id = e2.organizer_id
                           where a.household_id = h.id and a.status = 'ATTENDED' and e2.cancelled_at is null and o2.promotes_social_mix)
        order by e.starts_at, h.reference limit 1`,
    );
    [open] = await em.execute(
      `select p.id as project_id, e.id as event_id, h.id as household_id
         from project p join municipality m on m.id = p.lead_municipality_id join funding_period fp on fp.id = p.funding_period_id
         join event e on e.project_id = p.id and e.cancelled_at is null join household h on h.project_id = p.id
        where m.nis_code = '44021' and fp.number = 3 and p.status = 'APPROVED'
          and not exists (select 1 from attendance a where a.household_id = h.id and a.event_id = e.id)
        order by e.starts_at, h.reference limit 1`,
    );
    expect(frozen).toBeDefined();
    expect(open).toBeDefined();
  });

  afterAll(() => server?.close());

  it('the reproduction: recordAttendance by the Gent coordinator is refused and period 1 still realised 1.693', async () => {
    expect(await realised()).toEqual({ realised: 1693, pending: false });
    const { recordAttendance } = await as(RECORD, { householdId: frozen.household_id, eventId: frozen.event_id, status: 'ATTENDED' });
    expect(recordAttendance).toEqual({ attendance: null, userErrors: [{ field: ['input', 'eventId'], message: PERIOD_1, code: 'PERIOD_CLOSED' }] });
    expect(await realised()).toEqual({ realised: 1693, pending: false });
  });

  it('importAttendances: the frozen row is refused and, all or nothing, the good row is not written', async () => {
    const before = await attendances();
    const { importAttendances } = await as(IMPORT, {
      rows: [
        { eventId: open.event_id, householdId: open.household_id, status: 'ATTENDED' },
        { eventId: frozen.event_id, householdId: frozen.household_id, status: 'ATTENDED' },
      ],
    });
    expect(importAttendances.userErrors).toEqual([{ field: ['input', 'rows', '1', 'eventId'], message: PERIOD_1, code: 'PERIOD_CLOSED' }]);
    expect(await attendances()).toBe(before);
    expect(await realised()).toEqual({ realised: 1693, pending: false });
  });

  it('createEvent, updateEvent and cancelEvent on the frozen project are refused', async () => {
    const created = await as(CREATE_EVENT, {
      projectId: frozen.project_id, type: 'PARENT_EVENING', organizerId: frozen.organizer_id,
      startsAt: '2023-03-01T18:00:00Z', endsAt: '2023-03-01T20:00:00Z', venue: 'Buurthuis',
    });
    expect(created.createEvent).toEqual({ event: null, userErrors: [{ field: ['input', 'projectId'], message: PERIOD_1, code: 'PERIOD_CLOSED' }] });
    const updated = await as(UPDATE_EVENT, { id: frozen.event_id, version: frozen.event_version, venue: 'Elders' });
    expect(updated.updateEvent).toEqual({ event: null, userErrors: [{ field: ['input', 'id'], message: PERIOD_1, code: 'PERIOD_CLOSED' }] });
    const cancelled = await as(CANCEL_EVENT, { id: frozen.event_id, version: frozen.event_version, reason: 'Te laat' });
    expect(cancelled.cancelEvent).toEqual({ event: null, userErrors: [{ field: ['input', 'id'], message: PERIOD_1, code: 'PERIOD_CLOSED' }] });
    const [event] = await em.execute<{ venue: string; cancelled_at: string | null; version: number }[]>('select venue, cancelled_at, version from event where id = ?', [frozen.event_id]);
    expect(event).toMatchObject({ cancelled_at: null, version: frozen.event_version });
    expect(await realised()).toEqual({ realised: 1693, pending: false });
  });

  it('registerHousehold and updateProject on the frozen project are refused', async () => {
    const registered = await as(REGISTER, { projectId: frozen.project_id, reference: 'LATE-1', residenceNisCode: '44021', postcode: '9000', children: 1 });
    expect(registered.registerHousehold).toEqual({ household: null, userErrors: [{ field: ['input', 'projectId'], message: PERIOD_1, code: 'PERIOD_CLOSED' }] });
    const updated = await as(UPDATE_PROJECT, { id: frozen.project_id, version: frozen.project_version, title: 'Nieuwe titel' });
    expect(updated.updateProject).toEqual({ project: null, userErrors: [{ field: ['input', 'id'], message: PERIOD_1, code: 'PERIOD_CLOSED' }] });
  });

  it('the database refuses raw SQL on every frozen row (SQLSTATE SM001) and the error maps to PERIOD_CLOSED', async () => {
    const f1 = frozen;
    const refused: [string, unknown[]][] = [
      ['insert into attendance (id, household_id, event_id, status, recorded_at) values (gen_random_uuid(), ?, ?, \'ATTENDED\', now())', [f1.household_id, f1.event_id]],
      ['update attendance set status = \'NO_SHOW\' where event_id = ?', [f1.event_id]],
      ['delete from attendance where event_id = ?', [f1.event_id]],
      ['update event set cancelled_at = now() where id = ?', [f1.event_id]],
      ['delete from event_school where event_id = ?', [f1.event_id]],
      ['insert into event (id, type, project_id, organizer_id, starts_at, ends_at, venue, languages) values (gen_random_uuid(), \'PARENT_EVENING\', ?, ?, \'2023-03-01T18:00Z\', \'2023-03-01T20:00Z\', \'X\', \'{nl}\')', [f1.project_id, f1.organizer_id]],
      ['update household set low_educated_mother = not coalesce(low_educated_mother, false) where id = ?', [f1.household_id]],
      ['insert into household (id, project_id, reference, residence_nis_code, postcode, children) values (gen_random_uuid(), ?, \'SQL-1\', \'44021\', \'9000\', 1)', [f1.project_id]],
      ['delete from enrollment where household_id in (select id from household where project_id = ?)', [f1.project_id]],
      ['update project set target_households = target_households - 1 where id = ?', [f1.project_id]],
      ['update project set status = \'SUBMITTED\' where id = ?', [f1.project_id]],
      ['delete from project_school where project_id = ? and school_id = ?', [f1.project_id, f1.school_id]],
      ['delete from project_partner_organization where project_id = ?', [f1.project_id]],
      ['update organization set promotes_social_mix = not promotes_social_mix where id = ?', [f1.organizer_id]],
      ['update funding_period set starts_on = starts_on + 1 where id = ?', [f1.period_id]],
    ];
    for (const [sql, params] of refused) expect(await sqlState(em, sql, params), sql).toBe('SM001');

    // The service would have refused first; a code path that skips it gets the same answer.
    const error = await em.execute('update attendance set status = \'NO_SHOW\' where event_id = ?', [f1.event_id]).then(() => null, (e: unknown) => e);
    expect(userErrorsFromDatabase(error)).toEqual([{ field: ['input', 'eventId'], message: PERIOD_1, code: 'PERIOD_CLOSED' }]);
    expect(await realised()).toEqual({ realised: 1693, pending: false });
  });

  it('status changes stay possible: the period reopened and its project back to APPROVED, then closed again', async () => {
    await em.transactional(async (tx) => {
      await tx.execute('update funding_period set report_status = \'OPEN\' where id = ?', [frozen.period_id], 'run');
      await tx.execute('update project set status = \'APPROVED\' where id = ?', [frozen.project_id], 'run');
      // Reopened: a late attendance counts (the KPI triggers still maintain project_kpi) …
      await tx.execute('insert into attendance (id, household_id, event_id, status, recorded_at) values (gen_random_uuid(), ?, ?, \'ATTENDED\', now())', [frozen.household_id, frozen.event_id], 'run');
      const [kpi] = await tx.execute<{ reached: number }[]>('select sum(k.reached)::int as reached from project_kpi k join project p on p.id = k.project_id where p.funding_period_id = ?', [frozen.period_id]);
      expect(kpi!.reached).toBe(1694);
      await tx.execute('delete from attendance where household_id = ? and event_id = ?', [frozen.household_id, frozen.event_id], 'run');
      // … and closing in the other order works too.
      await tx.execute('update funding_period set report_status = \'FINAL\' where id = ?', [frozen.period_id], 'run');
      await tx.execute('update project set status = \'CLOSED\' where id = ?', [frozen.project_id], 'run');
    });
    expect(await realised()).toEqual({ realised: 1693, pending: false });
    // The rebuild of `pnpm db:recount` is not a frozen write.
    await em.transactional((tx) => tx.execute('select project_kpi_recount(array(select id from project))'));
    expect(await realised()).toEqual({ realised: 1693, pending: false });
  });

  it('writes in the open period 3 still go through', async () => {
    const { recordAttendance } = await as(RECORD, { householdId: open.household_id, eventId: open.event_id, status: 'ATTENDED' });
    expect(recordAttendance.userErrors).toEqual([]);
  });
});

describe('frozen figures: project lifecycle writes in a FINAL period', () => {
  let server: TestServer;
  let em: EntityManager;
  let ids: { draft: string; submitted: string; closed: string; organizer: string; lead: string; period: string; openPeriod: string; approved: string; approvedEvent: string; approvedHousehold: string };

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    // Period 2 has ended on the test clock (2025-04-01), so its report can be closed.
    const period = await f.period(em, { number: 2, label: 'Projectperiode 2', startsOn: '2023-10-01', endsOn: '2024-09-30' });
    const openPeriod = await f.period(em);
    const lead = await f.municipality(em);
    const organizer = await f.organization(em, lead);
    const draft = await f.project(em, { period, status: 'DRAFT', subsidyGrantedCents: null });
    const submitted = await f.project(em, { period, status: 'SUBMITTED', subsidyGrantedCents: null });
    const approved = await f.project(em, { lead, period, partners: [organizer] });
    const approvedEvent = await f.event(em, approved, organizer, { startsAt: new Date('2024-03-04T18:00:00Z') });
    const approvedHousehold = await f.household(em, approved);
    const closed = await f.project(em, { period: openPeriod, partners: [organizer] });
    await em.execute('update project set status = \'CLOSED\' where id = ?', [closed.id], 'run');
    ids = { draft: draft.id, submitted: submitted.id, closed: closed.id, organizer: organizer.id, lead: lead.id, period: period.id, openPeriod: openPeriod.id, approved: approved.id, approvedEvent: approvedEvent.id, approvedHousehold: approvedHousehold.id };
    await f.waiveFinalReports(em, period);
    const { closeFundingPeriodReport } = await server.data(CLOSE, { input: { fundingPeriodId: period.id, version: 1 } });
    expect(closeFundingPeriodReport).toEqual({ fundingPeriod: { reportStatus: 'FINAL' }, userErrors: [] });
  });

  afterAll(() => server?.close());

  const errorsOf = (body: Record<string, { userErrors: Err[] }>) => Object.values(body)[0]!.userErrors;

  it('submitProject and reviewProject in a FINAL period are refused', async () => {
    const submit = await server.data(SUBMIT, { input: { id: ids.draft, version: 1 } });
    expect(errorsOf(submit)).toEqual([{ field: ['input', 'id'], message: 'Projectperiode 2 is final: its figures can no longer change', code: 'PERIOD_CLOSED' }]);
    for (const decision of ['APPROVE', 'REJECT']) {
      const review = await server.data(REVIEW, { input: { id: ids.submitted, version: 1, decision } });
      expect(errorsOf(review)).toEqual([{ field: ['input', 'id'], message: 'Projectperiode 2 is final: its figures can no longer change', code: 'PERIOD_CLOSED' }]);
    }
    const [row] = await em.execute<{ status: string }[]>('select status from project where id = ?', [ids.submitted]);
    expect(row!.status).toBe('SUBMITTED');
  });

  it('closing the report closed the approved project, and its attendance is refused from then on', async () => {
    const [row] = await em.execute<{ status: string }[]>('select status from project where id = ?', [ids.approved]);
    expect(row!.status).toBe('CLOSED');
    const { recordAttendance } = await server.data(RECORD, { input: { householdId: ids.approvedHousehold, eventId: ids.approvedEvent, status: 'ATTENDED' } });
    expect(recordAttendance.userErrors).toEqual([{ field: ['input', 'eventId'], message: 'Projectperiode 2 is final: its figures can no longer change', code: 'PERIOD_CLOSED' }]);
    const error = await em
      .execute('insert into household (id, project_id, reference, residence_nis_code, postcode, children) values (gen_random_uuid(), ?, \'SQL-2\', \'44021\', \'9000\', 1)', [ids.approved])
      .then(() => null, (e: unknown) => e);
    expect(userErrorsFromDatabase(error)).toEqual([{ field: ['input', 'projectId'], message: 'Projectperiode 2 is final: its figures can no longer change', code: 'PERIOD_CLOSED' }]);
  });

  it('createProject into a FINAL period is refused with PERIOD_CLOSED', async () => {
    const body = await server.data(CREATE_PROJECT, {
      input: { title: 'Te laat', leadMunicipalityId: ids.lead, fundingPeriodId: ids.period, baselineHouseholds: 0, targetHouseholds: 10, priority: 1 },
    });
    expect(errorsOf(body)).toContainEqual({ field: ['input', 'fundingPeriodId'], message: 'Projectperiode 2 is final: no project can be added to it', code: 'PERIOD_CLOSED' });
  });

  it('a CLOSED project in an open period is frozen too: submit, update and new events are refused', async () => {
    const closedMessage = expect.stringMatching(/^Project ".*" is closed: its figures can no longer change$/);
    const submit = await server.data(SUBMIT, { input: { id: ids.closed, version: 1 } });
    expect(errorsOf(submit)).toEqual([{ field: ['input', 'id'], message: closedMessage, code: 'PERIOD_CLOSED' }]);
    const update = await server.data(UPDATE_PROJECT, { input: { id: ids.closed, version: 1, title: 'Anders' } });
    expect(errorsOf(update)).toEqual([{ field: ['input', 'id'], message: closedMessage, code: 'PERIOD_CLOSED' }]);
    const event = await server.data(CREATE_EVENT, {
      input: { projectId: ids.closed, type: 'SCHOOL_VISIT', organizerId: ids.organizer, startsAt: '2025-02-01T09:00:00Z', endsAt: '2025-02-01T11:00:00Z', venue: 'School' },
    });
    expect(errorsOf(event)).toEqual([{ field: ['input', 'projectId'], message: closedMessage, code: 'PERIOD_CLOSED' }]);
  });

  it('the database refuses a project inserted into a FINAL period or as CLOSED, and a frozen project deleted', async () => {
    const newcomer = await f.municipality(em);
    const insert = (status: string, period: string) =>
      sqlState(
        em,
        // created_at inside the period's application window, so only the frozen-figures rule can refuse it.
        `insert into project (id, title, lead_municipality_id, funding_period_id, status, baseline_households, target_households, priority, subsidy_requested_cents, co_financing_cents, created_at)
         values (gen_random_uuid(), 'SQL', ?, ?, ?, 0, 10, 1, 170000, 170000, (select applications_open_on + time '12:00' from funding_period where id = ?))`,
        [newcomer.id, period, status, period],
      );
    expect(await insert('DRAFT', ids.period)).toBe('SM001');
    expect(await insert('CLOSED', ids.openPeriod)).toBe('SM001');
    expect(await insert('DRAFT', ids.openPeriod)).toBeNull();
    expect(await sqlState(em, 'delete from project where id = ?', [ids.draft])).toBe('SM001');
    // Deleting the FINAL period itself is refused too (here already by its projects' foreign key).
    expect(await sqlState(em, 'delete from funding_period where id = ?', [ids.period])).not.toBeNull();
  });
});
