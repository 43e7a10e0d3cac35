import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

/** A caller's own request id is kept when it is short and plain; anything else gets a fresh one. */
const ACCEPTED = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Gives every request an id (`X-Request-Id`): the caller's own when it looks like an id,
 * otherwise a fresh UUID. It is answered in the `X-Request-Id` header, kept in
 * `res.locals.requestId`, and used by the request log and the audit trail, so one id ties a
 * log line, an answer and an audit row together.
 */
export function requestIds(): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && ACCEPTED.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    next();
  };
}

/** The id `requestIds()` gave this request (a fresh one if it did not run, e.g. in a unit test). */
export function requestIdOf(res: Response): string {
  return typeof res.locals.requestId === 'string' ? res.locals.requestId : randomUUID();
}
