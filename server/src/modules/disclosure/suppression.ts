import { LIMITS } from '@schoolmix/shared';

/**
 * The disclosure-control model (docs/REPORTS.md, "Disclosure control"): a published table is a
 * set of named counts (cells) and the linear equations that tie them, each "a total is the sum of
 * its parts" (municipality → schools → indicator / other pupils; project → event type → events;
 * a project's reach → families with / without / unknown indicator …). Pure: no database, no
 * GraphQL, so the API, the exports and the tests compute the very same published table.
 *
 * 1. Primary suppression: a count of 1 … threshold−1 is withheld (BELOW_THRESHOLD). A zero is shown.
 * 2. Complementary suppression (the statistical offices' heuristic): while some equation has
 *    exactly one withheld cell, the smallest shown non-zero part of that equation (the total when
 *    no part qualifies) is withheld too (SECONDARY); iterated until stable.
 * 3. Audit: a linear-algebra check over all equations of the table (reduced row echelon form of
 *    the withheld cells) finds any withheld cell that several equations together still determine;
 *    the smallest shown non-zero cell of an equation around it is withheld, and the check repeats.
 *
 * A figure derived from cells (a ratio, an index) is published only when none of those cells is
 * withheld (`allShown`).
 */

export type Reason = 'BELOW_THRESHOLD' | 'SECONDARY';

/** `total` = Σ `parts` (cell keys). */
export interface Equation {
  total: string;
  parts: readonly string[];
}

/** A table's cells as published: the value or null, and why a cell is withheld. */
export class PublishedTable {
  constructor(
    readonly values: ReadonlyMap<string, number>,
    readonly equations: readonly Equation[],
    readonly withheld: ReadonlyMap<string, Reason>,
  ) {}

  /** The published value: null when withheld; a cell that is not in the table is an error. */
  value(key: string): number | null {
    const v = this.values.get(key);
    if (v === undefined) throw new Error(`No cell ${key} in the published table`);
    return this.withheld.has(key) ? null : v;
  }

  reason(key: string): Reason | null {
    return this.withheld.get(key) ?? null;
  }

  cell(key: string): { value: number | null; suppressed: Reason | null } {
    return { value: this.value(key), suppressed: this.reason(key) };
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  /** True when every named cell is shown: a figure derived from them may be published. */
  allShown(...keys: string[]): boolean {
    return keys.every((k) => !this.withheld.has(k));
  }
}

const byValueThenKey = (values: ReadonlyMap<string, number>) => (a: string, b: string) => values.get(a)! - values.get(b)! || (a < b ? -1 : a > b ? 1 : 0);

/** Applies primary, complementary and audited suppression to one table. */
export function suppressTable(values: ReadonlyMap<string, number>, equations: readonly Equation[], threshold: number = LIMITS.disclosureThreshold): PublishedTable {
  for (const eq of equations) {
    if (!values.has(eq.total)) throw new Error(`Equation names an unknown cell ${eq.total}`);
    for (const key of eq.parts) if (!values.has(key)) throw new Error(`Equation names an unknown cell ${key}`);
  }
  const withheld = new Map<string, Reason>();
  for (const [key, v] of values) if (v > 0 && v < threshold) withheld.set(key, 'BELOW_THRESHOLD');

  /** Withholds the smallest shown non-zero part of `eq` (else its total); false when none is left. */
  const complement = (eq: Equation): boolean => {
    const shown = (k: string) => !withheld.has(k) && values.get(k)! > 0;
    const pick = eq.parts.filter(shown).sort(byValueThenKey(values))[0] ?? (shown(eq.total) ? eq.total : undefined);
    if (pick === undefined) return false;
    withheld.set(pick, 'SECONDARY');
    return true;
  };

  /** How many of the equation's cells (its total and parts) are withheld, counted up to two. */
  const withheldCells = (eq: Equation): number => {
    let count = withheld.has(eq.total) ? 1 : 0;
    for (const key of eq.parts) if (withheld.has(key) && ++count > 1) break;
    return count;
  };

  for (let round = 0; round < values.size + 2; round++) {
    let changed = false;
    for (const eq of equations) {
      if (withheldCells(eq) === 1 && complement(eq)) changed = true;
    }
    if (changed) continue;
    // Audit: cells that the equations together still determine.
    const determined = determinedCells(values, equations, withheld);
    if (determined.length === 0) break;
    const target = determined[0]!;
    const around = equations.filter((eq) => eq.total === target || eq.parts.includes(target));
    if (!around.some((eq) => complement(eq))) break;
  }
  return new PublishedTable(values, equations, withheld);
}

/**
 * The withheld cells that a linear attacker can compute exactly from the shown cells and the
 * equations (the unit vector of the cell lies in the row space of the equations restricted to
 * the withheld cells). Also the attacker of the differencing test.
 */
export function determinedCells(values: ReadonlyMap<string, number>, equations: readonly Equation[], withheld: ReadonlyMap<string, unknown> | ReadonlySet<string>): string[] {
  const named = new Set<string>();
  for (const eq of equations) {
    if (withheld.has(eq.total)) named.add(eq.total);
    for (const key of eq.parts) if (withheld.has(key)) named.add(key);
  }
  if (named.size === 0) return [];
  const unknowns = [...named].sort();
  const column = new Map(unknowns.map((k, i) => [k, i]));
  const rows: number[][] = [];
  for (const eq of equations) {
    const row = new Array<number>(unknowns.length).fill(0);
    let any = false;
    const add = (k: string, sign: number) => {
      const j = column.get(k);
      if (j !== undefined) {
        row[j]! += sign;
        any = true;
      }
    };
    add(eq.total, 1);
    for (const p of eq.parts) add(p, -1);
    if (any) rows.push(row);
  }
  // Reduced row echelon form (entries stay small integers / simple fractions: tables are small).
  const eps = 1e-9;
  let pivotRow = 0;
  const pivots: number[] = [];
  for (let j = 0; j < unknowns.length && pivotRow < rows.length; j++) {
    const r = rows.findIndex((row, i) => i >= pivotRow && Math.abs(row[j]!) > eps);
    if (r < 0) continue;
    [rows[pivotRow], rows[r]] = [rows[r]!, rows[pivotRow]!];
    const p = rows[pivotRow]!;
    const scale = p[j]!;
    for (let c = 0; c < p.length; c++) p[c]! /= scale;
    for (let i = 0; i < rows.length; i++) {
      if (i === pivotRow) continue;
      const factor = rows[i]![j]!;
      if (Math.abs(factor) > eps) for (let c = 0; c < p.length; c++) rows[i]![c]! -= factor * p[c]!;
    }
    pivots.push(j);
    pivotRow++;
  }
  const determined: string[] = [];
  pivots.forEach((j, i) => {
    const row = rows[i]!;
    if (row.every((v, c) => c === j || Math.abs(v) <= eps)) determined.push(unknowns[j]!);
  });
  return determined;
}

/** One total and its parts, suppressed as a table (keys `total`, `0`, `1`, …). */
export function suppressTotalAndParts(parts: readonly number[], total: number, threshold: number = LIMITS.disclosureThreshold): PublishedTable {
  const values = new Map<string, number>([['total', total], ...parts.map((n, i): [string, number] => [String(i), n])]);
  return suppressTable(values, [{ total: 'total', parts: parts.map((_, i) => String(i)) }], threshold);
}
