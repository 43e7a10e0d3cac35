import type { EntityManager } from '@mikro-orm/sql';

export interface Limit {
  /** Failures allowed in one window. */
  max: number;
  windowMs: number;
}

/** Login limits: per account and per client address, in PostgreSQL so every instance shares them. */
export const LOGIN_LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000 },
  address: { max: 30, windowMs: 15 * 60_000 },
} as const satisfies Record<string, Limit>;

/**
 * Counts one attempt against the key (starting a new window when the old one has passed) and
 * answers, from the same statement, whether the key is over its limit: the moment it may try
 * again, or null when it may try now. Counting before the password is checked means parallel
 * attempts cannot all pass a check made before any of them was counted.
 */
export async function recordAttempt(em: EntityManager, key: string, limit: Limit, now: Date): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - limit.windowMs);
  const [row] = await em.execute<{ window_started_at: Date | string; count: number }[]>(
    `insert into rate_limit_bucket (key, window_started_at, count) values (?, ?, 1)
     on conflict (key) do update set
       count = case when rate_limit_bucket.window_started_at <= ? then 1 else rate_limit_bucket.count + 1 end,
       window_started_at = case when rate_limit_bucket.window_started_at <= ? then excluded.window_started_at else rate_limit_bucket.window_started_at end
     returning window_started_at, count`,
    [key, now, windowStart, windowStart],
  );
  const reset = new Date(new Date(row!.window_started_at).getTime() + limit.windowMs);
  return row!.count > limit.max ? reset : null;
}

/** Takes back one counted attempt (it succeeded, so it was no failure). */
export async function forgiveAttempt(em: EntityManager, key: string): Promise<void> {
  await em.execute('update rate_limit_bucket set count = greatest(count - 1, 0) where key = ?', [key]);
}

export async function clearFailures(em: EntityManager, key: string): Promise<void> {
  await em.execute('delete from rate_limit_bucket where key = ?', [key]);
}
