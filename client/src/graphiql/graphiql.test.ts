import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { EXAMPLE_TABS } from './examples';
import { createFetcher } from './fetcher';

const schema = buildSchema(readFileSync(join(import.meta.dirname, '..', '..', '..', 'server', 'schema.graphql'), 'utf8'));

describe('GraphiQL example tabs', () => {
  it('are valid operations of the committed schema, one per kind of user', () => {
    expect(EXAMPLE_TABS.length).toBeGreaterThanOrEqual(4);
    for (const tab of EXAMPLE_TABS) {
      expect(validate(schema, parse(tab.query)).map((e) => e.message), tab.query.split('\n')[0]).toEqual([]);
      if (tab.variables) expect(() => JSON.parse(tab.variables!) as unknown).not.toThrow();
    }
    expect(EXAMPLE_TABS.some((t) => /after: \$after/.test(t.query) && /endCursor/.test(t.query))).toBe(true);
  });
});

describe('GraphiQL fetcher', () => {
  const answer = (body: string, status = 200) => vi.fn(async () => Promise.resolve(new Response(body, { status })));

  it('posts to this origin with the session token', async () => {
    const fetchImpl = answer('{"data":{"viewer":{"role":"ADMIN"}}}');
    const result = await createFetcher(() => 'session-token', fetchImpl)({ query: '{ viewer { role } }', operationName: null }, { headers: {} });
    expect(result).toEqual({ data: { viewer: { role: 'ADMIN' } } });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ authorization: 'Bearer session-token', 'content-type': 'application/json' });
    expect(JSON.parse(init.body as string)).toEqual({ query: '{ viewer { role } }', operationName: null });
  });

  it('lets a pasted Authorization header (an API key) win over the session, and works without a session', async () => {
    const fetchImpl = answer('{"data":{}}');
    await createFetcher(() => 'session-token', fetchImpl)({ query: '{ __typename }' }, { headers: { Authorization: 'Bearer api-key' } });
    await createFetcher(() => null, fetchImpl)({ query: '{ __typename }' }, { headers: {} });
    const headers = fetchImpl.mock.calls.map((call) => (call as unknown as [string, RequestInit])[1].headers as Record<string, string>);
    expect(headers[0]!.authorization).toBe('Bearer api-key');
    expect(headers[1]!.authorization).toBeUndefined();
  });

  it('turns an answer that is not JSON into an error GraphiQL can show', async () => {
    const result = await createFetcher(() => null, answer('<html>Bad gateway</html>', 502))({ query: '{ __typename }' }, { headers: {} });
    expect(result).toEqual({ errors: [{ message: 'HTTP 502: <html>Bad gateway</html>' }] });
  });
});
