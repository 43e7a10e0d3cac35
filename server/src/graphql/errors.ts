import { ERROR_CODES, type ErrorCode } from '@schoolmix/shared';
import type express from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';

/**
 * THE ERRORS of the API, GraphQL and HTTP alike (docs/ARCHITECTURE.md "Errors"). Every top-level
 * error is made here, whether a resolver or plugin throws it or an HTTP route or middleware
 * answers it; the codes are shared's ERROR_CODES (README "Errors"), never a literal elsewhere.
 *
 * - `apiError` makes the GraphQLError, `{ message, extensions: { code, … } }`, and the helpers
 *   below name the common ones (bad input, not found, forbidden, timeout, …).
 * - `sendError` answers an HTTP request (404, 401 on /metrics, 429, 503, a body Express could not
 *   read, the exports' refusals) with the same shape: `{ "errors": [{ message, extensions: { code, … } }] }`,
 *   and `sendGraphQLError` answers one of the GraphQLErrors above that way.
 * - format-error.ts, Apollo's `formatError`, passes the codes of CLIENT_CODES and masks anything
 *   else as INTERNAL_SERVER_ERROR with a correlation id. No stack trace leaves the server outside
 *   development, on either path.
 *
 * A mutation's refusals of its input are not errors but its payload's `userErrors` (user-errors.ts).
 */

/** What an error tells Apollo about the HTTP answer (the status, Retry-After); never sent to the client. */
interface HttpHint {
  status: number;
  headers?: Map<string, string>;
}

/** A top-level GraphQL error with its code first, then what else the client may read (`field`, `problems`, …). */
export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}, http?: HttpHint): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, ...(http ? { http } : {}) } });
}

/** Input that cannot be served at all (a bad cursor, a page too large): names the argument. */
export function badInput(message: string, field: string): GraphQLError {
  return apiError(ERROR_CODES.BAD_USER_INPUT, message, { field });
}

export function forbidden(message = 'You may not see or change this.'): GraphQLError {
  return apiError(ERROR_CODES.FORBIDDEN, message);
}

export function unauthenticated(message = 'Log in first.'): GraphQLError {
  return apiError(ERROR_CODES.UNAUTHENTICATED, message);
}

export function notFound(what: string, field = 'id'): GraphQLError {
  return apiError(ERROR_CODES.NOT_FOUND, `${what} not found`, { field });
}

/**
 * A refusal before any resolver runs (the operation gate, the introspection gate, a credential
 * that is unknown, expired or revoked): the whole request answers 401 or 403.
 */
export function refusal(code: typeof ERROR_CODES.UNAUTHENTICATED | typeof ERROR_CODES.FORBIDDEN, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return apiError(code, message, extensions, { status: code === ERROR_CODES.UNAUTHENTICATED ? 401 : 403 });
}

export const TIMED_OUT_MESSAGE = 'The request ran past its time budget; ask for less (fewer rows or fields) at once';

/** The request's time budget (REQUEST_TIMEOUT_MS) ran out: nothing more is resolved. */
export function timedOut(): GraphQLError {
  return apiError(ERROR_CODES.REQUEST_TIMEOUT, TIMED_OUT_MESSAGE);
}

/** The client went away: nothing more is resolved for it. */
export function cancelled(): GraphQLError {
  return apiError(ERROR_CODES.REQUEST_CANCELLED, 'Cancelled: the client went away');
}

/** A dependency (the database) is unreachable, or the server stops: 503 with Retry-After. */
export function unavailable(message: string, retryAfterSeconds: number): GraphQLError {
  return apiError(ERROR_CODES.SERVICE_UNAVAILABLE, message, {}, { status: 503, headers: new Map([['retry-after', String(retryAfterSeconds)]]) });
}

/**
 * The codes that describe the request, not the server: format-error.ts passes them to the client
 * as they are (without stack trace outside development). Any other error is masked.
 */
export const CLIENT_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  ERROR_CODES.BAD_USER_INPUT,
  ERROR_CODES.UNAUTHENTICATED,
  ERROR_CODES.FORBIDDEN,
  ERROR_CODES.NOT_FOUND,
  ERROR_CODES.GRAPHQL_PARSE_FAILED,
  ERROR_CODES.GRAPHQL_VALIDATION_FAILED,
  ERROR_CODES.BAD_REQUEST,
  ERROR_CODES.OPERATION_RESOLUTION_FAILURE,
  // Automatic persisted queries are off (app.ts): Apollo answers NOT_SUPPORTED, never NOT_FOUND.
  ERROR_CODES.PERSISTED_QUERY_NOT_SUPPORTED,
  ERROR_CODES.QUERY_LIMIT_EXCEEDED,
  ERROR_CODES.REQUEST_TIMEOUT,
  ERROR_CODES.REQUEST_CANCELLED,
  ERROR_CODES.SERVICE_UNAVAILABLE,
]);

/** The message of every masked error: a correlation id to quote, the detail only in the log. */
export function internalMessage(correlationId: string): string {
  return `Internal error; quote ${correlationId} when reporting it`;
}

/** The status an HTTP route answers a code with (README "Errors"); anything else is 400. */
const ROUTE_STATUS: Partial<Record<ErrorCode, number>> = {
  [ERROR_CODES.UNAUTHENTICATED]: 401,
  [ERROR_CODES.FORBIDDEN]: 403,
  [ERROR_CODES.NOT_FOUND]: 404,
  [ERROR_CODES.IN_PROGRESS]: 409,
  [ERROR_CODES.IDEMPOTENCY_KEY_REUSED]: 422,
  [ERROR_CODES.RATE_LIMITED]: 429,
  [ERROR_CODES.INTERNAL_SERVER_ERROR]: 500,
  [ERROR_CODES.SERVICE_UNAVAILABLE]: 503,
};

export function routeStatus(code: ErrorCode): number {
  return ROUTE_STATUS[code] ?? 400;
}

/** The GraphQL-shaped body of an error answered outside GraphQL. */
export interface ErrorBody {
  errors: [{ message: string; extensions: { code: ErrorCode } & Record<string, unknown> }];
}

export function errorBody(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): ErrorBody {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}

/**
 * Answers an HTTP request with one error: the status of its code (or `status`), Retry-After when
 * given, and the GraphQL-shaped body.
 */
export function sendError(
  res: express.Response,
  code: ErrorCode,
  message: string,
  options: { extensions?: Record<string, unknown>; status?: number; retryAfterSeconds?: number } = {},
): void {
  if (options.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(options.retryAfterSeconds));
  res.status(options.status ?? routeStatus(code)).json(errorBody(code, message, options.extensions));
}

/**
 * Answers an HTTP request with a GraphQLError made above (a refused credential, a bad parameter of
 * an export, a query limit): its message and code, and with `withExtensions` what else it carries
 * for the client (never Apollo's `http` hint).
 */
export function sendGraphQLError(res: express.Response, error: GraphQLError, withExtensions = false): void {
  const { code, http: _http, ...extensions } = error.extensions as { code?: unknown; http?: unknown } & Record<string, unknown>;
  const known = typeof code === 'string' && (Object.values(ERROR_CODES) as string[]).includes(code) ? (code as ErrorCode) : ERROR_CODES.BAD_USER_INPUT;
  sendError(res, known, error.message, withExtensions ? { extensions } : {});
}

export const INTERNAL_MESSAGE = 'Internal error';

/** The last route: nothing else answered this method and path. */
export function notFoundHandler(req: express.Request, res: express.Response): void {
  sendError(res, ERROR_CODES.NOT_FOUND, `Nothing at ${req.method} ${req.path}`);
}

/**
 * Errors outside GraphQL (a body that is not JSON, too large) get the short JSON answer instead of
 * Express's default HTML page, which shows a stack trace whenever NODE_ENV is not production.
 * A client error keeps its status and (when it may be shown) its message; anything else is a 500.
 */
export function httpErrorHandler(logger: Logger): express.ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const e = error as { status?: number; statusCode?: number; expose?: boolean; message?: string };
    const status = e.status ?? e.statusCode ?? 500;
    const client = status >= 400 && status < 500;
    if (!client) logger.error({ err: error }, 'unexpected error in an HTTP request');
    if (client) sendError(res, ERROR_CODES.BAD_REQUEST, e.expose !== false ? String(e.message) : INTERNAL_MESSAGE, { status });
    else sendError(res, ERROR_CODES.INTERNAL_SERVER_ERROR, INTERNAL_MESSAGE);
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: string): boolean {
  return UUID.test(value);
}

/** Ids in query arguments are checked before they reach SQL, with the argument named. */
export function assertId<T extends string | null | undefined>(value: T, field: string): T {
  if (value != null && !UUID.test(value)) throw badInput(`"${field}" is not an id of this API`, field);
  return value;
}
