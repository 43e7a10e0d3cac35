import { describe, expect, it } from 'vitest';
import { cell, cellOfTotal, suppressParts } from './disclosure.js';

describe('disclosure control', () => {
  it('withholds counts of 1 to 4 and shows 0 and 5 or more', () => {
    expect([0, 1, 4, 5, 120].map((n) => cell(n).value)).toEqual([0, null, null, 5, 120]);
    expect(cell(3).suppressed).toBe('BELOW_THRESHOLD');
  });

  it('withholds a second part when one withheld part could be found by subtracting from the total', () => {
    // 40 = 3 + 30 + 7: 3 is withheld, and 7 (the smallest other) too, or 40 − 30 − 7 gives 3 away.
    const { total, parts } = suppressParts([3, 30, 7], 40);
    expect(total.value).toBe(40);
    expect(parts.map((c) => c.value)).toEqual([null, 30, null]);
    expect(parts.map((c) => c.suppressed)).toEqual(['BELOW_THRESHOLD', null, 'SECONDARY']);
  });

  it('needs no secondary suppression when two parts are withheld already, or none', () => {
    expect(suppressParts([2, 3, 30], 35).parts.map((c) => c.value)).toEqual([null, null, 30]);
    expect(suppressParts([10, 25], 35).parts.map((c) => c.value)).toEqual([10, 25]);
  });

  it('never picks a zero as the second cell, since a zero reveals nothing', () => {
    // 33 = 3 + 0 + 30: withholding the zero would not help; 30 is withheld instead.
    expect(suppressParts([3, 0, 30], 33).parts.map((c) => c.value)).toEqual([null, 0, null]);
  });

  it('withholds every part of a withheld total', () => {
    const { total, parts } = suppressParts([1, 0, 2], 3);
    expect(total).toEqual({ value: null, suppressed: 'BELOW_THRESHOLD' });
    expect(parts.map((c) => c.value)).toEqual([null, 0, null]);
  });

  it('withholds a total of parts shown elsewhere when it adds up a withheld part, however large the total', () => {
    // 15 = 12 + 3 (a rolled-up municipality): 15 − 12 would give the withheld 3 away.
    expect(cellOfTotal(15, [12, 3])).toEqual({ value: null, suppressed: 'SECONDARY' });
    expect(cellOfTotal(13, [8, 5])).toEqual({ value: 13, suppressed: null });
    expect(cellOfTotal(12, [12, 0])).toEqual({ value: 12, suppressed: null });
    // One part: the total is the part, withheld (or not) as itself.
    expect(cellOfTotal(3, [3])).toEqual({ value: null, suppressed: 'BELOW_THRESHOLD' });
    expect(cellOfTotal(4, [1, 3])).toEqual({ value: null, suppressed: 'BELOW_THRESHOLD' });
  });
});
