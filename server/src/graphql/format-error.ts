import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

/** Error codes that describe the request, not the server: passed to the client as they are. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'QUERY_LIMIT_EXCEEDED',
]);

/**
 * Anything that is not a known client error is masked: the client gets a correlation id, the
 * log gets the real error. Stack traces never leave the server outside development.
 */
export function createFormatError(logger: Logger, development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      if (development) return formatted;
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const correlationId = randomUUID();
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    logger.error({ err: original, correlationId, path: formatted.path }, 'unexpected error in a GraphQL operation');
    return {
      message: `Internal error; quote ${correlationId} when reporting it`,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId, ...(development ? { detail: String(formatted.message) } : {}) },
    };
  };
}
