import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { card, expectAccessible, gql, screenshot, signIn, useRig } from './support.js';

/**
 * The Gent coordinator on a phone (360 × 740), issue 18: a compact header with a menu button,
 * every route a coordinator uses no wider than the screen and without serious or critical axe
 * findings, recording attendance at the door on the event page of a parent evening with the
 * phone's keyboard (type a part, pick the family from the suggestions with the arrow keys and
 * Enter, Aanwezig, next family: the field is empty and focused again), and the CSV preview's error
 * reason on screen.
 */

const COORDINATOR = 'coordinator.gent@schoolmix.demo';
const PROJECT_TITLE = 'Kies mee voor je buurtschool – Gent 2025';
const PHONE = { width: 360, height: 740 };

/** How many px the page is wider than the screen (0 when it fits). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('a coordinator on a phone (360 × 740)', () => {
  const rig = useRig();
  let page: Page;
  let projectId: string;
  let eventId: string;

  beforeAll(async () => {
    page = await rig.page(PHONE);
    await signIn(page, rig.url, COORDINATOR);
    const { projects } = await gql<{ projects: { nodes: { id: string; title: string }[] } }>(page, `{ projects(first: 50) { nodes { id title } } }`);
    projectId = projects.nodes.find((p) => p.title === PROJECT_TITLE)!.id;
    const { events } = await gql<{ events: { nodes: { id: string; organizer: { promotesSocialMix: boolean } }[] } }>(
      page,
      `query($p: ID!) { events(filter: { projectId: $p, cancelled: false }, first: 20, orderBy: [{ field: STARTS_AT, direction: DESC }]) { nodes { id organizer { promotesSocialMix } } } }`,
      { p: projectId },
    );
    eventId = events.nodes.find((e) => e.organizer.promotesSocialMix)!.id;
  });

  it('has a compact header: the name and a Menu button; the menu opens below and closes when an entry is chosen', async () => {
    await page.goto(`${rig.url}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const header = await page.locator('header.top').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(64);
    const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
    expect(await menu.isVisible()).toBe(false);
    const button = page.getByRole('button', { name: 'Menu' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await expectAccessible(page, 'menu open (phone)');
    await screenshot(page, 'phone-menu');
    await menu.getByRole('link', { name: 'Activiteiten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Activiteiten' }).waitFor();
    expect(await menu.isVisible()).toBe(false);
    // The new screen's h1 has the focus, and shows it.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.tagName === 'H1' && getComputedStyle(document.activeElement).outlineStyle !== 'none'))
      .toBe(true);
    // The activities table is wider than the phone: its box scrolls and is a Tab stop (keyboard scrolling).
    const wrap = page.getByRole('group', { name: 'Activiteiten' });
    await wrap.waitFor();
    expect(await wrap.getAttribute('tabindex')).toBe('0');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });

  it('returns to the list as it was left through the back link of an activity', async () => {
    await page.goto(`${rig.url}/activiteiten`);
    await page.getByLabel('Project').getByRole('option', { name: PROJECT_TITLE }).waitFor({ state: 'attached' });
    await page.getByLabel('Project').selectOption({ label: PROJECT_TITLE });
    await page.waitForURL(/project=/);
    const filtered = new URL(page.url()).search;
    await page.locator('table a[href^="/activiteiten/"]').first().click();
    await page.waitForURL(/\/activiteiten\/[^/?]+$/);
    await page.getByRole('navigation', { name: 'Kruimelpad' }).getByRole('link', { name: 'Activiteiten' }).click();
    await page.waitForURL(/project=/);
    expect(new URL(page.url()).search).toBe(filtered);
    expect(await page.getByLabel('Project').inputValue()).toBe(projectId);
  });

  it('fits every route a coordinator uses in 360 px, with no serious or critical axe finding', { timeout: 300_000 }, async () => {
    const { schools, organizations, viewer } = await gql<{
      schools: { nodes: { id: string }[] };
      organizations: { nodes: { id: string }[] };
      viewer: { municipality: { id: string } };
    }>(page, `{ viewer { municipality { id } } schools(first: 1) { nodes { id } } organizations(first: 1) { nodes { id } } }`);
    const routes = [
      '/',
      '/gemeenten',
      `/gemeenten/${viewer.municipality.id}`,
      '/projecten',
      '/projecten/nieuw',
      `/projecten/${projectId}`,
      `/projecten/${projectId}/bewerken`,
      `/projecten/${projectId}/gezinnen/nieuw`,
      '/scholen',
      `/scholen/${schools.nodes[0]!.id}`,
      '/activiteiten',
      '/activiteiten/nieuw',
      `/activiteiten/${eventId}`,
      `/activiteiten/${eventId}/bewerken`,
      `/activiteiten/${eventId}/aanwezigheden`,
      '/organisaties',
      '/organisaties/nieuw',
      `/organisaties/${organizations.nodes[0]!.id}/bewerken`,
      '/api-sleutels',
    ];
    const wide: string[] = [];
    for (const route of routes) {
      await page.goto(`${rig.url}${route}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      // Every table box that fits is no Tab stop; one that scrolls is (checked after layout settles).
      await expect
        .poll(() =>
          page.evaluate(() =>
            [...document.querySelectorAll<HTMLElement>('.table-wrap')].every((box) => (box.scrollWidth > box.clientWidth + 1) === (box.getAttribute('tabindex') === '0')),
          ),
        )
        .toBe(true);
      const px = await overflow(page);
      if (px > 0) wide.push(`${route}: ${px} px too wide`);
      await expectAccessible(page, `${route} (360 px)`);
    }
    expect(wide).toEqual([]);
  });

  it('records attendance at the door of the event page with the phone keyboard: type a part, pick a suggestion, Aanwezig, and the field is ready for the next family', async () => {
    // Families of the project not yet recorded at this activity.
    const { households } = await gql<{ households: { nodes: { reference: string; attendances: { nodes: { event: { id: string } }[] } }[] } }>(
      page,
      `query($p: ID!) { households(filter: { projectId: $p }, first: 100) { nodes { reference attendances(first: 40) { nodes { event { id } } } } } }`,
      { p: projectId },
    );
    const fresh = households.nodes.filter((h) => !h.attendances.nodes.some((a) => a.event.id === eventId)).map((h) => h.reference);
    expect(fresh.length).toBeGreaterThanOrEqual(3);
    // The shortest end of a reference (at least 3 characters) that more than one family has while
    // the family is among the 8 suggestions the door lists (the SPA's own query): a real pick.
    async function partOf(reference: string): Promise<string> {
      for (let length = 3; length < reference.length; length++) {
        const candidate = reference.slice(-length);
        const { households: found } = await gql<{ households: { totalCount: number; nodes: { reference: string }[] } }>(
          page,
          `query($p: ID!, $s: String) { households(filter: { projectId: $p, search: $s }, first: 8, orderBy: [{ field: REFERENCE, direction: ASC }]) { totalCount nodes { reference } } }`,
          { p: projectId, s: candidate },
        );
        if (found.nodes.some((h) => h.reference === reference) && (found.totalCount > 1 || length === reference.length - 1)) return candidate;
      }
      return reference;
    }

    // The door is on the event page itself, above everything else but the header.
    await page.goto(`${rig.url}/activiteiten/${eventId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const field = page.getByRole('combobox', { name: 'Gezinsreferentie' });
    await field.waitFor();
    await page.waitForLoadState('networkidle');
    const before = await card(page, 'Aanwezig');
    // The form is on screen without scrolling, its buttons big enough for a thumb.
    const box = await field.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
    const present = page.getByRole('group', { name: 'Registreren als' }).getByRole('button', { name: 'Aanwezig' });
    expect((await present.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await field.getAttribute('enterkeyhint')).toBe('done');
    const list = page.getByRole('listbox', { name: 'Passende gezinnen' });

    /** Types a part of the reference, walks the suggestions with the arrow key to it and takes it with Enter. */
    async function pick(reference: string) {
      const part = await partOf(reference);
      await page.keyboard.type(part);
      await list.getByRole('option', { name: reference }).waitFor();
      expect(await field.getAttribute('aria-expanded')).toBe('true');
      for (let step = 0; step < 8; step++) {
        await page.keyboard.press('ArrowDown');
        const active = await field.getAttribute('aria-activedescendant');
        if (active && (await page.locator(`[id="${active}"]`).textContent())?.startsWith(reference)) break;
      }
      // The walked-to suggestion is the family; the focus never left the field.
      const active = await field.getAttribute('aria-activedescendant');
      expect(await page.locator(`[id="${active}"]`).getAttribute('aria-selected')).toBe('true');
      expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
      return part;
    }

    // First family: a part, the list (no wider than the screen, checked by axe), a pick, Aanwezig.
    await field.click();
    await pick(fresh[0]!);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    const listBox = await list.boundingBox();
    expect(listBox!.x).toBeGreaterThanOrEqual(0);
    expect(listBox!.x + listBox!.width).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'door suggestions (360 px)');
    await screenshot(page, 'phone-door-suggestions');
    await page.keyboard.press('Enter');
    expect(await field.inputValue()).toBe(fresh[0]);
    expect(await field.getAttribute('aria-expanded')).toBe('false');
    await present.click();
    const done = page.getByRole('status').filter({ hasText: `${fresh[0]} geregistreerd: Aanwezig. Nu ${before + 1} gezinnen aanwezig.` });
    await done.waitFor();
    expect(await field.inputValue()).toBe('');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);

    // Second family, keyboard only: a part, the arrow to it, Enter picks, Enter records as present.
    await pick(fresh[1]!);
    await page.keyboard.press('Enter');
    expect(await field.inputValue()).toBe(fresh[1]);
    await page.keyboard.press('Enter');
    await page.getByText(`${fresh[1]} geregistreerd: Aanwezig. Nu ${before + 2} gezinnen aanwezig.`).waitFor();
    expect(await field.inputValue()).toBe('');
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);

    // Third family did not come: its whole reference and the button for it.
    await page.keyboard.type(fresh[2]!);
    await page.getByRole('group', { name: 'Registreren als' }).getByRole('button', { name: 'Niet gekomen' }).click();
    await page.getByText(`${fresh[2]} geregistreerd: Niet gekomen.`).waitFor();
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);

    // The page's count went up by 2, and the families are in the activity's list.
    await expect.poll(() => card(page, 'Aanwezig')).toBe(before + 2);
    const recorded = page.getByRole('table', { name: 'Geregistreerde gezinnen' });
    await expect.poll(async () => (await recorded.locator('tbody').textContent()) ?? '').toContain(fresh[1]!);
    // No page reload on the way, and nothing floats over the form.
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    expect(await page.evaluate(() => [...document.querySelectorAll('.toasts')].every((t) => getComputedStyle(t).position === 'static'))).toBe(true);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'door on the event page (360 px)');
    await screenshot(page, 'phone-door');
  });

  it('keeps the attendance page’s door and its CSV preview: the reason of a row error stays on screen', async () => {
    await page.getByRole('link', { name: 'Aanwezigheden registreren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanwezigheden registreren' }).waitFor();
    await page.getByRole('combobox', { name: 'Gezinsreferentie' }).waitFor();
    // The three families recorded at the door are the latest here.
    const latest = page.getByRole('table', { name: 'Laatst geregistreerde gezinnen, nieuwste eerst' });
    expect(await latest.locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
  });

  it('keeps the reason of a CSV row error on screen', async () => {
    // (on the attendance page, opened by the test before)
    const csv = 'gezinsreferentie;status\r\nONBEKEND-GEZIN-MET-EEN-LANGE-CODE;aanwezig\r\n';
    await page.getByLabel('CSV-bestand', { exact: true }).setInputFiles({ name: 'deur.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const reason = page.getByText('Geen gezin met gezinsreferentie "ONBEKEND-GEZIN-MET-EEN-LANGE-CODE" in het project van de activiteit.');
    await reason.waitFor();
    const box = await reason.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'CSV preview (360 px)');
    await screenshot(page, 'phone-csv-preview');
  });
});
