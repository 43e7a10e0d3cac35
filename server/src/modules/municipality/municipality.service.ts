import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import { FUNDED_PROJECT_STATUSES } from '@schoolmix/shared';
import { assertId } from '../../graphql/errors.js';
import { likePattern } from '../../graphql/order.js';
import { Municipality } from './municipality.entity.js';
import type { MunicipalityFilter } from './municipality.inputs.js';
import { sqlArray } from '../../db/sql.js';
import { rolledUpMunicipalitySql } from './roll-up.js';

/**
 * Ids of municipalities that lead or partner a funded project (optionally in one period). With
 * `rollUp`, a pre-2025 municipality is replaced by the 2025 municipality it merged into
 * (roll-up.ts), so the answer holds 2025 municipalities only, each once.
 * With `withSuccessors`, the municipalities as recorded AND the 2025 municipalities they merged
 * into: the list filter `takingPart` (a 2025 municipality takes part when it or a municipality
 * merged into it does, as the programme table counts it).
 */
export async function takingPartIds(
  em: EntityManager,
  fundingPeriodId: string | null | undefined,
  options: { rollUp?: boolean; withSuccessors?: boolean } = {},
): Promise<string[]> {
  const period = fundingPeriodId ?? null;
  const statuses = sqlArray(FUNDED_PROJECT_STATUSES);
  const takingPart = `select p.lead_municipality_id as id from project p
      where p.status = any(?::text[]) and (?::uuid is null or p.funding_period_id = ?::uuid)
     union
     select pm.municipality_id from project_partner_municipality pm join project p on p.id = pm.project_id
      where p.status = any(?::text[]) and (?::uuid is null or p.funding_period_id = ?::uuid)`;
  const sql = options.rollUp
    ? `select distinct ${rolledUpMunicipalitySql('m')} as id from (${takingPart}) t join municipality m on m.id = t.id`
    : options.withSuccessors
      ? `select t.id from (${takingPart}) t
         union
         select m.merged_into_id from (${takingPart}) t join municipality m on m.id = t.id where m.merged_into_id is not null`
      : takingPart;
  const params = [statuses, period, period, statuses, period, period];
  const rows = await em.execute<{ id: string }[]>(sql, options.withSuccessors && !options.rollUp ? [...params, ...params] : params);
  return rows.map((r) => r.id);
}

/** The filter of the municipalities list as a query. */
export async function municipalityWhere(em: EntityManager, filter: MunicipalityFilter | null | undefined): Promise<FilterQuery<Municipality>> {
  const and: FilterQuery<Municipality>[] = [];
  if (filter?.search?.trim()) {
    const pattern = likePattern(filter.search);
    and.push({ $or: [{ name: { $ilike: pattern } }, { nisCode: { $like: pattern } }] });
  }
  if (filter?.province) and.push({ province: filter.province });
  if (filter?.nisCodes) and.push({ nisCode: { $in: filter.nisCodes } });
  if (filter?.validOn) {
    and.push({ validFrom: { $lte: filter.validOn } }, { $or: [{ validTo: null }, { validTo: { $gte: filter.validOn } }] });
  }
  if (filter?.takingPart != null || filter?.fundingPeriodId) {
    // A 2025 municipality takes part when it or a pre-2025 municipality merged into it does.
    const ids = await takingPartIds(em, assertId(filter.fundingPeriodId, 'filter.fundingPeriodId'), { withSuccessors: true });
    and.push(filter.takingPart === false ? { id: { $nin: ids } } : { id: { $in: ids } });
  }
  return and.length > 0 ? { $and: and } : {};
}

/** The municipality with this NIS code, if any. */
export function municipalityByNisCode(em: EntityManager, nisCode: string): Promise<Municipality | null> {
  return em.findOne(Municipality, { nisCode });
}

/** The pre-2025 municipalities merged into any of these, by name, in one statement. */
export function mergedIntoAny(em: EntityManager, ids: readonly string[]): Promise<Municipality[]> {
  return em.find(Municipality, { mergedInto: { $in: [...ids] } }, { orderBy: { name: 'ASC' } });
}
