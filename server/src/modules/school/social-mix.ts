import type { EntityManager } from '@mikro-orm/sql';
import { LIMITS } from '@schoolmix/shared';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { sqlArray } from '../../db/sql.js';
import type { Context } from '../../graphql/context.js';
import { defineLoader } from '../../graphql/loaders.js';
import { segregationIndices } from './segregation.js';
import { cell, disclosedField, suppressParts } from '../disclosure/disclosure.js';
import { type Equation, type PublishedTable, suppressTable } from '../disclosure/suppression.js';
import type { SchoolComposition } from './school.entity.js';
import { rolledUpMunicipalitySql } from '../municipality/roll-up.js';

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

/** One school's composition in one year, with the 2025 municipality whose table it belongs to. */
export interface MixRow {
  target: string;
  municipality_id: string;
  school_id: string;
  school_year: string;
  pupils: number;
  indicator_pupils: number;
}

/** Cell keys of the social-mix table (docs/REPORTS.md): per school, per merged municipality, and the whole. */
export const mixKey = {
  school: (schoolId: string, c: 'pupils' | 'ind' | 'oth') => `s:${schoolId}:${c}`,
  municipality: (municipalityId: string, c: 'pupils' | 'ind' | 'oth') => `m:${municipalityId}:${c}`,
};

/**
 * The published social-mix table of one 2025 municipality in one school year: rows = its schools
 * (and those of the municipalities merged into it), columns = indicator / other pupils, with the
 * school totals (pupils), the column totals and the grand total of the municipality, and the
 * sub-totals of each merged pre-2025 municipality (published as that municipality's own figures).
 */
export interface PublishedMix {
  target: string;
  schoolYear: string;
  rows: readonly MixRow[];
  table: PublishedTable;
}

export function publishedMixOf(target: string, schoolYear: string, rows: readonly MixRow[], threshold: number = LIMITS.disclosureThreshold): PublishedMix {
  const values = new Map<string, number>();
  const equations: Equation[] = [];
  const groups = new Map<string, MixRow[]>([[target, [...rows]]]);
  for (const r of rows) {
    values.set(mixKey.school(r.school_id, 'pupils'), r.pupils);
    values.set(mixKey.school(r.school_id, 'ind'), r.indicator_pupils);
    values.set(mixKey.school(r.school_id, 'oth'), r.pupils - r.indicator_pupils);
    equations.push({ total: mixKey.school(r.school_id, 'pupils'), parts: [mixKey.school(r.school_id, 'ind'), mixKey.school(r.school_id, 'oth')] });
    if (r.municipality_id !== target) groups.set(r.municipality_id, [...(groups.get(r.municipality_id) ?? []), r]);
  }
  for (const [id, members] of groups) {
    for (const c of ['pupils', 'ind', 'oth'] as const) {
      const parts = members.map((r) => mixKey.school(r.school_id, c));
      values.set(mixKey.municipality(id, c), parts.reduce((n, k) => n + values.get(k)!, 0));
      equations.push({ total: mixKey.municipality(id, c), parts });
    }
    equations.push({ total: mixKey.municipality(id, 'pupils'), parts: [mixKey.municipality(id, 'ind'), mixKey.municipality(id, 'oth')] });
  }
  // A merged municipality's schools are part of the target's: the target's totals add up the
  // merged ones and the target's own schools, which the school equations already cover.
  return { target, schoolYear, rows, table: suppressTable(values, equations, threshold) };
}

/** The 2025 municipality whose table holds each of these municipalities (itself, or the one it merged into). */
export async function targetsOfMunicipalities(em: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await em.execute<{ id: string; target: string }[]>('select id, coalesce(merged_into_id, id) as target from municipality where id = any(?::uuid[])', [sqlArray(ids)]);
  return new Map(rows.map((r) => [r.id, r.target]));
}

/** The 2025 municipality whose table holds each of these schools. */
export async function targetsOfSchools(em: EntityManager, schoolIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await em.execute<{ id: string; target: string }[]>(
    `select s.id, ${rolledUpMunicipalitySql('m')} as target from school s join municipality m on m.id = s.municipality_id where s.id = any(?::uuid[])`,
    [sqlArray(schoolIds)],
  );
  return new Map(rows.map((r) => [r.id, r.target]));
}

/** The published tables of these 2025 municipalities in every school year on record, in one statement. */
export async function loadPublishedMix(em: EntityManager, targetIds: readonly string[]): Promise<Map<string, Map<string, PublishedMix>>> {
  const rows = await em.execute<MixRow[]>(
    `select t.id as target, m.id as municipality_id, s.id as school_id, sc.school_year, sc.pupils, sc.indicator_pupils
       from unnest(?::uuid[]) as t(id)
       join municipality m on m.id = t.id or m.merged_into_id = t.id
       join school s on s.municipality_id = m.id
       join school_composition sc on sc.school_id = s.id
      order by sc.school_year, s.id`,
    [sqlArray(targetIds)],
  );
  const out = new Map<string, Map<string, PublishedMix>>(targetIds.map((id) => [id, new Map()]));
  for (const id of targetIds) {
    const own = rows.filter((r) => r.target === id);
    for (const year of [...new Set(own.map((r) => r.school_year))]) {
      out.get(id)!.set(year, publishedMixOf(id, year, own.filter((r) => r.school_year === year)));
    }
  }
  return out;
}

/**
 * The indices of one set of school compositions (a municipality's, or a merged one's), as
 * published: the counts from the published table; the share and the indices only when every
 * cell behind them is shown (a ratio or an index over a withheld cell would reveal it).
 */
export function socialMixOf(schoolYear: string, rows: readonly Pick<MixRow, 'pupils' | 'indicator_pupils' | 'school_id'>[], published?: { table: PublishedTable; municipalityId: string }, threshold: number = LIMITS.disclosureThreshold): SocialMix {
  const pupils = rows.reduce((n, r) => n + r.pupils, 0);
  const indicatorPupils = rows.reduce((n, r) => n + r.indicator_pupils, 0);
  const empty = { schoolYear, schoolCount: rows.length, dissimilarity: null, isolation: null, exposure: null, mutualInformation: null, theilH: null };
  if (rows.length === 0) return { ...empty, pupils: null, indicatorPupils: null, indicatorShare: null, suppressedReason: 'NO_SCHOOLS' };
  if (pupils < threshold || indicatorPupils < threshold || pupils - indicatorPupils < threshold) {
    return { ...empty, pupils: null, indicatorPupils: null, indicatorShare: null, suppressedReason: 'BELOW_THRESHOLD' };
  }
  if (published) {
    const { table, municipalityId } = published;
    const key = (c: 'pupils' | 'ind' | 'oth') => mixKey.municipality(municipalityId, c);
    const shownPupils = table.value(key('pupils'));
    const shownIndicator = table.value(key('ind'));
    const cells = rows.flatMap((r) => (['pupils', 'ind', 'oth'] as const).map((c) => mixKey.school(r.school_id, c)));
    if (!table.allShown(key('pupils'), key('ind'), key('oth'), ...cells)) {
      return {
        ...empty,
        pupils: shownPupils,
        indicatorPupils: shownIndicator,
        indicatorShare: shownPupils !== null && shownIndicator !== null ? shownIndicator / shownPupils : null,
        suppressedReason: 'SECONDARY',
      };
    }
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


/** The figures of one municipality (a 2025 one or one merged into it) from its published table. */
export function socialMixIn(published: PublishedMix | undefined, municipalityId: string, schoolYear: string): SocialMix {
  if (!published) return socialMixOf(schoolYear, []);
  const rows = published.rows.filter((r) => published.target === municipalityId || r.municipality_id === municipalityId);
  return socialMixOf(schoolYear, rows, { table: published.table, municipalityId });
}

/**
 * The request's published social-mix tables, keyed by 2025 municipality (every school year):
 * computed once per request, so `socialMix`, `trend`, `School.compositions` and `School.mirror`
 * withhold the very same cells.
 */
export const PUBLISHED_MIX = defineLoader('publishedMix', async (ctx: Context, targetIds: readonly string[]) => {
  const tables = await loadPublishedMix(ctx.em, targetIds);
  return targetIds.map((id) => tables.get(id)!);
});

/** The request's loader of the 2025 municipality whose table holds a municipality. */
export const MIX_TARGET = defineLoader('municipality.mixTarget', async (ctx: Context, ids: readonly string[]) => {
  const map = await targetsOfMunicipalities(ctx.em, ids);
  return ids.map((id) => map.get(id) ?? id);
});

/** The published tables (every school year) of the municipality `municipalityId` belongs to. */
export async function publishedMixOfMunicipality(ctx: Context, municipalityId: string): Promise<Map<string, PublishedMix>> {
  return ctx.loaders.get(PUBLISHED_MIX).load(await ctx.loaders.get(MIX_TARGET).load(municipalityId));
}

/** The published tables (every school year) that hold each of these schools. */
export async function publishedMixOfSchools(ctx: Context, schoolIds: readonly string[]): Promise<Map<string, Map<string, PublishedMix>>> {
  const targets = await targetsOfSchools(ctx.em, schoolIds);
  const wanted = [...new Set(targets.values())];
  const tables = await Promise.all(wanted.map((t) => ctx.loaders.get(PUBLISHED_MIX).load(t)));
  const byTarget = new Map(wanted.map((t, i) => [t, tables[i]!]));
  return new Map(schoolIds.map((id) => [id, byTarget.get(targets.get(id)!) ?? new Map<string, PublishedMix>()]));
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

/** The request's loader of the published tables (every school year) that hold each school. */
const SCHOOL_PUBLISHED_MIX = defineLoader('school.publishedMix', async (ctx: Context, ids: readonly string[]) => {
  const published = await publishedMixOfSchools(ctx, ids);
  return ids.map((id) => published.get(id)!);
});

// Analysts, coordinators and integrators see the published table (as in the exports); administrators and reviewers the counts.
disclosedField<Context>('School.compositions', {
  audience: 'ANALYSTS_AND_SCOPED',
  async disclose(value, { root, context }) {
    const [rows, published] = await Promise.all([value() as Promise<SchoolComposition[]>, context.loaders.get(SCHOOL_PUBLISHED_MIX).load((root as { id: string }).id)]);
    return rows.map((r) => discloseComposition(r, published.get(r.schoolYear)?.table));
  },
});
