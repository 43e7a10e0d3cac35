import { ApolloLink } from '@apollo/client';
import type { ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError, ServerParseError } from '@apollo/client/errors';
import { RetryLink } from '@apollo/client/link/retry';
import { ERROR_CODES, IDEMPOTENCY } from '@schoolmix/shared';
import { OperationTypeNode, print } from 'graphql';

/**
 * An identical mutation (same document, same variables) sent again within this time reuses the
 * first one's Idempotency-Key: a double click, or a form submitted twice before its button was
 * disabled, then writes once and both get the first answer.
 */
export const DOUBLE_SUBMIT_WINDOW_MS = 10_000;

/** A random UUID v4, also where `crypto.randomUUID` is missing (pages served over plain http). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Gives every mutation an `Idempotency-Key` header (the server keeps its first answer for 24
 * hours): a key of the caller's choosing in the operation context (`context: { idempotencyKey }`),
 * else the key of an identical mutation sent in the last DOUBLE_SUBMIT_WINDOW_MS, else a new
 * UUID. It sits before the RetryLink, so every retry of one call carries the same key.
 * Queries get no key.
 */
export function idempotencyLink(options: { now?: () => number; newKey?: () => string } = {}): ApolloLink {
  const now = options.now ?? (() => Date.now());
  const newKey = options.newKey ?? newIdempotencyKey;
  const recent = new Map<string, { key: string; sentAt: number }>();
  return new ApolloLink((operation, forward) => {
    if (operation.operationType !== OperationTypeNode.MUTATION) return forward(operation);
    const at = now();
    for (const [request, entry] of recent) if (at - entry.sentAt > DOUBLE_SUBMIT_WINDOW_MS) recent.delete(request);
    const request = JSON.stringify([print(operation.query), operation.variables]);
    const chosen = (operation.getContext() as { idempotencyKey?: string }).idempotencyKey;
    const key = chosen ?? recent.get(request)?.key ?? newKey();
    if (!chosen) recent.set(request, { key, sentAt: at });
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({ headers: { ...headers, [IDEMPOTENCY.header]: key } }));
    return forward(operation);
  });
}

/**
 * Answers worth sending again with the same key: the network failed (the request may or may not
 * have reached the server — the key makes that safe), the first request with the key is still
 * running (409 IN_PROGRESS), or a gateway or the database was briefly away (502/503/504).
 */
export function isRetryable(error: ErrorLike): boolean {
  if (ServerError.is(error)) return [409, 502, 503, 504].includes(error.statusCode);
  if (CombinedGraphQLErrors.is(error)) return error.errors.some((e) => e.extensions?.code === ERROR_CODES.IN_PROGRESS);
  return !ServerParseError.is(error) && error.name !== 'AbortError';
}

/** Retries mutations (which carry their key) up to 3 attempts in all; queries are not retried here. */
export function mutationRetryLink(options: { initialDelayMs?: number } = {}): ApolloLink {
  return new RetryLink({
    delay: { initial: options.initialDelayMs ?? 300, max: 3_000, jitter: true },
    attempts: { max: 3, retryIf: (error, operation) => operation.operationType === OperationTypeNode.MUTATION && isRetryable(error) },
  });
}
