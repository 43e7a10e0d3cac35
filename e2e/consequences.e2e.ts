import { describe, expect, it } from 'vitest';
import { expectAccessible, gql, screenshot, useRig } from './support.js';

/**
 * Issue 18 on the demo data: merged municipalities (a reviewer goes from the dashboard's worst
 * municipality to its project in two clicks; Beveren-Kruibeke-Zwijndrecht shows its
 * predecessors' projects and schools, marked "(voorheen …)"), honest wording after a period
 * (period 3 ended: no forecast), and consequences before they happen (cancelling an activity
 * says which families stop counting and the new reach, and then the reach is exactly that).
 */

const PROJECT_TITLE = 'Kies mee voor je buurtschool – Gent 2025';

describe('merged municipalities, honest wording and consequences (issue 18)', () => {
  const rig = useRig();

  it('takes a reviewer from the dashboard’s worst municipality to its project in two clicks, with no forecast for ended period 3', async () => {
    const page = await rig.as('reviewer@schoolmix.demo');
    const { municipalityByNisCode: bkz } = await gql<{
      municipalityByNisCode: { id: string; projects: { nodes: { title: string; fundingPeriod: { number: number } }[] } };
    }>(page, `{ municipalityByNisCode(nisCode: "46030") { id projects(first: 10, includeMerged: true) { nodes { title fundingPeriod { number } } } } }`);
    expect(bkz.projects.nodes.length).toBeGreaterThan(0);
    const { number } = bkz.projects.nodes[0]!.fundingPeriod;

    await page.goto(`${rig.url}/?periode=${number}&volgorde=achter`);
    const table = page.getByRole('table', { name: /^KPI-voortgang per gemeente, / });
    await table.waitFor();
    // The period's state is said, and an ended period shows no forecast column.
    await page.getByText(/: afgelopen\. Deze projectperiode is afgelopen op/).waitFor();
    expect(await table.getByRole('columnheader', { name: 'Verwacht tegen nu' }).count()).toBe(0);

    // Click 1: the worst municipality (behind first).
    const worst = table.locator('tbody tr').first().getByRole('link');
    const worstName = (await worst.textContent())!;
    await worst.click();
    await page.getByRole('heading', { level: 1, name: worstName }).waitFor();
    const projects = page.getByRole('region', { name: 'Projecten per projectperiode' });
    await projects.getByRole('table').first().waitFor();
    expect(await projects.getByText('Deze gemeente trekt (nog) geen project.').count()).toBe(0);
    // Click 2: its project.
    const project = projects.getByRole('table').first().getByRole('link').first();
    const title = (await project.textContent())!;
    await project.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const kpi = page.getByRole('list', { name: 'KPI: bereikte gezinnen' });
    await kpi.waitFor();
    const cards = (await kpi.getByRole('listitem').allTextContents()).join(' | ');
    expect(cards).not.toMatch(/verwacht tegen nu|op schema/i);
    expect(cards).toMatch(/afgelopen|afgesloten/);
    expect(cards).toMatch(/doel (niet )?gehaald/);

    // Beveren-Kruibeke-Zwijndrecht (2025) shows what its predecessors lead and hold, each marked.
    await page.goto(`${rig.url}/gemeenten/${bkz.id}`);
    await page.getByRole('heading', { level: 1, name: 'Beveren-Kruibeke-Zwijndrecht' }).waitFor();
    const bkzProjects = page.getByRole('region', { name: 'Projecten per projectperiode' });
    await bkzProjects.getByRole('link', { name: bkz.projects.nodes[0]!.title }).waitFor();
    expect(await bkzProjects.textContent()).toMatch(/\(voorheen (Beveren|Kruibeke|Zwijndrecht)\)/);
    expect(await bkzProjects.textContent()).toContain('Met de gemeenten die op 1 januari 2025 in Beveren-Kruibeke-Zwijndrecht opgingen');
    const schools = page.getByRole('region', { name: 'Scholen' });
    expect(await schools.getByText('Geen scholen in deze gemeente.').count()).toBe(0);
    expect(await schools.getByText(/\(voorheen (Beveren|Kruibeke|Zwijndrecht)\)/).count()).toBeGreaterThan(0);
    const facts = await page.getByRole('list', { name: 'Gegevens' }).getByRole('listitem').allTextContents();
    expect(Number(facts[0]!.replace(/\D/g, ''))).toBe(bkz.projects.nodes.length);
    await expectAccessible(page, 'fusiegemeente');
    await screenshot(page, 'merged-municipality');
    await page.close();
  });

  it('says, before an activity is cancelled, which families stop counting and the new reach — and then the reach is exactly that', async () => {
    const page = await rig.as('coordinator.gent@schoolmix.demo');
    const { projects } = await gql<{ projects: { nodes: { id: string }[] } }>(page, `query($s: String) { projects(filter: { search: $s }, first: 1) { nodes { id } } }`, {
      s: PROJECT_TITLE,
    });
    const projectId = projects.nodes[0]!.id;
    const { events } = await gql<{ events: { nodes: { id: string; version: number; attended: number | null; organizer: { promotesSocialMix: boolean } }[] } }>(
      page,
      `query($p: ID!) { events(filter: { projectId: $p, cancelled: false }, first: 50) { nodes { id version attended: attendanceCount(status: ATTENDED) organizer { promotesSocialMix } } } }`,
      { p: projectId },
    );
    type Preview = { householdsNoLongerReached: number; projects: { reachedBefore: number; reachedAfter: number; targetHouseholds: number }[]; userErrors: unknown[] };
    let chosen: { id: string; preview: Preview } | null = null;
    for (const e of events.nodes.filter((x) => x.organizer.promotesSocialMix && (x.attended ?? 0) > 0)) {
      const { previewCancelEvent } = await gql<{ previewCancelEvent: Preview }>(
        page,
        `query($input: CancelEventInput!) { previewCancelEvent(input: $input) { householdsNoLongerReached userErrors { code } projects { reachedBefore reachedAfter targetHouseholds } } }`,
        { input: { id: e.id, version: e.version } },
      );
      if (previewCancelEvent.householdsNoLongerReached > 0) {
        chosen = { id: e.id, preview: previewCancelEvent };
        break;
      }
    }
    expect(chosen).not.toBeNull();
    const { id, preview } = chosen!;
    const [figures] = preview.projects;
    const kpiOf = async () =>
      (await gql<{ project: { kpi: { reached: number } } }>(page, `query($id: ID!) { project(id: $id) { kpi { reached } } }`, { id: projectId })).project.kpi.reached;
    // The preview wrote nothing.
    expect(await kpiOf()).toBe(figures!.reachedBefore);

    await page.goto(`${rig.url}/activiteiten/${id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('button', { name: /nnuleren/ }).first().click();
    const panel = page.getByRole('region', { name: 'Activiteit annuleren?' });
    const lost = preview.householdsNoLongerReached;
    await panel.getByText(lost === 1 ? '1 gezin telt niet meer mee als bereikt.' : `${lost} gezinnen tellen niet meer mee als bereikt.`).waitFor();
    expect(await panel.getByRole('status').textContent()).toContain(
      `${PROJECT_TITLE}: bereik ${figures!.reachedBefore} → ${figures!.reachedAfter} van ${figures!.targetHouseholds}`,
    );
    await expectAccessible(page, 'activiteit annuleren (gevolgen)');
    await screenshot(page, 'cancel-consequences');

    await panel.getByRole('button', { name: 'Activiteit annuleren' }).click();
    await page.getByText(/Deze activiteit werd geannuleerd op/).waitFor();
    expect(await kpiOf()).toBe(figures!.reachedAfter);
    await page.close();
  });
});
