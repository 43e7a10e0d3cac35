const euro = new Intl.NumberFormat('nl-BE', { style: 'currency', currency: 'EUR' });

/** Formats integer euro cents as Belgian Dutch money, e.g. 5100000 → "€ 51.000,00" (with U+00A0). */
export function formatCents(cents: number): string {
  return euro.format(cents / 100);
}

/** Formats euros (as the API exposes money) the same way. */
export function formatEuro(euros: number): string {
  return euro.format(euros);
}

/**
 * Converts euros to integer cents exactly, or returns null when the amount has more than two
 * decimals or is not finite. Works on the decimal text so 0.1 + 0.2 style errors cannot creep in.
 */
export function eurosToCents(euros: number): number | null {
  if (!Number.isFinite(euros)) return null;
  const cents = Math.round(euros * 100);
  if (Math.abs(cents / 100 - euros) > 1e-9) return null;
  if (!Number.isSafeInteger(cents)) return null;
  return cents;
}

export function centsToEuros(cents: number): number {
  return cents / 100;
}
