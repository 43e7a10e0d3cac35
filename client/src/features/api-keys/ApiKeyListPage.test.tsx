import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { municipalityOptionsMock, recording } from '../../test/mocks';
import { ApiKeyCreateMutation } from './api-key-create.mutation';
import { ApiKeyListQuery } from './api-key-list.query';
import { ApiKeyRevokeMutation } from './api-key-revoke.mutation';
import ApiKeyListPage from './ApiKeyListPage';

const GENT = { id: 'm-gent', name: 'Gent', nisCode: '44021' };
const coordinator = viewerMock({ role: 'COORDINATOR', municipality: GENT }, ViewerQuery);
const admin = viewerMock({ role: 'ADMIN' }, ViewerQuery);
const SECRET = 'smx_abcdefghijkl_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

const key = (id: string, name: string, over: Record<string, unknown> = {}) => ({
  __typename: 'ApiKey' as const,
  id,
  name,
  prefix: 'abcdefghijkl',
  createdAt: '2025-01-10T09:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  municipality: { __typename: 'Municipality' as const, id: 'm-gent', name: 'Gent' },
  ...over,
});

function listMock(seen: unknown[], nodes: ReturnType<typeof key>[]) {
  return recording(ApiKeyListQuery, seen, { data: { apiKeys: { __typename: 'ApiKeyConnection', totalCount: nodes.length, pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, nodes } } }, { of: 'variables', always: true });
}

const municipalitiesMock = municipalityOptionsMock([{ id: 'm-gent', name: 'Gent' }]);

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('ApiKeyListPage', () => {
  it('lists the keys with when they were last used and whether they are revoked', async () => {
    const seen: Record<string, unknown>[] = [];
    renderScreen(<ApiKeyListPage />, {
      path: '/api-sleutels',
      mocks: [coordinator, listMock(seen, [key('k1', 'Leerlingensysteem', { lastUsedAt: '2025-03-01T14:30:00.000Z' }), key('k2', 'Oude koppeling', { revokedAt: '2025-02-01T08:00:00.000Z' })])],
    });
    const table = await screen.findByRole('table', { name: 'API-sleutels' });
    const [, first, second] = within(table).getAllByRole('row');
    expect(first!.textContent).toContain('01/03/2025');
    expect(first!.textContent).toContain('Actief');
    expect(second!.textContent).toContain('nooit');
    expect(second!.textContent).toContain('Ingetrokken op 01/02/2025');
    expect(within(second!).queryByRole('button')).toBeNull();
    expect(seen[0]).toMatchObject({ municipalityId: null, first: 20 });
    expect(screen.getByText(/Sleutels waarmee het systeem van Gent/)).toBeTruthy();
  });

  it('creates a key and shows its secret once, with a copy button and a warning; it is gone after closing', async () => {
    const u = userEvent.setup();
    const sent: unknown[] = [];
    const writeText: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: (text: string) => (writeText.push(text), Promise.resolve()) }, configurable: true });
    renderScreen(<ApiKeyListPage />, {
      path: '/api-sleutels',
      mocks: [
        coordinator,
        listMock([], []),
        recording(ApiKeyCreateMutation, sent, { data: { createApiKey: { __typename: 'CreateApiKeyPayload', apiKey: { __typename: 'ApiKey', id: 'k3', name: 'Leerlingensysteem', prefix: 'abcdefghijkl' }, secret: SECRET, userErrors: [] } } }),
      ],
    });
    expect(await screen.findByText('Nog geen API-sleutels')).toBeTruthy();
    await u.click(screen.getByRole('button', { name: 'Sleutel aanmaken' }));
    const panel = screen.getByRole('region', { name: 'Nieuwe API-sleutel' });
    await u.click(within(panel).getByRole('button', { name: 'Sleutel aanmaken' }));
    expect(document.getElementById('api-key-name-error')!.textContent).toBe('Vul dit in.');
    await u.type(within(panel).getByLabelText('Naam'), 'Leerlingensysteem');
    await u.click(within(panel).getByRole('button', { name: 'Sleutel aanmaken' }));
    await waitFor(() => expect(sent).toEqual([{ name: 'Leerlingensysteem', municipalityId: 'm-gent' }]));
    const secret = await screen.findByRole('region', { name: 'Kopieer de sleutel nu' });
    expect(within(secret).getByText(SECRET)).toBeTruthy();
    expect(within(secret).getByRole('alert').textContent).toContain('enige keer dat de sleutel getoond wordt');
    await u.click(within(secret).getByRole('button', { name: 'Kopiëren' }));
    expect(writeText).toEqual([SECRET]);
    expect(await screen.findByText('Sleutel gekopieerd.')).toBeTruthy();
    await u.click(within(secret).getByRole('button', { name: 'Ik heb de sleutel bewaard' }));
    expect(screen.queryByText(SECRET)).toBeNull();
  });

  it('revokes a key only after confirmation', async () => {
    const u = userEvent.setup();
    const sent: unknown[] = [];
    renderScreen(<ApiKeyListPage />, {
      path: '/api-sleutels',
      mocks: [
        admin,
        municipalitiesMock,
        listMock([], [key('k1', 'Leerlingensysteem')]),
        recording(ApiKeyRevokeMutation, sent, { data: { revokeApiKey: { __typename: 'RevokeApiKeyPayload', apiKey: { __typename: 'ApiKey', id: 'k1', revokedAt: '2025-04-01T10:00:00.000Z' }, userErrors: [] } } }),
      ],
    });
    await u.click(await screen.findByRole('button', { name: 'Sleutel Leerlingensysteem intrekken' }));
    const panel = screen.getByRole('region', { name: 'Sleutel Leerlingensysteem intrekken?' });
    expect(panel.textContent).toContain('Elk verzoek met deze sleutel wordt meteen geweigerd');
    expect(sent).toEqual([]);
    await u.click(within(panel).getByRole('button', { name: 'Ja, intrekken' }));
    await waitFor(() => expect(sent).toEqual([{ id: 'k1' }]));
    expect(await screen.findByText('Sleutel Leerlingensysteem ingetrokken.')).toBeTruthy();
  });

  it('is refused to reviewers', async () => {
    renderScreen(<ApiKeyListPage />, { path: '/api-sleutels', mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery)] });
    expect((await screen.findByRole('alert')).textContent).toBe('Alleen beheerders en coördinatoren beheren API-sleutels.');
  });
});
