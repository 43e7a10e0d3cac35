import type { GraphiQLProps } from 'graphiql';

type Fetcher = GraphiQLProps['fetcher'];

/**
 * GraphiQL's fetcher: POST /graphql on this origin (the CSP allows nothing else), with the SPA's
 * session token when the tab has one. Headers typed in GraphiQL's Headers tab win, so an
 * integrator can paste `{"Authorization": "Bearer <API key>"}` there instead; GraphiQL does not
 * store those headers unless the user turns on persisting them.
 */
export function createFetcher(token: () => string | null, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): Fetcher {
  return async (params, options) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    const session = token();
    if (session) headers.authorization = `Bearer ${session}`;
    for (const [name, value] of Object.entries(options?.headers ?? {})) headers[name.toLowerCase()] = String(value);
    const response = await fetchImpl('/graphql', { method: 'POST', headers, body: JSON.stringify(params), credentials: 'same-origin' });
    const text = await response.text();
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      // A proxy's HTML error page or an empty answer: show what came back instead of a parse error.
      return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500) || response.statusText}` }] };
    }
  };
}
