import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import DataLoader from 'dataloader';
import type { ClassType } from 'type-graphql';
import { findByIds, type Projection } from '../db/read-model.js';
import { sqlArray } from '../db/sql.js';
import { isId } from './errors.js';
import { type ConnectionArgs, type ConnectionShape, type OrderSpec, type ParentLink, paginateMany } from './connection.js';

/** The parameter of a loader family (one DataLoader per request per key and value): a plain value, compared by identity. */
export type LoaderParam = string | number | boolean | null;

/**
 * A typed loader key, made once at module level by `defineLoader` or `defineLoaderFamily`. It holds
 * no data: `ctx.loaders.get(key)` makes the DataLoader of this request. `C` is what the batch is
 * given (the request's Context), `P` the parameter of a family (`undefined`: none).
 */
export interface LoaderKey<K, V, C, P extends LoaderParam | undefined = undefined> {
  /** For reading (stack traces, tests); two keys never share a loader, whatever their names. */
  readonly name: string;
  readonly batch: (ctx: C, keys: readonly K[], param: P) => Promise<V[]>;
}

/** A loader of `V` by `K`: `batch` answers one value per key, in the keys' order. */
export function defineLoader<C, K, V>(name: string, batch: (ctx: C, keys: readonly K[]) => Promise<V[]>): LoaderKey<K, V, C> {
  return { name, batch };
}

/** A loader per parameter value (a status, a school year, a flag): `ctx.loaders.get(key, param)`. */
export function defineLoaderFamily<C, K, V, P extends LoaderParam>(name: string, batch: (ctx: C, keys: readonly K[], param: P) => Promise<V[]>): LoaderKey<K, V, C, P> {
  return { name, batch };
}

/** A many-to-many link table: which column holds the parent's id and which the child's. */
export interface LinkTable {
  table: string;
  parentColumn: string;
  childColumn: string;
}

/**
 * Per-request batching: the registry of one request's DataLoaders. Every loader lives for one
 * request only (the registry is made by the context factory), so nothing cached can leak between
 * viewers. `C` is the request's context, given to the batch functions of typed keys.
 */
export class Loaders<C = unknown> {
  /** Per typed key (compared by identity), per parameter value. */
  private readonly typed = new Map<object, Map<LoaderParam | undefined, DataLoader<unknown, unknown>>>();
  private readonly named = new Map<string, DataLoader<unknown, unknown>>();

  /** `context` answers the request's context (asked when a batch runs, so it may be the object that holds this registry). */
  constructor(
    private readonly em: EntityManager,
    private readonly context: () => C,
  ) {}

  /** This request's loader of a typed key (of a family: of one parameter value). */
  get<K, V>(key: LoaderKey<K, V, C>): DataLoader<K, V>;
  get<K, V, P extends LoaderParam>(key: LoaderKey<K, V, C, P>, param: P): DataLoader<K, V>;
  get<K, V, P extends LoaderParam | undefined>(key: LoaderKey<K, V, C, P>, param?: P): DataLoader<K, V> {
    let family = this.typed.get(key);
    if (!family) this.typed.set(key, (family = new Map<LoaderParam | undefined, DataLoader<unknown, unknown>>()));
    let loader = family.get(param);
    if (!loader) {
      loader = new DataLoader<K, V>((keys) => key.batch(this.context(), keys, param as P));
      family.set(param, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /** The registry's own loaders (byId, children, manyToMany), by a key derived from their arguments. */
  private own<K, V>(key: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.named.get(key);
    if (!loader) {
      loader = new DataLoader<K, V>(batch);
      this.named.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /** Loads entities by id, one query per type and tick. */
  byId<T extends { id: string }>(entity: ClassType<T>): DataLoader<string, T | null> {
    return this.own(`byId:${entity.name}`, async (ids: readonly string[]) => {
      const valid = ids.filter(isId);
      const rows = await findByIds<T>(this.em, entity, valid);
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
    projection?: Projection,
  ): DataLoader<string, ConnectionShape<T>> {
    const key = `children:${name}:${JSON.stringify([where, order, args, projection ?? '*'])}`;
    return this.own(key, async (parentIds: readonly string[]) => {
      const byParent = await paginateMany(this.em, entity, link, parentIds, where, order, args, projection);
      return parentIds.map((id) => byParent.get(id)!);
    });
  }

  /**
   * Loads a plain list through a link table (a project's partners, an event's schools) for every
   * parent asked in this tick: one statement for the links of all of them, then one `byId` batch
   * for the children. Each list is in the order the link rows come (the statement has no order).
   */
  manyToMany<T extends { id: string }>(entity: ClassType<T>, link: LinkTable): DataLoader<string, T[]> {
    const { table, parentColumn, childColumn } = link;
    return this.own(`manyToMany:${table}:${parentColumn}:${childColumn}:${entity.name}`, async (parentIds: readonly string[]) => {
      const rows = await this.em.execute<{ parent: string; child: string }[]>(
        `select "${parentColumn}" as parent, "${childColumn}" as child from "${table}" where "${parentColumn}" = any(?::uuid[])`,
        [sqlArray(parentIds)],
      );
      const children = await this.byId(entity).loadMany([...new Set(rows.map((r) => r.child))]);
      const byId = new Map(children.flatMap((c) => (c && !(c instanceof Error) ? [[c.id, c] as const] : [])));
      return parentIds.map((id) => rows.filter((r) => r.parent === id).flatMap((r) => byId.get(r.child) ?? []));
    });
  }
}
