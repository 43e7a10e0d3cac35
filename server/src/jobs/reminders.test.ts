import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startTestServer, type TestServer } from '../test/harness.js';
import * as f from '../test/factories.js';
import { startSmtpServer, type ReceivedMail } from '../test/smtp.js';
import { createMailer } from './mailer.js';
import { JobRunner } from './runner.js';
import { REMINDER_JOB, reminderDue, reminderEveryMs, reminderJob } from './reminders.js';

/**
 * The reminder job end to end: a real SMTP server in-process receives what the job sends;
 * the clock is moved day by day around period 3's final-report deadline (31/10/2025).
 */
describe('final-report reminders', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let clock = new Date('2025-09-30T07:00:00Z');
  const ids = { a: '', b: '', c: '', muniA: '', muniC: '', period: '' };
  const emails = { a1: '', a2: '', c1: '' };
  let reviewer = '';

  const PUBLIC_URL = 'https://schoolmix.example';
  const emailOf = async (token: string) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { label } }' }),
    });
    return ((await res.json()) as { data: { viewer: { label: string } } }).data.viewer.label;
  };
  /** A fresh session token for a user made earlier (tokens age with the moving clock). */
  const as = async (email: string) => {
    const [user] = await f.em(server).execute<{ id: string; token_version: number }[]>(`select id, token_version from app_user where email = ?`, [email]);
    return { authorization: `Bearer ${(await server.app.signer.sign({ userId: user!.id, tokenVersion: user!.token_version }, clock)).token}` };
  };
  /** Moves the clock to a Brussels morning, runs the job once, returns the mails it sent. */
  async function runOn(day: string): Promise<ReceivedMail[]> {
    clock = new Date(`${day}T07:00:00Z`);
    const before = smtp.received.length;
    const result = await server.app.jobs.runOnce(REMINDER_JOB);
    expect(result.ran).toBe(true);
    return smtp.received.slice(before);
  }
  const to = (mails: ReceivedMail[]) => mails.flatMap((m) => m.to).sort();

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ overrides: { now: () => clock, smtpUrl: smtp.url, publicUrl: PUBLIC_URL, mailFrom: 'Schoolmix <noreply@schoolmix.example>' } });
    const em = f.em(server);
    const period = await f.period(em);
    const muniA = await f.municipality(em);
    const muniB = await f.municipality(em);
    const muniC = await f.municipality(em);
    const a = await f.project(em, { lead: muniA, period, title: 'Samen naar school A' });
    const b = await f.project(em, { lead: muniB, period, title: 'Ontwerp B', status: 'DRAFT' });
    const c = await f.project(em, { lead: muniC, period, title: 'Buurtscholen C' });
    Object.assign(ids, { a: a.id, b: b.id, c: c.id, muniA: muniA.id, muniC: muniC.id, period: period.id });
    emails.a1 = await emailOf(await server.tokenFor('COORDINATOR', muniA.id));
    emails.a2 = await emailOf(await server.tokenFor('COORDINATOR', muniA.id));
    await server.tokenFor('COORDINATOR', muniB.id);
    emails.c1 = await emailOf(await server.tokenFor('COORDINATOR', muniC.id));
    // Neither a reviewer nor an integrator of the municipality receives reminders.
    reviewer = await emailOf(await server.tokenFor('REVIEWER'));
    await server.tokenFor('INTEGRATOR', muniA.id);
  });

  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('schedules 30, 7 and 1 day before and weekly after the deadline', () => {
    expect(reminderDue('2025-10-31', '2025-09-30')).toBeNull();
    expect(reminderDue('2025-10-31', '2025-10-01')).toEqual({ kind: 'DUE_IN_30', remindOn: '2025-10-01' });
    expect(reminderDue('2025-10-31', '2025-10-23')).toEqual({ kind: 'DUE_IN_30', remindOn: '2025-10-01' });
    expect(reminderDue('2025-10-31', '2025-10-24')).toEqual({ kind: 'DUE_IN_7', remindOn: '2025-10-24' });
    expect(reminderDue('2025-10-31', '2025-10-30')).toEqual({ kind: 'DUE_IN_1', remindOn: '2025-10-30' });
    expect(reminderDue('2025-10-31', '2025-10-31')).toEqual({ kind: 'DUE_IN_1', remindOn: '2025-10-30' });
    expect(reminderDue('2025-10-31', '2025-11-01')).toEqual({ kind: 'OVERDUE', remindOn: '2025-11-01' });
    expect(reminderDue('2025-10-31', '2025-11-07')).toEqual({ kind: 'OVERDUE', remindOn: '2025-11-01' });
    expect(reminderDue('2025-10-31', '2025-11-08')).toEqual({ kind: 'OVERDUE', remindOn: '2025-11-08' });
  });

  it('sends each reminder once, to the coordinators of the lead municipality, by e-mail in Dutch with the link', async () => {
    expect(await runOn('2025-09-30')).toEqual([]);

    const thirty = await runOn('2025-10-01');
    expect(to(thirty)).toEqual([emails.a1, emails.a2, emails.c1].sort());
    const toA = thirty.find((m) => m.to.includes(emails.a1))!;
    expect(toA.from).toBe('noreply@schoolmix.example');
    expect(toA.subject).toBe('Herinnering: eindrapportage Samen naar school A uiterlijk op 31/10/2025');
    expect(toA.text).toContain('Beste coördinator,');
    expect(toA.text).toContain('De eindrapportage van het project "Samen naar school A"');
    expect(toA.text).toContain('moet uiterlijk op 31/10/2025 ingediend zijn (nog 30 dagen).');
    expect(toA.text).toContain(`Dien de eindrapportage in via: ${PUBLIC_URL}/projecten/${ids.a}`);

    // The same day again, and days later before the next point: nothing new.
    expect(await runOn('2025-10-01')).toEqual([]);
    expect(await runOn('2025-10-15')).toEqual([]);
  });

  it('an extension moves the schedule of its municipality only', async () => {
    const granted = await server.gql(
      `mutation($input: GrantDeadlineExtensionInput!) { grantDeadlineExtension(input: $input) { deadlineExtension { dueOn } userErrors { field code } } }`,
      { input: { municipalityId: ids.muniC, fundingPeriodId: ids.period, dueOn: '2025-12-15', reason: 'Coördinator langdurig afwezig' } },
      await as(reviewer),
    );
    expect(granted.data?.grantDeadlineExtension).toEqual({ deadlineExtension: { dueOn: '2025-12-15' }, userErrors: [] });

    const seven = await runOn('2025-10-24');
    expect(to(seven)).toEqual([emails.a1, emails.a2].sort());
    expect(seven[0]!.text).toContain('(nog 7 dagen)');
  });

  it('two runners at the same moment send each reminder once', async () => {
    clock = new Date('2025-10-30T07:00:00Z');
    const before = smtp.received.length;
    const other = new JobRunner(
      server.app.db,
      [reminderJob({ mailer: createMailer({ smtpUrl: smtp.url, mailFrom: 'Schoolmix <noreply@schoolmix.example>' }, server.app.logger), publicUrl: PUBLIC_URL, logger: server.app.logger, everyMs: 0 })],
      () => clock,
      server.app.logger,
    );
    const results = await Promise.all([server.app.jobs.runOnce(REMINDER_JOB), other.runOnce(REMINDER_JOB), server.app.jobs.runOnce(REMINDER_JOB)]);
    expect(results.some((r) => r.ran)).toBe(true);
    const mails = smtp.received.slice(before);
    expect(to(mails)).toEqual([emails.a1, emails.a2].sort());
    expect(mails[0]!.text).toContain('(nog 1 dag).');
    // Restarted (a new runner, nothing in memory): still nothing twice.
    expect(await runOn('2025-10-31')).toEqual([]);
  });

  it('weekly while overdue', async () => {
    const late = await runOn('2025-11-01');
    expect(to(late)).toEqual([emails.a1, emails.a2].sort());
    expect(late[0]!.subject).toBe('Eindrapportage te laat: Samen naar school A (verwacht op 31/10/2025)');
    expect(late[0]!.text).toContain('moest uiterlijk op 31/10/2025 ingediend zijn en is nog niet ontvangen (1 dag te laat).');
    expect(await runOn('2025-11-07')).toEqual([]);
    const week = await runOn('2025-11-08');
    expect(to(week)).toEqual([emails.a1, emails.a2].sort());
    expect(week[0]!.text).toContain('(8 dagen te laat)');
    // The extended municipality: its 30-day reminder comes 30 days before 15/12/2025, naming the extension.
    const extended = await runOn('2025-11-15');
    expect(to(extended)).toEqual([emails.a1, emails.a2, emails.c1].sort());
    const toC = extended.find((m) => m.to.includes(emails.c1))!;
    expect(toC.subject).toBe('Herinnering: eindrapportage Buurtscholen C uiterlijk op 15/12/2025');
    expect(toC.text).toContain('Deze datum is de verlenging die aan uw gemeente werd toegekend.');
  });

  it('a submitted final report stops the reminders; sent back for changes, they start again', async () => {
    const em = f.em(server);
    await em.execute(
      `insert into final_report (id, project_id, status, snapshot, submitted_at) values (gen_random_uuid(), ?, 'SUBMITTED', '{}'::jsonb, now())`,
      [ids.a],
    );
    expect(to(await runOn('2025-11-22'))).toEqual([]);
    await em.execute(`update final_report set status = 'CHANGES_REQUESTED', review_note = 'Cijfers per school ontbreken' where project_id = ?`, [ids.a]);
    expect(to(await runOn('2025-11-29'))).toEqual([emails.a1, emails.a2].sort());
    // Accepted (the project closes): no more reminders.
    await em.execute(`update final_report set status = 'ACCEPTED' where project_id = ?`, [ids.a]);
    await em.execute(`update project set status = 'CLOSED' where id = ?`, [ids.a]);
    expect(to(await runOn('2025-12-06'))).toEqual([]);
  });

  it('lists them in-app for the signed-in user, who marks them read', async () => {
    const list = await server.gql(
      `{ viewer { unreadNotifications } notifications(first: 10) { totalCount nodes { id kind subject link dueOn readAt delivery project { id } } } }`,
      {},
      await as(emails.a1),
    );
    expect(list.errors).toBeUndefined();
    const nodes = list.data!.notifications.nodes as { id: string; kind: string; link: string; delivery: string; project: { id: string } }[];
    // 30, 7 and 1 day before, overdue on 01/11, 08/11 and 15/11, submitted before 22/11, sent back: 29/11.
    expect(list.data!.viewer.unreadNotifications).toBe(7);
    expect(list.data!.notifications.totalCount).toBe(7);
    expect(nodes.map((n) => n.kind)).toEqual(['OVERDUE', 'OVERDUE', 'OVERDUE', 'OVERDUE', 'DUE_IN_1', 'DUE_IN_7', 'DUE_IN_30']);
    expect(nodes.every((n) => n.link === `/projecten/${ids.a}` && n.delivery === 'SENT' && n.project.id === ids.a)).toBe(true);

    // Someone else's ids are ignored.
    const other = await server.gql(`mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { markedCount unreadCount userErrors { code } } }`, { input: { ids: [nodes[0]!.id] } }, await as(reviewer));
    expect(other.data!.markNotificationsRead).toEqual({ markedCount: 0, unreadCount: 0, userErrors: [] });

    const marked = await server.gql(
      `mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { markedCount unreadCount userErrors { code } } }`,
      { input: { ids: [nodes[0]!.id, nodes[1]!.id] } },
      await as(emails.a1),
    );
    expect(marked.data!.markNotificationsRead).toEqual({ markedCount: 2, unreadCount: 5, userErrors: [] });
    const unread = await server.gql(`{ notifications(first: 10, unreadOnly: true) { totalCount nodes { kind readAt } } }`, {}, await as(emails.a1));
    expect(unread.data!.notifications.totalCount).toBe(5);
    expect((unread.data!.notifications.nodes as { kind: string }[]).map((n) => n.kind)).toEqual(['OVERDUE', 'OVERDUE', 'DUE_IN_1', 'DUE_IN_7', 'DUE_IN_30']);
  });
});

describe('reminders without SMTP_URL', () => {
  it('go to the log and the in-app list only', async () => {
    const lines: string[] = [];
    const server = await startTestServer({
      overrides: { now: () => new Date('2025-10-24T07:00:00Z') },
      env: { LOG_LEVEL: 'info' },
      logDestination: { write: (line: string) => void lines.push(line) },
    });
    try {
      const em = f.em(server);
      const m = await f.municipality(em);
      const pr = await f.project(em, { lead: m, title: 'Zonder post' });
      const token = await server.tokenFor('COORDINATOR', m.id);
      const result = await server.app.jobs.runOnce(REMINDER_JOB);
      expect(result).toMatchObject({ ran: true, facts: { planned: 1, sent: 1 } });
      const logged = lines.map((l) => JSON.parse(l) as { msg: string; mail?: { subject: string; text: string } }).filter((l) => l.mail);
      expect(logged).toHaveLength(1);
      expect(logged[0]!.msg).toBe('e-mail not sent (no SMTP_URL): logged instead');
      expect(logged[0]!.mail!.subject).toBe('Herinnering: eindrapportage Zonder post uiterlijk op 31/10/2025');
      expect(logged[0]!.mail!.text).toContain(`http://localhost:4000/projecten/${pr.id}`);
      const list = await server.gql(`{ notifications(first: 5) { nodes { kind delivery } } }`, {}, { authorization: `Bearer ${token}` });
      expect(list.data!.notifications.nodes).toEqual([{ kind: 'DUE_IN_7', delivery: 'LOGGED' }]);
    } finally {
      await server.close();
    }
  });
});

describe('the jobs and mail configuration', () => {
  it('JOBS is off under NODE_ENV=test unless asked, on elsewhere; SMTP_URL and PUBLIC_URL are checked', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).jobs).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', JOBS: 'on' }).jobs).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', PORT: '4100' })).toMatchObject({ jobs: true, smtpUrl: null, publicUrl: 'http://localhost:4100' });
    expect(loadConfig({ JOBS: 'off', PUBLIC_URL: 'https://schoolmix.example/', SMTP_URL: 'smtps://u:p@mail.example:465' })).toMatchObject({
      jobs: false,
      publicUrl: 'https://schoolmix.example',
      smtpUrl: 'smtps://u:p@mail.example:465',
    });
    expect(() => loadConfig({ JOBS: 'sometimes', SMTP_URL: 'http://u:secret@mail.example', PUBLIC_URL: 'schoolmix.example' })).toThrow(
      /JOBS must be on or off[\s\S]*SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL \(got "http:\/\/u:\*\*\*@mail.example"\)[\s\S]*PUBLIC_URL must be an http/,
    );
  });

  it('runs the reminder job hourly at the default look, and within seconds when JOB_INTERVAL_MS is short', () => {
    expect(reminderEveryMs(loadConfig({ NODE_ENV: 'development' }).jobIntervalMs)).toBe(60 * 60_000);
    expect(reminderEveryMs(loadConfig({ NODE_ENV: 'development', JOB_INTERVAL_MS: '1500' }).jobIntervalMs)).toBe(6_000);
    expect(reminderEveryMs(2 * 60 * 60_000)).toBe(60 * 60_000);
  });
});
