import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderScreen, viewerMock } from '../test/render';
import { Layout } from './Layout';
import { LogoutMutation } from './logout.mutation';
import { session } from './session';
import { ViewerQuery } from './viewer.query';

const loggedOut = { data: { logout: { __typename: 'LogoutPayload', everywhere: false, userErrors: [] } } };

describe('signing out', () => {
  afterEach(() => {
    session.clear();
    sessionStorage.clear();
  });

  it('ends the session on the server (logout), forgets the token and goes to the sign-in page', async () => {
    const user = userEvent.setup();
    const logout = vi.fn(() => loggedOut);
    const { router } = renderScreen(<Layout />, {
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), { request: { query: LogoutMutation, variables: { input: {} } }, result: logout }],
    });
    await screen.findByText(/Aangemeld als reviewer@schoolmix.demo/);
    await user.click(screen.getByRole('button', { name: 'Afmelden' }));
    await vi.waitFor(() => expect(router.state.location.pathname).toBe('/aanmelden'));
    expect(logout).toHaveBeenCalledTimes(1);
    expect(session.get()).toBeNull();
  });

  it('still signs out in this tab when the server cannot be reached', async () => {
    const user = userEvent.setup();
    const { router } = renderScreen(<Layout />, {
      mocks: [viewerMock({ role: 'ANALYST' }, ViewerQuery), { request: { query: LogoutMutation, variables: { input: {} } }, error: new Error('offline') }],
    });
    await screen.findByText(/Aangemeld als analyst@schoolmix.demo/);
    await user.click(screen.getByRole('button', { name: 'Afmelden' }));
    await vi.waitFor(() => expect(router.state.location.pathname).toBe('/aanmelden'));
    expect(session.get()).toBeNull();
  });
});

describe('the menu by role', () => {
  afterEach(() => {
    session.clear();
    sessionStorage.clear();
  });

  const entries = async (role: 'ADMIN' | 'COORDINATOR' | 'REVIEWER') => {
    renderScreen(<Layout />, { mocks: [viewerMock({ role, municipality: role === 'COORDINATOR' ? { id: 'm-gent', name: 'Gent', nisCode: '44021' } : null }, ViewerQuery)] });
    await screen.findByText(/Aangemeld als/);
    return screen.getAllByRole('link').map((l) => l.textContent);
  };

  it('shows organisations, users and API keys to administrators; organisations and API keys to coordinators; none of them to reviewers', async () => {
    expect(await entries('ADMIN')).toEqual(expect.arrayContaining(['Organisaties', 'Gebruikers', 'API-sleutels']));
    cleanup();
    const coordinator = await entries('COORDINATOR');
    expect(coordinator).toEqual(expect.arrayContaining(['Organisaties', 'API-sleutels']));
    expect(coordinator).not.toContain('Gebruikers');
    cleanup();
    const reviewer = await entries('REVIEWER');
    expect(reviewer.filter((l) => ['Organisaties', 'Gebruikers', 'API-sleutels'].includes(l ?? ''))).toEqual([]);
    // Final reports: the reviewers' list, for reviewers and administrators only.
    expect(reviewer).toContain('Eindrapporten');
    expect(coordinator).not.toContain('Eindrapporten');
  });

  it('links every signed-in user to GraphiQL as a page of its own, in the same tab (it reads this tab\'s session)', async () => {
    await entries('REVIEWER');
    const link = screen.getByRole('link', { name: 'GraphQL-API (GraphiQL)' });
    expect(link.getAttribute('href')).toBe('/graphiql');
    expect(link.getAttribute('target')).toBeNull();
  });
});

describe('the compact header and the toasts', () => {
  afterEach(() => {
    session.clear();
    sessionStorage.clear();
  });

  it('opens the menu with the "Menu" button (expanded state, both parts controlled) and closes it on Escape, focus back on the button', async () => {
    const user = userEvent.setup();
    renderScreen(<Layout />, { mocks: [viewerMock({ role: 'COORDINATOR', municipality: { id: 'm-gent', name: 'Gent', nisCode: '44021' } }, ViewerQuery)] });
    await screen.findByText(/Aangemeld als/);
    const button = screen.getByRole('button', { name: 'Menu' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(button.getAttribute('aria-controls')).toBe('top-menu top-account');
    expect(document.getElementById('top-menu')?.getAttribute('aria-label')).toBe('Hoofdmenu');
    await user.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(document.querySelector('header.top')?.classList.contains('menu-open')).toBe(true);
    await user.keyboard('{Escape}');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
  });

  it('hosts the toasts in the flow of the page, inside main: the fixed corner region is gone', async () => {
    renderScreen(<Layout />, { mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery)] });
    await screen.findByText(/Aangemeld als/);
    expect(document.querySelector('main > .toasts.toasts-inline')).toBeTruthy();
    expect(document.querySelectorAll('.toasts')).toHaveLength(1);
  });
});
