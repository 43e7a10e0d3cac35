/**
 * Idempotency keys (IETF draft-ietf-httpapi-idempotency-key-header, as Stripe uses them): a
 * client sends `Idempotency-Key: <unique value>` with a mutation; a retry with the same key and
 * the same request gets the first answer again instead of writing twice.
 */
export const IDEMPOTENCY = {
  header: 'Idempotency-Key',
  /** Set on an answer that is a stored first answer, replayed. */
  replayedHeader: 'Idempotent-Replayed',
  /** Longest key accepted (a UUID has 36 characters). */
  keyMaxLength: 255,
  /** How long the server remembers a key and its answer. */
  ttlHours: 24,
} as const;

/** Printable ASCII without leading or trailing spaces: no control characters, nothing a header cannot carry. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
