import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import { entitiesFromRows, findForRead, projectedProps, type Projection } from '../db/read-model.js';
import { sqlArray } from '../db/sql.js';
import { MUNICIPALITY_MEMBERS_SQL } from '../modules/municipality/roll-up.js';
import { decodeCursor as decodeOffsetCursor, encodeCursor, LIMITS } from '@schoolmix/shared';
import type { ClassType } from 'type-graphql';
import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { OrderDirectionEnum } from './enums.js';
import { badInput } from './errors.js';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** first/after (and last/before), the Relay pagination arguments every list takes. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Page size from the start (default ${LIMITS.pageSizeDefault}, at most ${LIMITS.pageSizeMax})` })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page size from the end (at most ${LIMITS.pageSizeMax})` })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Known, or counted when a query selects it (a forward page of a root list does not need the count). */
  totalCount: number | Promise<number>;
}

/** Builds `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function Connection<T extends object>(node: ClassType<T>, name = node.name) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => node) node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [node]) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) totalCount!: number;
  }
  return ConnectionType;
}

/** Builds an `<Name>Order { field, direction }` input over an enum of sortable fields. */
export function OrderInput<F extends Record<string, string>>(name: string, fieldEnum: F) {
  @InputType(`${name}Order`)
  class Order {
    @Field(() => fieldEnum) field!: F[keyof F];
    @Field(() => OrderDirectionEnum, { defaultValue: 'ASC' }) direction!: 'ASC' | 'DESC';
  }
  return Order;
}

export { encodeCursor };

function decodeCursor(cursor: string, field: string): number {
  const offset = decodeOffsetCursor(cursor);
  if (offset === null) throw badInput(`"${field}" is not a cursor this API gave out`, field);
  return offset;
}

/**
 * The requested window as offsets: rows with lower ≤ index < upper, where `upper` may depend on
 * the total (last/before). Validated here so every list answers bad arguments the same way.
 */
export interface Window {
  after: number | null;
  before: number | null;
  first: number | null;
  last: number | null;
}

export function parseWindow(args: ConnectionArgs): Window {
  for (const key of ['first', 'last'] as const) {
    const v = args[key];
    if (v != null && (!Number.isInteger(v) || v < 0 || v > LIMITS.pageSizeMax)) {
      throw badInput(`"${key}" must be between 0 and ${LIMITS.pageSizeMax}`, key);
    }
  }
  const first = args.first ?? (args.last == null ? LIMITS.pageSizeDefault : null);
  return {
    first,
    last: args.last ?? null,
    after: args.after ? decodeCursor(args.after, 'after') : null,
    before: args.before ? decodeCursor(args.before, 'before') : null,
  };
}

/** Offsets [lower, upper) of the window for a list of `total` rows. */
export function windowBounds(w: Window, total: number): { lower: number; upper: number } {
  let lower = w.after === null ? 0 : w.after + 1;
  let upper = w.before === null ? total : Math.min(w.before, total);
  if (w.first !== null) upper = Math.min(upper, lower + w.first);
  if (w.last !== null) lower = Math.max(lower, upper - w.last);
  return { lower, upper: Math.max(lower, upper) };
}

export function toConnection<T>(nodes: T[], lower: number, total: number): ConnectionShape<T> {
  return connectionOf(nodes, lower, lower + nodes.length < total, total);
}

/**
 * A connection whose `totalCount` may be unknown: `count` is then run the first time the field is
 * read (the GraphQL field resolver reads the property), at most once.
 */
function connectionOf<T>(nodes: T[], lower: number, hasNextPage: boolean, total: number | (() => Promise<number>)): ConnectionShape<T> {
  // Edges (a cursor per row) only when a query selects them: most select `nodes`.
  let edges: ConnectionShape<T>['edges'] | undefined;
  let counted: number | Promise<number> | undefined = typeof total === 'number' ? total : undefined;
  return {
    get edges() {
      return (edges ??= nodes.map((node, i) => ({ cursor: encodeCursor(lower + i), node })));
    },
    nodes,
    get totalCount() {
      return (counted ??= (total as () => Promise<number>)());
    },
    pageInfo: {
      hasPreviousPage: lower > 0,
      hasNextPage,
      startCursor: nodes.length > 0 ? encodeCursor(lower) : null,
      endCursor: nodes.length > 0 ? encodeCursor(lower + nodes.length - 1) : null,
    },
  };
}

export interface OrderSpec {
  field: string;
  direction: 'ASC' | 'DESC';
}

/**
 * Answers a root list. The `where` already holds the filter and the viewer's row scope; `order`
 * always ends on `id` so pages are stable.
 *
 * A forward window (first/after/before) is one page query that reads one row more than it returns
 * (that row answers `hasNextPage`); the COUNT runs only when the query selects `totalCount` and the
 * page did not already tell it (a short page ends the list). A backward window (`last`) needs the
 * total to place itself: COUNT first, then the page.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: ClassType<T>,
  where: FilterQuery<T>,
  order: OrderSpec[],
  args: ConnectionArgs,
  projection?: Projection,
): Promise<ConnectionShape<T>> {
  const window = parseWindow(args);
  const count = () => em.count<T>(entity, where as FilterQuery<NoInfer<T>>);
  const page = (offset: number, limit: number) =>
    findForRead<T>(em, entity, where, { projection, orderBy: [...order.map((o) => ({ [o.field]: o.direction })), { id: 'ASC' as const }], offset, limit });
  if (window.last === null) {
    const lower = window.after === null ? 0 : window.after + 1;
    const wanted = Math.min(window.first ?? LIMITS.pageSizeDefault, window.before === null ? Infinity : Math.max(0, window.before - lower));
    const rows = await page(lower, wanted + 1);
    const nodes = rows.slice(0, wanted);
    const more = rows.length > wanted;
    // A page that is short, and starts at the top or holds rows, ends the list: the total is known.
    const known = !more && (rows.length > 0 || lower === 0);
    return connectionOf(nodes, lower, more, known ? lower + rows.length : count);
  }
  const total = await count();
  const { lower, upper } = windowBounds(window, total);
  if (upper <= lower) return toConnection([], lower, total);
  return toConnection(await page(lower, upper - lower), lower, total);
}

/** How a child list hangs off its parents: a foreign key on the child, or a pivot table. */
export type ParentLink =
  | { kind: 'column'; column: string }
  | { kind: 'pivot'; table: string; parentColumn: string; childColumn: string }
  /**
   * Children whose `column` names a municipality, listed under that municipality AND under the
   * 2025 municipality it merged into (municipality/roll-up.ts MUNICIPALITY_MEMBERS_SQL).
   */
  | { kind: 'municipalityWithMerged'; column: string };

/**
 * Answers the same child list for many parents at once (Project.events for a page of
 * projects) with a fixed number of statements, whatever the number of parents. This is what keeps
 * nested reports free of N+1.
 *
 * A forward window (first/after/before) is one LATERAL query: per parent, the index gives the rows
 * of its page and one more (that row answers `hasNextPage`), so PostgreSQL reads about
 * `first + 1` rows a parent instead of ranking all of them. The totals are counted only when a
 * query selects `totalCount` and a page did not already tell it: one COUNT … GROUP BY for all the
 * parents of the batch, the first time any of them is read. A backward window (`last`) needs each
 * parent's total to place itself: one windowed query with row_number() and count() per parent.
 */
export async function paginateMany<T extends object>(
  em: EntityManager,
  entity: ClassType<T>,
  link: ParentLink,
  parentIds: readonly string[],
  where: FilterQuery<T>,
  order: OrderSpec[],
  args: ConnectionArgs,
  projection?: Projection,
): Promise<Map<string, ConnectionShape<T>>> {
  const window = parseWindow(args);
  const meta = em.getMetadata().get(entity);
  const column = (field: string) => {
    const prop = meta.properties[field as keyof typeof meta.properties];
    if (!prop?.fieldNames?.[0]) throw new Error(`cannot order ${entity.name} by ${field}`);
    return `c."${prop.fieldNames[0]}"`;
  };
  // The filtered children as the ORM writes them (joins for relation filters included); the
  // planner pulls this derived table up, so the parent condition below still uses the indexes.
  const filtered = em.createQueryBuilder(entity, 'c').select('*').where(where as never);
  const from =
    `from (${filtered.getQuery()}) as c` +
    (link.kind === 'pivot'
      ? ` join "${link.table}" as pv on pv."${link.childColumn}" = c.id`
      : link.kind === 'municipalityWithMerged'
        ? ` join ${MUNICIPALITY_MEMBERS_SQL} as mm on mm.member_id = c."${link.column}"`
        : '');
  const parentExpr = link.kind === 'column' ? `c."${link.column}"` : link.kind === 'pivot' ? `pv."${link.parentColumn}"` : 'mm.municipality_id';
  const params = [...filtered.getParams()];
  const orderSql = [...order.map((o) => `${column(o.field)} ${o.direction}`), 'c.id ASC'].join(', ');
  /** Each parent's number of children, for `parents`: one COUNT … GROUP BY. */
  const countFor = async (parents: readonly string[]): Promise<Map<string, number>> => {
    const countSql = `select ${parentExpr} as parent_id, count(*)::int as total ${from} where ${parentExpr} = any(?::uuid[]) group by ${parentExpr}`;
    const rows = await em.execute<{ parent_id: string; total: number }[]>(countSql, [...params, sqlArray(parents)]);
    return new Map(rows.map((row) => [row.parent_id, row.total]));
  };

  if (window.last === null) {
    const lower = window.after === null ? 0 : window.after + 1;
    const wanted = Math.min(window.first ?? LIMITS.pageSizeDefault, window.before === null ? Infinity : Math.max(0, window.before - lower));
    // Only the projected columns leave the database (the page itself is cut on all of them).
    const columns = projection ? projectedProps(meta, projection).map((p) => `c."${p.fieldNames[0]!}"`).join(', ') : 'c.*';
    const sql =
      `select ${columns}, p.id as "__parent" from unnest(?::uuid[]) as p(id) cross join lateral ` +
      `(select c.* ${from} where ${parentExpr} = p.id order by ${orderSql} offset ${lower} limit ${wanted + 1}) as c ` +
      `order by p.id, ${orderSql}`;
    const rows = await em.execute<Record<string, unknown>[]>(sql, [sqlArray(parentIds), ...params]);
    const nodes = entitiesFromRows(em, entity, rows, projection);
    const pages = new Map<string, T[]>();
    rows.forEach((row, i) => {
      const parent = row.__parent as string;
      const page = pages.get(parent);
      if (page) page.push(nodes[i]!);
      else pages.set(parent, [nodes[i]!]);
    });
    // Counted once for the whole batch, the first time a query reads any parent's totalCount.
    let counts: Promise<Map<string, number>> | undefined;
    const result = new Map<string, ConnectionShape<T>>();
    for (const id of parentIds) {
      const page = pages.get(id) ?? [];
      const more = page.length > wanted;
      // A page that is short, and starts at the top or holds rows, ends the list: the total is known.
      const known = !more && (page.length > 0 || lower === 0);
      const total = known ? lower + page.length : async () => ((await (counts ??= countFor(parentIds))).get(id) ?? 0);
      result.set(id, connectionOf(more ? page.slice(0, wanted) : page, lower, more, total));
    }
    return result;
  }

  const parentIn = `${parentExpr} = any(?::uuid[])`;
  const innerSql =
    `select c.*, ${parentExpr} as "__parent", row_number() over (partition by ${parentExpr} order by ${orderSql}) - 1 as "__index", ` +
    `count(*) over (partition by ${parentExpr}) as "__total" ${from} where ${parentIn}`;
  // The window in SQL terms, so each parent gets its own last/before bounds.
  const lower = window.after === null ? 0 : window.after + 1;
  const upperSql = window.before === null ? '"__total"' : `least(${window.before}, "__total")`;
  const upperExpr = window.first === null ? upperSql : `least(${upperSql}, ${lower + window.first})`;
  const lowerExpr = `greatest(${lower}, ${upperExpr} - ${window.last})`;
  const outerSql = `select * from (${innerSql}) as s where "__index" >= ${lowerExpr} and "__index" < ${upperExpr} order by "__parent", "__index"`;
  const rows = await em.execute<Record<string, unknown>[]>(outerSql, [...params, sqlArray(parentIds)]);

  // Each row carries its parent's total. A parent without rows has none, unless the window can
  // leave out every row of a parent that has some (after/before/last: 0): only then one
  // COUNT … GROUP BY for those parents.
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.__parent as string, Number(row.__total));
  const missing = parentIds.filter((id) => !counts.has(id));
  if (missing.length > 0 && (lower > 0 || window.before !== null || window.last === 0)) {
    for (const [id, total] of await countFor(missing)) counts.set(id, total);
  }

  const grouped = new Map<string, { nodes: T[]; lower: number }>();
  const nodes = entitiesFromRows(em, entity, rows);
  rows.forEach((row, i) => {
    const parent = row.__parent as string;
    let entry = grouped.get(parent);
    if (!entry) grouped.set(parent, (entry = { nodes: [], lower: Number(row.__index) }));
    entry.nodes.push(nodes[i]!);
  });
  const result = new Map<string, ConnectionShape<T>>();
  for (const id of parentIds) {
    const total = counts.get(id) ?? 0;
    const entry = grouped.get(id);
    result.set(id, toConnection(entry?.nodes ?? [], entry?.lower ?? windowBounds(window, total).lower, total));
  }
  return result;
}
