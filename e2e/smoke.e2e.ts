import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer } from './server.js';

describe('the SPA served by the API server', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses a wrong password, then shows a reviewer the programme table with the pending period', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByLabel('E-mailadres').fill('reviewer@schoolmix.demo');
    await page.getByLabel('Wachtwoord').fill('wrong-password');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('verkeerd wachtwoord');
    await page.getByLabel('Wachtwoord').fill('schoolmix-demo');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    const table = page.getByRole('table', { name: 'Actie 20 per projectperiode' });
    await table.waitFor();
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(4);
    expect(await rows.nth(3).textContent()).toContain('Eindrapportage nog niet afgerond');
    expect(await rows.nth(1).textContent()).toMatch(/€\u00a0[\d.]+,\d\d/);
    const dir = join(import.meta.dirname, 'screenshots');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'program.png'), fullPage: true });
  });
});
