import { ERROR_CODE_MEANINGS, ERROR_CODES, type ErrorCode } from '@schoolmix/shared';
import type express from 'express';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { apiError, badInput, errorBody, httpErrorHandler, refusal, routeStatus, sendError, sendGraphQLError } from './errors.js';

/** A response that records what an HTTP path answered. */
function fakeResponse() {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const res = {
    headersSent: false,
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
      return res;
    },
    status(code: number) {
      sent.status = code;
      return res;
    },
    json(body: unknown) {
      sent.body = JSON.parse(JSON.stringify(body)) as unknown;
      return res;
    },
  };
  return { res: res as unknown as express.Response, sent };
}

describe('errors: one shape for GraphQL and HTTP', () => {
  it('an HTTP answer has the GraphQL shape, the code first', () => {
    expect(errorBody(ERROR_CODES.NOT_FOUND, 'Nothing at GET /x')).toEqual({ errors: [{ message: 'Nothing at GET /x', extensions: { code: 'NOT_FOUND' } }] });
    const { res, sent } = fakeResponse();
    sendError(res, ERROR_CODES.RATE_LIMITED, 'Too many requests', { extensions: { retryAfter: 3 }, retryAfterSeconds: 3 });
    expect(sent).toEqual({ status: 429, headers: { 'retry-after': '3' }, body: { errors: [{ message: 'Too many requests', extensions: { code: 'RATE_LIMITED', retryAfter: 3 } }] } });
  });

  it('each code is answered on an HTTP route with the status README "Errors" gives it', () => {
    const onRoutes: ErrorCode[] = ['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INTERNAL_SERVER_ERROR', 'IDEMPOTENCY_KEY_INVALID', 'IDEMPOTENCY_KEY_REUSED', 'IN_PROGRESS', 'QUERY_LIMIT_EXCEEDED', 'SERVICE_UNAVAILABLE', 'RATE_LIMITED', 'BAD_REQUEST'];
    for (const code of onRoutes) expect(ERROR_CODE_MEANINGS[code].status, code).toContain(String(routeStatus(code)));
  });

  it('a GraphQLError answered on a route keeps its message and code, never Apollo’s http hint', () => {
    const { res, sent } = fakeResponse();
    sendGraphQLError(res, refusal(ERROR_CODES.UNAUTHENTICATED, 'Log in', { field: 'x' }));
    expect(sent).toEqual({ status: 401, headers: {}, body: { errors: [{ message: 'Log in', extensions: { code: 'UNAUTHENTICATED' } }] } });
    const limited = fakeResponse();
    sendGraphQLError(limited.res, apiError(ERROR_CODES.QUERY_LIMIT_EXCEEDED, 'Too deep', { limit: 'depth', max: 3 }, { status: 400 }), true);
    expect(limited.sent.body).toEqual({ errors: [{ message: 'Too deep', extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'depth', max: 3 } }] });
    const bad = fakeResponse();
    sendGraphQLError(bad.res, badInput('"schoolYear" must be a school year', 'schoolYear'));
    expect(bad.sent.status).toBe(400);
  });

  it('an unexpected HTTP error is a 500 without its message or stack; a client error keeps its status', () => {
    const handler = httpErrorHandler(pino({ level: 'silent' }));
    const failed = fakeResponse();
    handler(new Error('secret detail at /srv/app.js:1'), {} as express.Request, failed.res, () => undefined);
    expect(failed.sent).toEqual({ status: 500, headers: {}, body: { errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } });
    const tooLarge = fakeResponse();
    handler(Object.assign(new Error('request entity too large'), { status: 413, expose: true }), {} as express.Request, tooLarge.res, () => undefined);
    expect(tooLarge.sent).toEqual({ status: 413, headers: {}, body: { errors: [{ message: 'request entity too large', extensions: { code: 'BAD_REQUEST' } }] } });
  });
});
