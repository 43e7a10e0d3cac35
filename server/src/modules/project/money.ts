/**
 * The money of one project, in integer euro cents (SPEC section 9, step 6).
 *
 * - earned  = min(reached, target) × the period's rate, capped at the granted subsidy;
 * - advance = the period's advance share (whole percent) × granted, rounded half up to the cent;
 * - balance = earned − advance: paid out when positive, recovered when negative.
 *
 * One place for these rules: the final report's snapshot, the settlement and the exports use it.
 */
export interface MoneyInput {
  reached: number;
  target: number;
  ratePerHouseholdCents: number;
  /** null while the project is not (yet) funded */
  grantedCents: number | null;
  /** whole percent, 0–100 */
  advanceSharePercent: number;
}

export interface Money {
  grantedCents: number;
  advanceCents: number;
  earnedCents: number;
  /** earned − advance when positive, else 0 */
  toPayCents: number;
  /** advance − earned when positive, else 0 */
  toRecoverCents: number;
}

/** min(reached, target) × rate, capped at granted (granted null: not capped). */
export function earnedCents(input: Pick<MoneyInput, 'reached' | 'target' | 'ratePerHouseholdCents' | 'grantedCents'>): number {
  const evidence = Math.min(Math.max(input.reached, 0), input.target) * input.ratePerHouseholdCents;
  return input.grantedCents === null ? evidence : Math.min(evidence, input.grantedCents);
}

/** advance share × granted, rounded half up to the cent (integer arithmetic, no float drift). */
export function advanceCents(grantedCents: number, advanceSharePercent: number): number {
  return Math.floor((grantedCents * advanceSharePercent + 50) / 100);
}

export function settle(input: MoneyInput): Money {
  const granted = input.grantedCents ?? 0;
  const advance = advanceCents(granted, input.advanceSharePercent);
  const earned = earnedCents({ ...input, grantedCents: granted });
  const balance = earned - advance;
  return {
    grantedCents: granted,
    advanceCents: advance,
    earnedCents: earned,
    toPayCents: Math.max(balance, 0),
    toRecoverCents: Math.max(-balance, 0),
  };
}
