import type { EntityManager } from '@mikro-orm/postgresql';

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

/** When the key is blocked, the moment it may try again; null when it may try now. */
export async function blockedUntil(em: EntityManager, key: string, limit: Limit, now: Date): Promise<Date | null> {
  const [row] = await em.execute<{ window_started_at: Date | string; count: number }[]>(
    'select window_started_at, count from rate_limit_bucket where key = ?',
    [key],
  );
  if (!row) return null;
  const reset = new Date(new Date(row.window_started_at).getTime() + limit.windowMs);
  return row.count >= limit.max && reset > now ? reset : null;
}

/** Counts one failure against the key, starting a new window when the old one has passed. */
export async function recordFailure(em: EntityManager, key: string, limit: Limit, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - limit.windowMs);
  await em.execute(
    `insert into rate_limit_bucket (key, window_started_at, count) values (?, ?, 1)
     on conflict (key) do update set
       count = case when rate_limit_bucket.window_started_at <= ? then 1 else rate_limit_bucket.count + 1 end,
       window_started_at = case when rate_limit_bucket.window_started_at <= ? then excluded.window_started_at else rate_limit_bucket.window_started_at end`,
    [key, now, windowStart, windowStart],
  );
}

export async function clearFailures(em: EntityManager, key: string): Promise<void> {
  await em.execute('delete from rate_limit_bucket where key = ?', [key]);
}
