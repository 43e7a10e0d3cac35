import { describe, expect, it } from 'vitest';
import { cursorForPage, decodeCursor, encodeCursor } from '../index.js';

describe('offset cursors', () => {
  it('round-trips offsets and matches what the server gave out before (base64url of "o:N")', () => {
    expect(encodeCursor(19)).toBe('bzoxOQ'); // base64url('o:19')
    expect(decodeCursor(encodeCursor(0))).toBe(0);
    expect(decodeCursor(encodeCursor(123_456))).toBe(123_456);
  });
  it('refuses what it did not give out', () => {
    for (const bad of ['', 'abc', 'bzotMQ' /* o:-1 */, 'eDoz' /* x:3 */, 'bzoxLjU' /* o:1.5 */, '!!']) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
  it('turns a page number into the cursor after the previous page’s last row', () => {
    expect(cursorForPage(1, 20)).toBeNull();
    expect(decodeCursor(cursorForPage(3, 20)!)).toBe(39);
  });
});
