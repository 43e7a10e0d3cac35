import { describe, expect, it } from 'vitest';
import { advanceCents, earnedCents, settle } from './money.js';

const rate = 17_000; // € 170

describe('project money (SPEC section 9, step 6)', () => {
  it('over target: earned stops at target × rate, and at granted', () => {
    expect(earnedCents({ reached: 120, target: 100, ratePerHouseholdCents: rate, grantedCents: 1_700_000 })).toBe(1_700_000);
    expect(earnedCents({ reached: 120, target: 100, ratePerHouseholdCents: rate, grantedCents: 1_500_000 })).toBe(1_500_000);
  });

  it('under target with a 40 % advance: 60 reached of 100, granted € 17.000 → earned € 10.200, advance € 6.800, pay € 3.400', () => {
    expect(settle({ reached: 60, target: 100, ratePerHouseholdCents: rate, grantedCents: 1_700_000, advanceSharePercent: 40 })).toEqual({
      grantedCents: 1_700_000, advanceCents: 680_000, earnedCents: 1_020_000, toPayCents: 340_000, toRecoverCents: 0,
    });
  });

  it('zero reached: the whole advance is recovered', () => {
    expect(settle({ reached: 0, target: 100, ratePerHouseholdCents: rate, grantedCents: 1_700_000, advanceSharePercent: 40 })).toMatchObject({
      earnedCents: 0, toPayCents: 0, toRecoverCents: 680_000,
    });
  });

  it('granted below requested: earned capped at granted (90 reached × € 170 = € 15.300 > granted € 12.000)', () => {
    expect(settle({ reached: 90, target: 100, ratePerHouseholdCents: rate, grantedCents: 1_200_000, advanceSharePercent: 50 })).toEqual({
      grantedCents: 1_200_000, advanceCents: 600_000, earnedCents: 1_200_000, toPayCents: 600_000, toRecoverCents: 0,
    });
  });

  it('rounds the advance half up to the cent', () => {
    expect(advanceCents(12_345, 50)).toBe(6_173); // 6 172.5 → 6 173
    expect(advanceCents(12_344, 33)).toBe(4_074); // 4 073.52 → 4 074
    expect(advanceCents(0, 100)).toBe(0);
  });
});
