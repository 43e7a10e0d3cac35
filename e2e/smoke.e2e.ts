import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServer } from './server.js';

describe('the SPA served by the API server', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    const t = Date.now();
    server = await startServer();
    console.log(`server ready in ${Date.now() - t} ms`);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the programme table of the demo data with the pending period', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
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
