import { EventEmitter } from 'node:events';
import { ERROR_CODES } from '@schoolmix/shared';
import type express from 'express';
import { describe, expect, it } from 'vitest';
import type { RequestSignal } from './context.js';
import { abortError, requestDeadline } from './deadline.js';

/** A request's budget started on a response that can only close, which is all requestDeadline watches. */
function start(timeoutMs: number) {
  const locals: { signal?: RequestSignal } = {};
  const res = Object.assign(new EventEmitter(), { locals, writableFinished: false });
  requestDeadline(timeoutMs)({} as express.Request, res as unknown as express.Response, () => undefined);
  return { res, signal: locals.signal as RequestSignal };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the request time budget (requestDeadline)', () => {
  it('is not aborted while the budget lasts and the client is there', () => {
    const { signal } = start(10_000);
    expect([signal.aborted, signal.reason]).toEqual([false, undefined]);
  });

  it('is aborted with REQUEST_TIMEOUT once the budget has passed, without a timer of its own', async () => {
    const { signal } = start(20);
    await sleep(40);
    expect(signal.aborted).toBe(true);
    expect(abortError(signal).extensions.code).toBe(ERROR_CODES.REQUEST_TIMEOUT);
  });

  it('is aborted with REQUEST_CANCELLED when the client goes away within the budget', () => {
    const { res, signal } = start(10_000);
    res.emit('close');
    expect(signal.aborted).toBe(true);
    expect(abortError(signal).extensions.code).toBe(ERROR_CODES.REQUEST_CANCELLED);
  });

  it('stays REQUEST_TIMEOUT when the client goes away after the budget has passed', async () => {
    const { res, signal } = start(20);
    await sleep(40);
    res.emit('close');
    expect(abortError(signal).extensions.code).toBe(ERROR_CODES.REQUEST_TIMEOUT);
  });

  it('is not aborted by the close that follows an answer sent in full', () => {
    const { res, signal } = start(10_000);
    res.writableFinished = true;
    res.emit('close');
    expect(signal.aborted).toBe(false);
  });
});
