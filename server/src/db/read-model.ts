import { type EntityMetadata, type EntityProperty, Reference, ReferenceKind } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/sql';

/**
 * Read-only entities for data that is only read (GraphQL lists, children and by-id loaders).
 *
 * `em.find` and `em.map` build managed entities: each row is merged into the identity map, gets a
 * change-tracking snapshot and, for every property, accessors that track writes. That bookkeeping
 * dominated the CPU profile of the nested reads (about 60 µs a row, docs/PERFORMANCE.md) and buys
 * nothing for a row that is serialised and dropped. Here a row becomes an instance of the entity
 * class directly: the same properties with the same values the ORM's hydrator gives them
 * (custom types converted, booleans, dates), to-one relations as `Reference`s to an id-only stub of
 * the target class, so `instanceof` (auth/policy.ts) and `row.project.id` work as before.
 *
 * Such an instance is NOT managed: never hand one to `em.persist`, `em.assign` or a relation of an
 * entity that will be flushed. Writes load what they change through their own EntityManager
 * (graphql/mutation.ts), and `read-model.test.ts` pins the equality with `em.find` per entity.
 */

type Row = Record<string, unknown>;
type Build = (row: Row, refs: Map<string, unknown>) => object;

const builders = new WeakMap<EntityMetadata, Build>();

/** The properties a read fills: columns of this table (scalars and to-one keys), not lazy ones. */
function readProps(meta: EntityMetadata): EntityProperty[] {
  return meta.props.filter(
    (p) => (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE) && !p.lazy && p.persist !== false && (p.fieldNames?.length ?? 0) === 1,
  );
}

function builder(em: EntityManager, meta: EntityMetadata): Build {
  let build = builders.get(meta);
  if (build) return build;
  const platform = em.getPlatform();
  const steps = readProps(meta).map((prop): ((target: Row, row: Row, refs: Map<string, unknown>) => void) => {
    const name = prop.name;
    const column = prop.fieldNames[0]!;
    if (prop.kind === ReferenceKind.MANY_TO_ONE) {
      const target = prop.targetMeta!;
      const pk = target.primaryKeys[0]!;
      const wrap = prop.ref;
      return (entity, row, refs) => {
        const id = row[column];
        if (id == null) return void (entity[name] = null);
        const key = `${target.className}:${id as string}`;
        let ref = refs.get(key);
        if (!ref) {
          const stub = Object.create(target.prototype as object) as Row;
          stub[pk] = id;
          ref = wrap ? new Reference(stub) : stub;
          refs.set(key, ref);
        }
        entity[name] = ref;
      };
    }
    const custom = prop.customType;
    if (custom) return (entity, row) => void (entity[name] = row[column] == null ? null : custom.convertToJSValue(row[column], platform));
    if (prop.runtimeType === 'boolean') return (entity, row) => void (entity[name] = row[column] == null ? null : !!row[column]);
    if (prop.runtimeType === 'Date') return (entity, row) => void (entity[name] = row[column] == null || row[column] instanceof Date ? row[column] : new Date(row[column] as string));
    return (entity, row) => void (entity[name] = row[column] ?? null);
  });
  const prototype = meta.prototype as object;
  build = (row, refs) => {
    const entity = Object.create(prototype) as Row;
    for (const step of steps) step(entity, row, refs);
    return entity;
  };
  builders.set(meta, build);
  return build;
}

/** Instances of `entity` from rows of its table (database column names), one stub per referenced id. */
export function entitiesFromRows<T extends object>(em: EntityManager, entity: new () => T, rows: readonly Row[]): T[] {
  const build = builder(em, em.getMetadata().get(entity));
  const refs = new Map<string, unknown>();
  return rows.map((row) => build(row, refs) as T);
}

export interface ReadOptions {
  orderBy?: Record<string, 'ASC' | 'DESC'>[];
  limit?: number;
  offset?: number;
}

/**
 * `em.find` for reads: the same WHERE (relation filters joined by the ORM's query builder), the
 * same order and window, one statement, read-only instances.
 */
export async function findForRead<T extends object>(em: EntityManager, entity: new () => T, where: FilterQuery<T>, options: ReadOptions = {}): Promise<T[]> {
  const meta = em.getMetadata().get(entity);
  const qb = em
    .createQueryBuilder(entity, 'e')
    .select(readProps(meta).map((p) => p.name) as never)
    .where(where as never);
  if (options.orderBy?.length) qb.orderBy(options.orderBy as never);
  if (options.limit !== undefined) qb.limit(options.limit);
  if (options.offset !== undefined) qb.offset(options.offset);
  const rows = await qb.execute<Row[]>('all', false);
  // A filter over a to-many relation (a project's partner municipalities) joins the pivot and can
  // repeat a row, once per matching partner; em.find merges those by primary key, and so does this.
  // (The page itself is cut by the ORM on distinct ids: its pagination sub-query.)
  const pk = meta.primaryKeys[0]!;
  const column = meta.properties[pk]!.fieldNames[0]!;
  const seen = new Set<unknown>();
  return entitiesFromRows(em, entity, rows.filter((row) => !seen.has(row[column]) && seen.add(row[column])));
}
