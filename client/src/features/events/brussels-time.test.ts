import { describe, expect, it } from 'vitest';
import { addDays, fromBrusselsInput, isDay, toBrusselsInput } from './brussels-time';

describe('Belgian time for datetime inputs', () => {
  it('reads 19:00 in Brussels as 18:00 UTC in winter and 17:00 UTC in summer', () => {
    expect(fromBrusselsInput('2025-01-15T19:00')).toBe('2025-01-15T18:00:00.000Z');
    expect(fromBrusselsInput('2025-06-15T19:00')).toBe('2025-06-15T17:00:00.000Z');
  });

  it('writes an instant back on the Brussels clock, both ways round', () => {
    expect(toBrusselsInput('2024-11-05T18:00:00Z')).toBe('2024-11-05T19:00');
    expect(toBrusselsInput('2025-03-12T08:30:00.000Z')).toBe('2025-03-12T09:30');
    for (const local of ['2025-03-30T01:30', '2025-03-30T03:30', '2025-10-26T04:00', '2024-12-31T23:59']) {
      expect(toBrusselsInput(fromBrusselsInput(local))).toBe(local);
    }
  });

  it('takes midnight for a day, the first of the two autumn 02:30s, an hour on in the spring gap', () => {
    expect(fromBrusselsInput('2025-03-01')).toBe('2025-02-28T23:00:00.000Z');
    expect(fromBrusselsInput('2025-10-26T02:30')).toBe('2025-10-26T00:30:00.000Z');
    // 02:30 never happens on the last Sunday of March: the clock jumps to 03:00, so 03:30 is meant.
    expect(fromBrusselsInput('2025-03-30T02:30')).toBe('2025-03-30T01:30:00.000Z');
  });

  it('refuses what is not a moment', () => {
    expect(fromBrusselsInput('')).toBeNull();
    expect(fromBrusselsInput('2025-02-30T10:00')).toBeNull();
    expect(fromBrusselsInput('morgen')).toBeNull();
    expect(toBrusselsInput(null)).toBe('');
    expect(isDay('2025-02-28')).toBe(true);
    expect(isDay('2025-02-29')).toBe(false);
  });

  it('adds calendar days across months and years', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });
});
