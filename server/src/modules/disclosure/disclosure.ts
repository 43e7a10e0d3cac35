import { LIMITS } from '@schoolmix/shared';
import { Field, ObjectType } from 'type-graphql';
import type { ProjectKpi } from '../kpi/kpi.js';
import type { MunicipalityProgress } from '../kpi/municipality-progress.js';
import type { SchoolComposition } from '../school/school.entity.js';
import { mixKey } from '../school/social-mix.js';
import { type PublishedTable, suppressTotalAndParts } from './suppression.js';
import { publishedKpiTableOf } from '../kpi/kpi-table.js';

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
function discloseReached<D extends Record<string, unknown>>(reached: Cell, derived: D, suppressed: Suppression[]): { reached: number | null } & { [K in keyof D]: D[K] | null } {
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
 * The KPI as an analyst (or an export) may see it, read from the project's published table
 * (kpi-table.ts; built from the KPI alone when not given): counts of 1–4 households withheld, the
 * "every family" parts and the reach per event type suppressed so none can be found from the
 * total, and the figures derived from a withheld "reached" (progress, on track, earned subsidy) withheld too.
 */
export function discloseKpi(kpi: ProjectKpi, published?: PublishedTable, threshold: number = LIMITS.disclosureThreshold): ProjectKpi {
  const suppressed: Suppression[] = [];
  const f = kpi.families;
  const table =
    published ??
    publishedKpiTableOf(
      {
        reached: kpi.reached ?? 0,
        withIndicator: f.withIndicator ?? 0,
        withoutIndicator: f.withoutIndicator ?? 0,
        indicatorUnknown: f.indicatorUnknown ?? 0,
        withSpecialNeeds: f.withSpecialNeeds ?? 0,
        byEventType: new Map(kpi.byEventType.map((t) => [t.type, t.reached ?? 0])),
      },
      [],
      threshold,
    );
  const reachedHidden = table.value('reached') === null;
  const take = (field: string, { value, suppressed: reason }: Cell) => {
    // The parts of a withheld reach are withheld with it (named SECONDARY, as before).
    const why = reason && reachedHidden && field.startsWith('families.') && field !== 'families.withSpecialNeeds' ? 'SECONDARY' : reason;
    if (why) suppressed.push({ field, reason: why });
    return value;
  };
  const head = discloseReached(table.cell('reached'), { progress: kpi.progress, onTrack: kpi.onTrack, earnedSubsidy: kpi.earnedSubsidy }, suppressed);
  return {
    ...kpi,
    ...head,
    byEventType: kpi.byEventType.map((t) => ({ type: t.type, reached: take(`byEventType.${t.type}`, table.cell(`byEventType.${t.type}`)) })),
    families: {
      withIndicator: take('families.withIndicator', table.cell('families.withIndicator')),
      withoutIndicator: take('families.withoutIndicator', table.cell('families.withoutIndicator')),
      indicatorUnknown: take('families.indicatorUnknown', table.cell('families.indicatorUnknown')),
      withSpecialNeeds: take('families.withSpecialNeeds', table.cell('families.withSpecialNeeds')),
    },
    suppressed,
  };
}

/**
 * A municipality's progress row as an analyst sees it: reached withheld when 1–4, or (rolled up)
 * when it adds up a project whose own KPI withholds its reached count; progress and on track
 * withheld with it. Target and expected by now are commitments, not counts of families: shown.
 */
export function discloseProgress(row: MunicipalityProgress, projectReached: readonly number[], threshold: number = LIMITS.disclosureThreshold): MunicipalityProgress {
  const suppressed: Suppression[] = [];
  const head = discloseReached(cellOfTotal(row.reached ?? 0, projectReached, threshold), { progress: row.progress, onTrack: row.onTrack }, suppressed);
  return { ...row, ...head, suppressed };
}

/**
 * A school's composition as an analyst sees it: counts of 1–4 pupils withheld, and the indicator
 * pupils withheld with the others when one of the two would otherwise follow from the total.
 */
export function discloseComposition(c: SchoolComposition, published?: PublishedTable, threshold: number = LIMITS.disclosureThreshold): SchoolComposition {
  const own = suppressParts([c.indicatorPupils, c.pupils - c.indicatorPupils], c.pupils, threshold);
  // In its municipality's published table (complementary suppression across schools) when given.
  const inTable = published?.has(mixKey.school(c.school.id, 'pupils'));
  const total = inTable ? published!.cell(mixKey.school(c.school.id, 'pupils')) : own.total;
  const parts = inTable ? [published!.cell(mixKey.school(c.school.id, 'ind'))] : own.parts;
  const shown = (n: number) => cell(n, threshold).value;
  return {
    id: c.id,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    school: c.school,
    schoolYear: c.schoolYear,
    pupils: total.value,
    indicatorPupils: parts[0]!.value,
    lowEducatedMother: shown(c.lowEducatedMother),
    schoolAllowance: shown(c.schoolAllowance),
    homeLanguageNotDutch: shown(c.homeLanguageNotDutch),
    pupilsWithSpecialNeeds: shown(c.pupilsWithSpecialNeeds),
  } as unknown as SchoolComposition;
}
