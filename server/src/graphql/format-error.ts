import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { type DatabaseAvailability, isDatabaseUnavailable, unavailableError } from '../db/availability.js';

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
  'REQUEST_TIMEOUT',
  'REQUEST_CANCELLED',
  'SERVICE_UNAVAILABLE',
]);

/** PostgreSQL's "canceling statement due to statement timeout": the request's time budget ran out. */
function isStatementTimeout(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown; originalError?: unknown } | null, i = 0; e && i < 5; i++) {
    if (e.code === '57014') return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

/** graphql-js's "Did you mean …?" hints spell out the schema to whoever guesses at it. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Anything that is not a known client error is masked: the client gets a correlation id, the
 * log gets the real error. Stack traces never leave the server outside development.
 */
export function createFormatError(logger: Logger, development: boolean, availability?: DatabaseAvailability) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      if (development) return formatted;
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      // Outside development no field suggestions: "Cannot query field "rol" on type "Viewer"." only.
      return { ...formatted, message: formatted.message.replace(SUGGESTION, ''), extensions };
    }
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    if (availability && isDatabaseUnavailable(original)) {
      // Logged once per outage by DatabaseAvailability, not once per error.
      availability.failed(original);
      return { message: unavailableError().message, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    if (isStatementTimeout(original)) {
      return { message: 'The request ran past its time budget; ask for less (fewer rows or fields) at once', path: formatted.path, extensions: { code: 'REQUEST_TIMEOUT' } };
    }
    const correlationId = randomUUID();
    logger.error({ err: original, correlationId, path: formatted.path }, 'unexpected error in a GraphQL operation');
    return {
      message: `Internal error; quote ${correlationId} when reporting it`,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId, ...(development ? { detail: String(formatted.message) } : {}) },
    };
  };
}
