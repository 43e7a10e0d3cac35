import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/harness.js';
import { User } from '../auth/auth.entity.js';
import type { Event } from '../event/event.entity.js';
import type { Household } from '../household/household.entity.js';
import type { Municipality } from '../municipality/municipality.entity.js';
import type { Organization } from '../organization/organization.entity.js';
import type { Project } from '../project/project.entity.js';

/**
 * The audit trail over real HTTP and a real database: every write leaves its rows, with who,
 * the request id, the mutation and before/after, in the transaction of the write; nothing of a
 * rolled-back mutation; no secret and no family value; append-only in the database.
 */

const EVENTS = `query($filter: AuditEventFilter, $first: Int) {
  auditEvents(filter: $filter, first: $first) {
    totalCount
    nodes { id occurredAt actorKind actorId actorLabel requestId operation entity entityId action municipalityId fundingPeriodId changes { field before after withheld } }
  }
}`;

type Change = { field: string; before: string | null; after: string | null; withheld: boolean };
type Row = {
  id: string;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  requestId: string | null;
  operation: string | null;
  entity: string;
  entityId: string;
  action: string;
  municipalityId: string | null;
  fundingPeriodId: string | null;
  changes: Change[];
};

const changeOf = (row: Row, field: string) => row.changes.find((c) => c.field === field);

describe('audit trail', () => {
  let server: TestServer;
  let em: EntityManager;
  let adminId: string;
  let lead: Municipality;
  let lop: Organization;
  let project: Project;
  let event: Event;
  let households: Household[];

  beforeAll(async () => {
    server = await startTestServer({ overrides: { now: () => TEST_NOW } });
    em = f.em(server);
    adminId = (await em.findOneOrFail(User, { role: 'ADMIN' })).id;
    lead = await f.municipality(em, { nisCode: '44021', name: 'Gent' }); // a real NIS code: residence codes are checked
    lop = await f.organization(em, lead);
    project = await f.project(em, { lead, targetHouseholds: 10, partners: [lop], status: 'DRAFT', subsidyGrantedCents: null, subsidyRequestedCents: 170_000 });
    event = await f.event(em, project, lop);
    households = [];
    for (let i = 1; i <= 5; i++) households.push(await f.household(em, project, { reference: `A${i}` }));
  });

  afterAll(() => server?.close());

  async function audit(filter: Record<string, unknown>, token = server.adminToken): Promise<{ totalCount: number; nodes: Row[] }> {
    const res = await server.gql(EVENTS, { filter, first: 100 }, { authorization: `Bearer ${token}` });
    expect(res.errors).toBeUndefined();
    return res.data!.auditEvents;
  }

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await em.fork().getConnection().execute<{ n: number }[]>(`select count(*)::int as n from audit_event where ${sql}`, params);
    return row!.n;
  }

  it('recordAttendance: one ATTENDANCE insert with the admin, the X-Request-Id, the mutation and the new values', async () => {
    const res = await server.gql(
      `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { attendance { id } userErrors { code } } }`,
      { input: { eventId: event.id, householdId: households[0]!.id } },
      { 'x-request-id': 'audit-test-record-1' },
    );
    const attendanceId = res.data!.recordAttendance.attendance.id;
    const { nodes } = await audit({ entityId: attendanceId });
    expect(nodes).toHaveLength(1);
    const [row] = nodes as [Row];
    expect(row).toMatchObject({
      actorKind: 'USER',
      actorId: adminId,
      actorLabel: 'admin-1@test.schoolmix',
      requestId: 'audit-test-record-1',
      operation: 'recordAttendance',
      entity: 'ATTENDANCE',
      action: 'INSERT',
      municipalityId: lead.id,
      fundingPeriodId: project.fundingPeriod.id,
    });
    expect(changeOf(row, 'status')).toEqual({ field: 'status', before: null, after: '"ATTENDED"', withheld: false });
    expect(changeOf(row, 'eventId')?.after).toBe(JSON.stringify(event.id));
    // Recording the same attendance again changes nothing, so nothing is recorded.
    await server.gql(`mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { userErrors { code } } }`, {
      input: { eventId: event.id, householdId: households[0]!.id },
    });
    expect((await audit({ entityId: attendanceId })).totalCount).toBe(1);
  });

  it('createEvent: one EVENT insert and the list of its schools', async () => {
    const school = await f.school(em, lead);
    await em.fork().getConnection().execute('insert into project_school (project_id, school_id) values (?, ?)', [project.id, school.id]);
    const res = await server.gql(
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } userErrors { field code } } }`,
      {
        input: {
          projectId: project.id,
          organizerId: lop.id,
          type: 'SCHOOL_VISIT',
          startsAt: '2025-03-03T08:00:00Z',
          endsAt: '2025-03-03T10:00:00Z',
          venue: 'De Linde',
          schoolIds: [school.id],
        },
      },
      { 'x-request-id': 'audit-test-create-event' },
    );
    expect(res.data!.createEvent.userErrors).toEqual([]);
    const eventId = res.data!.createEvent.event.id;
    const { nodes } = await audit({ entityId: eventId });
    expect(nodes.map((n) => [n.entity, n.action, n.operation, n.requestId])).toEqual(
      expect.arrayContaining([
        ['EVENT', 'INSERT', 'createEvent', 'audit-test-create-event'],
        ['EVENT', 'UPDATE', 'createEvent', 'audit-test-create-event'],
      ]),
    );
    const insert = nodes.find((n) => n.action === 'INSERT')!;
    expect(changeOf(insert, 'venue')?.after).toBe('"De Linde"');
    expect(changeOf(insert, 'type')?.after).toBe('"SCHOOL_VISIT"');
    const schools = nodes.find((n) => n.action === 'UPDATE')!;
    expect(changeOf(schools, 'schoolIds')).toMatchObject({ before: '[]', after: JSON.stringify([school.id]) });
  });

  it('updateProject: the changed fields only, before and after; reviewProject: the decision', async () => {
    const { project: p } = await server.data(`query($id: ID!) { project(id: $id) { version } }`, { id: project.id });
    const upd = await server.gql(
      `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { version } userErrors { code } } }`,
      { input: { id: project.id, version: p.version, targetHouseholds: 12, subsidyRequested: 2040, title: 'Nieuwe titel' } },
      { 'x-request-id': 'audit-test-update-project' },
    );
    expect(upd.data!.updateProject.userErrors).toEqual([]);
    const updated = (await audit({ entityId: project.id, operation: 'updateProject' })).nodes;
    expect(updated).toHaveLength(1);
    const row = updated[0]!;
    expect(row).toMatchObject({ action: 'UPDATE', entity: 'PROJECT', requestId: 'audit-test-update-project', municipalityId: lead.id });
    expect(row.changes.map((c) => c.field).sort()).toEqual(['subsidyRequestedCents', 'targetHouseholds', 'title']);
    expect(changeOf(row, 'subsidyRequestedCents')).toMatchObject({ before: '170000', after: '204000' });
    expect(changeOf(row, 'targetHouseholds')).toMatchObject({ before: '10', after: '12' });
    expect(changeOf(row, 'title')?.after).toBe('"Nieuwe titel"');

    const submit = await server.data(`mutation($input: SubmitProjectInput!) { submitProject(input: $input) { project { version } userErrors { code } } }`, {
      input: { id: project.id, version: upd.data!.updateProject.project.version },
    });
    expect(submit.submitProject.userErrors).toEqual([]);
    const review = await server.gql(
      `mutation($input: ReviewProjectInput!) { reviewProject(input: $input) { project { status } userErrors { code field } } }`,
      { input: { id: project.id, version: submit.submitProject.project.version, decision: 'APPROVE', subsidyGranted: 1000, note: 'Goed plan' } },
    );
    expect(review.data!.reviewProject.userErrors).toEqual([]);
    const reviewed = (await audit({ entityId: project.id, operation: 'reviewProject' })).nodes;
    expect(reviewed).toHaveLength(1);
    expect(changeOf(reviewed[0]!, 'status')).toMatchObject({ before: '"SUBMITTED"', after: '"APPROVED"' });
    expect(changeOf(reviewed[0]!, 'subsidyGrantedCents')).toMatchObject({ before: null, after: '100000' });
    expect(changeOf(reviewed[0]!, 'reviewNote')?.after).toBe('"Goed plan"');
  });

  it('a mutation answered with userErrors leaves no audit row', async () => {
    const before = await count('true');
    const res = await server.gql(
      `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { userErrors { code } } }`,
      { input: { id: project.id, version: 999, title: 'Verloren' } },
      { 'x-request-id': 'audit-test-rolled-back' },
    );
    expect(res.data!.updateProject.userErrors.length).toBeGreaterThan(0);
    expect(await count('true')).toBe(before);
    expect(await count('request_id = ?', ['audit-test-rolled-back'])).toBe(0);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of audit_event', async () => {
    const conn = () => em.fork().getConnection();
    const n = await count('true');
    await expect(conn().execute(`update audit_event set actor_label = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(conn().execute(`delete from audit_event`)).rejects.toThrow(/append-only/);
    await expect(conn().execute(`truncate audit_event`)).rejects.toThrow(/append-only/);
    expect(await count('true')).toBe(n);
  });

  it('manual SQL is recorded as SYSTEM with the database role', async () => {
    await em.fork().getConnection().execute(`update organization set name = 'Hernoemd LOP' where id = ?`, [lop.id]);
    const { nodes } = await audit({ entityId: lop.id, entity: 'ORGANIZATION' });
    const row = nodes.find((n) => changeOf(n, 'name')?.after === '"Hernoemd LOP"')!;
    expect(row).toMatchObject({ actorKind: 'SYSTEM', actorId: null, operation: null, requestId: null, municipalityId: lead.id });
    expect(row.actorLabel).toMatch(/\w+/);
  });

  it('households: which fields changed, never a value', async () => {
    const res = await server.data(
      `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { household { id } userErrors { code } } }`,
      { input: { projectId: project.id, reference: 'FAM-7', residenceNisCode: '44021', postcode: '9000', children: 3, consent: true, lowEducatedMother: true } },
    );
    const id = res.registerHousehold.household.id;
    const { nodes } = await audit({ entityId: id });
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({ entity: 'HOUSEHOLD', action: 'INSERT', operation: 'registerHousehold', municipalityId: lead.id });
    expect(nodes[0]!.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['reference', 'postcode', 'children', 'lowEducatedMother', 'consentAt']));
    for (const c of nodes[0]!.changes) expect(c).toMatchObject({ before: null, after: null, withheld: true });
    const [raw] = await em.fork().getConnection().execute<{ changes: string }[]>(`select changes::text as changes from audit_event where entity_id = ?`, [id]);
    expect(raw!.changes).not.toMatch(/FAM-7|9000|44021/);
    expect(raw!.changes).not.toMatch(/true|false|\d/);
  });

  it('a password change and a new API key record no secret or hash', async () => {
    const user = await server.data(
      `mutation { createUser(input: { email: "nieuw@test.schoolmix", password: "Een-lang-wachtwoord-1", role: REVIEWER }) { user { id version } userErrors { code } } }`,
    );
    const userId = user.createUser.user.id;
    await server.data(`mutation($input: UpdateUserInput!) { updateUser(input: $input) { userErrors { code } } }`, {
      input: { id: userId, version: user.createUser.user.version, password: 'Nog-een-lang-wachtwoord-2' },
    });
    const key = await server.data(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } userErrors { code } } }`, {
      input: { name: 'Boekhouding', municipalityId: lead.id },
    });
    const secret: string = key.createApiKey.secret;
    const keyRows = (await audit({ entityId: key.createApiKey.apiKey.id })).nodes;
    expect(keyRows).toHaveLength(1);
    expect(changeOf(keyRows[0]!, 'name')?.after).toBe('"Boekhouding"');
    const [raw] = await em
      .fork()
      .getConnection()
      .execute<{ all: string }[]>(`select string_agg(changes::text, ' ') as all from audit_event where entity_id in (?, ?)`, [userId, key.createApiKey.apiKey.id]);
    expect(raw!.all).not.toMatch(/password|secret|scrypt|Een-lang|Nog-een/i);
    // The secret part follows the key's prefix (base64url, so it may hold "_" itself).
    const prefix = /"prefix": \{"after": "([a-z0-9]+)"/.exec(raw!.all)![1]!;
    expect(raw!.all).not.toContain(secret.slice(secret.indexOf(prefix) + prefix.length + 1));
    const userRows = (await audit({ entityId: userId })).nodes;
    expect(userRows.map((r) => r.operation).sort()).toEqual(['createUser', 'updateUser']);
  });

  it('importAttendances of N rows writes N attendance rows, in the import’s one transaction', async () => {
    const rows = households.slice(1).map((h) => ({ eventId: event.id, householdId: h.id, status: 'ATTENDED' }));
    const res = await server.gql(
      `mutation($input: ImportAttendancesInput!) { importAttendances(input: $input) { created userErrors { code } } }`,
      { input: { rows } },
      { 'x-request-id': 'audit-test-import' },
    );
    expect(res.data!.importAttendances.created).toBe(rows.length);
    const { nodes } = await audit({ operation: 'importAttendances', entity: 'ATTENDANCE' });
    expect(nodes).toHaveLength(rows.length);
    expect(new Set(nodes.map((n) => n.requestId))).toEqual(new Set(['audit-test-import']));
    // A bad row rolls the whole import back: no audit row of it either.
    const bad = await server.gql(
      `mutation($input: ImportAttendancesInput!) { importAttendances(input: $input) { created userErrors { code } } }`,
      { input: { rows: [...rows.map((r) => ({ ...r, status: 'NO_SHOW' })), { eventId: event.id, householdReference: 'GEEN' }] } },
      { 'x-request-id': 'audit-test-import-bad' },
    );
    expect(bad.data!.importAttendances.userErrors.length).toBeGreaterThan(0);
    expect(await count('request_id = ?', ['audit-test-import-bad'])).toBe(0);
  });

  it('an Idempotency-Key mutation is recorded once, with its actor and operation, and a replay adds nothing', async () => {
    const input = { eventId: event.id, householdId: households[1]!.id, status: 'NO_SHOW' };
    const send = () =>
      server.gql(`mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { attendance { id } userErrors { code } } }`, { input }, {
        'idempotency-key': 'audit-key-1',
        'x-request-id': 'audit-test-keyed',
      });
    await send();
    await send();
    const rows = await count(`request_id = 'audit-test-keyed'`);
    expect(rows).toBe(1);
    const [row] = await em.fork().getConnection().execute<{ operation: string; actor_id: string }[]>(`select operation, actor_id from audit_event where request_id = 'audit-test-keyed'`);
    expect(row).toEqual({ operation: 'recordAttendance', actor_id: adminId });
  });

  it('coordinators see their own municipality’s rows only; analysts and integrators may not look', async () => {
    const other = await f.municipality(em);
    const otherOrg = await f.organization(em, other);
    const [mine, theirs] = [await server.tokenFor('COORDINATOR', lead.id), await server.tokenFor('COORDINATOR', other.id)];
    await server.gql(`mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { userErrors { code } } }`, {
      input: { eventId: event.id, householdId: households[4]!.id, status: 'REGISTERED' },
    });
    const seen = await audit({}, mine);
    expect(seen.totalCount).toBeGreaterThan(0);
    // Its own user account was written in its municipality, but user accounts are not for coordinators to see.
    expect(await count(`entity = 'USER' and municipality_id = ?`, [lead.id])).toBeGreaterThan(0);
    expect(seen.nodes.some((n) => n.entity === 'USER')).toBe(false);
    expect(new Set(seen.nodes.map((n) => n.municipalityId))).toEqual(new Set([lead.id]));
    const theirView = await audit({}, theirs);
    expect(theirView.nodes.some((n) => n.municipalityId === lead.id)).toBe(false);
    await em.fork().getConnection().execute(`update organization set name = 'Ander LOP' where id = ?`, [otherOrg.id]);
    expect((await audit({ entityId: otherOrg.id }, theirs)).totalCount).toBe(2);
    const refused = await server.gql(EVENTS, { filter: { municipalityId: lead.id } }, { authorization: `Bearer ${theirs}` });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const role of ['ANALYST', 'INTEGRATOR'] as const) {
      const res = await server.gql(EVENTS, {}, { authorization: `Bearer ${await server.tokenFor(role, lead.id)}` });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const reviewer = await audit({ entityId: project.id }, await server.tokenFor('REVIEWER'));
    expect(reviewer.totalCount).toBeGreaterThan(0);
  });

  it('filters by period and time, newest first', async () => {
    const all = await audit({ fundingPeriodId: project.fundingPeriod.id });
    expect(all.totalCount).toBeGreaterThan(5);
    expect(all.nodes.every((n) => n.fundingPeriodId === project.fundingPeriod.id)).toBe(true);
    const times = all.nodes.map((n: any) => Date.parse(n.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((await audit({ from: '2100-01-01T00:00:00Z' })).totalCount).toBe(0);
    expect((await audit({ to: '2000-01-01T00:00:00Z' })).totalCount).toBe(0);
  });

  it('GET /export/audit.csv: the rows as CSV with the same filters and access', async () => {
    const download = async (path: string, token: string) => {
      const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, text: await response.text() };
    };
    const { status, text } = await download(`/export/audit.csv?entityId=${project.id}`, server.adminToken);
    expect(status).toBe(200);
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('occurred_at;actor_kind;actor_id;actor_label;request_id;operation;entity;entity_id;action;municipality_id;funding_period_id;changes');
    const { totalCount } = await audit({ entityId: project.id });
    expect(lines).toHaveLength(totalCount + 1);
    expect(text).toContain('reviewProject');
    expect(text).toContain('targetHouseholds: 10 → 12');
    const analyst = await download('/export/audit.csv', await server.tokenFor('ANALYST'));
    expect(analyst.status).toBe(403);
    const badId = await download('/export/audit.csv?entityId=nope', server.adminToken);
    expect(badId.status).toBe(400);
  });
});
