import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, startServer } from './server.js';
import { expectAccessible, gql, screenshot, signIn } from './support.js';

/**
 * The Gent coordinator on a phone (360 × 740), issue 18: a compact header with a menu button,
 * every route a coordinator uses no wider than the screen and without serious or critical axe
 * findings, recording attendance at the door of a parent evening with the phone's keyboard
 * (type, Enter, next family: the field is focused again), and the CSV preview's error reason on
 * screen.
 */

const COORDINATOR = 'coordinator.gent@schoolmix.demo';
const PROJECT_TITLE = 'Kies mee voor je buurtschool – Gent 2025';
const PHONE = { width: 360, height: 740 };

/** How many px the page is wider than the screen (0 when it fits). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The number in the card with this label (cards are `.card` with `.figure` and `.label`). */
async function card(page: Page, label: string): Promise<number> {
  const figure = page.locator('#main .card', { has: page.locator('.label', { hasText: new RegExp(`^${label}`) }) }).locator('.figure');
  return Number(((await figure.first().textContent()) ?? '').replace(/\D/g, ''));
}

describe('a coordinator on a phone (360 × 740)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let projectId: string;
  let eventId: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await openPage(browser, { viewport: PHONE });
    await signIn(page, server.url, COORDINATOR);
    const { projects } = await gql<{ projects: { nodes: { id: string; title: string }[] } }>(page, `{ projects(first: 50) { nodes { id title } } }`);
    projectId = projects.nodes.find((p) => p.title === PROJECT_TITLE)!.id;
    const { events } = await gql<{ events: { nodes: { id: string; organizer: { promotesSocialMix: boolean } }[] } }>(
      page,
      `query($p: ID!) { events(filter: { projectId: $p, cancelled: false }, first: 20, orderBy: [{ field: STARTS_AT, direction: DESC }]) { nodes { id organizer { promotesSocialMix } } } }`,
      { p: projectId },
    );
    eventId = events.nodes.find((e) => e.organizer.promotesSocialMix)!.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('has a compact header: the name and a Menu button; the menu opens below and closes when an entry is chosen', async () => {
    await page.goto(`${server.url}/`);
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
    await page.goto(`${server.url}/activiteiten`);
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
      await page.goto(`${server.url}${route}`);
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

  it('records attendance at the door with the phone keyboard: type, Enter, and the field is ready for the next family', async () => {
    // Families of the project not yet recorded at this activity.
    const { households } = await gql<{ households: { nodes: { reference: string; attendances: { nodes: { event: { id: string } }[] } }[] } }>(
      page,
      `query($p: ID!) { households(filter: { projectId: $p }, first: 100) { nodes { reference attendances(first: 40) { nodes { event { id } } } } } }`,
      { p: projectId },
    );
    const fresh = households.nodes.filter((h) => !h.attendances.nodes.some((a) => a.event.id === eventId)).map((h) => h.reference);
    expect(fresh.length).toBeGreaterThanOrEqual(3);
    // A part of the second family's reference that fits that family only (the single-match rule).
    const second = fresh[1]!;
    let part = second;
    for (let length = 2; length < second.length; length++) {
      const candidate = second.slice(-length);
      const { households: found } = await gql<{ households: { totalCount: number } }>(page, `query($p: ID!, $s: String) { households(filter: { projectId: $p, search: $s }) { totalCount } }`, {
        p: projectId,
        s: candidate,
      });
      if (found.totalCount === 1) {
        part = candidate;
        break;
      }
    }

    // From the event page, one tap.
    await page.goto(`${server.url}/activiteiten/${eventId}`);
    await page.getByRole('link', { name: 'Aanwezigheden registreren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanwezigheden registreren' }).waitFor();
    const before = await card(page, 'Aanwezig');
    const field = page.getByLabel('Gezinsreferentie');
    // The form is on screen without scrolling, its buttons big enough for a thumb.
    const box = await field.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
    const present = page.getByRole('group', { name: 'Registreren als' }).getByRole('button', { name: 'Aanwezig' });
    expect((await present.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await field.getAttribute('enterkeyhint')).toBe('done');

    // First family: the whole reference, Enter (= Aanwezig).
    await field.click();
    await page.keyboard.type(fresh[0]!);
    await page.keyboard.press('Enter');
    await page.getByText(`${fresh[0]} geregistreerd: Aanwezig.`).waitFor();
    expect(await field.inputValue()).toBe('');
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);

    // Second family: only a part that fits it alone, straight away (focus is still in the field).
    await page.keyboard.type(part);
    await page.getByText(`Eén gezin past: ${second}.`, { exact: false }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByText(`${second} geregistreerd: Aanwezig.`).waitFor();
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);

    // Third family did not come: the button for it.
    await page.keyboard.type(fresh[2]!);
    await page.getByRole('group', { name: 'Registreren als' }).getByRole('button', { name: 'Niet gekomen' }).click();
    await page.getByText(`${fresh[2]} geregistreerd: Niet gekomen.`).waitFor();
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);

    await expect.poll(() => card(page, 'Aanwezig')).toBe(before + 2);
    const latest = page.getByRole('table', { name: 'Laatst geregistreerde gezinnen, nieuwste eerst' });
    expect(await latest.locator('tbody tr').first().textContent()).toContain(fresh[2]);
    // No page reload on the way, and nothing floats over the form.
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    expect(await page.evaluate(() => [...document.querySelectorAll('.toasts')].every((t) => getComputedStyle(t).position === 'static'))).toBe(true);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'door (360 px)');
    await screenshot(page, 'phone-door');
  });

  it('keeps the reason of a CSV row error on screen', async () => {
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
