import { describe, expect, it } from 'vitest';
import { RequestTallies } from './request-tallies.js';

/**
 * When a request may be counted in the process instead of the database (request-tallies.ts): only
 * for a key the database has counted in a window that still runs, while far from the budget (at
 * most half of it, at most a twentieth of it counted here), so a 429 comes where it did.
 */
describe('RequestTallies', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  const resetAt = new Date('2026-03-01T10:01:00Z');
  const tallies = (flushEveryMs = 1000, maxKeys = 100) => new RequestTallies({ flushEveryMs, maxKeys });

  it('counts nothing here for a key the database has not counted, nor with RATE_LIMIT_FLUSH_MS=0', () => {
    expect(tallies().reserve('req:user:a', now)).toBeNull();
    const off = tallies(0);
    off.learned('req:user:a', { count: 1, resetAt }, 600);
    expect(off.enabled).toBe(false);
    expect(off.reserve('req:user:a', now)).toBeNull();
  });

  it('far from the budget: the database’s count plus those counted here, up to a twentieth of the budget', () => {
    const t = tallies();
    t.learned('req:user:a', { count: 10, resetAt }, 600);
    const counts = Array.from({ length: 31 }, () => t.reserve('req:user:a', now)?.count ?? null);
    // 600 / 20 = 30 counted here, then the 31st goes to the database.
    expect(counts.slice(0, 30)).toEqual(Array.from({ length: 30 }, (_, i) => 11 + i));
    expect(counts[30]).toBeNull();
    expect(t.pending).toBe(30);
    // The statement adds the 30 and the request at hand: 41 in the database, nothing left here.
    expect(t.take('req:user:a', now)).toBe(30);
    t.learned('req:user:a', { count: 41, resetAt }, 600);
    expect(t.reserve('req:user:a', now)).toEqual({ count: 42, resetAt });
  });

  it('past half of the budget, every request goes to the database; a small budget never counts here', () => {
    const t = tallies();
    t.learned('k', { count: 299, resetAt }, 600);
    expect(t.reserve('k', now)?.count).toBe(300);
    expect(t.reserve('k', now)).toBeNull();
    t.learned('small', { count: 1, resetAt }, 19);
    expect(t.reserve('small', now)).toBeNull();
  });

  it('a window that has ended is asked of the database again, and what was counted here in it is dropped', () => {
    const t = tallies();
    t.learned('k', { count: 1, resetAt }, 600);
    t.reserve('k', now);
    t.reserve('k', now);
    expect(t.reserve('k', resetAt)).toBeNull();
    expect(t.take('k', resetAt)).toBe(0);
    expect(t.pending).toBe(0);
  });

  it('release takes back one reserve; restore gives back what a failed statement took', () => {
    const t = tallies();
    t.learned('k', { count: 1, resetAt }, 600);
    t.reserve('k', now);
    t.reserve('k', now);
    t.release('k');
    expect(t.pending).toBe(1);
    const taken = t.take('k', now);
    t.restore('k', taken);
    expect(t.pending).toBe(1);
    expect(t.reserve('k', now)?.count).toBe(3);
  });

  it('answers out of order keep the larger count of a window; a new window takes the new count', () => {
    const t = tallies();
    t.learned('k', { count: 20, resetAt }, 600);
    t.learned('k', { count: 15, resetAt }, 600);
    expect(t.reserve('k', now)?.count).toBe(21);
    expect(t.take('k', now)).toBe(1);
    const next = new Date(resetAt.getTime() + 60_000);
    t.learned('k', { count: 1, resetAt: next }, 600);
    expect(t.reserve('k', resetAt)?.count).toBe(2);
  });

  it('keeps at most maxKeys keys (the others are counted in the database)', () => {
    const t = tallies(1000, 2);
    for (const key of ['a', 'b', 'c']) t.learned(key, { count: 1, resetAt }, 600);
    expect([t.reserve('a', now), t.reserve('b', now), t.reserve('c', now)].map((c) => c?.count ?? null)).toEqual([2, 2, null]);
  });
});
