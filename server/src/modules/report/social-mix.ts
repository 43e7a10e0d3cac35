import type { EntityManager } from '@mikro-orm/sql';
import { LIMITS } from '@schoolmix/shared';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { sqlArray } from '../../db/sql.js';
import { segregationIndices } from './segregation.js';

@ObjectType({ description: 'Social-mix indices of the schools of one municipality in one school year' })
export class SocialMix {
  @Field(() => String) schoolYear!: string;
  @Field(() => Int, { description: 'Schools with a composition that year' }) schoolCount!: number;
  @Field(() => Int, { nullable: true }) pupils!: number | null;
  @Field(() => Int, { nullable: true }) indicatorPupils!: number | null;
  @Field(() => Float, { nullable: true }) indicatorShare!: number | null;
  @Field(() => Float, { nullable: true, description: 'Dissimilarity D, 0 … 1' }) dissimilarity!: number | null;
  @Field(() => Float, { nullable: true, description: 'Isolation xPx' }) isolation!: number | null;
  @Field(() => Float, { nullable: true, description: 'Exposure xPy' }) exposure!: number | null;
  @Field(() => Float, { nullable: true, description: 'Mutual information M (natural log)' }) mutualInformation!: number | null;
  @Field(() => Float, { nullable: true, description: 'Theil’s H = M / E, 0 … 1' }) theilH!: number | null;
  @Field(() => String, { nullable: true, description: 'Why figures are null: NO_SCHOOLS, BELOW_THRESHOLD or ONE_GROUP_EMPTY' })
  suppressedReason!: string | null;
}

export interface SocialMixRow {
  target: string;
  school_year: string;
  pupils: number;
  indicator_pupils: number;
}

/**
 * Compositions of the schools in each target municipality, including the schools of the
 * pre-2025 municipalities merged into it (the crosswalk roll-up), in one statement. A school
 * of a merged municipality counts for its successor even when both are targets of one batch.
 */
export async function loadSocialMixRows(em: EntityManager, municipalityIds: readonly string[], schoolYear: string | null): Promise<SocialMixRow[]> {
  return em.execute<SocialMixRow[]>(
    `select t.id as target, sc.school_year, sc.pupils, sc.indicator_pupils
       from unnest(?::uuid[]) as t(id)
       join municipality m on m.id = t.id or m.merged_into_id = t.id
       join school s on s.municipality_id = m.id
       join school_composition sc on sc.school_id = s.id
      where (?::text is null or sc.school_year = ?::text)
      order by sc.school_year, s.id`,
    [sqlArray(municipalityIds), schoolYear, schoolYear],
  );
}

/** The indices of one set of school compositions, suppressed under the disclosure threshold. */
export function socialMixOf(schoolYear: string, rows: readonly Pick<SocialMixRow, 'pupils' | 'indicator_pupils'>[], threshold: number = LIMITS.disclosureThreshold): SocialMix {
  const pupils = rows.reduce((n, r) => n + r.pupils, 0);
  const indicatorPupils = rows.reduce((n, r) => n + r.indicator_pupils, 0);
  const empty = { schoolYear, schoolCount: rows.length, dissimilarity: null, isolation: null, exposure: null, mutualInformation: null, theilH: null };
  if (rows.length === 0) return { ...empty, pupils: null, indicatorPupils: null, indicatorShare: null, suppressedReason: 'NO_SCHOOLS' };
  if (pupils < threshold || indicatorPupils < threshold || pupils - indicatorPupils < threshold) {
    return { ...empty, pupils: null, indicatorPupils: null, indicatorShare: null, suppressedReason: 'BELOW_THRESHOLD' };
  }
  const indices = segregationIndices(rows.map((r) => ({ x: r.indicator_pupils, y: r.pupils - r.indicator_pupils })));
  return {
    ...empty,
    ...(indices ?? {}),
    pupils,
    indicatorPupils,
    indicatorShare: indicatorPupils / pupils,
    suppressedReason: indices ? null : 'ONE_GROUP_EMPTY',
  };
}

/** Social mix of many municipalities in one school year. */
export async function loadSocialMix(em: EntityManager, municipalityIds: readonly string[], schoolYear: string): Promise<SocialMix[]> {
  const rows = await loadSocialMixRows(em, municipalityIds, schoolYear);
  return municipalityIds.map((id) => socialMixOf(schoolYear, rows.filter((r) => r.target === id)));
}

/** Social mix of one municipality in every school year on record, oldest first. */
export async function loadSocialMixTrend(em: EntityManager, municipalityId: string): Promise<SocialMix[]> {
  const rows = await loadSocialMixRows(em, [municipalityId], null);
  const years = [...new Set(rows.map((r) => r.school_year))];
  return years.map((year) => socialMixOf(year, rows.filter((r) => r.school_year === year)));
}
