import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { idempotencyLink, mutationRetryLink } from './idempotency';
import { session } from './session';

/**
 * Sends the session token; a 401 or UNAUTHENTICATED ends the session (back to the login) and
 * empties the cache, so whoever signs in next in this tab sees none of the previous user's data.
 * Every mutation carries an Idempotency-Key (idempotency.ts), kept across its retries, so a
 * network retry or a double click writes once.
 */
export function createApolloClient(uri = '/graphql', options: { retryDelayMs?: number } = {}): ApolloClient {
  const auth = new ApolloLink((operation, forward) => {
    const token = session.get();
    if (token) operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({ headers: { ...headers, authorization: `Bearer ${token}` } }));
    return forward(operation);
  });
  const expired = new ErrorLink(({ error }) => {
    const unauthenticated =
      (ServerError.is(error) && error.statusCode === 401) || (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED'));
    if (unauthenticated && session.get()) {
      sessionStorage.setItem('schoolmix.ended', '1');
      session.clear();
      // `client` is declared below; the link only runs once it exists.
      void client.clearStore().catch(() => undefined);
    }
  });
  const client: ApolloClient = new ApolloClient({
    link: ApolloLink.from([expired, auth, idempotencyLink(), mutationRetryLink({ initialDelayMs: options.retryDelayMs }), new HttpLink({ uri })]),
    cache: new InMemoryCache({
      typePolicies: {
        // Reports and KPI figures have no id of their own: keep them inside their parent.
        ProgramReport: { keyFields: false },
        ProjectKpi: { keyFields: false },
        Viewer: { keyFields: false },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
  return client;
}
