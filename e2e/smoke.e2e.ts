import type { Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, expectAccessible, screenshot, signIn, useRig } from './support.js';

describe('login and dashboard, served by the API server', () => {
  const rig = useRig();
  let page: Page;
  const graphqlRequests: string[] = [];

  beforeAll(async () => {
    page = await rig.page({ width: 1366, height: 900 });
    page.on('request', (request: Request) => {
      if (request.url().endsWith('/graphql')) graphqlRequests.push((request.postDataJSON() as { operationName?: string } | null)?.operationName ?? '?');
    });
  });

  it('sends an unknown visitor to the login, lists the demo logins and refuses a wrong password', async () => {
    await page.goto(`${rig.url}/projecten?page=2`);
    await page.waitForURL(/\/aanmelden\?terug=/);
    const demo = page.getByRole('table', { name: 'Demologins' });
    await demo.waitFor();
    expect(await demo.getByRole('row').count()).toBe(6);
    await expectAccessible(page, 'login');
    await screenshot(page, 'login');
    await page.getByLabel('E-mailadres').fill('reviewer@schoolmix.demo');
    await page.getByLabel('Wachtwoord').fill('wrong-password');
    await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
    expect(await page.getByRole('alert').textContent()).toContain('verkeerd wachtwoord');
  });

  it('signs the reviewer in, returns to the page asked for, then shows the dashboard in two GraphQL requests', async () => {
    await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
    await page.waitForURL(/\/projecten\?page=2$/);
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();

    await page.goto(`${rig.url}/`);
    await page.getByRole('table', { name: 'Actie 20 per projectperiode' }).waitFor();
    await page.waitForLoadState('networkidle');
    graphqlRequests.length = 0;
    await page.reload();
    const table = page.getByRole('table', { name: 'Actie 20 per projectperiode' });
    await table.waitFor();
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(5); // header, three periods, the whole programme
    expect(await rows.nth(3).textContent()).toContain('Eindrapportage nog niet afgerond');
    expect(await rows.nth(1).textContent()).toMatch(/€\u00a0[\d.]+,\d\d/);
    const progress = page.getByRole('table', { name: /KPI-voortgang per gemeente/ });
    await progress.waitFor();
    expect(await progress.getByRole('row').count()).toBeGreaterThan(5);
    await page.getByRole('img', { name: /Kaart van de Vlaamse gemeenten/ }).waitFor();
    expect(await page.locator('.map path').count()).toBe(285);
    expect(graphqlRequests.sort()).toEqual(['Dashboard', 'Viewer']);
    await expectAccessible(page, 'dashboard');
    await screenshot(page, 'dashboard');
  });

  it('keeps the chosen period in the URL and switches the UI to English', async () => {
    await page.getByRole('combobox', { name: 'Projectperiode' }).selectOption('1');
    await page.waitForURL(/periode=1/);
    await page.getByRole('table', { name: /KPI-voortgang per gemeente, Projectperiode 1/ }).waitFor();
    await page.getByRole('combobox', { name: 'Taal' }).selectOption('en');
    await page.getByRole('table', { name: 'Action 20 per project period' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(page, 'dashboard (English)');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('nl');
  });

  it('shows the Gent coordinator the same programme and Gent among the municipalities on the map, and signs out', async () => {
    const coordinator = await rig.page({ width: 1024, height: 1366 }); // a tablet, upright
    await signIn(coordinator, rig.url, 'coordinator.gent@schoolmix.demo');
    await coordinator.getByRole('table', { name: 'Actie 20 per projectperiode' }).waitFor();
    const progress = coordinator.getByRole('table', { name: /KPI-voortgang per gemeente/ });
    await progress.getByRole('row', { name: /Gent/ }).first().waitFor();
    await coordinator.getByRole('img', { name: /Kaart van de Vlaamse gemeenten/ }).waitFor();
    expect(await coordinator.locator('.map path.taking-part').count()).toBeGreaterThan(5);
    await coordinator.getByText('coördinator) · Gent').waitFor();
    await expectAccessible(coordinator, 'dashboard (coordinator, tablet)');
    await screenshot(coordinator, 'dashboard-coordinator-tablet');
    await coordinator.getByRole('button', { name: 'Afmelden' }).click();
    await coordinator.waitForURL(/\/aanmelden$/);
    await coordinator.close();
  });
});
