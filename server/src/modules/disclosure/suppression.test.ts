import { describe, expect, it } from 'vitest';
import { publishedKpiTableOf } from '../kpi/kpi-table.js';
import { publishedMixOf, mixKey } from '../school/social-mix.js';
import { determinedCells, type Equation, suppressTable, suppressTotalAndParts } from './suppression.js';

const table = (cells: Record<string, number>, equations: Equation[]) => suppressTable(new Map(Object.entries(cells)), equations);
const shown = (t: ReturnType<typeof table>, keys: string[]) => keys.map((k) => t.value(k));

describe('the disclosure-control model (suppression.ts)', () => {
  it('withholds 1–4 (primary) and shows 0 and 5 or more', () => {
    const t = table({ a: 0, b: 1, c: 4, d: 5, total: 10 }, []);
    expect(shown(t, ['a', 'b', 'c', 'd'])).toEqual([0, null, null, 5]);
    expect([t.reason('b'), t.reason('d')]).toEqual(['BELOW_THRESHOLD', null]);
  });

  it('withholds the smallest other non-zero part when a total would reveal a single withheld part', () => {
    const t = suppressTotalAndParts([3, 30, 0, 7], 40);
    expect(shown(t, ['total', '0', '1', '2', '3'])).toEqual([40, null, 30, 0, null]);
    expect(t.reason('3')).toBe('SECONDARY');
  });

  it('withholds the total when no part can be withheld instead (the only other parts are zero)', () => {
    // 2 parts: 3 withheld (primary), the other is 0 → the total (3) is primary itself; with a shown total of 8 = 8 + 0, nothing is withheld.
    expect(shown(suppressTotalAndParts([3, 0], 3), ['total', '0', '1'])).toEqual([null, null, 0]);
    expect(shown(suppressTotalAndParts([8, 0], 8), ['total', '0', '1'])).toEqual([8, 8, 0]);
  });

  it('iterates across a two-way table until no row or column has a single withheld cell (the 71024 case)', () => {
    // Three schools × (indicator, other): De Tandem has 4 indicator pupils. Municipality: 64 of 753.
    const t = publishedMixOf('M', '2023-2024', [
      { target: 'M', municipality_id: 'M', school_id: 'sm', school_year: '2023-2024', pupils: 604, indicator_pupils: 60 },
      { target: 'M', municipality_id: 'M', school_id: 'tandem', school_year: '2023-2024', pupils: 40, indicator_pupils: 4 },
      { target: 'M', municipality_id: 'M', school_id: 'third', school_year: '2023-2024', pupils: 109, indicator_pupils: 0 },
    ]).table;
    expect(t.value(mixKey.municipality('M', 'ind'))).toBe(64);
    expect(t.value(mixKey.school('tandem', 'ind'))).toBeNull();
    // 64 − 60 − 0 would give the 4 away: Sint-Maarten's 60 (the smallest non-zero other) goes too.
    expect(t.value(mixKey.school('sm', 'ind'))).toBeNull();
    expect(t.reason(mixKey.school('sm', 'ind'))).toBe('SECONDARY');
    // And each school's own total − its shown part no longer reveals either: their "other" pupils go too.
    expect(t.value(mixKey.school('tandem', 'oth'))).toBeNull();
    expect(t.value(mixKey.school('sm', 'oth'))).toBeNull();
    expect(determinedCells(t.values, t.equations, t.withheld)).toEqual([]);
    for (const eq of t.equations) expect([eq.total, ...eq.parts].filter((k) => t.withheld.has(k)).length).not.toBe(1);
  });

  it('finds, and then protects, a cell that two equations with two unknowns each determine together', () => {
    // x + y = 10 (total s shown) and x − … : a = x + z, b = y + z with z shown: x, y withheld,
    // then y = b − z is the only unknown of the second equation.
    const cells = { s: 10, x: 3, y: 7, b: 12, z: 5 };
    const eqs: Equation[] = [
      { total: 's', parts: ['x', 'y'] },
      { total: 'b', parts: ['y', 'z'] },
    ];
    expect(determinedCells(new Map(Object.entries(cells)), eqs, new Set(['x', 'y']))).toEqual(['x', 'y']);
    const t = table(cells, eqs);
    expect(t.value('x')).toBeNull();
    expect(determinedCells(t.values, t.equations, t.withheld)).toEqual([]);
  });

  it('finds a cell that only a combination of equations determines (rank check), and suppresses more until none is', () => {
    // a = p + q, b = q + r, c = p + r: with a, b, c shown and p, q, r withheld, p = (a − b + c) / 2.
    const values = new Map(Object.entries({ a: 10, b: 9, c: 5, p: 3, q: 7, r: 2 }));
    const eqs: Equation[] = [
      { total: 'a', parts: ['p', 'q'] },
      { total: 'b', parts: ['q', 'r'] },
      { total: 'c', parts: ['p', 'r'] },
    ];
    expect(determinedCells(values, eqs, new Set(['p', 'q', 'r']))).toEqual(['p', 'q', 'r']);
    const t = suppressTable(values, eqs);
    expect(determinedCells(t.values, t.equations, t.withheld)).toEqual([]);
    expect(t.value('p')).toBeNull();
  });

  it('publishes a derived figure only when every cell behind it is shown', () => {
    const t = suppressTotalAndParts([3, 30, 7], 40);
    expect(t.allShown('total', '1')).toBe(true);
    expect(t.allShown('total', '0')).toBe(false);
  });

  it('refuses an equation naming a cell that is not in the table', () => {
    expect(() => table({ a: 1 }, [{ total: 'a', parts: ['b'] }])).toThrow(/unknown cell b/);
  });

  it('links a project’s reach, its reach per event type and its events in one table', () => {
    // 12 reached = 3 at parent evenings + 9 at school visits (nobody came to both): the 3 is
    // withheld, so the 9 must go too or 12 − 9 would give it away; the visits' events (4 + 5)
    // add up to the 9: the 4 is withheld, the 5 may show (9 is withheld, so 9 − 5 reveals nothing).
    const counts = { reached: 12, withIndicator: 5, withoutIndicator: 7, indicatorUnknown: 0, withSpecialNeeds: 0, byEventType: new Map([['PARENT_EVENING', 3], ['SCHOOL_VISIT', 9]]) as never };
    const t = publishedKpiTableOf(counts, [
      { id: 'pe', type: 'PARENT_EVENING', attended: 3 },
      { id: 'v1', type: 'SCHOOL_VISIT', attended: 4 },
      { id: 'v2', type: 'SCHOOL_VISIT', attended: 5 },
    ]);
    expect(shown(t, ['reached', 'byEventType.PARENT_EVENING', 'byEventType.SCHOOL_VISIT', 'event:pe', 'event:v1', 'event:v2'])).toEqual([12, null, null, null, null, 5]);
    expect(determinedCells(t.values, t.equations, t.withheld)).toEqual([]);
    // When a family came to both types the per-type reach does not add up to the reach: no such equation.
    const overlap = publishedKpiTableOf({ ...counts, reached: 11 }, []);
    expect(overlap.equations.some((eq) => eq.parts.includes('byEventType.SCHOOL_VISIT') && eq.total === 'reached')).toBe(false);
  });
});
