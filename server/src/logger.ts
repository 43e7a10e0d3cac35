import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';
import { requestIdOf } from './request-id.js';

/**
 * What the server learns about one request while answering it: its id from the start, the
 * GraphQL operation and the viewer's role once Apollo has resolved them (metrics.ts's plugin),
 * and the SQL statements it sent (db/statement-counter.ts). Never a token, password, body or
 * variable: only what the request log line may show.
 */
export interface RequestFacts {
  requestId: string;
  operationName?: string | null;
  operationType?: string;
  /** The viewer's role, `ANONYMOUS` without a session; unset when no GraphQL context was made. */
  role?: string;
  /** `extensions.code` of the errors in the GraphQL answer. */
  errorCodes?: string[];
  statements: number;
}

/**
 * The facts of the request being handled, carried through its async work (AsyncLocalStorage), so
 * every log line written while handling it — a masked error in graphql/format-error.ts too —
 * carries its `requestId` without passing it around.
 */
const scope = new AsyncLocalStorage<RequestFacts>();

export function currentRequest(): RequestFacts | undefined {
  return scope.getStore();
}

/**
 * Structured JSON logs (pino); silent in tests unless LOG_LEVEL says otherwise. `destination`
 * lets a test read the lines. A line written during a request carries its `requestId`.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'schoolmix' },
      mixin(merge, _level, logger) {
        const facts = scope.getStore();
        if (!facts || 'requestId' in merge || 'requestId' in logger.bindings()) return {};
        return { requestId: facts.requestId };
      },
    },
    destination,
  );
}

/** The health probes of an orchestrator: logged at debug level only (they come every few seconds). */
const PROBES = new Set(['/healthz', '/readyz']);

/** The path of a URL without its query string (which may hold a token, e.g. an export link), capped. */
export function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split(/[?#]/, 1)[0] ?? '/';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/** The level of a request's access line: 5xx at error (503 at warn), probes at debug, the rest at info. */
function accessLevel(req: IncomingMessage, res: ServerResponse, error: unknown): 'debug' | 'info' | 'warn' | 'error' {
  if (PROBES.has(pathOf(req.url)) && res.statusCode < 500) return 'debug';
  // 503 is the server saying "not now" (draining, database away: logged once by availability.ts).
  if (res.statusCode === 503) return 'warn';
  return error || res.statusCode >= 500 ? 'error' : 'info';
}

/**
 * One access log line per request, written when the answer is sent or the client went away:
 * requestId, method, path (no query string), status, durationMs, and for GraphQL the operation
 * name and type, the viewer's role, the error codes and the SQL statement count. No header, body
 * or variable is logged. 5xx answers log at error level (503 at warn), probes at debug level.
 * Must run right after `requestIds()`; it also opens the request's log scope (see `currentRequest`).
 *
 * Written here rather than with pino-http (until session 36): pino-http made two child loggers per
 * request, one of them serialising the request's headers, whether its line was logged or not.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const facts: RequestFacts = { requestId: requestIdOf(res), statements: 0 };
    res.locals.facts = facts;
    const started = Date.now();
    const complete = (error?: unknown) => {
      res.off('finish', complete);
      res.off('close', complete);
      res.off('error', complete);
      const level = accessLevel(req, res, error);
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          requestId: facts.requestId,
          method: req.method,
          path: pathOf(req.originalUrl ?? req.url),
          status: res.statusCode,
          durationMs: Date.now() - started,
          ...(facts.operationType ? { operationName: facts.operationName ?? null, operationType: facts.operationType } : {}),
          ...(facts.role ? { role: facts.role } : {}),
          ...(facts.errorCodes?.length ? { errorCodes: facts.errorCodes } : {}),
          ...(facts.statements > 0 ? { sqlStatements: facts.statements } : {}),
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    };
    res.on('finish', complete);
    res.on('close', complete);
    res.on('error', complete);
    scope.run(facts, next);
  };
}

/**
 * Re-enters the request's log scope. Body parsers resume the middleware chain from a socket
 * event, outside it; this goes right after them.
 */
export function requestScope(): RequestHandler {
  return (_req, res, next) => {
    const facts = res.locals.facts as RequestFacts | undefined;
    if (!facts) return next();
    scope.run(facts, next);
  };
}
