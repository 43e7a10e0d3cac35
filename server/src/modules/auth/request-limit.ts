import type { EntityManager } from '@mikro-orm/sql';
import type express from 'express';
import { ERROR_CODES } from '@schoolmix/shared';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Config, RateLimits } from '../../config.js';
import type { Database } from '../../db/orm.js';
import type { PreparedReads } from '../../db/prepared.js';
import { sendError } from '../../graphql/errors.js';
import { isOneQuery } from '../../graphql/one-query.js';
import { resolveViewer, SESSION_ROW_SQL, verifiedSessionOf, viewerOfSession } from './auth.service.js';
import { addRequests, countRequest, keyPart } from './rate-limit.js';
import type { Counted, RequestTallies } from './request-tallies.js';
import { type SeenSessionRow, type SessionCache, SessionCheck, SESSION_SEEN_SQL } from './session-check.js';
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
 * logged out), `amount` at once (this request and those counted in this process before it), else
 * once against the client address, as any refused credential is. So a token that is refused never
 * spends its user's budget.
 */
export async function checkSessionAndCount(
  em: EntityManager,
  session: VerifiedSession,
  addressKey: string,
  windowSeconds: number,
  now: Date,
  amount = 1,
): Promise<{ user: SeenSessionRow | undefined; counted: Counted }> {
  const standing = 'from u where u.active and u.token_version = cast(? as int) and not u.revoked';
  const [budget, budgetParams] = addRequests(
    `select coalesce((select 'req:user:' || u.id::text ${standing}), cast(? as text)) as key, coalesce((select cast(? as int) ${standing}), 1) as amount`,
    [session.tokenVersion, addressKey, amount, session.tokenVersion],
    windowSeconds,
    now,
  );
  // `u::text`: the row's text as SESSION_SEEN_SQL reads it (the same columns), for the session cache.
  const [row] = await em.execute<(Partial<SeenSessionRow> & { budget_count: number; budget_expires_at: Date | string })[]>(
    `with u as (${SESSION_ROW_SQL}),
          budget as (${budget})
     select budget.count as budget_count, budget.expires_at as budget_expires_at, u.*, u::text as seen from budget left join u on true`,
    [session.sessionId, session.userId, ...budgetParams],
  );
  const { budget_count: count, budget_expires_at: expiresAt, ...user } = row!;
  return { user: user.id ? (user as SeenSessionRow) : undefined, counted: { count: Number(count), resetAt: new Date(expiresAt) } };
}

/** What the request limiter learnt about the caller, for the GraphQL context and the exports. */
export interface Identified {
  viewer?: Viewer;
  /** The request's EntityManager, forked here once: the GraphQL context and the exports go on with it (context.ts). */
  em?: EntityManager;
  /** The credential was refused (401): answered by the GraphQL context or the export as before. */
  refused?: GraphQLError;
  /**
   * A signed-in user's session whose row was taken from this process's cache (session-check.ts):
   * `viewer` is made of it, and the request's read checks it. Only for one query at /graphql.
   */
  check?: SessionCheck;
}

/** The request limiter, and its second run for a request whose session turned out changed. */
export interface RequestLimiter {
  middleware: express.RequestHandler;
  /**
   * Counts a request again whose session was taken from the cache and no longer reads as seen
   * (session-check.ts), as if it had just arrived: what the first run counted against the user is
   * given back, and the session is read and checked first. False when it answered (429).
   */
  again: (req: express.Request, res: express.Response) => Promise<boolean>;
}

export function identified(res: express.Response): Identified {
  return (res.locals.identified ?? {}) as Identified;
}

/**
 * Every caller of /graphql and /export has a request budget per window (README "Rate limits and
 * sign-in protection"): per user by role, per API key, and per client address for anonymous calls
 * and refused credentials. The count lives in PostgreSQL, so all instances share it; far from its
 * budget a caller's requests are counted in this process and written every RATE_LIMIT_FLUSH_MS
 * (`tallies`, request-tallies.ts), near it each one is counted in the database. Every answer
 * carries `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers); over the
 * budget the answer is 429 with `Retry-After`, before any GraphQL work. The viewer found here is
 * handed on, so it is resolved once. If the database cannot be asked, the request goes on
 * unlimited (the next step reports the outage).
 */
export function requestLimiter(
  db: Database,
  signer: SessionSigner,
  config: Config,
  logger: Logger,
  {
    tallies,
    prepared,
    sessions,
  }: {
    tallies: RequestTallies;
    prepared: PreparedReads;
    /** The sessions seen standing, for a query's read to check (session-check.ts); null: every session is read here. */
    sessions: SessionCache | null;
  },
): RequestLimiter {
  const limits = config.rateLimits;
  /** Counts a request against `key`: here when far from its budget, else in the database with those counted here. */
  const count = async (em: EntityManager, key: string, quota: number, now: Date): Promise<Counted> => {
    const here = tallies.reserve(key, now);
    if (here) return here;
    const taken = tallies.take(key, now);
    try {
      const counted = await countRequest(em, key, limits.windowSeconds, now, taken + 1);
      tallies.learned(key, counted, quota, taken + 1);
      return counted;
    } catch (error) {
      tallies.restore(key, taken);
      throw error;
    }
  };

  /** The viewer of a session row taken from the cache, or null where the row would refuse it (then it is read again). */
  const cachedViewer = (row: SeenSessionRow, session: VerifiedSession): Viewer | null => {
    try {
      return viewerOfSession(row, session);
    } catch {
      return null;
    }
  };

  /** Identifies and counts the request; false when it answered (429). `inRead`: the session may be checked by the request's read. */
  const identify = async (req: express.Request, res: express.Response, inRead: boolean): Promise<boolean> => {
    // Forked as createContext forks, which goes on with it (one fork per request).
    const em = db.orm.em.fork({ clear: true, useContext: false }) as EntityManager;
    const now = config.now();
    const address = req.ip ?? 'unknown';
    const found: Identified = { em };
    let counted: Counted;
    try {
      const session = await verifiedSessionOf(signer, req.headers.authorization, now);
      if (session) {
        // The common case, a signed-in user. Far from the budget: counted here, and the session
        // checked by the read (a query, its row seen before in this process) or alone (a read);
        // else the session check and the count are one statement.
        const userKey = `req:user:${session.userId}`;
        const here = tallies.reserve(userKey, now);
        const cached = here && inRead && prepared.enabled ? sessions?.get(session.sessionId, session.userId) : undefined;
        const viewer = cached && cachedViewer(cached, session);
        if (here && cached && viewer) {
          found.viewer = viewer;
          found.check = new SessionCheck(session.sessionId, session.userId, cached.seen, async () => {
            const [row] = await prepared.withParams<SeenSessionRow>(em, SESSION_SEEN_SQL, [session.sessionId, session.userId]);
            return row;
          });
          counted = here;
        } else if (here) {
          // One named statement on a PostgreSQL server (planned once per connection, db/prepared.ts).
          const [user] = await prepared.withParams<SeenSessionRow>(em, SESSION_SEEN_SQL, [session.sessionId, session.userId]);
          try {
            found.viewer = viewerOfSession(user, session);
            sessions?.set(session.sessionId, user!);
          } catch (error) {
            found.refused = error as GraphQLError;
            sessions?.delete(session.sessionId);
          }
          const budget = budgetFor(found.viewer ?? null, address, limits);
          if (budget.key === userKey) counted = here;
          else {
            tallies.release(userKey);
            counted = await count(em, budget.key, budget.quota, now);
          }
        } else {
          const taken = tallies.take(userKey, now);
          let checked: Awaited<ReturnType<typeof checkSessionAndCount>>;
          try {
            checked = await checkSessionAndCount(em, session, budgetFor(null, address, limits).key, limits.windowSeconds, now, taken + 1);
          } catch (error) {
            tallies.restore(userKey, taken);
            throw error;
          }
          counted = checked.counted;
          try {
            found.viewer = viewerOfSession(checked.user, session);
            sessions?.set(session.sessionId, checked.user!);
            tallies.learned(userKey, counted, budgetFor(found.viewer, address, limits).quota, taken + 1);
          } catch (error) {
            sessions?.delete(session.sessionId);
            found.refused = error as GraphQLError;
            // Counted once against the address: the user's requests taken for it are still the user's.
            tallies.restore(userKey, taken);
          }
        }
      } else {
        try {
          found.viewer = await resolveViewer(em, signer, req.headers.authorization, now);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          found.refused = error;
        }
        const budget = budgetFor(found.viewer ?? null, address, limits);
        counted = await count(em, budget.key, budget.quota, now);
      }
    } catch (error) {
      // Not logged per request: during a database outage the next step reports it.
      logger.debug({ err: error }, 'request limit not counted');
      return true;
    }
    const { policy, quota } = budgetFor(found.viewer ?? null, address, limits);
    if (found.check && counted.count > quota) {
      // Over the budget of the role the cached row names: refused only once the session is read
      // (a session that ended is counted against the address and answered 401, as always).
      tallies.release(`req:user:${found.check.userId}`);
      return identify(req, res, false);
    }
    res.locals.identified = found;
    const remaining = Math.max(0, quota - counted.count);
    const reset = Math.max(0, Math.ceil((counted.resetAt.getTime() - now.getTime()) / 1000));
    res.setHeader('RateLimit-Policy', `"${policy}";q=${quota};w=${limits.windowSeconds}`);
    res.setHeader('RateLimit', `"${policy}";r=${remaining};t=${reset}`);
    if (counted.count <= quota) return true;
    const retryAfter = Math.max(1, reset);
    sendError(res, ERROR_CODES.RATE_LIMITED, `Too many requests: ${quota} per ${limits.windowSeconds} seconds (${policy}); try again in ${retryAfter} seconds`, {
      extensions: { policy, limit: quota, windowSeconds: limits.windowSeconds, retryAfter },
      retryAfterSeconds: retryAfter,
    });
    return false;
  };

  return {
    middleware: (req, res, next) => {
      if (req.method === 'OPTIONS') return next();
      identify(req, res, isOneQuery(res)).then((goOn) => goOn && next(), next);
    },
    again: async (req, res) => {
      const check = identified(res).check;
      if (check) {
        // Given back: the first run counted the request against the user, in this process only.
        tallies.release(`req:user:${check.userId}`);
        sessions?.delete(check.sessionId);
      }
      res.locals.identified = undefined;
      res.removeHeader('RateLimit-Policy');
      res.removeHeader('RateLimit');
      return identify(req, res, false);
    },
  };
}
