import { describe, expect, it } from 'vitest';
import { DateTime, isoString } from './index.js';

describe('DateTime (DateTimeISO)', () => {
  it('writes a date exactly as toISOString does, from year 0 to 9999, and past that range too', () => {
    const samples = [
      Date.UTC(2025, 2, 7, 18, 0, 0, 0),
      Date.UTC(2025, 11, 31, 23, 59, 59, 999),
      Date.UTC(1970, 0, 1),
      Date.UTC(2024, 1, 29, 1, 2, 3, 45),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      Date.UTC(-1, 5, 15),
      -62167219200000, // 0000-01-01T00:00:00.000Z
      Date.UTC(999, 0, 1, 0, 0, 0, 7),
      Date.UTC(1000, 0, 1, 0, 0, 0, 70),
    ];
    // And a spread of instants over the years the data holds, every millisecond digit count.
    for (let t = Date.UTC(1990, 0, 1); t < Date.UTC(2040, 0, 1); t += 9_876_543_217) samples.push(t);
    for (const time of samples) {
      const date = new Date(time);
      expect(isoString(date)).toBe(date.toISOString());
      expect(DateTime.serialize(date)).toBe(date.toISOString());
    }
  });

  it('leaves anything but a valid Date to the library: a date-time string is written as ISO, an invalid Date or an object refused', () => {
    expect(DateTime.serialize('2025-03-07T18:00:00+01:00')).toBe('2025-03-07T17:00:00.000Z');
    expect(() => DateTime.serialize(new Date(Number.NaN))).toThrow(/invalid Date/);
    expect(() => DateTime.serialize({})).toThrow();
    expect(DateTime.parseValue('2025-03-07T18:00:00Z')).toEqual(new Date('2025-03-07T18:00:00Z'));
  });
});
