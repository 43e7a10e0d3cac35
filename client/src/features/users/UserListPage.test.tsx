import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { municipalityOptionsMock, recording } from '../../test/mocks';
import { UserCreateMutation } from './user-create.mutation';
import { UserListQuery } from './user-list.query';
import { UserUpdateMutation } from './user-update.mutation';
import UserListPage from './UserListPage';

const admin = viewerMock({ role: 'ADMIN' }, ViewerQuery); // label admin@schoolmix.demo
const GENT = { __typename: 'Municipality' as const, id: 'm-gent', name: 'Gent' };

const municipalitiesMock = municipalityOptionsMock([{ id: 'm-aalst', name: 'Aalst' }, { id: 'm-gent', name: 'Gent' }]);

const user = (id: string, email: string, role: string, municipality: typeof GENT | null, active = true) => ({
  __typename: 'User' as const,
  id,
  email,
  role,
  active,
  version: 2,
  createdAt: '2025-01-01T10:00:00.000Z',
  municipality,
});

const listMock = {
  request: { query: UserListQuery, variables: () => true },
  result: {
    data: {
      users: {
        __typename: 'UserConnection',
        totalCount: 2,
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        nodes: [user('u1', 'admin@schoolmix.demo', 'ADMIN', null), user('u2', 'coordinator.gent@schoolmix.demo', 'COORDINATOR', GENT)],
      },
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

function updateMock(sent: unknown[], answer: Record<string, unknown>) {
  return recording(UserUpdateMutation, sent, { data: { updateUser: { __typename: 'UpdateUserPayload', userErrors: [], user: null, ...answer } } }, { always: true });
}

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('UserListPage', () => {
  it('lists users with role, municipality and status; the administrator cannot deactivate itself', async () => {
    renderScreen(<UserListPage />, { path: '/gebruikers', mocks: [admin, listMock] });
    const table = await screen.findByRole('table', { name: 'Gebruikers' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      'E-mailadresRolGemeenteStatusActies',
      'admin@schoolmix.demo (u)beheerder—ActiefWijzigen',
      'coordinator.gent@schoolmix.demo coördinatorGentActiefWijzigenDeactiveren',
    ]);
  });

  it('creates a coordinator: the municipality is asked only for that role, and userErrors land on their fields', async () => {
    const u = userEvent.setup();
    const sent: unknown[] = [];
    renderScreen(<UserListPage />, {
      path: '/gebruikers',
      mocks: [
        admin,
        listMock,
        municipalitiesMock,
        recording(UserCreateMutation, sent, {
          data: {
            createUser: {
              __typename: 'CreateUserPayload',
              user: null,
              userErrors: [{ __typename: 'UserError', field: ['input', 'email'], message: 'exists', code: 'DUPLICATE' }],
            },
          },
        }),
      ],
    });
    await u.click(await screen.findByRole('button', { name: 'Gebruiker toevoegen' }));
    const panel = screen.getByRole('region', { name: 'Nieuwe gebruiker' });
    await u.selectOptions(within(panel).getByLabelText('Rol'), 'REVIEWER');
    expect(within(panel).queryByLabelText('Gemeente')).toBeNull();
    await u.selectOptions(within(panel).getByLabelText('Rol'), 'COORDINATOR');
    await u.click(within(panel).getByRole('button', { name: 'Gebruiker toevoegen' }));
    expect(document.getElementById('user-new-email-error')!.textContent).toBe('Vul dit in.');
    expect(document.getElementById('user-new-password-error')!.textContent).toBe('Minstens 12 tekens.');
    expect(document.getElementById('user-new-municipalityId-error')!.textContent).toBe('Vul dit in.');
    expect(sent).toEqual([]);
    await u.type(within(panel).getByLabelText('E-mailadres'), 'nieuwe.coordinator@gent.be');
    await u.type(within(panel).getByLabelText('Startwachtwoord'), 'een-lang-wachtwoord');
    await within(panel).findByRole('option', { name: 'Gent' });
    await u.selectOptions(within(panel).getByLabelText('Gemeente'), 'm-gent');
    await u.click(within(panel).getByRole('button', { name: 'Gebruiker toevoegen' }));
    await waitFor(() => expect(sent).toEqual([{ email: 'nieuwe.coordinator@gent.be', password: 'een-lang-wachtwoord', role: 'COORDINATOR', municipalityId: 'm-gent' }]));
    await waitFor(() => expect(document.getElementById('user-new-email-error')?.textContent).toBe('Er bestaat al een gebruiker met dit e-mailadres.'));
  });

  it('changes a coordinator into a reviewer (no municipality sent), warning that the sessions end', async () => {
    const u = userEvent.setup();
    const sent: unknown[] = [];
    renderScreen(<UserListPage />, {
      path: '/gebruikers',
      mocks: [admin, listMock, municipalitiesMock, updateMock(sent, { user: { ...user('u2', 'coordinator.gent@schoolmix.demo', 'REVIEWER', null), version: 3 } })],
    });
    await u.click(await screen.findByRole('button', { name: 'coordinator.gent@schoolmix.demo wijzigen' }));
    const panel = screen.getByRole('region', { name: 'coordinator.gent@schoolmix.demo wijzigen' });
    expect(panel.textContent).toContain('beëindigt meteen alle sessies van deze gebruiker');
    await u.selectOptions(within(panel).getByLabelText('Rol'), 'REVIEWER');
    await u.click(within(panel).getByRole('button', { name: 'Wijzigingen opslaan' }));
    await waitFor(() => expect(sent).toEqual([{ id: 'u2', version: 2, role: 'REVIEWER', municipalityId: null }]));
    expect(await screen.findByText('coordinator.gent@schoolmix.demo gewijzigd. Alle sessies van deze gebruiker zijn beëindigd.')).toBeTruthy();
  });

  it('deactivates only after a confirmation that says the sessions end', async () => {
    const u = userEvent.setup();
    const sent: unknown[] = [];
    renderScreen(<UserListPage />, {
      path: '/gebruikers',
      mocks: [admin, listMock, updateMock(sent, { user: { ...user('u2', 'coordinator.gent@schoolmix.demo', 'COORDINATOR', GENT, false), version: 3 } })],
    });
    await u.click(await screen.findByRole('button', { name: 'coordinator.gent@schoolmix.demo deactiveren' }));
    const panel = screen.getByRole('region', { name: 'coordinator.gent@schoolmix.demo deactiveren?' });
    expect(panel.textContent).toContain('alle lopende sessies worden meteen beëindigd');
    expect(sent).toEqual([]);
    await u.click(within(panel).getByRole('button', { name: 'Ja, deactiveren' }));
    await waitFor(() => expect(sent).toEqual([{ id: 'u2', version: 2, active: false }]));
    expect(await screen.findByText('coordinator.gent@schoolmix.demo gedeactiveerd. Alle sessies zijn beëindigd.')).toBeTruthy();
  });

  it('is for administrators only', async () => {
    renderScreen(<UserListPage />, { path: '/gebruikers', mocks: [viewerMock({ role: 'COORDINATOR', municipality: { id: 'm-gent', name: 'Gent', nisCode: '44021' } }, ViewerQuery)] });
    expect((await screen.findByRole('alert')).textContent).toBe('Alleen beheerders beheren gebruikers.');
  });
});
