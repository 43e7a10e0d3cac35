import type { RequestHooks } from './request-hooks.js';
import { ERROR_CODES } from '@schoolmix/shared';
import { rootFields } from './access-guard.js';
import type { Context } from './context.js';
import { refusal } from './errors.js';

/**
 * Introspection (`__schema`, `__type`) for signed-in callers only, in production: GraphiQL at
 * /graphiql needs it for completion and the docs, an anonymous caller does not. Outside
 * production anyone may introspect, as before. `__typename` is always allowed.
 */
export function introspectionGate(production: boolean): RequestHooks<Context> {
  return {
    requestDidStart() {
      return {
        didResolveOperation({ operation, document, contextValue }) {
          if (!production || !operation || contextValue.viewer.role) return;
          const field = rootFields(operation, document).find((name) => name === '__schema' || name === '__type');
          if (field) throw refusal(ERROR_CODES.UNAUTHENTICATED, 'Log in (session or API key) to introspect the schema', { field });
        },
      };
    },
  };
}
