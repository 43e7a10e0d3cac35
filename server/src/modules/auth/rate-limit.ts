import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import type { LoginLimits } from '../../config.js';

/**
 * Counters in PostgreSQL (table rate_limit_bucket), so every server instance shares them: the
 * progressive delays of failed logins and the per-caller request budgets. One row per key; keys
 * hold hashes, never raw input, so no e-mail address or header value can overflow them.
 */

/** A short, fixed-length stand-in for an e-mail address or a client address inside a key. */
export function keyPart(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/** Failed logins of one account from one address. */
export const pairKey = (email: string, address: string) => `login:pair:${keyPart(email)}:${keyPart(address)}`;
/** Failed logins from one address, whatever the account. */
export const addressKey = (address: string) => `login:address:${keyPart(address)}`;
/** The prefix of every pair key of one account (from any address): what an administrator clears. */
export const accountPairPrefix = (email: string) => `login:pair:${keyPart(email)}:`;

export interface DelayPolicy {
  /** Counted attempts allowed before each next attempt must wait. */
  freeFailures: number;
  maxDelaySeconds: number;
  /** Counts are forgotten this long after the last counted attempt. */
  memorySeconds: number;
}

export function loginPolicies(limits: LoginLimits): { pair: DelayPolicy; address: DelayPolicy } {
  return {
    pair: { freeFailures: limits.pairFreeFailures, maxDelaySeconds: limits.maxDelaySeconds, memorySeconds: limits.failureMemorySeconds },
    address: { freeFailures: limits.addressFreeFailures, maxDelaySeconds: limits.maxDelaySeconds, memorySeconds: limits.failureMemorySeconds },
  };
}

/** The wait after `count` counted attempts: none before the free ones are used up, then 2, 4, 8 … seconds up to the maximum. */
export function delaySeconds(count: number, policy: DelayPolicy): number {
  if (count < policy.freeFailures) return 0;
  return Math.min(2 ** Math.min(count - policy.freeFailures + 1, 30), policy.maxDelaySeconds);
}

/** The latest moment until which any of these keys is blocked, or null when none is. One statement. */
export async function blockedUntil(em: EntityManager, keys: string[], now: Date): Promise<Date | null> {
  const [row] = await em.execute<{ until: Date | string | null }[]>(
    `select max(blocked_until) as until from rate_limit_bucket where key in (${keys.map(() => '?').join(', ')}) and blocked_until > ?`,
    [...keys, now],
  );
  return row?.until ? new Date(row.until) : null;
}

/**
 * Counts one attempt against the key — unless the key is blocked, in which case nothing changes
 * and false is answered (a blocked caller's attempts do not count any further). When the count
 * reaches the free attempts, the same statement blocks the key for the progressive delay, so
 * attempts arriving in parallel cannot all slip past: the one that uses up the last free attempt
 * blocks the rest until its outcome is known (a success lifts the block again, see forgive*).
 */
export async function reserveAttempt(em: EntityManager, key: string, policy: DelayPolicy, now: Date): Promise<boolean> {
  const free = Math.trunc(policy.freeFailures);
  const max = Math.trunc(policy.maxDelaySeconds);
  const expired = 'rate_limit_bucket.expires_at <= cast(? as timestamptz)';
  const next = `(case when ${expired} then 1 else rate_limit_bucket.count + 1 end)`;
  const firstDelay = delaySeconds(1, policy);
  const rows = await em.execute<{ count: number }[]>(
    `insert into rate_limit_bucket (key, window_started_at, count, blocked_until, expires_at) values (?, ?, 1, ?, ?)
     on conflict (key) do update set
       count = ${next},
       window_started_at = case when ${expired} then excluded.window_started_at else rate_limit_bucket.window_started_at end,
       blocked_until = case when ${next} >= ${free}
         then cast(? as timestamptz) + make_interval(secs => least(power(2, least(${next} - ${free} + 1, 30)), ${max}))
         else null end,
       expires_at = excluded.expires_at
     where rate_limit_bucket.blocked_until is null or rate_limit_bucket.blocked_until <= cast(? as timestamptz)
     returning count`,
    [
      key,
      now,
      firstDelay ? new Date(now.getTime() + firstDelay * 1000) : null,
      new Date(now.getTime() + policy.memorySeconds * 1000),
      now, // count
      now, // window_started_at
      now, // blocked_until: case … next
      now, // … power(next)
      now, // blocked_until = now + …
      now, // where
    ],
  );
  return rows.length > 0;
}

/** A counted attempt on an address that succeeded: it was no failure, so it is taken back. */
export async function forgiveAddressAttempt(em: EntityManager, key: string, policy: DelayPolicy): Promise<void> {
  await em.execute(
    `update rate_limit_bucket set count = greatest(count - 1, 0),
       blocked_until = case when count - 1 >= ${Math.trunc(policy.freeFailures)} then blocked_until else null end
     where key = ?`,
    [key],
  );
}

/** Forgets every count and block of a key (a pair whose login succeeded). */
export async function clearKey(em: EntityManager, key: string): Promise<void> {
  await em.execute('delete from rate_limit_bucket where key = ?', [key]);
}

/** An administrator's unlock: every (account, address) pair of the account, and an address if given. */
export async function unlock(em: EntityManager, email: string, address: string | null): Promise<number> {
  const rows = await em.execute<{ key: string }[]>(
    `delete from rate_limit_bucket where key like ? or key = ? returning key`,
    [`${accountPairPrefix(email)}%`, address ? addressKey(address) : ''],
  );
  return rows.length;
}

/**
 * A request budget: adds `amount` requests (the one at hand, and any counted in this process
 * before: request-tallies.ts) to the key's count in a fixed window, and answers the count so far
 * and when the window ends. One statement (an upsert returning the count).
 */
export async function countRequest(em: EntityManager, key: string, windowSeconds: number, now: Date, amount = 1): Promise<{ count: number; resetAt: Date }> {
  const [sql, params] = addRequests('select cast(? as text) as key, cast(? as int) as amount', [key, amount], windowSeconds, now);
  const [row] = await em.execute<{ count: number; expires_at: Date | string }[]>(sql, params);
  return { count: Number(row!.count), resetAt: new Date(row!.expires_at) };
}

/**
 * The upsert that adds requests to keys' counts, for the (key, amount) rows that `source` selects
 * (with `sourceParams`): within a key's window they are added, a window that has ended starts
 * again at the amount. Returns `key`, `count` and `expires_at` of each key. So a caller can count
 * in the same statement that decides the key (request-limit.ts, with the session check), and the
 * counts of a process go to the database in one statement (request-tallies.ts).
 */
export function addRequests(source: string, sourceParams: unknown[], windowSeconds: number, now: Date): [string, unknown[]] {
  const expired = 'rate_limit_bucket.expires_at <= cast(? as timestamptz)';
  const sql = `insert into rate_limit_bucket (key, window_started_at, count, expires_at)
     select s.key, w.started_at, s.amount, w.expires_at
       from (select cast(? as timestamptz) as started_at, cast(? as timestamptz) as expires_at) as w, (${source}) as s
     on conflict (key) do update set
       count = case when ${expired} then excluded.count else rate_limit_bucket.count + excluded.count end,
       window_started_at = case when ${expired} then excluded.window_started_at else rate_limit_bucket.window_started_at end,
       expires_at = case when ${expired} then excluded.expires_at else rate_limit_bucket.expires_at end
     returning key, count, expires_at`;
  return [sql, [now, new Date(now.getTime() + windowSeconds * 1000), ...sourceParams, now, now, now]];
}

/** Deletes what has expired: buckets past their window or memory, and revoked sessions whose token has expired anyway. */
export async function purgeExpired(em: EntityManager, now: Date): Promise<{ buckets: number; sessions: number }> {
  const [row] = await em.execute<{ buckets: number; sessions: number }[]>(
    `with buckets as (delete from rate_limit_bucket where expires_at <= ? returning 1),
          sessions as (delete from revoked_session where expires_at <= ? returning 1)
     select (select count(*) from buckets)::int as buckets, (select count(*) from sessions)::int as sessions`,
    [now, now],
  );
  return { buckets: Number(row!.buckets), sessions: Number(row!.sessions) };
}
