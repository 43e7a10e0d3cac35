import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { card, expectAccessible, gql, screenshot, signIn, useRig } from './support.js';

/**
 * Activities and attendance, as the Gent coordinator on the demo data: the list, an activity,
 * recording one family (the count changes at once), a CSV import whose bad row is shown before
 * anything is written, and the project's KPI going up by exactly one. Then the form, and the
 * same activity as an analyst (no families).
 */

const COORDINATOR = 'coordinator.gent@schoolmix.demo';
const ANALYST = 'analyst@schoolmix.demo';
const PROJECT_TITLE = 'Kies mee voor je buurtschool – Gent 2025';

describe('activities and attendance, as the Gent coordinator', () => {
  const rig = useRig();
  let page: Page;
  let projectId: string;
  let eventId: string;
  let fresh: string[];
  let reachedBefore: number;

  beforeAll(async () => {
    page = await rig.page({ width: 1366, height: 900 });
  });

  it('lists the 69 activities of the Gent projects, with the filters in the URL', async () => {
    await signIn(page, rig.url, COORDINATOR);
    await page.getByRole('link', { name: 'Activiteiten', exact: true }).click();
    const table = page.getByRole('table', { name: 'Activiteiten' });
    await table.waitFor();
    await page.getByText('69 activiteiten').waitFor();
    expect(await page.getByRole('link', { name: 'Activiteit toevoegen' }).count()).toBe(1);

    await page.getByLabel('Project').selectOption({ label: PROJECT_TITLE });
    await page.getByLabel('Annulering').selectOption({ label: 'Niet geannuleerd' });
    await page.waitForURL(/project=.+&cancelled=no/);
    projectId = new URL(page.url()).searchParams.get('project')!;
    await page.getByText(/^\d+ activiteiten$/).filter({ hasNotText: '69' }).waitFor();
    await page.getByLabel('Type').selectOption({ label: 'Ouderavond' });
    await page.waitForURL(/type=PARENT_EVENING/);
    await expect.poll(async () => (await table.locator('tbody tr td:nth-child(2)').allTextContents()).every((type) => type === 'Ouderavond')).toBe(true);
    await expectAccessible(page, 'activities list');
    await screenshot(page, 'events-list');
    // On a tablet the table scrolls sideways, by keyboard too.
    await page.setViewportSize({ width: 768, height: 1024 });
    await expectAccessible(page, 'activities list (tablet)');
    await screenshot(page, 'events-list-tablet');
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('opens an activity of the Gent project: facts, counts per status, the families recorded', async () => {
    // The newest activity of the project that counts for the KPI (not cancelled, organiser promotes the social mix).
    const { events } = await gql<{ events: { nodes: { id: string; organizer: { promotesSocialMix: boolean } }[] } }>(
      page,
      `query($p: ID!) { events(filter: { projectId: $p, cancelled: false }, first: 20, orderBy: [{ field: STARTS_AT, direction: DESC }]) { nodes { id organizer { promotesSocialMix } } } }`,
      { p: projectId },
    );
    eventId = events.nodes.find((e) => e.organizer.promotesSocialMix)!.id;

    await page.goto(`${rig.url}/activiteiten?project=${projectId}&cancelled=no`);
    await page.locator(`a[href="/activiteiten/${eventId}"]`).first().click();
    await page.waitForURL(new RegExp(`/activiteiten/${eventId}$`));
    await page.getByRole('region', { name: 'Gegevens' }).waitFor();
    expect(await page.getByRole('region', { name: 'Gegevens' }).textContent()).toContain('Ja: aanwezige gezinnen tellen als bereikt');
    await page.getByRole('table', { name: 'Geregistreerde gezinnen' }).waitFor();
    const attended = await card(page, 'Aanwezig');
    expect(attended).toBeGreaterThan(0);
    await expectAccessible(page, 'activity');
    await screenshot(page, 'event-detail');
  });

  it('records a family that was not yet reached: the count goes up at once', async () => {
    // Families of the project never recorded as ATTENDED (so not reached) and not yet at this activity.
    fresh = [];
    let after: string | null = null;
    type Page100 = {
      households: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: { reference: string; attendances: { nodes: { status: string; event: { id: string } }[] } }[];
      };
    };
    do {
      // 100 families × 40 attendances stays within a coordinator's query cost budget (10,000);
      // a demo family has a handful of attendances.
      const { households }: Page100 = await gql(
        page,
        `query($p: ID!, $after: String) { households(filter: { projectId: $p }, first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { reference attendances(first: 40) { nodes { status event { id } } } } } }`,
        { p: projectId, after },
      );
      for (const h of households.nodes) {
        const seen = h.attendances.nodes;
        if (!seen.some((a) => a.status === 'ATTENDED' || a.event.id === eventId)) fresh.push(h.reference);
      }
      after = households.pageInfo.hasNextPage ? households.pageInfo.endCursor : null;
    } while (after);
    expect(fresh.length).toBeGreaterThanOrEqual(3);

    // The KPI on the project page before anything is recorded (and the same through the API).
    reachedBefore = await reachedOnProjectPage(page, rig.url, projectId);
    expect(reachedBefore).toBe(await reachedByApi(page, projectId));

    await page.goto(`${rig.url}/activiteiten/${eventId}`);
    await page.getByRole('link', { name: 'Aanwezigheden registreren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanwezigheden registreren' }).waitFor();
    const before = await card(page, 'Aanwezig');
    await expectAccessible(page, 'attendance');
    await screenshot(page, 'attendance');

    await page.getByLabel('Gezinsreferentie').fill(fresh[0]!);
    await page.getByRole('group', { name: 'Registreren als' }).getByRole('button', { name: 'Aanwezig' }).click();
    await expect.poll(() => card(page, 'Aanwezig')).toBe(before + 1);
    await page.getByText(`${fresh[0]} geregistreerd: Aanwezig.`).waitFor();
    const latest = page.getByRole('table', { name: 'Laatst geregistreerde gezinnen, nieuwste eerst' });
    expect(await latest.locator('tbody tr').first().textContent()).toContain(fresh[0]);
    // The project's KPI on the same screen follows (refetched after the save).
    await expect.poll(() => card(page, 'Bereikte gezinnen')).toBe(reachedBefore + 1);
  });

  it('imports a CSV: the bad row is named before anything is written; removed, the rest is imported', async () => {
    const registeredBefore = await card(page, 'Ingeschreven');
    // Two families registered (not attended: the KPI stays as it is), one unknown reference.
    const csv = `gezinsreferentie;status\r\n${fresh[1]};ingeschreven\r\nONBEKEND-GEZIN;aanwezig\r\n${fresh[2]};ingeschreven\r\n`;
    await page.getByLabel('CSV-bestand', { exact: true }).setInputFiles({ name: 'ouderavond.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`, 'utf8') });

    const preview = page.getByRole('table', { name: 'Voorbeeld van ouderavond.csv: 3 rijen' });
    await preview.waitFor();
    await page.getByText('1 van de 3 rijen heeft een fout.', { exact: false }).waitFor();
    const bad = preview.locator('tr', { has: page.getByRole('rowheader', { name: '3', exact: true }) });
    expect(await bad.textContent()).toContain('Geen gezin met gezinsreferentie "ONBEKEND-GEZIN" in het project van de activiteit.');
    expect(await preview.locator('tr', { has: page.getByRole('rowheader', { name: '2', exact: true }) }).textContent()).toContain('In orde');
    expect(await page.getByRole('button', { name: /^Importeren/ }).isDisabled()).toBe(true);
    // The dry run wrote nothing.
    expect(await card(page, 'Ingeschreven')).toBe(registeredBefore);
    await expectAccessible(page, 'attendance import preview');
    await screenshot(page, 'attendance-import-preview');

    await preview.getByRole('button', { name: 'Rij 3 verwijderen' }).click();
    await page.getByText('Alle 2 rijen zijn in orde. Importeren geeft 2 nieuw, 0 gewijzigd, 0 ongewijzigd.').waitFor();
    await page.getByRole('button', { name: 'Importeren (2 rijen)' }).click();
    await page.getByText('Geïmporteerd: 2 nieuw, 0 gewijzigd, 0 ongewijzigd.', { exact: true }).waitFor();
    await page.getByText('Aanwezigheden geïmporteerd: 2 nieuw, 0 gewijzigd, 0 ongewijzigd.').waitFor();
    await expect.poll(() => card(page, 'Ingeschreven')).toBe(registeredBefore + 2);
    await screenshot(page, 'attendance-imported');
  });

  it('shows the project’s KPI one higher on the project page', async () => {
    const after = await reachedOnProjectPage(page, rig.url, projectId);
    expect(after).toBe(reachedBefore + 1);
    expect(await reachedByApi(page, projectId)).toBe(reachedBefore + 1);
  });

  it('adds an activity: the API’s refusal next to the start field, then saved; and edits it', async () => {
    await page.goto(`${rig.url}/activiteiten/nieuw?project=${projectId}`);
    await page.getByRole('heading', { level: 1, name: 'Activiteit toevoegen' }).waitFor();
    await page.getByRole('option', { name: 'LOP Basisonderwijs Gent' }).waitFor({ state: 'attached' });
    await page.getByRole('radio', { name: 'Ouderavond' }).check();
    await page.getByLabel('Organisator').selectOption({ label: 'LOP Basisonderwijs Gent' });
    await page.getByLabel('Begin').fill('2026-01-20T19:00');
    await page.getByLabel('Einde').fill('2026-01-20T21:00');
    await page.getByLabel('Locatie').fill('Stadsbibliotheek De Krook');
    await page.getByLabel('Talen').fill('nl, fr, tr');
    await page.getByRole('button', { name: 'Activiteit toevoegen' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Niet opgeslagen' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Begin: Het begin moet binnen de projectperiode vallen (01/10/2024 – 30/09/2025).');
    expect(await page.getByLabel('Begin').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'activity form with errors');
    await screenshot(page, 'event-form-errors');

    await page.getByLabel('Begin').fill('2025-05-20T19:00');
    await page.getByLabel('Einde').fill('2025-05-20T21:00');
    await page.getByRole('button', { name: 'Activiteit toevoegen' }).click();
    await page.waitForURL(/\/activiteiten\/[0-9a-f-]{36}$/);
    await page.getByText('Activiteit toegevoegd.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Ouderavond · Stadsbibliotheek De Krook' }).waitFor();
    expect(await page.getByRole('region', { name: 'Gegevens' }).textContent()).toContain('20/05/2025, 19:00');

    await page.getByRole('link', { name: 'Bewerken' }).click();
    await page.getByRole('heading', { level: 1, name: 'Activiteit bewerken' }).waitFor();
    expect(await page.getByLabel('Begin').inputValue()).toBe('2025-05-20T19:00');
    await expectAccessible(page, 'activity form (edit)');
    await screenshot(page, 'event-form-edit');
    await page.getByLabel('Locatie').fill('De Krook, zaal 2');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ouderavond · De Krook, zaal 2' }).waitFor();
    await page.getByText('Wijzigingen opgeslagen.').waitFor();
  });

  it('shows an analyst the activity with its counts but without families', async () => {
    const analyst = await rig.page({ width: 1024, height: 768 });
    await signIn(analyst, rig.url, ANALYST);
    await analyst.goto(`${rig.url}/activiteiten/${eventId}`);
    await analyst.getByText('Als analist ziet u geen individuele gezinnen, alleen de aantallen hierboven.').waitFor();
    expect(await analyst.getByRole('table').count()).toBe(0);
    expect(await analyst.getByRole('link', { name: 'Aanwezigheden registreren' }).count()).toBe(0);
    await expectAccessible(analyst, 'activity (analyst)');
    await screenshot(analyst, 'event-detail-analyst');
    await analyst.close();
  });
});

/** "Bereikt" on the project page (the projects screen's KPI cards). */
async function reachedOnProjectPage(page: Page, baseUrl: string, projectId: string): Promise<number> {
  await page.goto(`${baseUrl}/projecten/${projectId}`);
  const cards = page.getByRole('list', { name: 'KPI: bereikte gezinnen' });
  await cards.waitFor();
  const text = await cards.locator('.card', { has: page.locator('.label', { hasText: /^Bereikt$/ }) }).locator('.figure').textContent();
  return Number((text ?? '').replace(/\D/g, ''));
}

async function reachedByApi(page: Page, projectId: string): Promise<number> {
  const { project } = await gql<{ project: { kpi: { reached: number } } }>(page, `query($id: ID!) { project(id: $id) { kpi { reached } } }`, { id: projectId });
  return project.kpi.reached;
}
