import { type EntityMetadata, type EntityProperty, Reference, ReferenceKind, Type } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import { sqlArray } from './sql.js';

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
/** The references a read has made so far, per target and id (one stub per referenced row). */
type Refs = Map<EntityMetadata, Map<unknown, unknown>>;
type Build = (row: Row, refs: Refs) => object;

/** Per entity: its builder per projection (`*` for every column). */
const builders = new WeakMap<EntityMetadata, Map<string, Build>>();

/** The properties a read fills: columns of this table (scalars and to-one keys), not lazy ones. */
function readProps(meta: EntityMetadata): EntityProperty[] {
  return meta.props.filter(
    (p) => (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE) && !p.lazy && p.persist !== false && (p.fieldNames?.length ?? 0) === 1,
  );
}

/**
 * A projection: the properties a read fills when it needs only some (the fields a query selects,
 * graphql/projection.ts). The primary key and every to-one key are always read: the row rules
 * (auth/policy.ts) and the relation resolvers need nothing else. Undefined: every column.
 */
export type Projection = readonly string[] | undefined;

/** The properties a read with this projection fills, in metadata order. */
export function projectedProps(meta: EntityMetadata, projection: Projection): EntityProperty[] {
  if (!projection) return readProps(meta);
  const wanted = new Set(projection);
  return readProps(meta).filter((p) => p.primary || p.kind === ReferenceKind.MANY_TO_ONE || wanted.has(p.name));
}

/** The prototype of a projected read: the entity's, and a getter that throws for each property it did not read. */
function projectedPrototype(meta: EntityMetadata, read: EntityProperty[]): object {
  const unread = readProps(meta).filter((p) => !read.includes(p));
  if (unread.length === 0) return meta.prototype as object;
  const prototype = Object.create(meta.prototype as object) as object;
  for (const prop of unread) {
    Object.defineProperty(prototype, prop.name, {
      get() {
        // A resolver read a column its query's projection left out: graphql/projection.ts must name it.
        throw new Error(`${meta.className}.${prop.name} was not read for this query (graphql/projection.ts)`);
      },
    });
  }
  return prototype;
}

/**
 * The builder of one entity class and projection, compiled once: a function with one assignment
 * per property and constant property names (as MikroORM compiles its own hydrators), so every
 * store is monomorphic and the instances share one hidden class. Conversions that do nothing (the
 * base `Type`'s, e.g. uuid and string) are left out.
 */
function builder(em: EntityManager, meta: EntityMetadata, projection: Projection): Build {
  return oncePerProjection(builders, meta, projection, () => compileBuilder(em, meta, projection));
}

/** The value of `cache` for this entity and projection, made by `make` the first time. */
function oncePerProjection<V>(cache: WeakMap<EntityMetadata, Map<string, V>>, meta: EntityMetadata, projection: Projection, make: () => V): V {
  let perProjection = cache.get(meta);
  if (!perProjection) cache.set(meta, (perProjection = new Map<string, V>()));
  const key = projection ? projection.join(',') : '*';
  let value = perProjection.get(key);
  if (value === undefined) perProjection.set(key, (value = make()));
  return value;
}

function compileBuilder(em: EntityManager, meta: EntityMetadata, projection: Projection): Build {
  const platform = em.getPlatform();
  const constants: unknown[] = [];
  const constant = (value: unknown) => `k[${constants.push(value) - 1}]`;
  const props = projectedProps(meta, projection);
  const lines = props.map((prop) => {
    const target = `e[${JSON.stringify(prop.name)}]`;
    const value = `row[${JSON.stringify(prop.fieldNames[0]!)}]`;
    if (prop.kind === ReferenceKind.MANY_TO_ONE) {
      const targetMeta = prop.targetMeta!;
      return `${target} = ref(${value}, ${constant(targetMeta)}, ${prop.ref ? 'true' : 'false'}, refs);`;
    }
    const custom = prop.customType;
    if (custom && custom.convertToJSValue !== Type.prototype.convertToJSValue) {
      return `v = ${value}; ${target} = v == null ? null : ${constant(custom)}.convertToJSValue(v, platform);`;
    }
    if (prop.runtimeType === 'boolean') return `v = ${value}; ${target} = v == null ? null : !!v;`;
    if (prop.runtimeType === 'Date') return `v = ${value}; ${target} = v == null || v instanceof Date ? v : new Date(v);`;
    return `${target} = ${value} ?? null;`;
  });
  const body = `return function build(row, refs) {\n  const e = Object.create(prototype);\n  let v;\n  ${lines.join('\n  ')}\n  return e;\n};`;
  // Compiled from the entity metadata, never from input.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const compile = new Function('prototype', 'k', 'ref', 'platform', body) as (...args: unknown[]) => Build;
  return compile(projectedPrototype(meta, props), constants, reference, platform);
}

/** MikroORM's own mark of a `Reference` (registered globally: `Reference.isReference` looks for it). */
const REFERENCE_MARK = Symbol.for('@mikro-orm/core/Reference');

type ReadReference = new (entity: object) => object;
const readReferences = new WeakMap<EntityMetadata, ReadReference>();

/**
 * The class of the read model's `Reference`s to `target`: instances of MikroORM's `Reference` (its
 * prototype, so `instanceof`, `isReference`, `unwrap()` and `getEntity()` hold) with the primary key
 * getter on the prototype. `new Reference(stub)` defines three properties on every instance and
 * gives the stub a change-tracking helper, which cost a tenth of the CPU of a nested list.
 */
function readReferenceOf(target: EntityMetadata): ReadReference {
  let ReadRef = readReferences.get(target);
  if (ReadRef) return ReadRef;
  const prototype = Object.create(Reference.prototype as object) as object;
  for (const pk of target.primaryKeys) {
    Object.defineProperty(prototype, pk, {
      get(this: { entity: Row }) {
        return this.entity[pk];
      },
    });
  }
  ReadRef = function (this: Row, entity: object) {
    this.entity = entity;
    this.property = undefined;
    this[REFERENCE_MARK as unknown as string] = true;
  } as unknown as ReadReference;
  ReadRef.prototype = prototype;
  readReferences.set(target, ReadRef);
  return ReadRef;
}

/** A to-one relation's value: one stub of the target class per id and read (a `Reference` to it when the property is a `Ref`). */
function reference(id: unknown, target: EntityMetadata, wrap: boolean, refs: Refs): unknown {
  if (id == null) return null;
  let ofTarget = refs.get(target);
  if (!ofTarget) refs.set(target, (ofTarget = new Map()));
  let ref = ofTarget.get(id);
  if (!ref) {
    const stub = Object.create(target.prototype as object) as Row;
    stub[target.primaryKeys[0]!] = id;
    ref = wrap ? new (readReferenceOf(target))(stub) : stub;
    ofTarget.set(id, ref);
  }
  return ref;
}

/** Instances of `entity` from rows of its table (database column names), one stub per referenced id. */
export function entitiesFromRows<T extends object>(em: EntityManager, entity: new () => T, rows: readonly Row[], projection?: Projection): T[] {
  const build = builder(em, em.getMetadata().get(entity), projection);
  const refs: Refs = new Map();
  return rows.map((row) => build(row, refs) as T);
}

export interface ReadOptions {
  /** Only these properties (and the keys); undefined: every column. */
  projection?: Projection;
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
  const statement = listStatement(em, meta, where, options);
  const rows = await em.execute<Row[]>(statement.sql, [...statement.params]);
  // A filter over a to-many relation (a project's partner municipalities) joins the pivot and can
  // repeat a row, once per matching partner; em.find merges those by primary key, and so does this.
  // (The page itself is cut by the ORM on distinct ids: its pagination sub-query.)
  const pk = meta.primaryKeys[0]!;
  const column = meta.properties[pk]!.fieldNames[0]!;
  const seen = new Set<unknown>();
  return entitiesFromRows(
    em,
    entity,
    rows.filter((row) => !seen.has(row[column]) && seen.add(row[column])),
    options.projection,
  );
}

/**
 * The statements `findForRead` sent lately, by entity, filter, order, window and projection: the
 * ORM's query builder writes the same SQL for the same request again, and writing it cost more
 * than a small list's rows (docs/PERFORMANCE.md section 7). Kept for the last LIST_SQL_CACHE_SIZE
 * keys (least recently used out); a filter holding anything but plain data (an entity, a raw
 * fragment, a class instance) or a very long one is not kept, and its statement is written anew.
 */
const LIST_SQL_CACHE_SIZE = 500;
const LIST_KEY_MAX = 8_192;
const listSql = new Map<string, { sql: string; params: readonly unknown[] }>();

function listStatement(em: EntityManager, meta: EntityMetadata, where: unknown, options: ReadOptions): { sql: string; params: readonly unknown[] } {
  const parts: string[] = [meta.class.name, '|'];
  const plain = plainKey(where, parts) && parts.push('|') > 0 && plainKey(options.orderBy ?? null, parts);
  parts.push(`|${options.limit ?? ''}|${options.offset ?? ''}|${options.projection?.join(',') ?? '*'}`);
  const key = plain ? parts.join('') : null;
  const known = key !== null && key.length <= LIST_KEY_MAX ? listSql.get(key) : undefined;
  if (known) {
    // Most recently used: to the end of the map's order.
    listSql.delete(key!);
    listSql.set(key!, known);
    return known;
  }
  const qb = em
    .createQueryBuilder(meta.class, 'e')
    .select(projectedProps(meta, options.projection).map((p) => p.name) as never)
    .where(where as never);
  if (options.orderBy?.length) qb.orderBy(options.orderBy as never);
  if (options.limit !== undefined) qb.limit(options.limit);
  if (options.offset !== undefined) qb.offset(options.offset);
  const statement = { sql: qb.getQuery(), params: [...qb.getParams()] };
  if (key !== null && key.length <= LIST_KEY_MAX) {
    if (listSql.size >= LIST_SQL_CACHE_SIZE) listSql.delete(listSql.keys().next().value!);
    listSql.set(key, statement);
  }
  return statement;
}

/**
 * Appends a key for `value` to `out` that tells apart every value the query builder could write
 * differently (a string from a number, a date from its text); false for anything but plain data.
 */
function plainKey(value: unknown, out: string[]): boolean {
  if (value === null) return out.push('n'), true;
  switch (typeof value) {
    case 'undefined':
      return out.push('u'), true;
    case 'string':
      return out.push('s', JSON.stringify(value)), true;
    case 'number':
      return out.push('d', String(value), ';'), true;
    case 'boolean':
      return out.push(value ? 'T' : 'F'), true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? false : (out.push('t', String(time), ';'), true);
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (const item of value) if (!plainKey(item, out)) return false;
    return out.push(']'), true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null) || Object.getOwnPropertySymbols(value).length > 0) return false;
  out.push('{');
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out.push(JSON.stringify(k), ':');
    if (!plainKey(v, out)) return false;
  }
  return out.push('}'), true;
}

const byIdSql = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * The rows of `entity` with these ids (uuids, checked by the caller), read-only, in no particular
 * order: one statement with the ids as one array parameter, written once per entity and projection
 * (the by-id loaders ask this for up to a thousand ids a request; the ORM's criteria walk cost more
 * than the rows).
 */
export async function findByIds<T extends object>(em: EntityManager, entity: new () => T, ids: readonly string[], projection?: Projection): Promise<T[]> {
  if (ids.length === 0) return [];
  const meta = em.getMetadata().get(entity);
  const sql = oncePerProjection(byIdSql, meta, projection, () => {
    const columns = projectedProps(meta, projection).map((p) => `"${p.fieldNames[0]!}"`);
    const pk = meta.properties[meta.primaryKeys[0]!]!.fieldNames[0]!;
    return `select ${columns.join(', ')} from "${meta.tableName}" where "${pk}" = any(?::uuid[])`;
  });
  return entitiesFromRows(em, entity, await em.execute<Row[]>(sql, [sqlArray(ids)]), projection);
}
