import type { EntityManager } from '@mikro-orm/sql';
import { sqlArray } from '../../db/sql.js';
import { addRequests } from './rate-limit.js';

/** A request's place in its caller's budget: the count so far in the window, and when the window ends. */
export interface Counted {
  count: number;
  resetAt: Date;
}

/** A key's count as the database last answered it, and the requests counted here since. */
interface Tally {
  /** The database's count of the window when it was last asked. */
  base: number;
  /** Requests counted in this process since, not yet sent to the database. */
  pending: number;
  /** Requests in statements sent to the database that have not answered yet (counted as spent meanwhile). */
  inFlight: number;
  resetAt: Date;
  /** The key's budget per window when the database was last asked. */
  quota: number;
}

/**
 * Counted here, a request is at most this share of its budget away from the database: with N
 * processes (instances × WEB_CONCURRENCY) sharing a budget, a burst can pass it by at most
 * (N − 1) times this.
 */
export const LOCAL_SHARE = 1 / 20;

/**
 * The request budgets' counts kept in this process between writes (README "Rate limits").
 *
 * Every request used to upsert its caller's row of `rate_limit_bucket` at once: a write and a
 * commit per request, and one caller's requests queued behind each other on that one row (under
 * load: most of PostgreSQL's time, and a ceiling on one caller's throughput however many cores;
 * docs/PERFORMANCE.md section 11). Now a request far from its budget is counted here: the
 * database's last count plus what this process counted since (sent or not). `flush` adds those to
 * the database, every `RATE_LIMIT_FLUSH_MS`, for all keys in one statement. Near the budget — past
 * half of it, or more than `LOCAL_SHARE` of it counted here and not yet answered by the database —
 * every request is counted in the database again, so within one process the 429 comes at the same
 * request as when every request was written. A process that does not know a key yet, or whose
 * window ended, asks the database too.
 */
export class RequestTallies {
  private readonly tallies = new Map<string, Tally>();
  private flushing: Promise<void> | null = null;

  constructor(private readonly options: { flushEveryMs: number; maxKeys: number }) {}

  /** Whether requests may be counted here at all (RATE_LIMIT_FLUSH_MS=0: every one in the database). */
  get enabled(): boolean {
    return this.options.flushEveryMs > 0;
  }

  /** Whether a flush is running (the timer then skips its turn). */
  get busy(): boolean {
    return this.flushing !== null;
  }

  /** Counts one request of `key` here and answers its place, or null: the caller counts it in the database. */
  reserve(key: string, now: Date): Counted | null {
    if (!this.enabled) return null;
    const tally = this.tallies.get(key);
    if (!tally || tally.resetAt <= now) return null;
    const unwritten = tally.pending + tally.inFlight + 1;
    const count = tally.base + unwritten;
    if (count * 2 > tally.quota || unwritten > Math.floor(tally.quota * LOCAL_SHARE)) return null;
    tally.pending += 1;
    return { count, resetAt: tally.resetAt };
  }

  /**
   * Takes back a `reserve` of `key` (the request turned out to count against another key). If a
   * write took it meanwhile, another request counted here is taken back instead: the same sum.
   */
  release(key: string): void {
    const tally = this.tallies.get(key);
    if (tally && tally.pending > 0) tally.pending -= 1;
  }

  /**
   * Takes the requests of `key` counted here, for a statement that adds them to the database's
   * count (with the request at hand unless `withRequest` is false); they count as in flight until
   * `learned` or `restore`. Those of a window that has ended are dropped (not counted into the
   * next one).
   */
  take(key: string, now: Date, withRequest = true): number {
    const tally = this.tallies.get(key);
    if (!tally) return 0;
    const taken = tally.resetAt <= now ? 0 : tally.pending;
    tally.pending = 0;
    tally.inFlight += taken + (withRequest ? 1 : 0);
    return taken;
  }

  /** Gives back what `take` took, when the statement that was to add it failed or added it elsewhere. */
  restore(key: string, taken: number, withRequest = true): void {
    const tally = this.tallies.get(key);
    if (!tally) return;
    tally.inFlight = Math.max(0, tally.inFlight - taken - (withRequest ? 1 : 0));
    tally.pending += taken;
  }

  /**
   * The database's count of `key` after a statement added `amount` to it (what `take` took, and
   * the request at hand): the base of the next counts here.
   */
  learned(key: string, counted: Counted, quota: number, amount: number): void {
    if (!this.enabled) return;
    const tally = this.tallies.get(key);
    if (tally) {
      tally.inFlight = Math.max(0, tally.inFlight - amount);
      // Two statements of one key may answer out of order: within one window the larger count is the later.
      tally.base = tally.resetAt.getTime() === counted.resetAt.getTime() ? Math.max(tally.base, counted.count) : counted.count;
      tally.resetAt = counted.resetAt;
      tally.quota = quota;
    } else if (this.tallies.size < this.options.maxKeys) {
      this.tallies.set(key, { base: counted.count, pending: 0, inFlight: 0, resetAt: counted.resetAt, quota });
    }
  }

  /** Requests counted here and not yet in the database, over all keys. */
  get pending(): number {
    let sum = 0;
    for (const tally of this.tallies.values()) sum += tally.pending + tally.inFlight;
    return sum;
  }

  /**
   * Adds every key's requests counted here to the database, in one statement, and forgets the
   * keys whose window has ended. After a running flush (so at close, everything counted before
   * the call is written); a failed one gives its counts back.
   */
  async flush(em: EntityManager, windowSeconds: number, now: Date): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => undefined);
    this.flushing = this.write(em, windowSeconds, now).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async write(em: EntityManager, windowSeconds: number, now: Date): Promise<void> {
    const keys: string[] = [];
    const amounts: number[] = [];
    for (const [key, tally] of this.tallies) {
      const taken = this.take(key, now, false);
      if (taken > 0) {
        keys.push(key);
        amounts.push(taken);
      } else if (tally.resetAt <= now && tally.inFlight === 0) {
        this.tallies.delete(key);
      }
    }
    if (keys.length === 0) return;
    try {
      const [sql, params] = addRequests('select key, amount from unnest(cast(? as text[]), cast(? as int[])) as k(key, amount)', [sqlArray(keys), sqlArray(amounts)], windowSeconds, now);
      const rows = await em.execute<{ key: string; count: number; expires_at: Date | string }[]>(sql, params);
      const amountOf = new Map(keys.map((key, i) => [key, amounts[i]!]));
      for (const row of rows) {
        const tally = this.tallies.get(row.key);
        if (tally) this.learned(row.key, { count: Number(row.count), resetAt: new Date(row.expires_at) }, tally.quota, amountOf.get(row.key) ?? 0);
      }
    } catch (error) {
      keys.forEach((key, i) => this.restore(key, amounts[i]!, false));
      throw error;
    }
  }
}
