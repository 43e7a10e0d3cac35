import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { Layout } from '../../app/Layout';
import { renderScreen, viewerMock } from '../../test/render';
import NotificationsPage from './NotificationsPage';
import { MarkNotificationsReadMutation } from './notifications.mutation';
import { NotificationsQuery } from './notifications.query';

const note = (id: string, kind: string, readAt: string | null, subject: string) => ({
  __typename: 'Notification',
  id,
  kind,
  subject,
  body: `Beste coördinator,\n\nDe eindrapportage van het project "Samen naar school" moet uiterlijk op 31/10/2025 ingediend zijn.\n\nDien de eindrapportage in via: https://schoolmix.example/projecten/pr-1`,
  link: '/projecten/pr-1',
  dueOn: '2025-10-31',
  createdAt: '2025-10-24T07:00:00.000Z',
  readAt,
  project: { __typename: 'Project', id: 'pr-1', title: 'Samen naar school' },
});
const list = (nodes: ReturnType<typeof note>[]) => ({ data: { notifications: { __typename: 'NotificationConnection', totalCount: nodes.length, nodes } } });

describe('NotificationsPage (/meldingen)', () => {
  it('lists the reminders with their Dutch text and a link to the report screen, and marks one read', async () => {
    const user = userEvent.setup();
    const seven = note('n-2', 'DUE_IN_7', null, 'Herinnering: eindrapportage Samen naar school uiterlijk op 31/10/2025');
    const thirty = note('n-1', 'DUE_IN_30', '2025-10-02T08:00:00.000Z', 'Herinnering: eindrapportage Samen naar school uiterlijk op 31/10/2025');
    const mark = vi.fn(() => ({ data: { markNotificationsRead: { __typename: 'MarkNotificationsReadPayload', markedCount: 1, unreadCount: 0, userErrors: [] } } }));
    renderScreen(<NotificationsPage />, {
      path: '/meldingen',
      mocks: [
        viewerMock({ role: 'COORDINATOR', unreadNotifications: 1 }, ViewerQuery),
        { request: { query: NotificationsQuery, variables: { first: 20, after: null, unreadOnly: false } }, result: list([seven, thirty]) },
        { request: { query: MarkNotificationsReadMutation, variables: { input: { ids: ['n-2'] } } }, result: mark },
        { request: { query: NotificationsQuery, variables: { first: 20, after: null, unreadOnly: false } }, result: list([{ ...seven, readAt: '2025-10-24T09:00:00.000Z' }, thirty]) },
      ],
    });
    const items = await screen.findAllByRole('article');
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByRole('heading').textContent).toBe('Nieuw Herinnering: eindrapportage Samen naar school uiterlijk op 31/10/2025');
    expect(items[0]!.textContent).toContain('Over 7 dagen');
    expect(items[0]!.textContent).toContain('Termijn: 31/10/2025');
    expect(items[0]!.textContent).toContain('moet uiterlijk op 31/10/2025 ingediend zijn');
    expect(within(items[0]!).getByRole('link', { name: 'Naar de eindrapportage: Samen naar school' }).getAttribute('href')).toBe('/projecten/pr-1');
    // The read one has no "Gelezen" button.
    expect(within(items[1]!).queryByRole('button', { name: 'Gelezen' })).toBeNull();
    await user.click(within(items[0]!).getByRole('button', { name: 'Gelezen' }));
    await vi.waitFor(() => expect(mark).toHaveBeenCalledTimes(1));
    expect(await screen.findByText('1 melding(en) als gelezen gemarkeerd.')).toBeTruthy();
  });

  it('says so when there is nothing unread', async () => {
    renderScreen(<NotificationsPage />, {
      path: '/meldingen?ongelezen=1',
      route: '/meldingen',
      mocks: [viewerMock({ role: 'COORDINATOR' }, ViewerQuery), { request: { query: NotificationsQuery, variables: { first: 20, after: null, unreadOnly: true } }, result: list([]) }],
    });
    expect(await screen.findByText('Geen ongelezen meldingen.')).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Alleen ongelezen' }).checked).toBe(true);
  });

  it('the menu shows the unread count (in English too)', async () => {
    renderScreen(<Layout />, { mocks: [viewerMock({ role: 'COORDINATOR', unreadNotifications: 3 }, ViewerQuery)] });
    expect((await screen.findByRole('link', { name: 'Meldingen (3 ongelezen)' })).getAttribute('href')).toBe('/meldingen');
  });

  it('the menu in English', async () => {
    renderScreen(<Layout />, { language: 'en', mocks: [viewerMock({ role: 'REVIEWER', unreadNotifications: 0 }, ViewerQuery)] });
    expect((await screen.findByRole('link', { name: 'Notifications' })).getAttribute('href')).toBe('/meldingen');
  });
});
