import type { EntityManager } from '@mikro-orm/sql';
import type express from 'express';
import { ERROR_CODES } from '@schoolmix/shared';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Config, RateLimits } from '../../config.js';
import type { Database } from '../../db/orm.js';
import { sendError } from '../../graphql/errors.js';
import { resolveViewer } from './auth.service.js';
import { countRequest, keyPart } from './rate-limit.js';
import type { SessionSigner } from './session.js';
import type { Viewer } from './viewer.js';

/** Who a request is counted against, and how many requests that caller has per window. */
export function budgetFor(viewer: Viewer | null, address: string, limits: RateLimits): { key: string; policy: string; quota: number } {
  if (viewer?.kind === 'apiKey' && viewer.id) return { key: `req:key:${viewer.id}`, policy: 'api-key', quota: limits.apiKey };
  if (viewer?.kind === 'user' && viewer.id && viewer.role) return { key: `req:user:${viewer.id}`, policy: viewer.role.toLowerCase(), quota: limits.byRole[viewer.role] };
  return { key: `req:address:${keyPart(address)}`, policy: 'anonymous', quota: limits.anonymous };
}

/** What the request limiter learnt about the caller, for the GraphQL context and the exports. */
export interface Identified {
  viewer?: Viewer;
  /** The credential was refused (401): answered by the GraphQL context or the export as before. */
  refused?: GraphQLError;
}

export function identified(res: express.Response): Identified {
  return (res.locals.identified ?? {}) as Identified;
}

/**
 * Every caller of /graphql and /export has a request budget per window (README "Rate limits and
 * sign-in protection"): per user by role, per API key, and per client address for anonymous calls
 * and refused credentials. The count lives in PostgreSQL (one upsert per request), so all
 * instances share it. Every answer carries `RateLimit-Policy` and `RateLimit`
 * (draft-ietf-httpapi-ratelimit-headers); over the budget the answer is 429 with `Retry-After`,
 * before any GraphQL work. The viewer found here is handed on, so it is resolved once.
 * If the database cannot be asked, the request goes on unlimited (the next step reports the outage).
 */
export function requestLimiter(db: Database, signer: SessionSigner, config: Config, logger: Logger): express.RequestHandler {
  return async (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const em = db.orm.em.fork() as EntityManager;
    const now = config.now();
    const found: Identified = {};
    try {
      found.viewer = await resolveViewer(em, signer, req.headers.authorization, now);
    } catch (error) {
      if (!(error instanceof GraphQLError)) return next();
      found.refused = error;
    }
    res.locals.identified = found;
    const limits = config.rateLimits;
    const { key, policy, quota } = budgetFor(found.viewer ?? null, req.ip ?? 'unknown', limits);
    let counted: { count: number; resetAt: Date };
    try {
      counted = await countRequest(em, key, limits.windowSeconds, now);
    } catch (error) {
      // Not logged per request: during a database outage the next step reports it.
      logger.debug({ err: error }, 'request limit not counted');
      return next();
    }
    const remaining = Math.max(0, quota - counted.count);
    const reset = Math.max(0, Math.ceil((counted.resetAt.getTime() - now.getTime()) / 1000));
    res.setHeader('RateLimit-Policy', `"${policy}";q=${quota};w=${limits.windowSeconds}`);
    res.setHeader('RateLimit', `"${policy}";r=${remaining};t=${reset}`);
    if (counted.count <= quota) return next();
    const retryAfter = Math.max(1, reset);
    sendError(res, ERROR_CODES.RATE_LIMITED, `Too many requests: ${quota} per ${limits.windowSeconds} seconds (${policy}); try again in ${retryAfter} seconds`, {
      extensions: { policy, limit: quota, windowSeconds: limits.windowSeconds, retryAfter },
      retryAfterSeconds: retryAfter,
    });
  };
}
