/**
 * Stable codes shared by server and client. `userErrors[].code` carries a UserErrorCode;
 * GraphQL errors carry an ErrorCode in `extensions.code`.
 */
export const USER_ERROR_CODES = [
  'REQUIRED',
  'INVALID',
  'TOO_SHORT',
  'TOO_LONG',
  'OUT_OF_RANGE',
  'NOT_FOUND',
  'DUPLICATE',
  'CONFLICT',
  'STALE_VERSION',
  'INVALID_TRANSITION',
  'OUTSIDE_PERIOD',
  'NOT_A_PARTNER',
  'EVENT_CANCELLED',
  'PROJECT_MISMATCH',
  'PERIOD_FINAL',
  'EXCEEDS_MAX_SUBSIDY',
  'EXCEEDS_MAX_HOUSEHOLDS',
  'FORBIDDEN',
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'WEAK_PASSWORD',
  /** The write would change the figures of a FINAL period or a CLOSED project (SPEC §9). */
  'PERIOD_CLOSED',
  /** An application (create or submit) outside the period's application window. */
  'OUTSIDE_APPLICATION_WINDOW',
  /** A pseudonymous record's text holds an identifier (national number, phone, e-mail, IBAN); the message names the kind, never the value. */
  'CONTAINS_IDENTIFIER',
  /** closeFundingPeriodReport: funded projects of the period without an accepted or waived final report (the message says how many). */
  'FINAL_REPORTS_OUTSTANDING',
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

/**
 * What each user-error code means: the GraphQL enum `UserErrorCode` carries these as value
 * descriptions, and README "Errors" lists them (a server test checks both stay complete).
 */
export const USER_ERROR_CODE_MEANINGS: Record<UserErrorCode, string> = {
  REQUIRED: 'A value is required here.',
  INVALID: 'The value is not acceptable here (format, combination with another field, or a rule the message names).',
  TOO_SHORT: 'The text is shorter than allowed.',
  TOO_LONG: 'The text (or list) is longer than allowed; the message gives the maximum.',
  OUT_OF_RANGE: 'The number or date lies outside the allowed range.',
  NOT_FOUND: 'The id or reference names nothing the caller may see.',
  DUPLICATE: 'Another record already has this unique value.',
  CONFLICT: 'The value clashes with another record (for example overlapping periods, or two rows of one import about the same thing).',
  STALE_VERSION: 'Someone else changed the record since it was read (optimistic lock): reload and try again.',
  INVALID_TRANSITION: 'The record’s status does not allow this step (the project status machine).',
  OUTSIDE_PERIOD: 'The date lies outside the project’s funding period.',
  NOT_A_PARTNER: 'The organisation or municipality is not a partner of the project.',
  EVENT_CANCELLED: 'The event was cancelled and can no longer change.',
  PROJECT_MISMATCH: 'The records belong to different projects.',
  PERIOD_FINAL: 'The funding period is final.',
  EXCEEDS_MAX_SUBSIDY: 'The subsidy exceeds the funding period’s maximum.',
  EXCEEDS_MAX_HOUSEHOLDS: 'The target households exceed the funding period’s maximum.',
  FORBIDDEN: 'The caller may not make this change (for example a record of another municipality).',
  INVALID_CREDENTIALS: 'Unknown e-mail address or wrong password.',
  RATE_LIMITED: 'Too many attempts; the payload says when to try again.',
  WEAK_PASSWORD: 'The password is too short or too weak.',
  PERIOD_CLOSED: 'The write would change the figures of a FINAL period or a CLOSED project.',
  OUTSIDE_APPLICATION_WINDOW: 'An application (create or submit) outside the funding period’s application window.',
  CONTAINS_IDENTIFIER: 'A pseudonymous text holds an identifier (national number, phone, e-mail, IBAN); the message names the kind, never the value.',
  FINAL_REPORTS_OUTSTANDING: 'The period cannot become FINAL: funded projects still lack an accepted or waived final report (the message says how many).',
};

export const ERROR_CODES = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** Idempotency-Key too long, empty or with control characters (HTTP 400). */
  IDEMPOTENCY_KEY_INVALID: 'IDEMPOTENCY_KEY_INVALID',
  /** The Idempotency-Key was used before, by this caller, for a different request (HTTP 422). */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** The first request with this Idempotency-Key is still running after the wait (HTTP 409). */
  IN_PROGRESS: 'IN_PROGRESS',
  /** A query limit or the role's cost budget (extensions: limit, max, measured). */
  QUERY_LIMIT_EXCEEDED: 'QUERY_LIMIT_EXCEEDED',
  /** The request ran past its time budget (REQUEST_TIMEOUT_MS). */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /** The client went away; nothing more was resolved for it. */
  REQUEST_CANCELLED: 'REQUEST_CANCELLED',
  /** PostgreSQL is unreachable: HTTP 503 with Retry-After. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** The caller's request budget is spent (HTTP 429 with Retry-After; request-limit.ts). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A request Express could not read (a body that is not JSON, too large); HTTP 4xx. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** Apollo: the document is not GraphQL (HTTP 400). */
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** Apollo: the document does not fit the schema (HTTP 400). */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** Apollo: no operation of that name in the document, or several without `operationName` (HTTP 400). */
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** Apollo: automatic persisted queries are off here (HTTP 400). */
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/**
 * Each top-level error code (`errors[].extensions.code`) with its HTTP status and meaning;
 * README "Errors" lists the same (user-error-codes.test.ts checks it is complete).
 */
export const ERROR_CODE_MEANINGS: Record<ErrorCode, { status: string; meaning: string }> = {
  BAD_USER_INPUT: { status: '400', meaning: 'An argument breaks an input rule (length, control characters, not a UUID, a bad cursor, a page too large); `extensions.field` names it, `extensions.problems` lists every rule broken.' },
  UNAUTHENTICATED: { status: '401', meaning: 'No credential, or the session token or API key is unknown, expired or revoked.' },
  FORBIDDEN: { status: '403', meaning: 'The role may not call this field, or the row belongs to another municipality.' },
  NOT_FOUND: { status: '200 (GraphQL) / 404 (HTTP routes)', meaning: 'The id names nothing (`extensions.field` names the argument); on a route: nothing at that path.' },
  INTERNAL_SERVER_ERROR: { status: '200 or 500', meaning: 'A bug on our side; the message carries a correlation id to quote, the detail is only in the server log.' },
  IDEMPOTENCY_KEY_INVALID: { status: '400', meaning: 'The Idempotency-Key is empty, too long or holds control characters.' },
  IDEMPOTENCY_KEY_REUSED: { status: '422', meaning: 'The Idempotency-Key was used before by this caller for a different request.' },
  IN_PROGRESS: { status: '409', meaning: 'The first request with this Idempotency-Key is still running; retry with the same key after Retry-After.' },
  QUERY_LIMIT_EXCEEDED: { status: '400', meaning: 'A query limit (length, tokens, depth, aliases, directives) or the role’s cost budget; `extensions.limit`, `max`, `measured` say which.' },
  REQUEST_TIMEOUT: { status: '200', meaning: 'The request ran past its time budget (REQUEST_TIMEOUT_MS); nothing more was resolved.' },
  REQUEST_CANCELLED: { status: '200 (logged; the client is gone)', meaning: 'The client went away; nothing more was resolved for it.' },
  SERVICE_UNAVAILABLE: { status: '503', meaning: 'The database is unreachable or the server is shutting down; retry after Retry-After.' },
  RATE_LIMITED: { status: '429', meaning: 'The caller’s request budget is spent; `extensions.retryAfter` (and Retry-After) say when to retry.' },
  BAD_REQUEST: { status: '400 (or 413)', meaning: 'The HTTP request itself is unreadable: a body that is not JSON or too large, or a GET without `apollo-require-preflight`.' },
  GRAPHQL_PARSE_FAILED: { status: '400', meaning: 'The document is not valid GraphQL syntax.' },
  GRAPHQL_VALIDATION_FAILED: { status: '400', meaning: 'The document does not fit the schema (unknown field, wrong argument type).' },
  OPERATION_RESOLUTION_FAILURE: { status: '400', meaning: 'No operation of that name in the document, or several without `operationName`.' },
  PERSISTED_QUERY_NOT_SUPPORTED: { status: '400', meaning: 'Automatic persisted queries are off: send the whole document.' },
};
