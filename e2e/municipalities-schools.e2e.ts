import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, screenshot, signIn, useRig } from './support.js';

/**
 * The municipality and school screens against the real server with the demo data: a reviewer
 * walks gemeenten → Gent → a school; pre-2025 codes and their mergers; the school list; what a
 * coordinator and an analyst see. axe on every screen, a screenshot of each.
 */
describe('municipality and school screens', () => {
  const rig = useRig();

  const newPage = (viewport = { width: 1366, height: 900 }): Promise<Page> => rig.page(viewport);

  /** The GraphQL operations the page sends from now on, by name. */
  function operations(page: Page): string[] {
    const names: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql')) names.push((request.postDataJSON() as { operationName?: string } | null)?.operationName ?? '?');
    });
    return names;
  }

  /** Neither the page nor any of its tables scrolls sideways: everything fits the width. */
  async function expectNoSidewaysScroll(page: Page): Promise<void> {
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    const tables = await page.evaluate(() => [...document.querySelectorAll('.table-wrap')].map((box) => box.scrollWidth - box.clientWidth));
    expect(tables.filter((overflow) => overflow > 0)).toEqual([]);
  }

  it('walks a reviewer from the municipalities to Gent, its projects and social mix, and on to a school', async () => {
    const page = await newPage();
    await signIn(page, rig.url, 'reviewer@schoolmix.demo');

    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Gemeenten' }).click();
    await page.getByRole('table', { name: 'Gemeenten (285 gemeenten)' }).waitFor();
    expect(await page.title()).toBe('Gemeenten · Schoolmix');
    await expectAccessible(page, 'gemeenten');
    await screenshot(page, 'municipalities-list');

    await page.getByRole('searchbox', { name: 'Zoek op naam of NIS-code' }).fill('Gent');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    const list = page.getByRole('table', { name: 'Gemeenten (1 gemeente)' });
    await list.waitFor();
    expect(new URL(page.url()).searchParams.get('search')).toBe('Gent');
    const row = list.getByRole('row', { name: /Gent/ });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells).toEqual(['Gent', '44021', 'Oost-Vlaanderen', '263.927', '—', '3']);

    await row.getByRole('link', { name: 'Gent' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gent' }).waitFor();
    const projects = page.getByRole('region', { name: 'Projecten per projectperiode' });
    expect(await projects.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      // Each period's state in the shared words (issue 18): 1 and 2 are closed, 3 has ended with its report still open.
      'Projectperiode 1 (2022–2023) (afgesloten)',
      'Projectperiode 2 (2023–2024) (afgesloten)',
      'Projectperiode 3 (2024–2025) (afgelopen)',
    ]);
    const current = projects.getByRole('row', { name: /Kies mee voor je buurtschool – Gent 2025/ });
    expect(await current.getByRole('cell').allTextContents()).toEqual(['Kies mee voor je buurtschool – Gent 2025', 'Goedgekeurd', '281', '202', '72%']);
    expect(await projects.getByRole('row', { name: /Gent 2024/ }).getByRole('cell').nth(1).textContent()).toBe('Afgesloten');
    expect(await current.getByRole('link').getAttribute('href')).toMatch(/^\/projecten\/[0-9a-f-]{36}$/);

    const mix = page.getByRole('region', { name: 'Sociale mix in de scholen' });
    await mix.getByLabel('Schooljaar', { exact: true }).waitFor();
    expect(await mix.getByLabel('Schooljaar', { exact: true }).inputValue()).toBe('2024-2025');
    const cards = mix.getByRole('list', { name: 'Sociale-mixindexen in 2024-2025' });
    expect(await cards.getByRole('listitem').filter({ hasText: 'Dissimilariteit D' }).textContent()).toContain('0,178');
    expect(await cards.getByRole('listitem').filter({ hasText: 'Theil H' }).textContent()).toContain('0,034');
    await mix.getByRole('img', { name: /Dissimilariteit D per schooljaar: 2022-2023 0,224, 2023-2024 0,197, 2024-2025 0,178/ }).waitFor();
    const trend = mix.getByRole('table', { name: 'Sociale-mixindexen per schooljaar' });
    expect(await trend.getByRole('columnheader').allTextContents()).toEqual(['Kengetal', '2022-2023', '2023-2024', '2024-2025']);
    expect(await trend.getByRole('row', { name: /Dissimilariteit D/ }).getByRole('cell').allTextContents()).toEqual(['0,224', '0,197', '0,178']);
    expect(await trend.getByRole('row', { name: /^Leerlingen/ }).getByRole('cell').allTextContents()).toEqual(['12.803', '12.778', '12.765']);
    await mix.getByLabel('Schooljaar', { exact: true }).selectOption('2022-2023');
    await mix.getByRole('list', { name: 'Sociale-mixindexen in 2022-2023' }).waitFor();
    expect(new URL(page.url()).searchParams.get('schooljaar')).toBe('2022-2023');

    await page.getByRole('region', { name: 'Gegevens' }).getByText('geen fusie').waitFor();
    const schools = page.getByRole('region', { name: 'Scholen' });
    expect(await schools.getByText('25 van 39 scholen, op naam.').count()).toBe(1);
    await expectAccessible(page, 'gemeente Gent');
    await screenshot(page, 'municipality-gent');

    const firstSchool = schools.getByRole('table').getByRole('link').first();
    const schoolName = (await firstSchool.textContent())!;
    const sent = operations(page);
    await firstSchool.click();
    await page.getByRole('heading', { level: 1, name: schoolName }).waitFor();
    const facts = page.getByRole('region', { name: 'Gegevens' });
    expect(await facts.getByRole('link', { name: 'Gent' }).count()).toBe(1);
    const mirror = page.getByRole('table', { name: 'School tegenover buurt per schooljaar' });
    await mirror.waitFor();
    expect(await mirror.getByRole('row').count()).toBe(4);
    const latest = await mirror.getByRole('row', { name: /2024-2025/ }).getByRole('cell').allTextContents();
    expect(latest[0]).toMatch(/^\d{1,3},\d%$/);
    expect(latest[1]).toMatch(/^\d{1,3},\d%$/);
    expect(latest[2]).toMatch(/^[+−]?\d+,\d pp$/);
    expect(latest[3]).toMatch(/^(ja, binnen|nee, meer dan) 10 pp$/);
    const characteristics = page.getByRole('table', { name: 'Leerlingenkenmerken per schooljaar' });
    expect(await characteristics.getByRole('columnheader').allTextContents()).toEqual(['Kenmerk', '2022-2023', '2023-2024', '2024-2025']);
    await page.getByRole('img', { name: /2022-2023: school \d/ }).waitFor();
    // The detail, then the mirror of each of the three school years at once (the API takes one year per field).
    expect(sent).toEqual(['SchoolDetail', 'SchoolDetailMirror', 'SchoolDetailMirror', 'SchoolDetailMirror']);
    await expectAccessible(page, 'school');
    await screenshot(page, 'school-detail');
    await page.close();
  });

  it('shows the pre-2025 codes, the merger both ways, and the school list with its filters', async () => {
    const page = await newPage();
    await signIn(page, rig.url, 'admin@schoolmix.demo');

    await page.goto(`${rig.url}/gemeenten?validity=all`);
    await page.getByRole('table', { name: 'Gemeenten (312 gemeenten)' }).waitFor();
    await page.getByRole('searchbox', { name: 'Zoek op naam of NIS-code' }).fill('Borsbeek');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    const row = page.getByRole('table', { name: 'Gemeenten (1 gemeente)' }).getByRole('row', { name: /Borsbeek/ });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(4).textContent()).toBe('opgegaan in Antwerpen');
    await row.getByRole('link', { name: 'Borsbeek' }).click();
    await page.getByRole('heading', { level: 1, name: 'Borsbeek' }).waitFor();
    const notice = page.getByText(/Deze NIS-code gold tot en met 31\/12\/2024/);
    const sent = operations(page);
    await notice.getByRole('link', { name: 'Antwerpen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Antwerpen' }).waitFor();
    await page.getByRole('region', { name: 'Gegevens' }).getByRole('link', { name: 'Borsbeek (11007)' }).waitFor();
    await page.getByRole('region', { name: 'Sociale mix in de scholen' }).getByLabel('Schooljaar', { exact: true }).waitFor();
    // The mergers come with the detail: two requests for the whole page.
    expect(sent.sort()).toEqual(['MunicipalityDetail', 'MunicipalitySocialMix']);
    await screenshot(page, 'municipality-antwerpen');

    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Scholen' }).click();
    await page.getByRole('table', { name: 'Scholen (335 scholen)' }).waitFor();
    await expectAccessible(page, 'scholen');
    const municipality = page.getByLabel('Gemeente', { exact: true });
    await municipality.locator('option', { hasText: 'Gent' }).first().waitFor({ state: 'attached' });
    await municipality.selectOption({ label: 'Gent' });
    await page.getByRole('table', { name: 'Scholen (39 scholen)' }).waitFor();
    await page.getByLabel('Niveau').selectOption({ label: 'Secundair onderwijs' });
    const filtered = page.getByRole('table', { name: 'Scholen (5 scholen)' });
    await filtered.waitFor();
    const levels = await filtered.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(new Set(levels)).toEqual(new Set(['Secundair onderwijs']));
    const search = new URL(page.url()).searchParams;
    expect(search.get('level')).toBe('SECONDARY');
    expect(search.get('municipality')).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(page, 'schools-list');
    await page.close();
  });

  it('fits a tablet (820×1180): lists and details without sideways scrolling of page or tables, axe on each', async () => {
    const page = await newPage({ width: 820, height: 1180 });
    await signIn(page, rig.url, 'reviewer@schoolmix.demo');

    await page.goto(`${rig.url}/gemeenten`);
    await page.getByRole('table', { name: 'Gemeenten (285 gemeenten)' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, 'gemeenten (tablet)');
    await screenshot(page, 'municipalities-list-tablet');

    await page.goto(`${rig.url}/gemeenten?search=Gent`);
    await page.getByRole('table', { name: 'Gemeenten (1 gemeente)' }).getByRole('link', { name: 'Gent' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gent' }).waitFor();
    await page.getByRole('table', { name: 'Sociale-mixindexen per schooljaar' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, 'gemeente Gent (tablet)');
    await screenshot(page, 'municipality-gent-tablet');

    await page.goto(`${rig.url}/scholen`);
    await page.getByRole('table', { name: 'Scholen (335 scholen)' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, 'scholen (tablet)');
    await screenshot(page, 'schools-list-tablet');

    await page.getByRole('table').getByRole('link').first().click();
    await page.getByRole('table', { name: 'School tegenover buurt per schooljaar' }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page, 'school (tablet)');
    await screenshot(page, 'school-detail-tablet');
    await page.close();
  });

  it('shows a coordinator the own projects, and only the count of another municipality’s', async () => {
    const page = await newPage();
    await signIn(page, rig.url, 'coordinator.gent@schoolmix.demo');
    await page.goto(`${rig.url}/gemeenten?search=Antwerpen`);
    await page.getByRole('table', { name: 'Gemeenten (1 gemeente)' }).getByRole('link', { name: 'Antwerpen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Antwerpen' }).waitFor();
    // Antwerpen's 3 and Borsbeek's 1 (merged into Antwerpen in 2025: the roll-up rule, issue 18).
    await page.getByText('Deze gemeente trekt 4 projecten. U ziet de projecten van uw eigen gemeente.').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByRole('region', { name: 'Sociale mix in de scholen' }).getByLabel('Schooljaar', { exact: true }).waitFor();
    await page.close();
  });

  it('shows an analyst a withheld school share as withheld', async () => {
    const page = await newPage();
    await signIn(page, rig.url, 'analyst@schoolmix.demo');
    await page.goto(`${rig.url}/scholen?search=583272`);
    await page.getByRole('table', { name: 'Scholen (1 school)' }).getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: 'Vrije Kleuterschool Sint-Lodewijk (synthetisch)' }).waitFor();
    const mirror = page.getByRole('table', { name: 'School tegenover buurt per schooljaar' });
    await mirror.waitFor();
    const cells = await mirror.getByRole('row', { name: /2024-2025/ }).getByRole('cell').allTextContents();
    expect(cells).toEqual(['afgeschermd', 'afgeschermd', 'afgeschermd', 'afgeschermd: te weinig (indicator)leerlingen']);
    // Every share withheld: a sentence instead of an empty chart.
    await page.getByText(/Geen grafiek: de aandelen van school en buurt zijn voor geen enkel schooljaar beschikbaar/).waitFor();
    await expectAccessible(page, 'school (analist)');
    await screenshot(page, 'school-detail-analyst');
    await page.close();
  });
});
