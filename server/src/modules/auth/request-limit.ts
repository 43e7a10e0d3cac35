import type { EntityManager } from '@mikro-orm/sql';
import type express from 'express';
import { ERROR_CODES } from '@schoolmix/shared';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Config, RateLimits } from '../../config.js';
import type { Database } from '../../db/orm.js';
import { sendError } from '../../graphql/errors.js';
import { resolveViewer, SESSION_ROW_SQL, type SessionRow, verifiedSessionOf, viewerOfSession } from './auth.service.js';
import { countRequest, countRequestParams, countRequestSql, keyPart } from './rate-limit.js';
import type { SessionSigner, VerifiedSession } from './session.js';
import type { Viewer } from './viewer.js';

/** Who a request is counted against, and how many requests that caller has per window. */
export function budgetFor(viewer: Viewer | null, address: string, limits: RateLimits): { key: string; policy: string; quota: number } {
  if (viewer?.kind === 'apiKey' && viewer.id) return { key: `req:key:${viewer.id}`, policy: 'api-key', quota: limits.apiKey };
  if (viewer?.kind === 'user' && viewer.id && viewer.role) return { key: `req:user:${viewer.id}`, policy: viewer.role.toLowerCase(), quota: limits.byRole[viewer.role] };
  return { key: `req:address:${keyPart(address)}`, policy: 'anonymous', quota: limits.anonymous };
}

/**
 * A verified session token's check (SESSION_ROW_SQL) and the count of this request, in one
 * statement: counted against the user when the session stands (active, same token version, not
 * logged out), else against the client address, as any refused credential is. So a token that is
 * refused never spends its user's budget.
 */
export async function checkSessionAndCount(
  em: EntityManager,
  session: VerifiedSession,
  addressKey: string,
  windowSeconds: number,
  now: Date,
): Promise<{ user: SessionRow | undefined; counted: { count: number; resetAt: Date } }> {
  const userKey = `coalesce((select 'req:user:' || u.id::text from u where u.active and u.token_version = cast(? as int) and not u.revoked), cast(? as text))`;
  const [row] = await em.execute<(Partial<SessionRow> & { budget_count: number; budget_expires_at: Date | string })[]>(
    `with u as (${SESSION_ROW_SQL}),
          budget as (${countRequestSql(userKey)})
     select budget.count as budget_count, budget.expires_at as budget_expires_at, u.* from budget left join u on true`,
    [session.sessionId, session.userId, session.tokenVersion, addressKey, ...countRequestParams(windowSeconds, now)],
  );
  const { budget_count: count, budget_expires_at: expiresAt, ...user } = row!;
  return { user: user.id ? (user as SessionRow) : undefined, counted: { count: Number(count), resetAt: new Date(expiresAt) } };
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
    const limits = config.rateLimits;
    const address = req.ip ?? 'unknown';
    const found: Identified = {};
    let counted: { count: number; resetAt: Date };
    try {
      const session = await verifiedSessionOf(signer, req.headers.authorization, now);
      if (session) {
        // The common case, a signed-in user: the session check and the count are one statement.
        const checked = await checkSessionAndCount(em, session, budgetFor(null, address, limits).key, limits.windowSeconds, now);
        counted = checked.counted;
        try {
          found.viewer = viewerOfSession(checked.user, session);
        } catch (error) {
          found.refused = error as GraphQLError;
        }
      } else {
        try {
          found.viewer = await resolveViewer(em, signer, req.headers.authorization, now);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          found.refused = error;
        }
        counted = await countRequest(em, budgetFor(found.viewer ?? null, address, limits).key, limits.windowSeconds, now);
      }
    } catch (error) {
      // Not logged per request: during a database outage the next step reports it.
      logger.debug({ err: error }, 'request limit not counted');
      return next();
    }
    res.locals.identified = found;
    const { policy, quota } = budgetFor(found.viewer ?? null, address, limits);
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
