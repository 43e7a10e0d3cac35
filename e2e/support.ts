import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, openPage, startServer } from './server.js';

export const DEMO_PASSWORD = 'schoolmix-demo';
export const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

/** Signs in through the login form as a demo user and waits for the dashboard. */
export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/aanmelden`);
  await page.getByLabel('E-mailadres').first().fill(email);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  // Attached, not visible: on a phone the menu is folded behind the "Menu" button.
  await page.getByRole('navigation', { name: 'Hoofdmenu', includeHidden: true }).waitFor({ state: 'attached' });
}

type Viewport = { width: number; height: number };

/** What a describe block runs against: the built server with the demo data, and Chromium. */
export interface Rig {
  /** The server's base URL, e.g. http://127.0.0.1:4321. */
  readonly url: string;
  /** A fresh page in a context of its own, 1280 × 900 unless told. */
  page(viewport?: Viewport): Promise<Page>;
  /** A fresh page (1280 × 900 unless told) signed in as the demo user `email`. */
  as(email: string, viewport?: Viewport): Promise<Page>;
}

/**
 * Starts the server and Chromium before the describe block's tests (call it inside `describe`)
 * and closes both after them. `env`, read when the server starts, adds environment variables.
 * Hooks the block registers after this call run after the start and before the stop.
 */
export function useRig(env: () => Record<string, string> = () => ({})): Rig {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer(undefined, env());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const rig: Rig = {
    get url() {
      return server!.url;
    },
    page: (viewport = { width: 1280, height: 900 }) => openPage(browser!, { viewport }),
    async as(email, viewport) {
      const page = await rig.page(viewport);
      await signIn(page, rig.url, email);
      return page;
    },
  };
  return rig;
}

/** The number in the card with this label under `scope` (cards are `.card` with `.figure` and `.label`). */
export async function card(page: Page, label: string, scope = '#main'): Promise<number> {
  const figure = page.locator(`${scope} .card`, { has: page.locator('.label', { hasText: new RegExp(`^${label}`) }) }).locator('.figure');
  return Number(((await figure.first().textContent()) ?? '').replace(/\D/g, ''));
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is now and fails on any serious or
 * critical violation, naming the rule and the elements. AxeBuilder injects axe through the
 * DevTools protocol, so the app's Content-Security-Policy stays as it is.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} → ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Every page's text of a PDF (one string a page), whitespace (non-breaking too) folded to one space. */
export async function pdfText(pdf: Uint8Array): Promise<{ pages: number; text: string[]; size: number[] }> {
  const task = getDocument({ data: pdf, useSystemFonts: true });
  const doc = await task.promise;
  const text: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  const [, , width, height] = (await doc.getPage(1)).view;
  const pages = doc.numPages;
  await task.destroy();
  return { pages, text, size: [Math.round(width!), Math.round(height!)] };
}

/** Saves a full-page screenshot under e2e/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A GraphQL call from inside the page with the session token of the tab (as the SPA sends it). */
export async function gql<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await page.evaluate(
    async ({ query, variables }): Promise<{ data?: T; errors?: { message: string }[] }> => {
      const token = sessionStorage.getItem('schoolmix.session');
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return response.json() as Promise<{ data?: T; errors?: { message: string }[] }>;
    },
    { query, variables },
  );
  expect(body.errors).toBeUndefined();
  return body.data as T;
}
