import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoginMutation } from '../features/login/login.mutation';
import LoginPage from '../features/login/LoginPage';
import { renderScreen } from '../test/render';
import { createApolloClient } from './apollo';
import { DOUBLE_SUBMIT_WINDOW_MS, idempotencyLink } from './idempotency';
import { ViewerQuery } from './viewer.query';

/**
 * The SPA sends an Idempotency-Key with every mutation and keeps it across retries and double
 * submissions, so the server writes once (server/src/graphql/idempotency.ts).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const refused = { data: { login: { __typename: 'LoginPayload', token: null, userErrors: [{ __typename: 'UserError', field: ['input', 'password'], message: 'no', code: 'INVALID_CREDENTIALS' }] } } };
const viewer = { data: { viewer: { __typename: 'Viewer', kind: 'user', label: 'x', role: 'ADMIN', unreadNotifications: 0, municipality: null } } };

interface Sent {
  operationName: string;
  variables: Record<string, unknown>;
  key: string | null;
}

/** Stubs fetch: `answer` decides each response (a Response, or an Error to throw as the network would); every request is recorded. */
function stubFetch(answer: (sent: Sent, index: number) => Response | Error): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((_url: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string) as { operationName: string; variables: Record<string, unknown> };
      const request = { operationName: body.operationName, variables: body.variables, key: new Headers(init.headers).get('idempotency-key') };
      sent.push(request);
      const result = answer(request, sent.length - 1);
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    }),
  );
  return sent;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const login = (email: string) => ({ mutation: LoginMutation, variables: { input: { email, password: 'secret-secret' } } });

describe('Idempotency-Key on the SPA’s mutations', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('every mutation carries a UUID key; queries carry none', async () => {
    const sent = stubFetch((s) => json(s.operationName === 'Login' ? refused : viewer));
    const client = createApolloClient('http://localhost/graphql');
    await client.mutate(login('a@schoolmix.demo'));
    await client.query({ query: ViewerQuery });
    expect(sent.map((s) => s.operationName)).toEqual(['Login', 'Viewer']);
    expect(sent[0]!.key).toMatch(UUID);
    expect(sent[1]!.key).toBeNull();
  });

  it('a mutation retried after a network failure or a 409 IN_PROGRESS sends the same key again', async () => {
    const sent = stubFetch((_s, i) =>
      i === 0 ? new TypeError('Failed to fetch') : i === 1 ? json({ errors: [{ message: 'busy', extensions: { code: 'IN_PROGRESS' } }] }, 409) : json(refused),
    );
    const client = createApolloClient('http://localhost/graphql', { retryDelayMs: 1 });
    const result = await client.mutate(login('b@schoolmix.demo'));
    expect(result.data?.login.userErrors[0]?.code).toBe('INVALID_CREDENTIALS');
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((s) => s.key)).size).toBe(1);
    expect(sent[0]!.key).toMatch(UUID);
  });

  it('a refusal (422 IDEMPOTENCY_KEY_REUSED, 400) is not retried', async () => {
    const sent = stubFetch(() => json({ errors: [{ message: 'reused', extensions: { code: 'IDEMPOTENCY_KEY_REUSED' } }] }, 422));
    const client = createApolloClient('http://localhost/graphql', { retryDelayMs: 1 });
    await expect(client.mutate(login('c@schoolmix.demo'))).rejects.toBeTruthy();
    expect(sent).toHaveLength(1);
  });

  it('an identical mutation within the double-submit window reuses the key; other variables, or later, get a new one; a chosen key wins', async () => {
    let now = 1_000_000;
    const sent = stubFetch(() => json(refused));
    const client = new ApolloClient({ link: ApolloLink.from([idempotencyLink({ now: () => now }), new HttpLink({ uri: 'http://localhost/graphql' })]), cache: new InMemoryCache() });
    await client.mutate(login('d@schoolmix.demo'));
    now += DOUBLE_SUBMIT_WINDOW_MS - 1;
    await client.mutate(login('d@schoolmix.demo'));
    await client.mutate(login('e@schoolmix.demo'));
    now += DOUBLE_SUBMIT_WINDOW_MS + 1;
    await client.mutate(login('d@schoolmix.demo'));
    await client.mutate({ ...login('d@schoolmix.demo'), context: { idempotencyKey: 'chosen-by-the-form' } });
    const [first, doubled, other, later, chosen] = sent.map((s) => s.key);
    expect(doubled).toBe(first);
    expect(other).not.toBe(first);
    expect(later).not.toBe(first);
    expect(chosen).toBe('chosen-by-the-form');
  });

  it('the login form submitted twice at once, the first attempt lost on the network: every request carries one key', async () => {
    const sent = stubFetch((s, i) => (s.operationName === 'DemoLogins' ? json({ data: { demoLogins: [] } }) : i === sent.findIndex((x) => x.operationName === 'Login') ? new TypeError('Failed to fetch') : json(refused)));
    renderScreen(<LoginPage />, { path: '/aanmelden', signedIn: false, client: createApolloClient('http://localhost/graphql', { retryDelayMs: 1 }) });
    fireEvent.change(await screen.findByLabelText('E-mailadres'), { target: { value: 'f@schoolmix.demo' } });
    fireEvent.change(screen.getByLabelText('Wachtwoord'), { target: { value: 'secret-secret' } });
    const form = screen.getByRole('form', { name: 'Aanmelden' });
    // Two submissions before React re-renders (the button is not disabled yet): a double click.
    fireEvent.submit(form);
    fireEvent.submit(form);
    expect((await screen.findByRole('alert')).textContent).toBe('Onbekend e-mailadres of verkeerd wachtwoord.');
    await waitFor(() => expect(sent.filter((s) => s.operationName === 'Login')).toHaveLength(3));
    const logins = sent.filter((s) => s.operationName === 'Login');
    expect(new Set(logins.map((s) => s.key)).size).toBe(1);
    expect(logins[0]!.key).toMatch(UUID);
    expect(sent.find((s) => s.operationName === 'DemoLogins')!.key).toBeNull();
  });
});
