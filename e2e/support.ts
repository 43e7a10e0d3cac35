import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

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
