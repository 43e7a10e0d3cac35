import type { BaseContext } from '@apollo/server';
import type { RequestHooks } from '../graphql/request-hooks.js';
import { ERROR_CODES } from '@schoolmix/shared';
import type express from 'express';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { sendError, unavailable } from '../graphql/errors.js';
import type { Database } from './orm.js';

/** What a client is told to wait while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;
/** How often the database is tried again while it is unreachable. */
export const PROBE_INTERVAL_MS = 1_000;

/** Node network errors and PostgreSQL SQLSTATEs that mean "the database cannot be reached", not "this query is wrong". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  '57P01', // admin_shutdown: the connection was terminated
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '3D000', // invalid_catalog_name: the database is gone (renamed, dropped)
  '53300', // too_many_connections
]);
const UNREACHABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Connection refused|database .* does not exist|terminating connection due to administrator command/i;

/** Whether the error (or one it wraps) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; sqlState?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNREACHABLE_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  if (typeof e.sqlState === 'string' && (UNREACHABLE_CODES.has(e.sqlState) || e.sqlState.startsWith('08'))) return true;
  if (typeof e.message === 'string' && UNREACHABLE_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.originalError, depth + 1);
}

export function unavailableError(): GraphQLError {
  return unavailable(`The database is unreachable; try again in ${RETRY_AFTER_SECONDS} seconds`, RETRY_AFTER_SECONDS);
}

/** Answers an HTTP request (a route, a middleware) that the database outage stops: 503 with Retry-After. */
export function sendUnavailable(res: express.Response): void {
  sendError(res, ERROR_CODES.SERVICE_UNAVAILABLE, unavailableError().message, { retryAfterSeconds: RETRY_AFTER_SECONDS });
}

/**
 * Whether PostgreSQL can be reached. The first failure of an outage is logged once; from then on
 * /graphql and /export answer 503 with Retry-After at once (no connection attempt, no log line
 * per request) while a probe tries `select 1` every second; the first success ends the outage
 * (logged once too) and requests are served again.
 */
export class DatabaseAvailability {
  private downSince: number | null = null;
  private probe: NodeJS.Timeout | null = null;
  private probing = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  get isDown(): boolean {
    return this.downSince !== null;
  }

  /** Records a failure that `isDatabaseUnavailable` recognised. */
  failed(error: unknown): void {
    if (this.downSince !== null) return;
    this.downSince = Date.now();
    this.logger.error({ err: error, retryAfterSeconds: RETRY_AFTER_SECONDS }, 'database unreachable: answering 503 until it is back');
    this.probe = setInterval(() => void this.check(), PROBE_INTERVAL_MS);
    this.probe.unref();
  }

  /** Tries the database once; true when it answered. */
  async check(): Promise<boolean> {
    if (this.probing) return !this.isDown;
    this.probing = true;
    try {
      await this.db.orm.em.fork().getConnection().execute('select 1');
      this.recovered();
      return true;
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.failed(error);
      return false;
    } finally {
      this.probing = false;
    }
  }

  private recovered(): void {
    if (this.downSince === null) return;
    this.logger.info({ downForMs: Date.now() - this.downSince }, 'database reachable again');
    this.downSince = null;
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }

  /** Express middleware: 503 + Retry-After while the database is known to be unreachable. */
  gate(): express.RequestHandler {
    return (_req, res, next) => {
      if (!this.isDown) return next();
      sendUnavailable(res);
    };
  }

  close(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }
}

/** A request concern (graphql/request-hooks.ts): an answer carrying SERVICE_UNAVAILABLE goes out as 503 with Retry-After. */
export const availabilityPlugin: RequestHooks<BaseContext> = {
  requestDidStart() {
    return {
      willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        if (!response.body.singleResult.errors?.some((e) => e.extensions?.code === ERROR_CODES.SERVICE_UNAVAILABLE)) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
      },
    };
  },
};
