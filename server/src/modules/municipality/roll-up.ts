import type { FilterQuery } from '@mikro-orm/sql';
import type { Municipality } from './municipality.entity.js';

/**
 * THE merger rule, written once: on 2025-01-01 some municipalities merged, and a pre-2025
 * municipality (`merged_into_id` set) counts as the 2025 municipality it merged into. Every
 * roll-up — the programme table, progress per municipality, the taking-part filter, the social
 * mix, and a 2025 municipality's own projects, schools and organisations (`includeMerged`) —
 * goes through this expression, so a list and the count that links to it agree.
 *
 * `alias` is a SQL alias of a `municipality` row; the answer is the id of its 2025 municipality.
 */
export function rolledUpMunicipalitySql(alias: string): string {
  return `coalesce(${alias}.merged_into_id, ${alias}.id)`;
}

/**
 * The same rule as a relation, for lists: (municipality_id, member_id) — every municipality is a
 * member of itself, and a pre-2025 municipality is also a member of the 2025 municipality it merged
 * into. Joining a child's municipality column to `member_id` lists it under both, so a 2025
 * municipality's list holds its predecessors' rows while a pre-2025 municipality keeps its own.
 */
export const MUNICIPALITY_MEMBERS_SQL = `(select id as municipality_id, id as member_id from municipality
   union all
   select merged_into_id, id from municipality where merged_into_id is not null)`;

/**
 * The same rule as an ORM condition on a municipality relation, for the list filters
 * (`filter.municipalityId` of projects, schools, organisations): the municipality itself or a
 * pre-2025 municipality merged into it. For a pre-2025 municipality it is just itself.
 */
export function municipalityWithMerged(id: string): FilterQuery<Municipality> {
  return { $or: [{ id }, { mergedInto: id }] };
}
