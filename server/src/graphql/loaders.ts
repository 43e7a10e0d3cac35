import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import DataLoader from 'dataloader';
import type { ClassType } from 'type-graphql';
import { findForRead } from '../db/read-model.js';
import { isId } from './errors.js';
import { type ConnectionArgs, type ConnectionShape, type OrderSpec, type ParentLink, paginateMany } from './connection.js';

/**
 * Per-request batching. Every loader lives for one request only (made by the context
 * factory), so nothing cached can leak between viewers.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  constructor(private readonly em: EntityManager) {}

  /** A loader made once per request under `key`. */
  custom<K, V>(key: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader<K, V>(batch);
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /** Loads entities by id, one query per type and tick. */
  byId<T extends { id: string }>(entity: ClassType<T>): DataLoader<string, T | null> {
    return this.custom(`byId:${entity.name}`, async (ids: readonly string[]) => {
      const valid = ids.filter(isId);
      const rows = valid.length > 0 ? await findForRead<T>(this.em, entity, { id: { $in: valid } } as unknown as FilterQuery<T>) : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /**
   * Loads the same child list (same filter, order and page) for every parent asked in this tick
   * with a fixed number of statements; see `paginateMany`.
   */
  children<T extends object>(
    name: string,
    entity: ClassType<T>,
    link: ParentLink,
    where: FilterQuery<T>,
    order: OrderSpec[],
    args: ConnectionArgs,
  ): DataLoader<string, ConnectionShape<T>> {
    const key = `children:${name}:${JSON.stringify([where, order, args])}`;
    return this.custom(key, async (parentIds: readonly string[]) => {
      const byParent = await paginateMany(this.em, entity, link, parentIds, where, order, args);
      return parentIds.map((id) => byParent.get(id)!);
    });
  }
}
