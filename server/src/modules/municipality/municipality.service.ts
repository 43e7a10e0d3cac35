import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { FUNDED_PROJECT_STATUSES } from '@schoolmix/shared';
import { assertId } from '../../graphql/errors.js';
import { likePattern } from '../../graphql/order.js';
import { Municipality } from './municipality.entity.js';
import type { MunicipalityFilter } from './municipality.inputs.js';
import { sqlArray } from '../../db/sql.js';

/** Ids of municipalities that lead or partner a funded project (optionally in one period). */
export async function takingPartIds(em: EntityManager, fundingPeriodId: string | null | undefined): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>(
    `select p.lead_municipality_id as id from project p
      where p.status = any(?::text[]) and (?::uuid is null or p.funding_period_id = ?::uuid)
     union
     select pm.municipality_id from project_partner_municipality pm join project p on p.id = pm.project_id
      where p.status = any(?::text[]) and (?::uuid is null or p.funding_period_id = ?::uuid)`,
    [sqlArray(FUNDED_PROJECT_STATUSES), fundingPeriodId ?? null, fundingPeriodId ?? null, sqlArray(FUNDED_PROJECT_STATUSES), fundingPeriodId ?? null, fundingPeriodId ?? null],
  );
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
    const ids = await takingPartIds(em, assertId(filter.fundingPeriodId, 'filter.fundingPeriodId'));
    and.push(filter.takingPart === false ? { id: { $nin: ids } } : { id: { $in: ids } });
  }
  return and.length > 0 ? { $and: and } : {};
}
