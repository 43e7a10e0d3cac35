import { describe, expect, it } from 'vitest';
import { formatAmount, parseEuro } from './money';

describe('amounts in the review form', () => {
  it('reads Dutch and plain notations', () => {
    expect(parseEuro('51.000,00')).toBe(51000);
    expect(parseEuro('€ 51.000,5')).toBe(51000.5);
    expect(parseEuro('51000')).toBe(51000);
    expect(parseEuro('51.000')).toBe(51000);
    expect(parseEuro('51000.25')).toBe(51000.25);
    expect(parseEuro('1\u00a0234,56')).toBe(1234.56);
  });

  it('refuses what is not an amount with at most two decimals', () => {
    expect(parseEuro('')).toBeNull();
    expect(parseEuro('abc')).toBeNull();
    expect(parseEuro('-5')).toBeNull();
    expect(parseEuro('1,234')).toBeNull();
  });

  it('writes an amount as it is typed back', () => {
    expect(formatAmount(51000)).toBe('51.000,00');
    expect(parseEuro(formatAmount(1234567.5))).toBe(1234567.5);
  });
});
