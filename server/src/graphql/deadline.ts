import type { RequestHooks } from './request-hooks.js';
import { ERROR_CODES } from '@schoolmix/shared';
import type express from 'express';
import type { GraphQLError } from 'graphql';
import type { IdleAwareGuard } from './access-guard.js';
import type { Context, RequestSignal } from './context.js';
import { cancelled, timedOut } from './errors.js';

/**
 * THE REQUEST TIME BUDGET. Every /graphql request gets a signal that is aborted once its budget
 * (REQUEST_TIMEOUT_MS) has passed or once the client has gone away (the response closed before it
 * was sent). From then on no field starts resolving, so no further SQL is sent for it; a
 * statement already running on PostgreSQL is bounded by `statement_timeout` (db/orm.ts).
 */

class ClientGone extends Error {
  override name = 'ClientGone';
}

/**
 * A request's budget, looked at when work starts instead of timed. `AbortSignal.any` of
 * `AbortSignal.timeout` kept a timer, two signals and their weak references alive for the whole
 * budget, long after the answer: 14,000 of each under the bench's load, every one promoted to
 * V8's old generation. Without them the small list cost 6 % less Node CPU and 25 MB less RSS
 * (docs/PERFORMANCE.md section 13).
 */
class Budget implements RequestSignal {
  private gone: ClientGone | null = null;

  constructor(private readonly deadline: number) {}

  /** The client went away before its answer was sent (after the budget had passed, the budget stays the reason). */
  leave(): void {
    if (performance.now() < this.deadline) this.gone ??= new ClientGone('The client closed the connection');
  }

  get aborted(): boolean {
    return this.gone !== null || performance.now() >= this.deadline;
  }

  get reason(): unknown {
    if (this.gone) return this.gone;
    return performance.now() >= this.deadline ? new DOMException('The request time budget has passed', 'TimeoutError') : undefined;
  }
}

/** Express middleware: starts the clock and watches the connection; the signal is in res.locals. */
export function requestDeadline(timeoutMs: number): express.RequestHandler {
  return (_req, res, next) => {
    const budget = new Budget(performance.now() + timeoutMs);
    res.once('close', () => {
      if (!res.writableFinished) budget.leave();
    });
    res.locals.signal = budget satisfies RequestSignal;
    next();
  };
}

export function abortError(signal: RequestSignal): GraphQLError {
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
export const deadlinePlugin: RequestHooks<Context> = {
  requestDidStart() {
    return {
      willSendResponse({ response }) {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        const errors = response.body.singleResult.errors;
        const first = errors.findIndex((e) => ABORT_CODES.has(e.extensions?.code));
        if (first === -1) return;
        response.body.singleResult.errors = errors.filter((e, i) => i === first || !ABORT_CODES.has(e.extensions?.code));
      },
    };
  },
};
