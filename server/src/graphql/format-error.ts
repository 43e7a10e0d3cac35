import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { currentRequest } from '../logger.js';
import { ERROR_CODES } from '@schoolmix/shared';
import { type DatabaseAvailability, isDatabaseUnavailable, unavailableError } from '../db/availability.js';
import { CLIENT_CODES, internalMessage, TIMED_OUT_MESSAGE } from './errors.js';

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
 * PostgreSQL refusals of a value itself (SQLSTATE class 22, data exception) that input rules
 * should have caught before any SQL: the request is answered as bad input, not as a server
 * failure, and the miss is logged so that the missing rule gets written.
 */
const INPUT_SQLSTATES: Record<string, string> = {
  '22021': 'a character the database cannot store', // character_not_in_repertoire (e.g. NUL)
  '22P05': 'a character the database cannot store', // untranslatable_character
  '22P02': 'a value of the wrong form', // invalid_text_representation (e.g. not a uuid)
  '22001': 'a value too long', // string_data_right_truncation
  '22003': 'a number out of range', // numeric_value_out_of_range
  '22008': 'a date or time out of range', // datetime_field_overflow
  '22007': 'a date or time of the wrong form', // invalid_datetime_format
  // A NUL in a bound parameter: both drivers send it so that the server refuses the message
  // (pg: "invalid message format", PGlite: "insufficient data left in message").
  '08P01': 'a value the database cannot take', // protocol_violation
};

function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; sqlState?: unknown; cause?: unknown } | null | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    for (const candidate of [e.sqlState, e.code]) if (typeof candidate === 'string' && /^[0-9A-Z]{5}$/.test(candidate)) return candidate;
  }
  return undefined;
}

/** graphql-js stops coercing variables after 50 bad values with this error, which has no code. */
const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables, error limit reached. Execution aborted.';

/**
 * Apollo's `formatError`, with the codes and messages of errors.ts. Anything that is not a known
 * client error (CLIENT_CODES) is masked: the client gets a correlation id, the
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
      return { message: unavailableError().message, path: formatted.path, extensions: { code: ERROR_CODES.SERVICE_UNAVAILABLE } };
    }
    if (isStatementTimeout(original)) {
      return { message: TIMED_OUT_MESSAGE, path: formatted.path, extensions: { code: ERROR_CODES.REQUEST_TIMEOUT } };
    }
    if (formatted.message === TOO_MANY_VARIABLE_ERRORS) {
      return { message: 'Too many invalid variable values (more than 50); the first 50 are reported', extensions: { code: ERROR_CODES.BAD_USER_INPUT } };
    }
    const state = sqlState(original);
    if (state && state in INPUT_SQLSTATES) {
      logger.warn({ err: original, sqlState: state, path: formatted.path }, 'the database refused an input value that no input rule caught');
      return {
        message: `The input holds ${INPUT_SQLSTATES[state]}`,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: ERROR_CODES.BAD_USER_INPUT, sqlState: state },
      };
    }
    const correlationId = randomUUID();
    // The request's X-Request-Id too, so a caller can quote either and operations find the request's log lines.
    const requestId = currentRequest()?.requestId;
    logger.error({ err: original, correlationId, path: formatted.path }, 'unexpected error in a GraphQL operation');
    return {
      message: internalMessage(correlationId),
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ERROR_CODES.INTERNAL_SERVER_ERROR, correlationId, ...(requestId ? { requestId } : {}), ...(development ? { detail: String(formatted.message) } : {}) },
    };
  };
}
