import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import { mixKey } from './social-mix.js';
import type { PublishedTable } from '../disclosure/suppression.js';
import { LIMITS } from '@schoolmix/shared';
import { assertId } from '../../graphql/errors.js';
import { likePattern } from '../../graphql/order.js';
import { School, SchoolComposition } from './school.entity.js';
import type { Municipality } from '../municipality/municipality.entity.js';
import type { SchoolFilter } from './school.inputs.js';
import { sqlArray } from '../../db/sql.js';
import { municipalityWithMerged } from '../municipality/roll-up.js';

export function schoolWhere(filter: SchoolFilter | null | undefined): FilterQuery<School> {
  const and: FilterQuery<School>[] = [];
  if (filter?.search?.trim()) {
    const pattern = likePattern(filter.search);
    and.push({ $or: [{ name: { $ilike: pattern } }, { institutionNumber: { $like: pattern } }] });
  }
  // A 2025 municipality's schools include those still recorded under a pre-2025 municipality merged into it (roll-up.ts).
  if (filter?.municipalityId) and.push({ municipality: municipalityWithMerged(assertId(filter.municipalityId, 'filter.municipalityId')) });
  if (filter?.levels) and.push({ level: { $in: filter.levels } });
  if (filter?.networks) and.push({ network: { $in: filter.networks } });
  if (filter?.postcode) and.push({ postcode: filter.postcode });
  return and.length > 0 ? { $and: and } : {};
}

export interface MirrorRow {
  schoolId: string;
  pupils: number;
  indicatorPupils: number;
  areaCode: string | null;
  pupilsResident: number | null;
  indicatorPupilsResident: number | null;
}

/** One school year's composition of many schools next to their area's, in one statement. */
export async function loadMirrorRows(em: EntityManager, schoolIds: readonly string[], schoolYear: string): Promise<Map<string, MirrorRow>> {
  const rows = await em.execute<MirrorRow[]>(
    `select sc.school_id as "schoolId", sc.pupils, sc.indicator_pupils as "indicatorPupils",
            ac.area_code as "areaCode", ac.pupils_resident as "pupilsResident",
            ac.indicator_pupils_resident as "indicatorPupilsResident"
       from school_composition sc
       join school s on s.id = sc.school_id
       join municipality m on m.id = s.municipality_id
       left join area_composition ac on ac.school_year = sc.school_year and ac.area_code = m.nis_code
      where sc.school_year = ? and sc.school_id = any(?::uuid[])`,
    [schoolYear, sqlArray(schoolIds)],
  );
  return new Map(rows.map((r) => [r.schoolId, r]));
}

export interface Mirror {
  schoolYear: string;
  pupils: number | null;
  indicatorShare: number | null;
  areaCode: string | null;
  areaShare: number | null;
  gap: number | null;
  mirrors: boolean | null;
  tolerance: number;
  suppressedReason: string | null;
}

/**
 * Does the school mirror its neighbourhood? s = indicator share of the school, a = the
 * area's; gap = s − a; mirrors when |gap| ≤ tolerance. Small counts are suppressed, not shown.
 */
export function mirrorOf(row: MirrorRow | undefined, schoolYear: string, tolerance: number, published?: PublishedTable, threshold: number = LIMITS.disclosureThreshold): Mirror {
  const empty = { schoolYear, pupils: null, indicatorShare: null, areaCode: row?.areaCode ?? null, areaShare: null, gap: null, mirrors: null, tolerance };
  if (!row) return { ...empty, suppressedReason: 'NO_COMPOSITION' };
  if (published?.has(mixKey.school(row.schoolId, 'pupils'))) {
    // The school's cells as its municipality's published table shows them (complementary suppression included).
    const key = (c: 'pupils' | 'ind' | 'oth') => mixKey.school(row.schoolId, c);
    if (!published.allShown(key('pupils'), key('ind'), key('oth'))) {
      const primary = [key('pupils'), key('ind'), key('oth')].some((k) => published.reason(k) === 'BELOW_THRESHOLD');
      return { ...empty, pupils: published.value(key('pupils')), suppressedReason: primary ? 'BELOW_THRESHOLD' : 'SECONDARY' };
    }
  }
  const others = row.pupils - row.indicatorPupils;
  // A share would reveal a group of 1–4 pupils, so it is withheld with them.
  if (row.pupils < threshold || (row.indicatorPupils > 0 && row.indicatorPupils < threshold) || (others > 0 && others < threshold)) {
    return { ...empty, suppressedReason: 'BELOW_THRESHOLD' };
  }
  const indicatorShare = row.indicatorPupils / row.pupils;
  if (row.pupilsResident == null || row.indicatorPupilsResident == null || row.pupilsResident < threshold) {
    return { ...empty, pupils: row.pupils, indicatorShare, suppressedReason: row.pupilsResident == null ? 'NO_AREA_COMPOSITION' : 'BELOW_THRESHOLD' };
  }
  const areaShare = row.indicatorPupilsResident / row.pupilsResident;
  const gap = indicatorShare - areaShare;
  return { schoolYear, pupils: row.pupils, indicatorShare, areaCode: row.areaCode, areaShare, gap, mirrors: Math.abs(gap) <= tolerance + 1e-12, tolerance, suppressedReason: null };
}

/** The compositions of these schools, oldest school year first, in one statement. */
export function compositionsOfSchools(em: EntityManager, schoolIds: readonly string[]): Promise<SchoolComposition[]> {
  return em.find(SchoolComposition, { school: { $in: [...schoolIds] } }, { orderBy: { schoolYear: 'ASC' } });
}

/** The schools of a municipality and of the municipalities merged into it, by name. */
export function schoolsOfMunicipality(em: EntityManager, municipality: Municipality): Promise<School[]> {
  return em.find(School, { $or: [{ municipality }, { municipality: { mergedInto: municipality } }] }, { orderBy: { name: 'ASC', id: 'ASC' } });
}
