import type express from 'express';

/**
 * What the query-limit gate (query-limits.ts) tells the request limiter about a request it let
 * through: one query operation (not a mutation, not a batch). A signed-in user's session may then
 * be checked by the query's own read (modules/auth/session-check.ts).
 */
export function markOneQuery(res: express.Response): void {
  res.locals.oneQuery = true;
}

export function isOneQuery(res: express.Response): boolean {
  return res.locals.oneQuery === true;
}
