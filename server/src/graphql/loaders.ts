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
  private readonly byIdLoaders = new Map<ClassType<object>, ByIdLoader<{ id: string }>>();

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

  /**
   * Loads entities by id: one statement per type and tick, for every id asked in that tick, reading
   * the union of the columns its callers asked for (`projection`, graphql/projection.ts; undefined:
   * every column). A row already read with the columns a later call asks for is not read again.
   */
  byId<T extends { id: string }>(entity: ClassType<T>, projection?: Projection): ByIdReader<T> {
    let loader = this.byIdLoaders.get(entity);
    if (!loader) this.byIdLoaders.set(entity, (loader = new ByIdLoader<{ id: string }>(this.em, entity as ClassType<{ id: string }>)));
    return (loader as unknown as ByIdLoader<T>).with(projection);
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

/** Rows by id as one caller reads them (`Loaders.byId`): DataLoader's `load` and `loadMany`. */
export interface ByIdReader<T> {
  load(id: string): Promise<T | null>;
  /**
   * The row itself when a statement of this request has already read it with the columns this
   * caller needs (a prefetch: see `Event.attendances`), else `load(id)`. A field resolver that
   * returns it answers without a promise of its own where the row is at hand.
   */
  read(id: string): T | null | Promise<T | null>;
  /** One value per id, in order: the row, null for none, or the error of its statement. */
  loadMany(ids: readonly string[]): Promise<(T | null | Error)[]>;
}

/** The columns one by-id statement reads: null for every column. */
interface ByIdBatch {
  columns: Set<string> | null;
}

/** A row asked by id: the statement that reads it, and its answer once there. */
interface ByIdEntry<T> {
  batch: ByIdBatch;
  value: Promise<T | null>;
  /** Set once the statement has answered: the row, or null for none. */
  settled?: { row: T | null };
}

/**
 * The by-id loads of one entity in one request (`Loaders.byId`). Batching and its timing are
 * DataLoader's (one statement per tick); the cache is kept here, per id with the columns its row
 * was read with, so a call that needs more columns than a cached row holds reads it again, and
 * calls in the same tick widen the statement instead of adding one.
 */
class ByIdLoader<T extends { id: string }> {
  private readonly cache = new Map<string, ByIdEntry<T>>();
  /** The columns of the statement being collected (until DataLoader dispatches it). */
  private collecting: ByIdBatch | null = null;
  private readonly loader: DataLoader<string, T | null>;

  constructor(em: EntityManager, entity: ClassType<T>) {
    this.loader = new DataLoader<string, T | null>(
      async (ids) => {
        const batch = this.collecting ?? { columns: null };
        this.collecting = null;
        const rows = await findByIds<T>(em, entity, ids.filter(isId), batch.columns ? [...batch.columns].sort() : undefined);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { cache: false },
    );
  }

  /** This loader as seen by a caller that needs `projection`. */
  with(projection: Projection): ByIdReader<T> {
    return {
      load: (id) => this.load(id, projection),
      read: (id) => {
        const cached = this.cache.get(id);
        return cached?.settled && covers(cached.batch, projection) ? cached.settled.row : this.load(id, projection);
      },
      loadMany: (ids) => Promise.all(ids.map((id) => this.load(id, projection).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))),
    };
  }

  private load(id: string, projection: Projection): Promise<T | null> {
    const cached = this.cache.get(id);
    if (cached && (covers(cached.batch, projection) || (cached.batch === this.collecting && widen(cached.batch, projection)))) return cached.value;
    const batch = (this.collecting ??= { columns: new Set() });
    widen(batch, projection);
    const value = this.loader.load(id);
    const entry: ByIdEntry<T> = { batch, value };
    this.cache.set(id, entry);
    value.then(
      (row) => void (entry.settled = { row }),
      // A failed statement is not remembered (as DataLoader forgets it): a later call tries again.
      () => this.cache.get(id) === entry && this.cache.delete(id),
    );
    return value;
  }
}

function covers(batch: ByIdBatch, projection: Projection): boolean {
  if (batch.columns === null) return true;
  return projection !== undefined && projection.every((p) => batch.columns!.has(p));
}

/** Adds `projection` to a statement not yet sent (always true: it then covers the call). */
function widen(batch: ByIdBatch, projection: Projection): true {
  if (projection === undefined) batch.columns = null;
  else if (batch.columns) for (const p of projection) batch.columns.add(p);
  return true;
}
