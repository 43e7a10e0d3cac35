import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gql, screenshot, signIn, useRig } from './support.js';

/**
 * The self-hosted GraphiQL (/graphiql) in Chromium with every other host cut off: the page, its
 * editor, its language workers and fonts all come from the Schoolmix server, under its CSP. The
 * reviewer opens it from the SPA's menu (same tab, same session), runs the first example and
 * the paging example and sees the answers; without a session, an API key pasted into the Headers
 * tab is used; a browser opening /graphql lands there too.
 */
describe('GraphiQL', () => {
  const rig = useRig();
  let page: Page;
  /** Requests to any host but the server's (aborted), and CSP refusals the page reports. */
  const elsewhere: string[] = [];
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    page = await rig.page();
    const context: BrowserContext = page.context();
    const origin = new URL(rig.url).origin;
    // Offline but for the server: anything else is refused and remembered.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      elsewhere.push(url);
      return route.abort('internetdisconnected');
    });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to (load|execute|apply|create)/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  it('opens from the menu with the session, runs a query and shows its result, without any other host', async () => {
    await signIn(page, rig.url, 'reviewer@schoolmix.demo');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'GraphQL-API (GraphiQL)' }).click();
    await page.waitForURL(/\/graphiql$/);
    await page.getByText('Queries run with your session.').waitFor();
    // The editor (Monaco) is up with the first example, and the schema was introspected (docs).
    const editor = page.locator('.graphiql-query-editor');
    await editor.waitFor();
    await expect.poll(() => editor.innerText(), { timeout: 60_000 }).toContain('viewer');

    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    await expect.poll(() => response.innerText(), { timeout: 60_000 }).toContain('"REVIEWER"');
    // Monaco renders spaces as no-break spaces.
    const text = (await response.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('"kind": "user"');
    expect(text).toContain('reviewer@schoolmix.demo');
    await screenshot(page, 'graphiql');

    // The integrators' example: a page of events with its cursor.
    await page.getByRole('tab', { name: /EventsPage/ }).click();
    await expect.poll(() => editor.innerText(), { timeout: 30_000 }).toContain('endCursor');
    await page.locator('.graphiql-execute-button').click();
    // GraphiQL picks the operation name from the editor after a debounce: run at once after a tab
    // switch on a busy machine and it may still send the previous tab's name ("Unknown operation
    // named Viewer"). A person would press Run again; so does the test, once the editor settled.
    await expect
      .poll(
        async () => {
          const text = (await response.innerText()).replace(/\s+/g, ' ');
          if (text.includes('Unknown operation named')) await page.locator('.graphiql-execute-button').click();
          return text;
        },
        { timeout: 60_000 },
      )
      .toMatch(/"hasNextPage": true, "endCursor": "[^"]+"/);

    expect(elsewhere).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('without a session, uses the API key pasted into the Headers tab', async () => {
    // An administrator makes an integrator's key for Gent (in a page of its own).
    const admin = await rig.page();
    await signIn(admin, rig.url, 'admin@schoolmix.demo');
    const { createApiKey } = await gql<{ createApiKey: { secret: string } }>(
      admin,
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
      { input: { name: 'GraphiQL e2e', municipalityId: (await gql<{ municipalityByNisCode: { id: string } }>(admin, '{ municipalityByNisCode(nisCode: "44021") { id } }')).municipalityByNisCode.id } },
    );
    await admin.close();
    const anonymous = await rig.page();
    await anonymous.context().route('**/*', (route) => (route.request().url().startsWith(`${rig.url}/`) ? route.continue() : route.abort('internetdisconnected')));
    try {
      await anonymous.goto(`${rig.url}/graphiql`);
      await anonymous.getByText(/Not signed in/).waitFor();
      // Monaco mounts after the page: wait for the example in the operation editor first.
      await expect.poll(() => anonymous.locator('.graphiql-query-editor').innerText(), { timeout: 60_000 }).toContain('viewer');
      await anonymous.locator('[data-name="headers"]').click();
      const headers = anonymous.locator('.monaco-editor[data-uri$="request-headers.json"]');
      await headers.waitFor({ state: 'visible' });
      await headers.click();
      await anonymous.keyboard.insertText(`{"Authorization": "Bearer ${createApiKey.secret}"}`);
      await expect.poll(async () => (await headers.innerText()).replace(/\s+/g, ' ')).toContain('"Authorization": "Bearer');
      await anonymous.locator('.graphiql-execute-button').click();
      const answer = anonymous.locator('.graphiql-response');
      await expect.poll(async () => (await answer.innerText()).replace(/\s+/g, ' '), { timeout: 60_000 }).toContain('"kind": "apiKey"');
      expect((await answer.innerText()).replace(/\s+/g, ' ')).toContain('"label": "API key GraphiQL e2e (');
    } finally {
      await anonymous.close();
    }
  });

  it('sends a browser that opens /graphql to /graphiql', async () => {
    await page.goto(`${rig.url}/graphql`);
    await page.waitForURL(/\/graphiql$/);
    await page.locator('.graphiql-query-editor').waitFor();
    expect(elsewhere).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
