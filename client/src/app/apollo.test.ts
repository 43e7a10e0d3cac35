import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApolloClient } from './apollo';
import { session } from './session';
import { ViewerQuery } from './viewer.query';

const viewer = { __typename: 'Viewer', kind: 'user', label: 'coordinator.gent@schoolmix.demo', role: 'COORDINATOR', unreadNotifications: 0, municipality: null } as const;

describe('createApolloClient', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    session.clear();
    sessionStorage.clear();
  });

  it('a 401 ends the session and empties the cache, so the next user sees nothing of the previous one', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response(JSON.stringify({ errors: [{ message: 'Unauthenticated' }] }), { status: 401, headers: { 'content-type': 'application/json' } }))));
    const client = createApolloClient('http://localhost/graphql');
    client.writeQuery({ query: ViewerQuery, data: { viewer } });
    session.set('old-token');
    await expect(client.query({ query: ViewerQuery, fetchPolicy: 'network-only' })).rejects.toBeTruthy();
    await vi.waitFor(() => expect(client.cache.extract()).toEqual({}));
    expect(session.get()).toBeNull();
    expect(sessionStorage.getItem('schoolmix.ended')).toBe('1');
  });
});
