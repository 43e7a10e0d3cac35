import { LIMITS } from '@schoolmix/shared';
import { Field, ObjectType } from 'type-graphql';
import { suppressTotalAndParts } from './suppression.js';

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
  const table = suppressTotalAndParts(parts, total, threshold);
  const totalCell = table.cell('total');
  // A withheld total withholds every non-zero part with it (named SECONDARY, as the parts of a withheld figure).
  const parts_ = parts.map((n, i): Cell => (totalCell.value === null && n > 0 ? { value: null, suppressed: 'SECONDARY' } : table.cell(String(i))));
  return { total: totalCell, parts: parts_ };
}

@ObjectType({ description: 'A figure withheld by disclosure control' })
export class Suppression {
  @Field(() => String, { description: 'The withheld field, e.g. reached or families.withIndicator' }) field!: string;
  @Field(() => String, { description: 'BELOW_THRESHOLD (a count of 1 to 4) or SECONDARY (would reveal one)' }) reason!: string;
}

/**
 * A total whose parts are shown elsewhere, each through `cell` (a rolled-up municipality's
 * projects, each with its own KPI; the final periods behind the programme's realised figure):
 * withheld itself when 1–4, and withheld as SECONDARY when it adds up more than one part and one
 * of them is withheld, since the total less the parts shown would reveal it.
 */
export function cellOfTotal(total: number, parts: readonly number[], threshold: number = LIMITS.disclosureThreshold): Cell {
  const own = cell(total, threshold);
  if (own.value === null || parts.length < 2) return own;
  return parts.some((n) => cell(n, threshold).value === null) ? { value: null, suppressed: 'SECONDARY' } : own;
}

/**
 * A reached count as disclosed, and the figures derived from it withheld with it (SECONDARY);
 * every withheld field is added to `suppressed`, reached first.
 */
export function discloseReached<D extends Record<string, unknown>>(reached: Cell, derived: D, suppressed: Suppression[]): { reached: number | null } & { [K in keyof D]: D[K] | null } {
  if (reached.suppressed) suppressed.push({ field: 'reached', reason: reached.suppressed });
  const hidden = reached.value === null;
  const figures: Record<string, unknown> = { reached: reached.value };
  for (const [field, value] of Object.entries(derived)) {
    if (hidden) suppressed.push({ field, reason: 'SECONDARY' });
    figures[field] = hidden ? null : value;
  }
  return figures as { reached: number | null } & { [K in keyof D]: D[K] | null };
}


/**
 * Who sees a field's counts only through disclosure control (auth/policy.ts `seesDisclosed` decides it):
 * - ANALYSTS: analysts;
 * - ANALYSTS_AND_SCOPED: analysts, coordinators and integrators (school compositions: the published table, as in the exports);
 * - OUTSIDE_OWN_MUNICIPALITY: analysts, and coordinators and integrators for a municipality they do not own.
 */
export type DisclosureAudience = 'ANALYSTS' | 'ANALYSTS_AND_SCOPED' | 'OUTSIDE_OWN_MUNICIPALITY';

/** What a disclosure rule is given: the field's parent, arguments and context, and whom to disclose to. */
export interface DisclosureSource<C> {
  root: unknown;
  args: Record<string, unknown>;
  context: C;
  /** Whether this viewer sees the figures (of `municipalityId`, for OUTSIDE_OWN_MUNICIPALITY) through disclosure control. */
  disclosedTo: (municipalityId?: string) => boolean;
}

/** How one field is shown through disclosure control. */
export interface DisclosureRule<C = any> {
  audience: DisclosureAudience;
  /**
   * The field as disclosed, from the value its resolver answered (`value()`, resolved on demand:
   * a rule that computes the disclosed figure another way need not resolve it at all).
   */
  disclose(value: () => Promise<any>, source: DisclosureSource<C>): unknown;
}

const RULES = new Map<string, DisclosureRule>();

/**
 * Declares how a field (`Type.field`, e.g. `Project.kpi`) is shown to the viewers of its audience;
 * the module that owns the figure declares it beside the figure's own code.
 */
export function disclosedField<C>(coordinate: string, rule: DisclosureRule<C>): void {
  if (RULES.has(coordinate)) throw new Error(`Disclosure of ${coordinate} declared twice`);
  RULES.set(coordinate, rule as DisclosureRule);
}

/** The disclosure rule of a field, if its figures are disclosed. */
export function disclosureRuleOf(coordinate: string): DisclosureRule | undefined {
  return RULES.get(coordinate);
}

/** Every field shown through disclosure control (for the tests and the docs). */
export function disclosedFields(): string[] {
  return [...RULES.keys()].sort();
}
