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
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
