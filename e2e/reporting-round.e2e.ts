import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReceivedMail, startSmtpServer } from '../server/src/test/smtp.js';
import { expectAccessible, gql, pdfText, screenshot, useRig } from './support.js';

/** nl-BE euros as the SPA writes them (€ 47.770,00), with an ordinary space. */
const euro = (cents: number) => new Intl.NumberFormat('nl-BE', { style: 'currency', currency: 'EUR' }).format(cents / 100).replace(/\s/g, ' ');
/** Euro amounts of the API (a decimal number of euros) as integer cents. */
const cents = (euros: number) => Math.round(euros * 100);
/** Today in Brussels (the server's calendar for deadlines), YYYY-MM-DD. */
const brusselsToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** YYYY-MM-DD as the SPA and the e-mails write a date: 31/01/2027. */
const shown = (day: string) => day.split('-').reverse().join('/');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Issue 14's "Done when", one walk through the reporting round of period 3 against the real built
 * server with the demo data, the reminder job running every few seconds (JOBS=on,
 * JOB_INTERVAL_MS=1500) and a real SMTP server:
 *
 * 0. the demo's period-3 reports are long overdue: Gent's coordinator gets the overdue e-mail and
 *    the in-app notice, the project shows "Te laat", the reviewer's dashboard lists it;
 * 1. the administrator moves period 3's final-report deadline to today + 7 days in /periodes;
 * 2. the 7-day reminder reaches the SMTP server and Meldingen, with the link to the project;
 * 3. the reviewer grants Gent an extension (today + 30: the 30-day reminder follows at once);
 * 4. the coordinator submits the report, the reviewer asks for changes, the coordinator
 *    resubmits, the reviewer accepts: the project is Afgesloten;
 * 5. the project's "Afrekening" shows the balance computed here from the API's own inputs;
 * 6. every other funded period-3 project is waived, the administrator closes the period: FINAL;
 * 7. the dossier prints to a PDF that holds "Aanvaard", reached and the balance;
 * 8. the programme table's "uitbetaald" and "terug te vorderen" are the settlement table's totals.
 */
describe('the reporting round of period 3', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const publicUrl = 'https://schoolmix.e2e.example';
  // The SMTP server starts first (the server is told its URL) and closes last.
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  const rig = useRig(() => ({
    JOBS: 'on',
    JOB_INTERVAL_MS: '1500',
    SMTP_URL: smtp.url,
    PUBLIC_URL: publicUrl,
    MAIL_FROM: 'Schoolmix <noreply@schoolmix.e2e.example>',
  }));
  const title = 'Kies mee voor je buurtschool – Gent 2025';
  const gent = 'coordinator.gent@schoolmix.demo';
  const today = brusselsToday();
  const periodDue = addDays(today, 7);
  const extendedDue = addDays(today, 30);
  let admin: Page;
  let reviewer: Page;
  let coordinator: Page;
  let projectId = '';
  let periodId = '';
  let projectPath = '';
  /** The balance as the SPA words it, computed in step 5. */
  let balance = '';
  let reached = 0;

  beforeAll(async () => {
    admin = await rig.as('admin@schoolmix.demo');
    reviewer = await rig.as('reviewer@schoolmix.demo');
    coordinator = await rig.as(gent);
  });

  const mailsTo = (email: string, subject: string | RegExp): ReceivedMail[] =>
    smtp.received.filter((m) => m.to.includes(email) && (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject)));
  /** Waits (up to a minute: the job runs every few seconds) for the first mail to `email` with that subject. */
  async function mail(email: string, subject: string | RegExp): Promise<ReceivedMail> {
    const until = Date.now() + 60_000;
    while (mailsTo(email, subject).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    const found = mailsTo(email, subject)[0];
    expect(found, `no mail to ${email} with subject ${String(subject)}; received: ${smtp.received.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')}`).toBeDefined();
    return found!;
  }
  const overdueSubject = new RegExp(`^Eindrapportage te laat: ${escape(title)} \\(verwacht op \\d\\d/\\d\\d/\\d{4}\\)$`);
  const reminderSubject = (due: string) => `Herinnering: eindrapportage ${title} uiterlijk op ${shown(due)}`;
  const deadline = (page: Page) => page.getByRole('region', { name: 'Indieningstermijn' });
  const report = (page: Page) => page.getByRole('region', { name: 'Eindrapport' });
  /** Waits until the report's status reads `text` (Playwright's own wait). */
  const reportStatusIs = (page: Page, text: string) => report(page).locator('.final-status').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
  async function openProject(page: Page, id = projectId) {
    await page.goto(`${rig.url}/projecten/${id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
  }
  const overdueLinks = async (page: Page) => {
    await page.goto(`${rig.url}/`);
    await page.getByRole('heading', { name: /^Eindrapportages te laat \(\d+\)$/ }).waitFor();
    return page.getByRole('region', { name: /^Eindrapportages te laat/ }).getByRole('link', { name: title });
  };

  it('0. starts overdue: the reminder job e-mails Gent’s coordinator, who follows the notice to the project; the dashboard lists it', async () => {
    const overdue = await mail(gent, overdueSubject);
    expect(overdue.text).toContain('Beste coördinator,');
    const link = /Dien de eindrapportage in via: (\S+)/.exec(overdue.text)?.[1] ?? '';
    expect(link).toMatch(new RegExp(`^${publicUrl}/projecten/[0-9a-f-]{36}$`));
    projectPath = link.slice(publicUrl.length);
    projectId = projectPath.split('/').pop()!;

    await coordinator.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: /^Meldingen \(\d+ ongelezen\)$/ }).click();
    const item = coordinator.getByRole('article').filter({ hasText: overdue.subject });
    await item.first().waitFor();
    await expectAccessible(coordinator, 'meldingen');
    await item.first().getByRole('link', { name: /Naar de eindrapportage/ }).click();
    await coordinator.waitForURL(`**${projectPath}`);
    await expect.poll(() => deadline(coordinator).textContent()).toContain('Te laat');

    await (await overdueLinks(reviewer)).waitFor();
  });

  it('1. the administrator sets period 3’s final-report deadline in /periodes to today + 7 days', async () => {
    await admin.goto(`${rig.url}/periodes`);
    await admin.getByRole('button', { name: /^Bewerken: Projectperiode 3/ }).click();
    const form = admin.getByRole('form', { name: 'Periode 3 bewerken' });
    await form.getByLabel('Eindrapport tegen').fill(periodDue);
    await form.getByRole('button', { name: 'Bewaren' }).click();
    await admin.getByText('Periode bijgewerkt.').first().waitFor();
    const row = admin.getByRole('row', { name: /Projectperiode 3/ });
    await expect.poll(async () => (await row.getByRole('cell').allTextContents()).join(' | ')).toContain(shown(periodDue));
    const { fundingPeriods } = await gql<{ fundingPeriods: { nodes: { id: string; number: number; finalReportDueOn: string }[] } }>(
      admin,
      `{ fundingPeriods(first: 100) { nodes { id number finalReportDueOn } } }`,
    );
    const period = fundingPeriods.nodes.find((p) => p.number === 3)!;
    expect(period.finalReportDueOn).toBe(periodDue);
    periodId = period.id;
  });

  it('2. the 7-day reminder reaches the SMTP server and Meldingen, once, with the link to the report screen', async () => {
    const reminder = await mail(gent, reminderSubject(periodDue));
    expect(reminder.text).toContain(`moet uiterlijk op ${shown(periodDue)} ingediend zijn (nog 7 dagen).`);
    expect(reminder.text).toContain(`Dien de eindrapportage in via: ${publicUrl}${projectPath}`);
    // The job ran again and again since boot: the overdue reminder still went out once only.
    expect(mailsTo(gent, overdueSubject)).toHaveLength(1);

    await coordinator.goto(`${rig.url}/meldingen`);
    const item = coordinator.getByRole('article').filter({ hasText: reminderSubject(periodDue) });
    await item.first().waitFor();
    expect(await item.first().textContent()).toContain('Over 7 dagen');
    await item.first().getByRole('link', { name: /Naar de eindrapportage/ }).click();
    await coordinator.waitForURL(`**${projectPath}`);
    await expect.poll(() => coordinator.getByTestId('final-report-due').textContent()).toBe(shown(periodDue));
    expect(await deadline(coordinator).textContent()).not.toContain('Te laat');

    // No longer overdue: off the reviewer's dashboard list.
    expect(await (await overdueLinks(reviewer)).count()).toBe(0);
  });

  it('3. the reviewer grants Gent an extension in "Indieningstermijn": the effective date shows and its own reminder follows', async () => {
    await openProject(reviewer);
    const section = deadline(reviewer);
    await section.getByLabel('Nieuwe datum').fill(extendedDue);
    await section.getByLabel('Reden').fill('Coördinator langdurig afwezig');
    await section.getByRole('button', { name: 'Verlenging toekennen' }).click();
    await expect.poll(() => reviewer.getByTestId('final-report-due').textContent()).toBe(shown(extendedDue));
    expect(await section.textContent()).toContain(`Verlenging voor Gent tot ${shown(extendedDue)}, toegekend door reviewer@schoolmix.demo`);
    expect(await section.textContent()).toContain(`Termijn van de periode: ${shown(periodDue)}`);
    expect(await section.textContent()).not.toContain('Te laat');
    await expectAccessible(reviewer, 'project-deadline');

    // A moved deadline gives new schedule points: today is 30 days before the extended date.
    const reminder = await mail(gent, reminderSubject(extendedDue));
    expect(reminder.text).toContain('Deze datum is de verlenging die aan uw gemeente werd toegekend.');
    await openProject(coordinator);
    await expect.poll(() => coordinator.getByTestId('final-report-due').textContent()).toBe(shown(extendedDue));
  });

  it('4. the coordinator submits the final report, the reviewer asks for changes, the coordinator resubmits, the reviewer accepts: Afgesloten', async () => {
    await openProject(coordinator);
    await reportStatusIs(coordinator, 'Ontwerp');
    await report(coordinator).getByLabel('Wat werd er gedaan?').fill('Ouderavonden en schoolbezoeken met het LOP.');
    await report(coordinator).getByLabel('Wat werkte goed?').fill('Schoolbezoeken in kleine groepen.');
    await report(coordinator).getByLabel('Welke hindernissen waren er?').fill('Te weinig tolken.');
    await report(coordinator).getByRole('button', { name: 'Indienen' }).click();
    await reportStatusIs(coordinator, 'Ingediend');
    await report(coordinator).getByRole('table', { name: 'Cijfers zoals vastgelegd bij de indiening' }).waitFor();

    await openProject(reviewer);
    await reportStatusIs(reviewer, 'Ingediend');
    const review = report(reviewer).getByRole('form', { name: 'Eindrapport beoordelen' });
    await review.getByLabel('Opmerking').fill('Beschrijf hoe jullie het tekort aan tolken opvingen.');
    await review.getByRole('button', { name: 'Aanpassingen vragen' }).click();
    await reportStatusIs(reviewer, 'Aanpassingen gevraagd');

    await openProject(coordinator);
    await reportStatusIs(coordinator, 'Aanpassingen gevraagd');
    expect(await report(coordinator).textContent()).toContain('Beschrijf hoe jullie het tekort aan tolken opvingen.');
    await report(coordinator).getByLabel('Welke hindernissen waren er?').fill('Te weinig tolken; het LOP zette vrijwillige tolken in.');
    await report(coordinator).getByRole('button', { name: 'Indienen' }).click();
    await reportStatusIs(coordinator, 'Ingediend');

    await openProject(reviewer);
    await report(reviewer).getByRole('button', { name: 'Aanvaarden en project afsluiten' }).click();
    await reportStatusIs(reviewer, 'Aanvaard');
    await reviewer.reload();
    await reviewer.getByRole('region', { name: 'Dossier' }).getByText('Afgesloten', { exact: true }).first().waitFor();
    const rows = await reviewer.getByRole('region', { name: 'Verloop' }).getByRole('row').allTextContents();
    expect(rows.at(-1)).toMatch(/reviewer@schoolmix\.demoGoedgekeurd → AfgeslotenEindrapport aanvaard/);

    // The job kept running every few seconds through steps 2–4 (the report owed again while it
    // was sent back): still one e-mail per schedule point, never a second copy.
    expect(mailsTo(gent, reminderSubject(periodDue))).toHaveLength(1);
    expect(mailsTo(gent, reminderSubject(extendedDue))).toHaveLength(1);
  });

  it('5. the project’s "Afrekening" shows the balance that follows from the API’s own inputs', async () => {
    const { project } = await gql<{
      project: { status: string; targetHouseholds: number; subsidyGranted: number; kpi: { reached: number }; fundingPeriod: { ratePerHousehold: number; advanceShare: number } };
    }>(reviewer, `query($id: ID!) { project(id: $id) { status targetHouseholds subsidyGranted kpi { reached } fundingPeriod { ratePerHousehold advanceShare } } }`, { id: projectId });
    expect(project.status).toBe('CLOSED');
    reached = project.kpi.reached;
    expect(reached).toBeGreaterThan(0);
    // earned = min(reached, target) × rate, capped at granted; advance = share × granted, half up to the cent.
    const granted = cents(project.subsidyGranted);
    const earned = Math.min(Math.min(reached, project.targetHouseholds) * cents(project.fundingPeriod.ratePerHousehold), granted);
    const advance = Math.floor((granted * project.fundingPeriod.advanceShare + 50) / 100);
    const net = earned - advance;
    balance = net > 0 ? `Uit te betalen: ${euro(net)}` : net < 0 ? `Terug te vorderen: ${euro(-net)}` : 'Geen saldo';

    await openProject(reviewer);
    const table = reviewer.getByRole('region', { name: 'Afrekening' }).getByRole('table', { name: 'Afrekening van het project' });
    await table.waitFor();
    const cell = async (name: string | RegExp) => ((await table.getByRole('row', { name }).getByRole('cell').textContent()) ?? '').replace(/\s/g, ' ');
    expect(await cell(/^Bereikt/)).toBe(String(reached));
    expect(await cell(/^Toegekend/)).toBe(euro(granted));
    expect(await cell(/^Voorschot/)).toBe(euro(advance));
    expect(await cell(/^Verdiend/)).toBe(euro(earned));
    expect(await cell(/^Saldo/)).toBe(balance);
    await screenshot(reviewer, 'reporting-round-settlement');
  });

  it('6. once every other funded period-3 project’s report is waived, the administrator closes the period: FINAL', async () => {
    const { finalReports } = await gql<{ finalReports: { nodes: { status: string; project: { id: string; title: string } }[] } }>(
      reviewer,
      `query($p: ID!) { finalReports(fundingPeriodId: $p, first: 100) { nodes { status project { id title } } } }`,
      { p: periodId },
    );
    const open = finalReports.nodes.filter((r) => r.status !== 'ACCEPTED' && r.status !== 'WAIVED');
    expect(open.length).toBeGreaterThan(0);
    expect(open.map((r) => r.project.id)).not.toContain(projectId);
    // The closing is refused while one report is still owed.
    await admin.goto(`${rig.url}/periodes`);
    await admin.getByRole('button', { name: /^Rapportage afsluiten: Projectperiode 3/ }).click();
    await admin.getByRole('region', { name: 'Rapportage van periode 3 afsluiten' }).getByRole('button', { name: 'Definitief afsluiten' }).click();
    await admin.getByText('Nog niet elk gefinancierd project van deze periode heeft een aanvaard of vrijgesteld eindrapport (zie Eindrapporten).').waitFor();

    // The reviewer's waive form on each project page.
    for (const r of open) {
      await openProject(reviewer, r.project.id);
      await reportStatusIs(reviewer, r.status === 'DRAFT' ? 'Ontwerp' : r.status === 'SUBMITTED' ? 'Ingediend' : 'Aanpassingen gevraagd');
      await report(reviewer).getByText('Vrijstelling', { exact: true }).click();
      const waiver = report(reviewer).getByRole('form', { name: 'Vrijstelling' });
      await waiver.getByLabel('Reden').fill('Einde van de proef (e2e)');
      await waiver.getByRole('button', { name: 'Vrijstellen' }).click();
      await reportStatusIs(reviewer, 'Vrijgesteld');
    }

    await admin.goto(`${rig.url}/periodes`);
    await admin.getByRole('button', { name: /^Rapportage afsluiten: Projectperiode 3/ }).click();
    const closing = admin.getByRole('region', { name: 'Rapportage van periode 3 afsluiten' });
    await closing.getByRole('button', { name: 'Definitief afsluiten' }).click();
    await admin.getByText('Rapportage afgesloten: de cijfers zijn definitief.').first().waitFor();
    const row = admin.getByRole('row', { name: /Projectperiode 3/ });
    await expect.poll(async () => (await row.getByRole('cell').allTextContents()).join(' ')).toContain('afgesloten');
    const { fundingPeriods } = await gql<{ fundingPeriods: { nodes: { id: string; reportStatus: string }[] } }>(admin, `{ fundingPeriods(first: 100) { nodes { id reportStatus } } }`);
    expect(fundingPeriods.nodes.find((p) => p.id === periodId)?.reportStatus).toBe('FINAL');
    const { project } = await gql<{ project: { status: string; finalReport: { status: string } } }>(reviewer, `query($id: ID!) { project(id: $id) { status finalReport { status } } }`, {
      id: open[0]!.project.id,
    });
    expect(project).toEqual({ status: 'CLOSED', finalReport: { status: 'WAIVED' } });
  });

  it('7. the dossier prints to a PDF that holds the accepted report, reached and the balance', async () => {
    await reviewer.goto(`${rig.url}/projecten/${projectId}/dossier`);
    await reviewer.getByRole('heading', { level: 1, name: `Dossier ${title}` }).waitFor();
    await reviewer.getByRole('heading', { level: 2, name: 'Geschiedenis' }).waitFor();
    await reviewer.getByRole('heading', { level: 2, name: 'Eindrapportage' }).waitFor();
    await reviewer.getByText('Aanvaard', { exact: true }).first().waitFor();
    await reviewer.emulateMedia({ media: 'print' });
    const pdf = await reviewer.pdf({ preferCSSPageSize: true, printBackground: true });
    await reviewer.emulateMedia({ media: 'screen' });
    const { pages, text: pageTexts } = await pdfText(new Uint8Array(pdf));
    const text = pageTexts.join(' ');
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(text).toContain(`Dossier ${title}`);
    expect(text).toMatch(/Eindrapportage Status Aanvaard\b/);
    expect(text).toContain('Welke hindernissen waren er? Te weinig tolken; het LOP zette vrijwillige tolken in.');
    expect(text).toMatch(new RegExp(`Bereikt ${reached}\\b`));
    expect(text).toContain(`Saldo ${balance}`);
  });

  it('8. the programme table’s "uitbetaald" and "terug te vorderen" for period 3 are the settlement table’s totals', async () => {
    const { settlement } = await gql<{ settlement: { rows: { project: { id: string }; toPay: number; toRecover: number }[]; totals: { toPay: number; toRecover: number } } }>(
      reviewer,
      `query($p: ID!) { settlement(fundingPeriodId: $p) { rows { project { id } toPay toRecover } totals { toPay toRecover } } }`,
      { p: periodId },
    );
    const sum = (key: 'toPay' | 'toRecover') => settlement.rows.reduce((s, r) => s + cents(r[key]), 0);
    expect(cents(settlement.totals.toPay)).toBe(sum('toPay'));
    expect(cents(settlement.totals.toRecover)).toBe(sum('toRecover'));
    const gentRow = settlement.rows.find((r) => r.project.id === projectId)!;
    expect(gentRow.toPay > 0 ? `Uit te betalen: ${euro(cents(gentRow.toPay))}` : gentRow.toRecover > 0 ? `Terug te vorderen: ${euro(cents(gentRow.toRecover))}` : 'Geen saldo').toBe(balance);

    await reviewer.goto(`${rig.url}/`);
    const programme = reviewer.getByRole('table', { name: 'Actie 20 per projectperiode' });
    const row = programme.getByRole('row', { name: /Projectperiode 3/ });
    await row.waitFor();
    const [paid, toRecover] = (await row.getByRole('cell').allTextContents()).slice(-2).map((c) => c.replace(/\s/g, ' ').replace(/ – Afrekening .*$/, ''));
    expect([paid, toRecover]).toEqual([euro(sum('toPay')), euro(sum('toRecover'))]);
    await row.getByRole('link', { name: /Afrekening Projectperiode 3/ }).click();
    const table = reviewer.getByRole('table', { name: /^Afrekening per project, Projectperiode 3/ });
    await table.waitFor();
    const totals = (await table.getByRole('row', { name: /^Totaal/ }).getByRole('cell').allTextContents()).map((c) => c.replace(/\s/g, ' '));
    expect(totals.slice(-2)).toEqual([paid, toRecover]);
    await screenshot(reviewer, 'reporting-round-programme');
  });
});
