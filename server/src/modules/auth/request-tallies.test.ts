import type { EntityManager } from '@mikro-orm/sql';
import { describe, expect, it } from 'vitest';
import { RequestTallies } from './request-tallies.js';

/**
 * When a request may be counted in the process instead of the database (request-tallies.ts): only
 * for a key the database has counted in a window that still runs, while far from the budget (at
 * most half of it, at most a twentieth of it not yet answered by the database), so a 429 comes
 * where it did.
 */
describe('RequestTallies', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  const resetAt = new Date('2026-03-01T10:01:00Z');
  const tallies = (flushEveryMs = 1000, maxKeys = 100) => new RequestTallies({ flushEveryMs, maxKeys });

  it('counts nothing here for a key the database has not counted, nor with RATE_LIMIT_FLUSH_MS=0', () => {
    expect(tallies().reserve('req:user:a', now)).toBeNull();
    const off = tallies(0);
    off.learned('req:user:a', { count: 1, resetAt }, 600, 1);
    expect(off.enabled).toBe(false);
    expect(off.reserve('req:user:a', now)).toBeNull();
    expect(off.pending).toBe(0);
  });

  it('far from the budget: the database’s count plus those counted here, up to a twentieth of the budget', () => {
    const t = tallies();
    t.learned('req:user:a', { count: 10, resetAt }, 600, 1);
    const counts = Array.from({ length: 31 }, () => t.reserve('req:user:a', now)?.count ?? null);
    // 600 / 20 = 30 counted here, then the 31st goes to the database.
    expect(counts.slice(0, 30)).toEqual(Array.from({ length: 30 }, (_, i) => 11 + i));
    expect(counts[30]).toBeNull();
    expect(t.pending).toBe(30);
    // The statement adds the 30 and the request at hand: 41 in the database, nothing left here.
    expect(t.take('req:user:a', now)).toBe(30);
    t.learned('req:user:a', { count: 41, resetAt }, 600, 31);
    expect(t.pending).toBe(0);
    expect(t.reserve('req:user:a', now)).toEqual({ count: 42, resetAt });
  });

  it('while a statement is on its way, what it carries still counts: a burst meanwhile cannot pass the budget', () => {
    const t = tallies();
    t.learned('k', { count: 1, resetAt }, 100, 1);
    // 100 / 20 = 5 unwritten at most: 5 counted here, then the sixth request takes them to the database.
    expect([1, 2, 3, 4, 5].map(() => t.reserve('k', now)?.count)).toEqual([2, 3, 4, 5, 6]);
    expect(t.reserve('k', now)).toBeNull();
    expect(t.take('k', now)).toBe(5);
    // The statement has not answered: the 6 it carries (5 + the request at hand) still count here.
    expect(t.reserve('k', now)).toBeNull();
    t.learned('k', { count: 7, resetAt }, 100, 6);
    expect(t.reserve('k', now)?.count).toBe(8);
    // A flush on its way likewise (without a request at hand).
    expect(t.take('k', now, false)).toBe(1);
    expect(t.reserve('k', now)?.count).toBe(9);
    t.learned('k', { count: 8, resetAt }, 100, 1);
    expect(t.reserve('k', now)?.count).toBe(10);
  });

  it('past half of the budget, every request goes to the database; a small budget never counts here', () => {
    const t = tallies();
    t.learned('k', { count: 299, resetAt }, 600, 1);
    expect(t.reserve('k', now)?.count).toBe(300);
    expect(t.reserve('k', now)).toBeNull();
    t.learned('small', { count: 1, resetAt }, 19, 1);
    expect(t.reserve('small', now)).toBeNull();
  });

  it('a window that has ended is asked of the database again, and what was counted here in it is dropped', () => {
    const t = tallies();
    t.learned('k', { count: 1, resetAt }, 600, 1);
    t.reserve('k', now);
    t.reserve('k', now);
    expect(t.reserve('k', resetAt)).toBeNull();
    expect(t.take('k', resetAt)).toBe(0);
    t.learned('k', { count: 1, resetAt: new Date(resetAt.getTime() + 60_000) }, 600, 1);
    expect(t.pending).toBe(0);
  });

  it('release takes back one reserve; restore gives back what a failed statement took', () => {
    const t = tallies();
    t.learned('k', { count: 1, resetAt }, 600, 1);
    t.reserve('k', now);
    t.reserve('k', now);
    t.release('k');
    expect(t.pending).toBe(1);
    const taken = t.take('k', now);
    expect(t.pending).toBe(2);
    t.restore('k', taken);
    expect(t.pending).toBe(1);
    expect(t.reserve('k', now)?.count).toBe(3);
  });

  it('answers out of order keep the larger count of a window; a new window takes the new count', () => {
    const t = tallies();
    t.learned('k', { count: 20, resetAt }, 600, 1);
    t.learned('k', { count: 15, resetAt }, 600, 0);
    expect(t.reserve('k', now)?.count).toBe(21);
    t.learned('k', { count: 22, resetAt }, 600, t.take('k', now) + 1);
    const next = new Date(resetAt.getTime() + 60_000);
    t.learned('k', { count: 1, resetAt: next }, 600, 0);
    expect(t.reserve('k', resetAt)?.count).toBe(2);
  });

  it('keeps at most maxKeys keys (the others are counted in the database)', () => {
    const t = tallies(1000, 2);
    for (const key of ['a', 'b', 'c']) t.learned(key, { count: 1, resetAt }, 600, 1);
    expect([t.reserve('a', now), t.reserve('b', now), t.reserve('c', now)].map((c) => c?.count ?? null)).toEqual([2, 2, null]);
  });

  describe('flush', () => {
    /** An EntityManager whose `execute` answers each key's count as the database would, once released. */
    function slowDatabase(counts: Map<string, number>) {
      const statements: { keys: string[]; amounts: number[] }[] = [];
      let open: (() => void)[] = [];
      let failNext = false;
      const em = {
        async execute(_sql: string, params: unknown[]) {
          const keys = (params[2] as string).slice(2, -2).split('","');
          const amounts = (params[3] as string).slice(2, -2).split('","').map(Number);
          statements.push({ keys, amounts });
          await new Promise<void>((resolve) => open.push(resolve));
          if (failNext) {
            failNext = false;
            throw new Error('connection lost');
          }
          return keys.map((key, i) => {
            counts.set(key, (counts.get(key) ?? 0) + amounts[i]!);
            return { key, count: counts.get(key)!, expires_at: resetAt };
          });
        },
      } as unknown as EntityManager;
      const release = async () => {
        await new Promise((r) => setTimeout(r, 0));
        const waiting = open;
        open = [];
        waiting.forEach((resolve) => resolve());
        await new Promise((r) => setTimeout(r, 0));
      };
      return { em, statements, release, failNext: () => (failNext = true) };
    }

    it('writes every key in one statement; one after a running flush writes what came since (as at close)', async () => {
      const t = tallies();
      const counts = new Map([['a', 1], ['b', 1]]);
      t.learned('a', { count: 1, resetAt }, 600, 1);
      t.learned('b', { count: 1, resetAt }, 600, 1);
      [1, 2, 3].forEach(() => t.reserve('a', now));
      t.reserve('b', now);
      const db = slowDatabase(counts);
      const first = t.flush(db.em, 60, now);
      expect(t.busy).toBe(true);
      // Counted while the first flush is on its way: the second flush waits for it, then writes these.
      t.reserve('a', now);
      const second = t.flush(db.em, 60, now);
      await db.release();
      await first;
      await db.release();
      await second;
      expect(db.statements).toEqual([
        { keys: ['a', 'b'], amounts: [3, 1] },
        { keys: ['a'], amounts: [1] },
      ]);
      expect(Object.fromEntries(counts)).toEqual({ a: 5, b: 2 });
      expect(t.pending).toBe(0);
      expect(t.reserve('a', now)?.count).toBe(6);
    });

    it('a failed flush gives its counts back; the next one writes them', async () => {
      const t = tallies();
      const counts = new Map([['a', 1]]);
      t.learned('a', { count: 1, resetAt }, 600, 1);
      [1, 2].forEach(() => t.reserve('a', now));
      const db = slowDatabase(counts);
      db.failNext();
      const failed = expect(t.flush(db.em, 60, now)).rejects.toThrow('connection lost');
      await db.release();
      await failed;
      expect(t.pending).toBe(2);
      const retried = t.flush(db.em, 60, now);
      await db.release();
      await retried;
      expect(counts.get('a')).toBe(3);
    });

    it('forgets keys whose window has ended', async () => {
      const t = tallies();
      t.learned('old', { count: 1, resetAt }, 600, 1);
      const db = slowDatabase(new Map());
      await t.flush(db.em, 60, resetAt);
      expect(db.statements).toEqual([]);
      t.learned('fresh', { count: 1, resetAt }, 600, 1);
      expect(t.reserve('old', now)).toBeNull();
      expect(t.reserve('fresh', now)?.count).toBe(2);
    });
  });
});
