import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot, signIn, useRig } from './support.js';

/**
 * The project screens against the real server with the demo data: a reviewer filters period 3,
 * opens a submitted project and checks its figures and review buttons, then approves it (a
 * refused amount first); the Gent coordinator registers a family in its own project and
 * finds it in the list; an analyst sees the project without families. axe on every screen, a
 * screenshot of each.
 */
describe('project screens', () => {
  const rig = useRig();

  /** The texts of a row's cells. */
  const cells = (row: Locator) => row.getByRole('cell').allTextContents();
  /** The KPI cards of a project as "figure label" texts. */
  const kpiCards = (page: Page) => page.getByRole('list', { name: 'KPI: bereikte gezinnen' }).getByRole('listitem').allTextContents();

  it('lets a reviewer filter period 3, open a submitted project and check its figures and review buttons', async () => {
    const page = await rig.page();
    await signIn(page, rig.url, 'reviewer@schoolmix.demo');

    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Projecten' }).click();
    await page.getByRole('table', { name: 'Projecten (47 projecten)' }).waitFor();
    expect(await page.title()).toBe('Projecten · Schoolmix');
    // The municipality filter lists every municipality, pre-2025 ones marked.
    await page.getByLabel('Gemeente (trekker of partner)').getByRole('option', { name: 'Borsbeek (tot 2024)' }).waitFor({ state: 'attached' });
    await expectAccessible(page, 'projecten');
    await screenshot(page, 'projects-list');

    await page.getByLabel('Projectperiode').selectOption({ label: 'Projectperiode 3 (2024–2025)' });
    await page.getByRole('table', { name: 'Projecten (16 projecten)' }).waitFor();
    expect(new URL(page.url()).searchParams.get('period')).toMatch(/^[0-9a-f-]{36}$/);
    const gent = page.getByRole('row', { name: /Kies mee voor je buurtschool – Gent 2025/ });
    expect(await cells(gent)).toEqual([
      'Kies mee voor je buurtschool – Gent 2025',
      'Gent',
      'Periode 3',
      'Goedgekeurd',
      '281',
      '202',
      // The bar's text alternative, then the numbers. Period 3 is over: the result against the target, no forecast (issue 18).
      'Kies mee voor je buurtschool – Gent 2025: 202 bereikt, doel 281afgelopen · 72% · doel niet gehaald',
      '€\u00a047.770,00',
      '€\u00a047.770,00',
    ]);

    // The CSV holds every row of the current filters, for Excel with Dutch settings.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download als CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^schoolmix-projecten-\d{4}-\d\d-\d\d\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(17);
    expect(lines[0]).toBe('Titel;Trekker;Periode;Status;Doel (gezinnen);Bereikt;Verwacht tegen nu;Stand tegenover verwachting of doel;Gevraagde subsidie;Toegekende subsidie');
    expect(lines).toContain('Kies mee voor je buurtschool – Gent 2025;Gent;Projectperiode 3 (2024–2025);Goedgekeurd;281;202;;doel niet gehaald;47770;47770');

    await page.getByRole('checkbox', { name: 'Ingediend' }).click();
    const table = page.getByRole('table', { name: 'Projecten (2 projecten)' });
    await table.waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('SUBMITTED');
    const rows = table.getByRole('row');
    expect(await rows.nth(1).getByRole('link').textContent()).toBe('Elke ouder welkom op school – Roeselare 2025');
    expect(await rows.nth(2).getByRole('link').textContent()).toBe('Schoolpoorten open – Machelen 2025');
    expect(await cells(rows.nth(1))).toEqual([
      'Elke ouder welkom op school – Roeselare 2025',
      'Roeselare',
      'Periode 3',
      'Ingediend',
      '90',
      '0',
      '—niet van toepassing: het project is niet goedgekeurd',
      '€\u00a015.300,00',
      'nog niet beslist',
    ]);
    await screenshot(page, 'projects-period-3-submitted');
    // On a tablet the wide table scrolls sideways and can be scrolled by keyboard.
    await page.setViewportSize({ width: 800, height: 1000 });
    await expectAccessible(page, 'projecten (tablet)');
    await screenshot(page, 'projects-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });

    await rows.nth(1).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Elke ouder welkom op school – Roeselare 2025' }).waitFor();
    expect(await kpiCards(page)).toEqual(['0Bereikt', '90Doel', 'afgelopenProjectperiode 3 (2024–2025)', 'n.v.t.Resultaat tegenover het doel', '0%Voortgang', '€\u00a00,00Verdiende subsidie']);
    const budget = page.getByRole('region', { name: 'Budget', exact: true });
    expect(await budget.textContent()).toContain('Gevraagde subsidie€\u00a015.300,00');
    expect(await budget.textContent()).toContain('Toegekende subsidienog niet toegekend');
    const overview = page.getByRole('region', { name: 'Dossier', exact: true });
    expect(await overview.textContent()).toContain('StatusIngediend');
    await page.getByRole('region', { name: 'Gezinnen', exact: true }).getByText('Er zijn nog geen gezinnen geregistreerd.').waitFor();
    const review = page.getByRole('region', { name: 'Beoordeling', exact: true });
    const amount = review.getByLabel('Toegekende subsidie (€)');
    expect(await amount.inputValue()).toBe('15.300,00');
    expect(await review.getByRole('button', { name: 'Goedkeuren' }).isEnabled()).toBe(true);
    expect(await review.getByRole('button', { name: 'Afwijzen' }).isEnabled()).toBe(true);
    await expectAccessible(page, 'project (ingediend)');
    await screenshot(page, 'project-submitted');

    // An approved project: its KPI, the families without their characteristics (reviewer).
    await page.goto(`${rig.url}/projecten?search=Gent+2025`);
    await page.getByRole('link', { name: 'Kies mee voor je buurtschool – Gent 2025' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kies mee voor je buurtschool – Gent 2025' }).waitFor();
    expect(await kpiCards(page)).toEqual(['202Bereikt', '281Doel', 'afgelopenProjectperiode 3 (2024–2025)', 'doel niet gehaaldResultaat tegenover het doel', '72%Voortgang', '€\u00a034.340,00Verdiende subsidie']);
    const families = page.getByRole('table', { name: /Geregistreerde gezinnen/ });
    await families.waitFor();
    expect(await families.getByRole('columnheader', { name: 'Kenmerken' }).count()).toBe(0);
    await page.getByRole('table', { name: 'Activiteiten van het project' }).waitFor();
    await expectAccessible(page, 'project (goedgekeurd, Gent)');
    await screenshot(page, 'project-gent-reviewer');
  });

  it('lets the reviewer approve the submitted project: a refused amount first, then the status changes at once and stays', async () => {
    const page = await rig.page();
    await signIn(page, rig.url, 'reviewer@schoolmix.demo');
    await page.goto(`${rig.url}/projecten?status=SUBMITTED&search=Roeselare`);
    await page.getByRole('link', { name: 'Elke ouder welkom op school – Roeselare 2025' }).click();
    await page.getByRole('heading', { level: 1, name: 'Elke ouder welkom op school – Roeselare 2025' }).waitFor();
    const overview = page.getByRole('region', { name: 'Dossier', exact: true });
    const budget = page.getByRole('region', { name: 'Budget', exact: true });
    const review = page.getByRole('region', { name: 'Beoordeling', exact: true });
    const amount = review.getByLabel('Toegekende subsidie (€)');
    expect(await amount.inputValue()).toBe('15.300,00');

    // More than requested: the API refuses, the error stands next to the field.
    await amount.fill('20.000,00');
    await review.getByRole('button', { name: 'Goedkeuren' }).click();
    // Period 3 has ended: approving now asks first and says why it is unusual (issue 18).
    await review.getByRole('region', { name: 'Goedkeuren na het einde van de periode?' }).waitFor();
    expect(await overview.textContent()).toContain('StatusIngediend');
    await review.getByRole('button', { name: 'Toch goedkeuren' }).click();
    await review.getByText('Mag niet hoger zijn dan het gevraagde bedrag (€\u00a015.300,00).').waitFor();
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(await overview.textContent()).toContain('StatusIngediend');
    await expectAccessible(page, 'project (beoordeling met fout)');
    await screenshot(page, 'project-review-error');

    await amount.fill('15.000,00');
    await review.getByLabel('Nota').fill('Goedgekeurd met een kleinere werkingskost.');
    await review.getByRole('button', { name: 'Goedkeuren' }).click();
    await review.getByRole('button', { name: 'Toch goedkeuren' }).click();
    await page.locator('.toast').filter({ hasText: 'Project goedgekeurd met €\u00a015.000,00 subsidie.' }).waitFor();
    expect(await overview.textContent()).toContain('StatusGoedgekeurd');
    expect(await overview.textContent()).toContain('Goedgekeurd met een kleinere werkingskost.');
    expect(await budget.textContent()).toContain('Toegekende subsidie€\u00a015.000,00');
    await expectAccessible(page, 'project (goedgekeurd)');
    await screenshot(page, 'project-approved');

    // It is saved: after a reload the project is approved and nothing is left to review.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Elke ouder welkom op school – Roeselare 2025' }).waitFor();
    expect(await page.getByRole('region', { name: 'Dossier', exact: true }).textContent()).toContain('StatusGoedgekeurd');
    // The viewer is known (role gating has run) before the absence below means anything.
    await page.getByText(/Aangemeld als .*\(dossierbehandelaar\)/).waitFor();
    expect(await page.getByRole('region', { name: 'Beoordeling', exact: true }).count()).toBe(0);
  });

  it('lets the Gent coordinator register a family in its own project and find it in the list', async () => {
    const page = await rig.page();
    await signIn(page, rig.url, 'coordinator.gent@schoolmix.demo');
    await page.goto(`${rig.url}/projecten`);
    const table = page.getByRole('table', { name: 'Projecten (3 projecten)' });
    await table.waitFor();
    // Shown once the Viewer request says this is Gent's coordinator: after it, the missing filter below means something.
    await page.getByText('De projecten die Gent trekt. U ziet alleen de projecten van uw eigen gemeente.').waitFor();
    await page.getByText(/Aangemeld als .*\(coördinator\) · Gent/).waitFor();
    expect(await page.getByLabel('Gemeente (trekker of partner)').count()).toBe(0);
    const leads = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(leads).toEqual(['Gent', 'Gent', 'Gent']);
    await expectAccessible(page, 'projecten (coördinator)');
    await screenshot(page, 'projects-list-coordinator');

    await table.getByRole('link', { name: 'Kies mee voor je buurtschool – Gent 2025' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kies mee voor je buurtschool – Gent 2025' }).waitFor();
    const families = page.getByRole('region', { name: 'Gezinnen', exact: true });
    const list = families.getByRole('table', { name: /Geregistreerde gezinnen/ });
    await list.waitFor();
    const before = await families.getByRole('navigation', { name: 'Paginering van de gezinnen' }).getByText(/van/).first().textContent();
    const total = Number(/van ([\d.]+)/.exec(before ?? '')![1]!.replace('.', ''));
    expect(total).toBeGreaterThan(20);
    expect(await page.getByRole('link', { name: 'Activiteit toevoegen' }).first().getAttribute('href')).toMatch(/^\/activiteiten\/nieuw\?project=[0-9a-f-]{36}$/);
    await expectAccessible(page, 'project (coördinator)');
    await screenshot(page, 'project-coordinator');

    await page.getByRole('link', { name: 'Gezin registreren' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Gezin registreren' }).waitFor();
    // Nothing filled in: every problem at once, next to its field.
    await page.getByRole('button', { name: 'Gezin registreren' }).click();
    await page.getByRole('alert').filter({ hasText: 'Het gezin is niet geregistreerd' }).waitFor();
    expect(await page.getByLabel('Gezinsreferentie').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Postcode').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'gezin registreren (fouten)');
    await screenshot(page, 'household-register-errors');

    await page.getByLabel('Gezinsreferentie').fill('E2E-GENT-0001');
    await page.getByLabel('Postcode').fill('9050');
    await page.getByLabel('Aantal kinderen').fill('2');
    await page.getByLabel('Het gezin geeft toestemming om de kenmerken hieronder te registreren').check();
    await page.getByLabel('Moeder is laagopgeleid').selectOption({ label: 'Ja' });
    await page.getByLabel('De thuistaal is niet het Nederlands').selectOption({ label: 'Ja' });
    await page.getByLabel('Voorkeurstaal voor contact').selectOption('tr');
    await expectAccessible(page, 'gezin registreren');
    await screenshot(page, 'household-register');
    await page.getByRole('button', { name: 'Gezin registreren' }).click();

    await page.locator('.toast').filter({ hasText: 'Gezin E2E-GENT-0001 is geregistreerd.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Kies mee voor je buurtschool – Gent 2025' }).waitFor();
    const first = page.getByRole('table', { name: /Geregistreerde gezinnen/ }).getByRole('row').nth(1);
    await first.getByRole('rowheader', { name: 'E2E-GENT-0001' }).waitFor();
    expect(await cells(first)).toEqual(['9050', '44021', '2', expect.stringMatching(/^\d\d\/\d\d\/\d{4}$/), 'ja', 'laagopgeleide moeder, thuistaal niet Nederlands', '0', 'Toestemming intrekken Wissen']);
    const after = await page.getByRole('navigation', { name: 'Paginering van de gezinnen' }).getByText(/van/).first().textContent();
    expect(after).toContain(`van ${new Intl.NumberFormat('nl-BE').format(total + 1)}`);
    await screenshot(page, 'project-coordinator-registered');

    // The same code again: the API refuses it, the form says why next to the field.
    await page.getByRole('link', { name: 'Gezin registreren' }).first().click();
    await page.getByLabel('Gezinsreferentie').fill('E2E-GENT-0001');
    await page.getByLabel('Postcode').fill('9000');
    await page.getByRole('button', { name: 'Gezin registreren' }).click();
    await page.locator('#hh-reference-error').filter({ hasText: 'Er is al een gezin met deze gezinsreferentie in dit project.' }).waitFor();
    expect(await page.getByLabel('Gezinsreferentie').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows an analyst a project without its families', async () => {
    const page = await rig.page();
    await signIn(page, rig.url, 'analyst@schoolmix.demo');
    const families: string[] = [];
    page.on('request', (request) => {
      const body = request.url().endsWith('/graphql') ? (request.postData() ?? '') : '';
      if (/\bhouseholds\s*\(|"operationName":"ProjectHouseholds"/.test(body)) families.push(body);
    });
    await page.goto(`${rig.url}/projecten?search=Gent+2025`);
    await page.getByRole('link', { name: 'Kies mee voor je buurtschool – Gent 2025' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kies mee voor je buurtschool – Gent 2025' }).waitFor();
    await page.getByRole('table', { name: 'Activiteiten van het project' }).waitFor();
    expect(await kpiCards(page)).toContain('202Bereikt');
    // The viewer is known (role gating has run) before the absences below mean anything.
    await page.getByText(/Aangemeld als .*\(analist\)/).waitFor();
    expect(await page.getByRole('region', { name: 'Gezinnen', exact: true }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Beoordeling', exact: true }).count()).toBe(0);
    expect(families).toEqual([]);
    await expectAccessible(page, 'project (analist)');
    await screenshot(page, 'project-analyst');
  });
});
