import { LIMITS } from '@schoolmix/shared';

/** A count as a report shows it: the number, or null with the reason it is withheld. */
export interface Cell {
  value: number | null;
  suppressed: 'BELOW_THRESHOLD' | 'SECONDARY' | null;
}

/**
 * Primary suppression: a count of 1 … threshold−1 households or pupils is withheld (a zero is
 * shown: it describes nobody). Small groups could otherwise be recognised.
 */
export function cell(count: number, threshold: number = LIMITS.disclosureThreshold): Cell {
  return count > 0 && count < threshold ? { value: null, suppressed: 'BELOW_THRESHOLD' } : { value: count, suppressed: null };
}

/**
 * Suppresses the parts of a total (the parts add up to it) so that no withheld part can be
 * recovered by subtraction: when the total is shown and exactly one part is withheld, the
 * smallest other non-zero part is withheld too (SECONDARY). A withheld total withholds every part.
 */
export function suppressParts(parts: readonly number[], total: number, threshold: number = LIMITS.disclosureThreshold): { total: Cell; parts: Cell[] } {
  const totalCell = cell(total, threshold);
  if (totalCell.value === null) {
    return { total: totalCell, parts: parts.map((n) => (n === 0 ? { value: 0, suppressed: null } : { value: null, suppressed: 'SECONDARY' })) };
  }
  const cells = parts.map((n) => cell(n, threshold));
  const withheld = cells.filter((c) => c.value === null).length;
  if (withheld === 1) {
    const candidates = parts.map((n, i) => ({ n, i })).filter(({ n, i }) => n > 0 && cells[i]!.value !== null);
    const smallest = candidates.sort((a, b) => a.n - b.n)[0];
    if (smallest) cells[smallest.i] = { value: null, suppressed: 'SECONDARY' };
  }
  return { total: totalCell, parts: cells };
}
