import { describe, expect, it } from 'vitest';
import { brusselsDate, eurosToCents, formatCents, formatDate } from '../index.js';

describe('nl-BE formats', () => {
  it('formats the maximum subsidy as Belgian money with a non-breaking space', () => {
    expect(formatCents(5_100_000)).toBe('€\u00a051.000,00');
  });
  it('formats dates as dd/mm/yyyy in Brussels time', () => {
    expect(formatDate('2025-03-07T10:00:00Z')).toBe('07/03/2025');
    expect(formatDate('2025-09-30T22:30:00Z')).toBe('01/10/2025');
  });
  it('gives the Brussels calendar day of an instant, across midnight and the DST switch', () => {
    expect(brusselsDate(new Date('2025-03-29T22:59:59Z'))).toBe('2025-03-29'); // 23:59:59 CET
    expect(brusselsDate(new Date('2025-03-29T23:00:00Z'))).toBe('2025-03-30'); // midnight CET
    expect(brusselsDate(new Date('2025-06-30T22:00:00Z'))).toBe('2025-07-01'); // midnight CEST
    expect(brusselsDate(new Date('2025-06-30T21:59:59Z'))).toBe('2025-06-30');
  });
  it('converts euros to cents exactly and refuses sub-cent amounts', () => {
    expect(eurosToCents(170)).toBe(17_000);
    expect(eurosToCents(0.29)).toBe(29);
    expect(eurosToCents(51_000)).toBe(5_100_000);
    expect(eurosToCents(1.234)).toBeNull();
    expect(eurosToCents(Number.NaN)).toBeNull();
  });
});
