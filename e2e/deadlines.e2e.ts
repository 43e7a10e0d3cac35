import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer } from '../server/src/test/smtp.js';
import { launchBrowser, openPage, startServer } from './server.js';
import { expectAccessible, signIn } from './support.js';

/**
 * Deadlines and reminders against the real server with the demo data and the real clock: period
 * 3's final reports are long overdue, so the reminder job (JOBS=on) e-mails Gent's coordinator
 * through a real SMTP server; the coordinator finds the reminder under "Meldingen" and follows it
 * to the project; the reviewer grants Gent an extension there, and Gent leaves the dashboard's
 * overdue list.
 */
describe('final-report deadlines and reminders', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let browser: Browser;
  const publicUrl = 'https://schoolmix.e2e.example';

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startServer(undefined, { JOBS: 'on', SMTP_URL: smtp.url, PUBLIC_URL: publicUrl, MAIL_FROM: 'Schoolmix <noreply@schoolmix.e2e.example>' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  async function as(email: string): Promise<Page> {
    const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url, email);
    return page;
  }

  it('e-mails the overdue reminder, lists it under Meldingen, and an extension takes the project off the overdue list', async () => {
    // The job's first run comes a few seconds after boot.
    const deadline = Date.now() + 60_000;
    while (!smtp.received.some((m) => m.to.includes('coordinator.gent@schoolmix.demo')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    const mail = smtp.received.find((m) => m.to.includes('coordinator.gent@schoolmix.demo'));
    expect(mail?.subject).toMatch(/^Eindrapportage te laat: Kies mee voor je buurtschool – Gent 2025 \(verwacht op \d\d\/\d\d\/\d{4}\)$/);
    expect(mail!.text).toContain('Beste coördinator,');
    const link = /Dien de eindrapportage in via: (\S+)/.exec(mail!.text)?.[1] ?? '';
    expect(link).toMatch(new RegExp(`^${publicUrl}/projecten/[0-9a-f-]{36}$`));
    const projectPath = link.slice(publicUrl.length);

    const coordinator = await as('coordinator.gent@schoolmix.demo');
    await coordinator.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: /^Meldingen \(\d+ ongelezen\)$/ }).click();
    const item = coordinator.getByRole('article').filter({ hasText: 'Kies mee voor je buurtschool – Gent 2025' });
    await item.first().waitFor();
    await expectAccessible(coordinator, 'meldingen');
    await item.first().getByRole('link', { name: /Naar de eindrapportage/ }).click();
    await coordinator.waitForURL(`**${projectPath}`);
    const section = coordinator.getByRole('region', { name: 'Indieningstermijn' });
    await expect.poll(() => section.textContent()).toContain('Te laat');

    const reviewer = await as('reviewer@schoolmix.demo');
    await reviewer.goto(`${server.url}/`);
    const overdue = reviewer.getByRole('table', { name: /Projecten waarvan de eindrapportage te laat is/ });
    await overdue.getByRole('link', { name: 'Kies mee voor je buurtschool – Gent 2025' }).waitFor();
    await reviewer.goto(`${server.url}${projectPath}`);
    const next = `${new Date().getFullYear() + 1}-01-31`;
    const deadlineSection = reviewer.getByRole('region', { name: 'Indieningstermijn' });
    await deadlineSection.getByLabel('Nieuwe datum').fill(next);
    await deadlineSection.getByLabel('Reden').fill('Coördinator langdurig afwezig');
    await deadlineSection.getByRole('button', { name: 'Verlenging toekennen' }).click();
    const due = reviewer.getByTestId('final-report-due');
    await expect.poll(() => due.textContent()).toBe(`31/01/${new Date().getFullYear() + 1}`);
    await expectAccessible(reviewer, 'project-deadline');
    expect(await reviewer.getByRole('region', { name: 'Indieningstermijn' }).textContent()).not.toContain('Te laat');

    await reviewer.goto(`${server.url}/`);
    await reviewer.getByRole('heading', { name: /Eindrapportages te laat/ }).waitFor();
    expect(await reviewer.getByRole('link', { name: 'Kies mee voor je buurtschool – Gent 2025' }).count()).toBe(0);
  });
});
