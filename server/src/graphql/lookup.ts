import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import type { Problems } from './user-errors.js';
import { check } from './validate.js';

/**
 * Loads the entity an input field points at, or records why it cannot (INVALID for something
 * that is not an id of this API, NOT_FOUND otherwise) and returns null.
 */
export async function findById<T extends { id: string }>(
  em: EntityManager,
  p: Problems,
  entity: new () => T,
  field: string,
  id: string,
  what: string,
): Promise<T | null> {
  if (!check.uuid(p, field, id)) return null;
  const row = await em.findOne<T>(entity, { id } as FilterQuery<T>);
  if (!row) p.add(field, `${what} not found`, 'NOT_FOUND');
  return row;
}

/** Loads the entities of a list field in one query, recording duplicates, bad and unknown ids. */
export async function findAllById<T extends { id: string }>(em: EntityManager, p: Problems, entity: new () => T, field: string, ids: string[]): Promise<T[]> {
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) p.add(field, 'The same id is given twice', 'DUPLICATE');
  const bad = unique.find((id) => !check.uuid(p, field, id));
  if (bad) return [];
  const rows = unique.length > 0 ? await em.find<T>(entity, { id: { $in: unique } } as unknown as FilterQuery<T>) : [];
  if (rows.length !== unique.length) p.add(field, `${unique.length - rows.length} of these were not found`, 'NOT_FOUND');
  return rows;
}
