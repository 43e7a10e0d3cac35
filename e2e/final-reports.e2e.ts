import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, gql, screenshot, useRig } from './support.js';

/**
 * The final report round (issue 14, deliverable 1) against the real server with the demo data:
 * the Gent coordinator writes and submits the final report of its period-3 project (the figures
 * are frozen), the reviewer finds it on /eindrapporten and asks for changes with a note, the
 * coordinator answers and resubmits, the reviewer accepts — and the project is CLOSED.
 */
describe('final reports', () => {
  const rig = useRig();
  const title = 'Kies mee voor je buurtschool – Gent 2025';
  let projectUrl = '';

  const section = (page: Page) => page.getByRole('region', { name: 'Eindrapport' });
  /** Waits until the report's status reads `text` (Playwright's own wait, not a one-second poll). */
  const statusIs = (page: Page, text: string) => section(page).locator('.final-status').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();

  it('lets the Gent coordinator write and submit the report; the figures are frozen', async () => {
    const page = await rig.as('coordinator.gent@schoolmix.demo');
    const { projects } = await gql<{ projects: { nodes: { id: string; kpi: { reached: number } }[] } }>(
      page,
      `query($s: String!) { projects(filter: { search: $s }, first: 1) { nodes { id kpi { reached } } } }`,
      { s: title },
    );
    const project = projects.nodes[0]!;
    projectUrl = `${rig.url}/projecten/${project.id}`;
    await page.goto(projectUrl);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await statusIs(page, 'Ontwerp');
    await section(page).getByLabel('Wat werd er gedaan?').fill('Ouderavonden en schoolbezoeken met het LOP.');
    await section(page).getByLabel('Wat werkte goed?').fill('Schoolbezoeken in kleine groepen.');
    await section(page).getByLabel('Welke hindernissen waren er?').fill('Te weinig tolken.');
    await expectAccessible(page, 'eindrapport-schrijven');
    await section(page).getByRole('button', { name: 'Indienen' }).click();
    const figures = section(page).getByRole('table', { name: 'Cijfers zoals vastgelegd bij de indiening' });
    await figures.waitFor();
    expect(await figures.getByRole('row', { name: /^Bereikte gezinnen/ }).textContent()).toBe(`Bereikte gezinnen${project.kpi.reached}`);
    await statusIs(page, 'Ingediend');
    await screenshot(page, 'final-report-submitted');
    await page.close();
  });

  it('lets the reviewer find it on /eindrapporten and ask for changes with a note', async () => {
    const page = await rig.as('reviewer@schoolmix.demo');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Eindrapporten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eindrapporten' }).waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Ingediend' });
    const link = page.getByRole('table', { name: 'Eindrapporten' }).getByRole('link', { name: title });
    await link.waitFor();
    await expectAccessible(page, 'eindrapporten');
    await link.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const review = section(page).getByRole('form', { name: 'Eindrapport beoordelen' });
    await review.getByRole('button', { name: 'Aanpassingen vragen' }).click();
    await review.getByText('Zeg wat er moet veranderen.').first().waitFor();
    await review.getByLabel('Opmerking').fill('Beschrijf hoe jullie het tekort aan tolken opvingen.');
    await review.getByRole('button', { name: 'Aanpassingen vragen' }).click();
    await statusIs(page, 'Aanpassingen gevraagd');
    await page.close();
  });

  it('lets the coordinator answer the note and resubmit', async () => {
    const page = await rig.as('coordinator.gent@schoolmix.demo');
    await page.goto(projectUrl);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await statusIs(page, 'Aanpassingen gevraagd');
    expect(await section(page).textContent()).toContain('Beschrijf hoe jullie het tekort aan tolken opvingen.');
    await section(page).getByLabel('Welke hindernissen waren er?').fill('Te weinig tolken; het LOP zette vrijwillige tolken in.');
    await section(page).getByRole('button', { name: 'Indienen' }).click();
    await statusIs(page, 'Ingediend');
    await page.close();
  });

  it('lets the reviewer accept it: the project shows CLOSED', async () => {
    const page = await rig.as('reviewer@schoolmix.demo');
    await page.goto(projectUrl);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await section(page).getByRole('button', { name: 'Aanvaarden en project afsluiten' }).click();
    await statusIs(page, 'Aanvaard');
    const dossier = page.getByRole('region', { name: 'Dossier' });
    await dossier.getByText('Afgesloten', { exact: true }).first().waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await dossier.getByText('Afgesloten', { exact: true }).first().waitFor();
    const rows = await page.getByRole('region', { name: 'Verloop' }).getByRole('row').allTextContents();
    expect(rows.at(-1)).toMatch(/reviewer@schoolmix\.demoGoedgekeurd → AfgeslotenEindrapport aanvaard/);
    await screenshot(page, 'final-report-accepted');
    await page.close();
  });
});
