import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, gql, screenshot, useRig } from './support.js';

/**
 * The application workflow against the real server with the demo data (SPEC §9 steps 1–3): the
 * administrator sets up a new period whose application window is open today; the Gent
 * coordinator applies and submits; the reviewer sends it back with a note; the coordinator edits
 * and resubmits; the reviewer approves; the history ("Verloop") lists every step. Then the end
 * of a period (SPEC §9 step 7): attendance is recorded in Gent's project of period 3 (ended, its
 * report still open), the administrator closes the period's report, and the same attendance
 * screen refuses the next family with PERIOD_CLOSED; the event's count stays as it was.
 */
describe('applications', () => {
  const rig = useRig();
  // A period whose call is open all this calendar year (the server uses the real clock here).
  const year = new Date().getFullYear();
  const label = `Projectperiode 4 (${year}–${year + 1})`;
  let projectUrl = '';

  const history = (page: Page) => page.getByRole('region', { name: 'Verloop' }).getByRole('row');

  it('lets an administrator set up a period with its application window', async () => {
    const page = await rig.as('admin@schoolmix.demo');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Periodes' }).click();
    await page.getByRole('table', { name: 'Projectperiodes, oudste eerst' }).waitFor();
    await page.getByRole('button', { name: 'Nieuwe periode' }).click();
    const form = page.getByRole('form', { name: 'Nieuwe projectperiode' });
    await form.getByLabel('Nummer').fill('4');
    await form.getByLabel('Naam').fill(label);
    await form.getByLabel('Begint op').fill(`${year}-10-01`);
    await form.getByLabel('Eindigt op').fill(`${year + 1}-09-30`);
    await form.getByLabel('Aanvragen vanaf').fill(`${year}-01-01`);
    await form.getByLabel('Aanvragen tot en met').fill(`${year}-12-31`);
    await form.getByLabel('Eindrapport tegen').fill(`${year + 1}-10-31`);
    await expectAccessible(page, 'periodes');
    await form.getByRole('button', { name: 'Periode aanmaken' }).click();
    const row = page.getByRole('row', { name: label });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toContain('€\u00a051.000,00 (300)');
    await screenshot(page, 'periods');
    await page.close();
  });

  it('lets the Gent coordinator apply inside the window and submit', async () => {
    const page = await rig.as('coordinator.gent@schoolmix.demo');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Projecten' }).click();
    await page.getByRole('link', { name: 'Nieuwe aanvraag' }).click();
    const form = page.getByRole('form', { name: 'Nieuwe aanvraag' });
    await form.waitFor();
    expect(await form.getByLabel('Projectperiode').inputValue()).not.toBe('');
    await form.getByLabel('Projectperiode').selectOption({ label });
    expect(await form.textContent()).toContain(`Aanvragen voor ${label} kunnen van 01/01/${year} tot en met 31/12/${year}.`);
    await form.getByLabel('Titel').fill(`Samen naar de buurtschool – Gent ${year + 1}`);
    await form.getByLabel('Huidig bereik (gezinnen)').fill('20');
    await form.getByLabel('Doel (gezinnen)').fill('100');
    await expectAccessible(page, 'aanvraag');
    await screenshot(page, 'application-form');
    await form.getByRole('button', { name: 'Aanvraag bewaren als ontwerp' }).click();

    await page.getByRole('heading', { level: 1, name: `Samen naar de buurtschool – Gent ${year + 1}` }).waitFor();
    projectUrl = page.url();
    expect(projectUrl).toMatch(/\/projecten\/[0-9a-f-]{36}$/);
    const overview = page.getByRole('region', { name: 'Dossier' });
    expect(await overview.textContent()).toContain('Ontwerp');
    expect(await page.getByRole('region', { name: 'Budget' }).textContent()).toContain('€\u00a017.000,00');
    await page.getByRole('region', { name: 'Indienen' }).getByLabel('Nota bij de indiening (niet verplicht)').fill('Eerste indiening');
    await page.getByRole('button', { name: 'Indienen', exact: true }).click();
    await page.getByRole('region', { name: 'Indienen' }).waitFor({ state: 'detached' });
    expect(await overview.textContent()).toContain('Ingediend');
    expect(await history(page).count()).toBe(2);
    await page.close();
  });

  it('lets a reviewer send it back with a note', async () => {
    const page = await rig.as('reviewer@schoolmix.demo');
    await page.goto(projectUrl);
    const review = page.getByRole('region', { name: 'Beoordeling' });
    await review.getByLabel('Nota').fill('Voeg de partnerscholen toe en verhoog het doel.');
    await review.getByRole('button', { name: 'Terugsturen voor aanpassingen' }).click();
    await page.getByText('Aanvraag teruggestuurd voor aanpassingen.', { exact: true }).first().waitFor();
    await page.getByRole('region', { name: 'Verloop' }).getByText('Voeg de partnerscholen toe en verhoog het doel.').waitFor();
    await page.close();
  });

  it('lets the coordinator see the note, edit and resubmit', async () => {
    const page = await rig.as('coordinator.gent@schoolmix.demo');
    await page.goto(projectUrl);
    await page.getByRole('link', { name: 'Aanvraag bewerken' }).click();
    const form = page.getByRole('form', { name: 'Aanvraag bewerken' });
    await form.waitFor();
    expect(await page.getByRole('note').textContent()).toContain('Voeg de partnerscholen toe en verhoog het doel.');
    await form.getByLabel('Doel (gezinnen)').fill('120');
    await form.getByLabel('Gevraagde subsidie (€)').fill('20.400,00');
    await form.getByLabel('Cofinanciering (€)').fill('20.400,00');
    // The partner schools the reviewer asked for, and a partner organisation, all of Gent.
    await form.getByRole('group', { name: 'Partnerorganisaties' }).getByRole('checkbox', { name: 'Dienst Onderwijs Gent' }).check();
    const schools = form.getByRole('group', { name: 'Scholen' });
    await schools.getByRole('searchbox', { name: 'Zoek een school' }).fill('College Het');
    await schools.getByRole('checkbox', { name: 'College Het Anker (synthetisch) · 9050' }).check();
    await schools.getByRole('checkbox', { name: 'College Het Zonnetje (synthetisch) · 9042' }).check();
    await expectAccessible(page, 'aanvraag-bewerken');
    await form.getByRole('button', { name: 'Wijzigingen bewaren' }).click();
    await page.getByRole('region', { name: 'Indienen' }).waitFor();
    expect(await page.getByRole('region', { name: 'Budget' }).textContent()).toContain('€\u00a020.400,00');
    const linked = await page.getByRole('region', { name: 'Scholen' }).getByRole('row').allTextContents();
    expect(linked.slice(1).map((row) => row.split(' (synthetisch)')[0])).toEqual(['College Het Anker', 'College Het Zonnetje']);
    expect(await page.getByRole('region', { name: 'Partners' }).textContent()).toContain('Dienst Onderwijs Gent');
    await page.getByRole('button', { name: 'Indienen', exact: true }).click();
    await page.getByRole('region', { name: 'Indienen' }).waitFor({ state: 'detached' });
    expect(await history(page).count()).toBe(4);
    await page.close();
  });

  it('lets the reviewer approve it and shows the whole history on the project page', async () => {
    const page = await rig.as('reviewer@schoolmix.demo');
    await page.goto(projectUrl);
    const review = page.getByRole('region', { name: 'Beoordeling' });
    await review.getByRole('button', { name: 'Goedkeuren' }).click();
    await page.getByText('Project goedgekeurd met €\u00a020.400,00 subsidie.', { exact: true }).first().waitFor();
    await page.reload();
    const rows = history(page);
    await rows.nth(4).waitFor();
    const texts = await rows.allTextContents();
    expect(texts).toHaveLength(5);
    expect(texts[1]).toMatch(/coordinator\.gent@schoolmix\.demoOntwerp → IngediendEerste indiening/);
    expect(texts[2]).toMatch(/reviewer@schoolmix\.demoIngediend → OntwerpVoeg de partnerscholen toe en verhoog het doel\./);
    expect(texts[3]).toMatch(/coordinator\.gent@schoolmix\.demoOntwerp → Ingediend—/);
    expect(texts[4]).toMatch(/reviewer@schoolmix\.demoIngediend → Goedgekeurd/);
    expect(await page.getByRole('region', { name: 'Dossier' }).textContent()).toContain('Goedgekeurd');
    await expectAccessible(page, 'project-verloop');
    await screenshot(page, 'project-history');
    await page.close();
  });

  it('records attendance while period 3 is open; once the administrator closes its report, attendance is refused', async () => {
    const coordinator = await rig.as('coordinator.gent@schoolmix.demo');
    const { projects } = await gql<{ projects: { nodes: { id: string }[] } }>(
      coordinator,
      `query { projects(filter: { search: "Kies mee voor je buurtschool – Gent 2025" }, first: 1) { nodes { id } } }`,
    );
    const projectId = projects.nodes[0]!.id;
    type EventsAndFamilies = {
      events: { nodes: { id: string; organizer: { promotesSocialMix: boolean }; attendances: { nodes: { household: { reference: string } }[] } }[] };
      households: { nodes: { reference: string }[] };
    };
    const data = await gql<EventsAndFamilies>(
      coordinator,
      `query($p: ID!) {
        events(filter: { projectId: $p, cancelled: false }, first: 5, orderBy: [{ field: STARTS_AT, direction: DESC }]) { nodes { id organizer { promotesSocialMix } attendances(first: 100) { nodes { household { reference } } } } }
        households(filter: { projectId: $p }, first: 100) { nodes { reference } }
      }`,
      { p: projectId },
    );
    const event = data.events.nodes.find((e) => e.organizer.promotesSocialMix)!;
    const present = new Set(event.attendances.nodes.map((a) => a.household.reference));
    const [first, second] = data.households.nodes.map((h) => h.reference).filter((r) => !present.has(r));
    expect(second).toBeDefined();
    const attended = async () => (await gql<{ event: { attendanceCount: number } }>(coordinator, `query($id: ID!) { event(id: $id) { attendanceCount } }`, { id: event.id })).event.attendanceCount;

    const record = async (reference: string) => {
      await coordinator.goto(`${rig.url}/activiteiten/${event.id}/aanwezigheden`);
      await coordinator.getByRole('heading', { level: 1, name: 'Aanwezigheden registreren' }).waitFor();
      await coordinator.getByLabel('Gezinsreferentie').fill(reference);
      await coordinator.getByRole('group', { name: 'Registreren als' }).getByRole('button', { name: 'Aanwezig' }).click();
    };
    const before = await attended();
    await record(first!);
    await coordinator.getByText(`${first} geregistreerd: Aanwezig.`).first().waitFor();
    expect(await attended()).toBe(before + 1);

    const admin = await rig.as('admin@schoolmix.demo');
    // A period becomes FINAL only once every funded project's final report is accepted or waived
    // (issue 14): the demo's period-3 reports are drafts, so the administrator waives them first.
    const { fundingPeriods } = await gql<{ fundingPeriods: { nodes: { id: string; number: number }[] } }>(admin, `query { fundingPeriods(first: 100) { nodes { id number } } }`);
    const p3 = fundingPeriods.nodes.find((p) => p.number === 3)!.id;
    const { finalReports } = await gql<{ finalReports: { nodes: { status: string; version: number; project: { id: string } }[] } }>(
      admin,
      `query($p: ID!) { finalReports(fundingPeriodId: $p, first: 100) { nodes { status version project { id } } } }`,
      { p: p3 },
    );
    for (const r of finalReports.nodes.filter((n) => n.status !== 'ACCEPTED' && n.status !== 'WAIVED')) {
      const { waiveFinalReport } = await gql<{ waiveFinalReport: { userErrors: unknown[] } }>(
        admin,
        `mutation($input: WaiveFinalReportInput!) { waiveFinalReport(input: $input) { userErrors { code } } }`,
        { input: { projectId: r.project.id, version: r.version, reason: 'Einde van de proef (e2e)' } },
      );
      expect(waiveFinalReport.userErrors).toEqual([]);
    }
    await admin.goto(`${rig.url}/periodes`);
    await admin.getByRole('button', { name: /^Rapportage afsluiten: Projectperiode 3/ }).click();
    const closing = admin.getByRole('region', { name: 'Rapportage van periode 3 afsluiten' });
    expect(await closing.textContent()).toContain('de goedgekeurde projecten worden afgesloten');
    await expectAccessible(admin, 'periode-afsluiten');
    await closing.getByRole('button', { name: 'Definitief afsluiten' }).click();
    await admin.getByText('Rapportage afgesloten: de cijfers zijn definitief.').first().waitFor();
    const row = admin.getByRole('row', { name: /Projectperiode 3/ });
    await expect.poll(async () => (await row.getByRole('cell').allTextContents()).join(' ')).toContain('afgesloten');
    await admin.close();

    await record(second!);
    await coordinator.getByText('De cijfers van dit project liggen vast (project afgesloten of periode definitief): er kunnen geen aanwezigheden meer bij.').waitFor();
    expect(await attended()).toBe(before + 1);
    await screenshot(coordinator, 'attendance-period-closed');
    await coordinator.close();
  });
});
