import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot, signIn, useRig } from './support.js';

/**
 * The administration screens against the real server with the demo data: the administrator
 * creates a coordinator (who can then sign in), creates an API key whose secret is shown once
 * (and works), revokes it (and it stops working), and renames an organisation, backing out of a
 * change of its KPI flag at the confirmation. axe on every screen; the screens at 390 px wide.
 */
describe('administration screens', () => {
  const rig = useRig();

  const newPage = (width = 1280): Promise<Page> => rig.page({ width, height: 900 });
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Hoofdmenu' });
  /** Asks the API who a credential is: the HTTP status and the viewer's kind. */
  async function whoIs(secret: string): Promise<[number, string | null]> {
    const response = await fetch(`${rig.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ viewer { kind } }' }),
    });
    const body = (await response.json().catch(() => null)) as { data?: { viewer?: { kind: string } } } | null;
    return [response.status, body?.data?.viewer?.kind ?? null];
  }

  it('lets the administrator create a coordinator, who can then sign in', async () => {
    const page = await newPage();
    await signIn(page, rig.url, 'admin@schoolmix.demo');
    await menu(page).getByRole('link', { name: 'Gebruikers' }).click();
    await page.getByRole('table', { name: 'Gebruikers' }).waitFor();
    expect(await page.title()).toBe('Gebruikers · Schoolmix');
    await expectAccessible(page, 'gebruikers');

    await page.getByRole('button', { name: 'Gebruiker toevoegen' }).click();
    const panel = page.getByRole('region', { name: 'Nieuwe gebruiker' });
    await panel.getByLabel('E-mailadres').fill('e2e.coordinator@gent.be');
    await panel.getByLabel('Startwachtwoord').fill('e2e-wachtwoord-lang');
    await panel.getByLabel('Rol').selectOption('COORDINATOR');
    await panel.getByLabel('Gemeente').getByRole('option', { name: 'Gent', exact: true }).waitFor({ state: 'attached' });
    await panel.getByLabel('Gemeente').selectOption({ label: 'Gent' });
    await expectAccessible(page, 'gebruiker toevoegen');
    await screenshot(page, 'admin-user-create');
    await panel.getByRole('button', { name: 'Gebruiker toevoegen' }).click();
    await page.getByText('Gebruiker e2e.coordinator@gent.be toegevoegd.').waitFor();

    const other = await newPage();
    await other.goto(`${rig.url}/aanmelden`);
    await other.getByLabel('E-mailadres').first().fill('e2e.coordinator@gent.be');
    await other.getByLabel('Wachtwoord').fill('e2e-wachtwoord-lang');
    await other.getByRole('button', { name: 'Aanmelden', exact: true }).click();
    await menu(other).waitFor();
    expect(await other.getByText(/Aangemeld als e2e.coordinator@gent.be \(coördinator\)/).count()).toBe(1);
    // A coordinator sees organisations and API keys, not users.
    expect(await menu(other).getByRole('link', { name: 'Gebruikers' }).count()).toBe(0);
    expect(await menu(other).getByRole('link', { name: 'API-sleutels' }).count()).toBe(1);
  });

  it('creates an API key whose secret is shown once and works, then revokes it and it stops working', async () => {
    const page = await newPage();
    await signIn(page, rig.url, 'admin@schoolmix.demo');
    await menu(page).getByRole('link', { name: 'API-sleutels' }).click();
    await page.getByRole('heading', { name: 'API-sleutels', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sleutel aanmaken' }).click();
    const panel = page.getByRole('region', { name: 'Nieuwe API-sleutel' });
    await panel.getByLabel('Naam').fill('E2E leerlingensysteem');
    await panel.getByLabel('Gemeente').getByRole('option', { name: 'Gent', exact: true }).waitFor({ state: 'attached' });
    await panel.getByLabel('Gemeente').selectOption({ label: 'Gent' });
    await panel.getByRole('button', { name: 'Sleutel aanmaken' }).click();

    const secretPanel = page.getByRole('region', { name: 'Kopieer de sleutel nu' });
    await secretPanel.waitFor();
    expect(await secretPanel.getByRole('alert').textContent()).toContain('enige keer dat de sleutel getoond wordt');
    const secret = (await secretPanel.getByTestId('api-key-secret').textContent())!.trim();
    expect(secret).toMatch(/^smx_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    await expectAccessible(page, 'api-sleutel aangemaakt');
    await screenshot(page, 'admin-api-key-secret');
    expect(await whoIs(secret)).toEqual([200, 'apiKey']);

    await secretPanel.getByRole('button', { name: 'Ik heb de sleutel bewaard' }).click();
    expect(await page.getByText(secret).count()).toBe(0);
    // Reloading never shows it again: only the prefix is listed.
    await page.reload();
    const row = page.getByRole('row', { name: /E2E leerlingensysteem/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(`smx_${secret.slice(4, 16)}_…`);
    expect(await page.content()).not.toContain(secret);
    await expectAccessible(page, 'api-sleutels');

    await row.getByRole('button', { name: 'Sleutel E2E leerlingensysteem intrekken' }).click();
    const confirm = page.getByRole('region', { name: 'Sleutel E2E leerlingensysteem intrekken?' });
    await confirm.getByRole('button', { name: 'Ja, intrekken' }).click();
    await page.getByText('Sleutel E2E leerlingensysteem ingetrokken.').waitFor();
    await row.getByText(/Ingetrokken op/).waitFor();
    expect((await whoIs(secret))[0]).toBe(401);
  });

  it('renames an organisation, and a change of its KPI flag asks for confirmation first', async () => {
    const page = await newPage();
    await signIn(page, rig.url, 'admin@schoolmix.demo');
    await menu(page).getByRole('link', { name: 'Organisaties' }).click();
    const table = page.getByRole('table', { name: 'Organisaties' });
    await table.waitFor();
    const municipality = page.getByRole('combobox', { name: /^Gemeente/ });
    await municipality.getByRole('option', { name: 'Gent', exact: true }).waitFor({ state: 'attached' });
    await municipality.selectOption({ label: 'Gent' });
    await page.waitForURL(/municipality=/);
    await expectAccessible(page, 'organisaties');
    await screenshot(page, 'admin-organizations');

    const edit = table.getByRole('link', { name: /bewerken$/ }).first();
    const name = (await edit.getAttribute('aria-label'))!.replace(/ bewerken$/, '');
    await edit.click();
    await page.getByRole('heading', { name: 'Organisatie bewerken', level: 1 }).waitFor();
    const flag = page.getByRole('checkbox', { name: 'Bevordert de sociale mix in de scholen' });
    const was = await flag.isChecked();
    await flag.click();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    const confirm = page.getByRole('region', { name: 'KPI-regel wijzigen?' });
    expect(await confirm.textContent()).toMatch(/De \d+ activiteiten van deze organisatie/);
    await expectAccessible(page, 'organisatie bewerken');
    await confirm.getByRole('button', { name: 'Niet wijzigen' }).click();
    await flag.click();
    expect(await flag.isChecked()).toBe(was);

    await page.getByLabel('Naam').fill(`${name} (hernoemd)`);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Organisatie opgeslagen.').waitFor();
    await table.getByRole('cell', { name: `${name} (hernoemd)`, exact: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('municipality')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('fits the administration screens in 390 px', async () => {
    const page = await newPage(390);
    await signIn(page, rig.url, 'admin@schoolmix.demo');
    for (const [path, heading] of [
      ['/organisaties', 'Organisaties'],
      ['/gebruikers', 'Gebruikers'],
      ['/api-sleutels', 'API-sleutels'],
      ['/organisaties/nieuw', 'Nieuwe organisatie'],
    ] as const) {
      await page.goto(`${rig.url}${path}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.locator('table, form').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await screenshot(page, 'admin-390-new-organization');
  });
});
