import type { ApolloServerPlugin } from '@apollo/server';
import { ERROR_CODES } from '@schoolmix/shared';
import type express from 'express';
import type { GraphQLError } from 'graphql';
import type { IdleAwareGuard } from './access-guard.js';
import type { Context } from './context.js';
import { cancelled, timedOut } from './errors.js';

/**
 * THE REQUEST TIME BUDGET. Every /graphql request gets an AbortSignal that fires when its budget
 * (REQUEST_TIMEOUT_MS) has passed or when the client goes away (the response closes before it
 * was sent). From then on no field starts resolving, so no further SQL is sent for it; a
 * statement already running on PostgreSQL is bounded by `statement_timeout` (db/orm.ts).
 */

class ClientGone extends Error {
  override name = 'ClientGone';
}

/** Express middleware: starts the clock and watches the connection; the signal is in res.locals. */
export function requestDeadline(timeoutMs: number): express.RequestHandler {
  return (_req, res, next) => {
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort(new ClientGone('The client closed the connection'));
    });
    res.locals.signal = AbortSignal.any([gone.signal, AbortSignal.timeout(timeoutMs)]);
    next();
  };
}

export function abortError(signal: AbortSignal): GraphQLError {
  const reason: unknown = signal.reason;
  return reason instanceof ClientGone ? cancelled() : timedOut();
}

/** Field guard (field-guards.ts): a field of an aborted request is not resolved. */
export const deadlineGuard: IdleAwareGuard = ({ context }, next) => {
  if (context.signal?.aborted) throw abortError(context.signal);
  return next();
};
deadlineGuard.idle = ({ context }) => !context.signal?.aborted;

const ABORT_CODES = new Set<unknown>([ERROR_CODES.REQUEST_TIMEOUT, ERROR_CODES.REQUEST_CANCELLED]);

/** One error for an aborted request, not one per field that was not resolved. */
export const deadlinePlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        const errors = response.body.singleResult.errors;
        const first = errors.findIndex((e) => ABORT_CODES.has(e.extensions?.code));
        if (first === -1) return;
        response.body.singleResult.errors = errors.filter((e, i) => i === first || !ABORT_CODES.has(e.extensions?.code));
      },
    };
  },
};
