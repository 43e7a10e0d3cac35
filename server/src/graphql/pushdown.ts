import { randomBytes } from 'node:crypto';
import type { EntityMetadata, EntityProperty } from '@mikro-orm/core';
import {
  BooleanType,
  CharacterType,
  DateTimeType,
  DateType,
  EnumType,
  IntegerType,
  ReferenceKind,
  SmallIntType,
  StringType,
  TextType,
  UuidType,
} from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import { CURSOR_PREFIX, decodeCursor, encodeCursor, LIMITS } from '@schoolmix/shared';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  type GraphQLField,
  GraphQLBoolean,
  GraphQLID,
  GraphQLInt,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  GraphQLString,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionSetNode,
} from 'graphql';
import type { ClassType } from 'type-graphql';
import type { OrderSpec } from './connection.js';
import { orderSpecs } from './order.js';
import { readsOwnProperty } from './projection.js';
import { DateTime, LocalDate } from './scalars/index.js';

/**
 * ONE STATEMENT FOR A READ. A query whose every field is a column, a to-one reference or a page of
 * one of the lists declared here (`sqlList`, `sqlReference`, next to their resolvers) is answered
 * by one SQL statement that builds the JSON answer in PostgreSQL: the pages are cut, ordered and
 * nested by the database, as the resolvers would have cut, ordered and nested them, and the Node
 * process neither loads rows nor walks them field by field (docs/PERFORMANCE.md section 9).
 *
 * What it takes, and everything else runs on the resolvers (executor.ts):
 * - a query (not a mutation) whose reads (`PlanReads`: its fields, the entities of its rows) the
 *   row and field rules would change in nothing but which rows, for this viewer (access-guard.ts
 *   `rowsForStatement`; app.ts asks): administrators always; reviewers and analysts unless it reads
 *   what they may not see (consented characteristics, families); coordinators and integrators over
 *   municipalities and their own projects and events, each scoped entity's rows read where the
 *   resolvers' own scope holds (`RowScope`). Otherwise the rules run on the resolvers as before. A
 *   new guard must be named in `rowsForStatement` too;
 * - fields that read their own column (`readsOwnProperty`: no resolver, no disclosure rule) of a
 *   type written the same in SQL as by the scalar (String, ID, Int, Boolean, DateTimeISO,
 *   LocalDate and enums; the ORM's own column types, no Type of ours), `__typename`, declared
 *   references and declared lists;
 * - on a list, `nodes`, `edges` (`cursor`, `node`), `pageInfo`, `totalCount` and `__typename`, and
 *   the arguments `first`, `after`, `orderBy` and a null `filter` only (any other with a value, a
 *   default included, is the resolvers'); a page size or a cursor the resolvers would refuse is
 *   left to them, so the refusal is theirs. A declared list's resolver, without a filter, must read
 *   every row for a viewer who sees every row of its entity (policy.ts `seesEveryRowOf`), and at
 *   the root the rows of the viewer's scope for a scoped one (`rowScopeOf`); no ORM filter;
 * - no directives, no field asked twice under one name.
 *
 * Nothing the client sends is written into the SQL but whole numbers it checks (page size, the
 * cursor's offset) and the names the schema defines (fields, enum values, sort columns).
 * pushdown.test.ts compares every answer with the resolvers' answer to the same request.
 */

/** A list answered in SQL: its rows, their default order, and the property of a child row naming its parent (none for a root list). */
export interface SqlListSpec {
  entity: ClassType<object>;
  defaultOrder: readonly OrderSpec[];
  parent?: string;
}

/** A to-one reference answered in SQL: the row of `entity` whose id the parent's `via` property holds. */
export interface SqlReferenceSpec {
  entity: ClassType<object>;
  via: string;
}

const LISTS = new Map<string, SqlListSpec>();
const REFERENCES = new Map<string, SqlReferenceSpec>();

/** Declares a list (`Query.projects`, `Project.events`) that the one statement may answer; its resolver must answer the same rows in the same order. */
export function sqlList(coordinate: string, spec: SqlListSpec): void {
  LISTS.set(coordinate, spec);
}

/** Declares a to-one reference (`Project.leadMunicipality`) that the one statement may answer. */
export function sqlReference(coordinate: string, spec: SqlReferenceSpec): void {
  REFERENCES.set(coordinate, spec);
}

/** json_build_object takes at most 100 arguments. */
const MAX_KEYS = 50;
/** A list's arguments the statement takes; `filter` only when it is null (the SPA sends `filter: $filter` without one). */
const LIST_ARGUMENTS = new Set(['first', 'after', 'orderBy', 'filter']);
/** The ORM's own column types, which hand the column's value on as it is read (a Type of our own may convert it: not taken). */
const PLAIN_TYPES: readonly unknown[] = [StringType, TextType, UuidType, CharacterType, IntegerType, SmallIntType, BooleanType, DateTimeType, DateType, EnumType];
const TEXT_COLUMN = /^(text|varchar|character varying|uuid)\b/;
const INT_COLUMN = /^(int|integer|int4|smallint|int2)$/;
const TIMESTAMPTZ_COLUMN = /^(timestamptz|timestamp with time zone)\b/;

type ObjectPlan = { meta: EntityMetadata; parts: Part[] };
type Part =
  | { kind: 'literal'; key: string; value: string }
  | { kind: 'column'; key: string; sql: (alias: string) => string }
  | { kind: 'reference'; key: string; column: string; target: ObjectPlan }
  | { kind: 'list'; key: string; field: GraphQLField<unknown, unknown>; node: FieldNode; spec: SqlListSpec; meta: EntityMetadata; parentColumn: string | null; connection: ConnectionPart[] };
type Literal = { kind: 'literal'; key: string; value: string };
type PageInfoField = 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor';
type ConnectionPart =
  | Literal
  | { kind: 'nodes'; key: string; target: ObjectPlan }
  | { kind: 'totalCount'; key: string }
  | { kind: 'pageInfo'; key: string; fields: (Literal | { kind: PageInfoField; key: string })[] }
  | { kind: 'edges'; key: string; fields: (Literal | { kind: 'cursor'; key: string } | { kind: 'node'; key: string; target: ObjectPlan })[] };
const PAGE_INFO_FIELDS: ReadonlySet<string> = new Set<PageInfoField>(['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']);

/** A field a plan answers: its type, its name and the (named) type it returns. */
export interface FieldRead {
  parent: string;
  field: string;
  returns: string;
}

/**
 * What a plan reads: every field it answers, and the entities (class names) of the rows it returns.
 * The row and field rules decide from these whether a viewer's answer may be the statement's
 * (access-guard.ts `rowsForStatement`).
 */
export interface PlanReads {
  fields: readonly FieldRead[];
  entities: readonly string[];
}

/** A query's plan: its root parts, and the statement of its answer once written (operations without variables write it once). */
export interface Plan {
  reads: PlanReads;
  parts: Part[];
  /** The first root list: a failure of the statement is its error. */
  root: { node: FieldNode; key: string };
  fixed: boolean;
  /** The one root list, of columns only (`flatList`), whose rows are read as they are and whose answer is made in Node; else null. */
  flat: ListPart | null;
  written?: Statement | null;
}

/**
 * The statement of one request. `answer` null: its one row's `data` is the JSON text of the answer.
 * Otherwise its rows are the columns of one flat list, one array per row in the order selected,
 * and `answer` makes the answer's data of them.
 */
export interface Statement {
  sql: string;
  /**
   * The statement reading nothing unless `condition` holds, an SQL condition on no column of the
   * read (the session check, modules/auth/session-check.ts): PostgreSQL evaluates it once, before
   * the read. Written once per statement (the executor keeps it).
   */
  where(condition: string): string;
  answer: ((rows: readonly (readonly unknown[])[]) => Record<string, unknown>) | null;
}

const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;
/** The cursor of the row at offset `offset` (an SQL expression), as shared's `encodeCursor` writes it: base64url of "o:<offset>" without padding. */
const cursorSql = (offset: string) => `rtrim(translate(encode(convert_to(${sqlText(CURSOR_PREFIX)} || (${offset})::text, 'UTF8'), 'base64'), '+/', '-_'), '=')`;
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The selections of `set` on `type` with fragments spread in, or null for what the one statement does not take. */
function fieldsOf(set: SelectionSetNode, type: GraphQLObjectType, fragments: ReadonlyMap<string, FragmentDefinitionNode>, out: FieldNode[] = []): FieldNode[] | null {
  for (const selection of set.selections) {
    if (selection.directives?.length) return null;
    if (selection.kind === Kind.FIELD) {
      out.push(selection);
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
    if (!fragment || fragment.directives?.length) return null;
    if (fragment.typeCondition && fragment.typeCondition.name.value !== type.name) return null;
    if (!fieldsOf(fragment.selectionSet, type, fragments, out)) return null;
  }
  return out;
}

/**
 * The fields of `set` on `type`, each answer name once (a field asked twice under one name is merged
 * by graphql-js; not here). Each is recorded among the plan's reads.
 */
function distinctFields(c: Compiler, set: SelectionSetNode | undefined, type: GraphQLObjectType): FieldNode[] | null {
  if (!set) return null;
  const fields = fieldsOf(set, type, c.fragments);
  if (!fields) return null;
  const keys = new Set(fields.map((f) => (f.alias ?? f.name).value));
  if (keys.size !== fields.length) return null;
  for (const node of fields) {
    const field = type.getFields()[node.name.value];
    if (field) c.fields.set(`${type.name}.${field.name}`, { parent: type.name, field: field.name, returns: getNamedType(field.type).name });
  }
  return fields;
}

/** How PostgreSQL writes a column as the scalar would serialise its value, or null when they could differ. */
function scalarSql(type: GraphQLOutputType, prop: EntityProperty): ((alias: string) => string) | null {
  if (isListType(isNonNullType(type) ? type.ofType : type)) return null;
  if (prop.customType && !PLAIN_TYPES.includes(prop.customType.constructor)) return null;
  const named: GraphQLNamedType = getNamedType(type);
  const column = prop.fieldNames[0]!;
  const columnType = String(prop.columnTypes?.[0] ?? '').toLowerCase();
  const plain = (alias: string) => `${alias}.${quoted(column)}`;
  if (isEnumType(named)) {
    if (!TEXT_COLUMN.test(columnType)) return null;
    const values = named.getValues();
    if (!values.every((v) => typeof v.value === 'string')) return null;
    const cases = values.map((v) => `when ${sqlText(v.value as string)} then ${sqlText(v.name)}`).join(' ');
    return (alias) => `case ${plain(alias)} ${cases} end`;
  }
  if (named === GraphQLString || named === GraphQLID) return prop.runtimeType === 'string' && TEXT_COLUMN.test(columnType) ? plain : null;
  if (named === GraphQLInt) return INT_COLUMN.test(columnType) ? plain : null;
  if (named === GraphQLBoolean) return columnType === 'boolean' || columnType === 'bool' ? plain : null;
  // toISOString's form, milliseconds cut as the pg driver cuts microseconds.
  if (named === DateTime) return TIMESTAMPTZ_COLUMN.test(columnType) ? (alias) => `to_char(${plain(alias)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : null;
  if (named === LocalDate) return columnType === 'date' ? (alias) => `to_char(${plain(alias)}, 'YYYY-MM-DD')` : null;
  return null;
}

/** The column of a table's primary key (plans are made for single-column keys only). */
const idColumn = (meta: EntityMetadata): string => meta.getPrimaryProps()[0]!.fieldNames[0]!;

/** The single column of a to-one relation, or null. */
function referenceColumn(meta: EntityMetadata, property: string): string | null {
  const prop = meta.properties[property] as EntityProperty | undefined;
  if (!prop || (prop.kind !== ReferenceKind.MANY_TO_ONE && !(prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner))) return null;
  return prop.fieldNames?.length === 1 ? prop.fieldNames[0]! : null;
}

interface Compiler {
  em: EntityManager;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** The plan's reads so far (`PlanReads`). */
  fields: Map<string, FieldRead>;
  entities: Set<string>;
}

function compileObject(c: Compiler, type: GraphQLObjectType, set: SelectionSetNode | undefined, entity: ClassType<object>): ObjectPlan | null {
  const meta = c.em.getMetadata().get(entity);
  const fields = distinctFields(c, set, type);
  if (!fields || fields.length > MAX_KEYS || meta.primaryKeys.length !== 1) return null;
  c.entities.add(meta.className);
  const parts: Part[] = [];
  for (const node of fields) {
    const key = (node.alias ?? node.name).value;
    const name = node.name.value;
    if (name === '__typename') {
      parts.push({ kind: 'literal', key, value: type.name });
      continue;
    }
    const field = type.getFields()[name];
    if (!field) return null;
    const coordinate = `${type.name}.${name}`;
    const reference = REFERENCES.get(coordinate);
    const list = LISTS.get(coordinate);
    if (reference) {
      const column = referenceColumn(meta, reference.via);
      const targetType = getNamedType(field.type);
      const target = column && isObjectType(targetType) && !node.arguments?.length ? compileObject(c, targetType, node.selectionSet, reference.entity) : null;
      if (!target) return null;
      parts.push({ kind: 'reference', key, column: column!, target });
    } else if (list) {
      const part = compileList(c, field, node, list);
      if (!part) return null;
      parts.push(part);
    } else {
      const prop = meta.properties[name as keyof typeof meta.properties] as EntityProperty | undefined;
      const plain = readsOwnProperty.has(field) && !node.arguments?.length && prop?.kind === ReferenceKind.SCALAR && prop.persist !== false && !prop.lazy && !prop.formula && prop.fieldNames?.length === 1;
      const sql = plain ? scalarSql(field.type, prop) : null;
      if (!sql) return null;
      parts.push({ kind: 'column', key, sql });
    }
  }
  return { meta, parts };
}

function compileList(c: Compiler, field: GraphQLField<unknown, unknown>, node: FieldNode, spec: SqlListSpec): Part | null {
  if (!(node.arguments ?? []).every((a) => LIST_ARGUMENTS.has(a.name.value))) return null;
  const connectionType = getNamedType(field.type);
  if (!isObjectType(connectionType)) return null;
  const fields = distinctFields(c, node.selectionSet, connectionType);
  if (!fields) return null;
  const meta = c.em.getMetadata().get(spec.entity);
  // The list's rows are read (counted, paged) even when no field of theirs is selected.
  c.entities.add(meta.className);
  const nodeType = getNamedType(connectionType.getFields().nodes?.type ?? connectionType);
  if (!isObjectType(nodeType)) return null;
  const rows = (selection: FieldNode) => compileObject(c, nodeType, selection.selectionSet, spec.entity);
  const connection: ConnectionPart[] = [];
  /**
   * The parts of a connection's object field (`pageInfo`, `edges`): `__typename`, or what `part`
   * makes of each subfield (null: the statement does not answer it).
   */
  const objectParts = <T>(selected: FieldNode, fieldName: string, part: (f: FieldNode, key: string) => T | null): (Literal | T)[] | null => {
    const type = getNamedType(connectionType.getFields()[fieldName]!.type);
    const subfields = isObjectType(type) ? distinctFields(c, selected.selectionSet, type) : null;
    if (!subfields) return null;
    const parts: (Literal | T)[] = [];
    for (const f of subfields) {
      const key = (f.alias ?? f.name).value;
      const made = f.arguments?.length ? null : f.name.value === '__typename' ? ({ kind: 'literal', key, value: type.name } as const) : part(f, key);
      if (!made) return null;
      parts.push(made);
    }
    return parts;
  };
  for (const selected of fields) {
    const key = (selected.alias ?? selected.name).value;
    const name = selected.name.value;
    if (name === '__typename') connection.push({ kind: 'literal', key, value: connectionType.name });
    else if (name === 'totalCount') connection.push({ kind: 'totalCount', key });
    else if (name === 'nodes') {
      const target = rows(selected);
      if (!target) return null;
      connection.push({ kind: 'nodes', key, target });
    } else if (name === 'pageInfo') {
      const parts = objectParts(selected, name, (f, fieldKey) => (PAGE_INFO_FIELDS.has(f.name.value) ? { kind: f.name.value as PageInfoField, key: fieldKey } : null));
      if (!parts) return null;
      connection.push({ kind: 'pageInfo', key, fields: parts });
    } else if (name === 'edges') {
      const parts = objectParts(selected, name, (f, fieldKey) => {
        if (f.name.value === 'cursor') return { kind: 'cursor' as const, key: fieldKey };
        const target = f.name.value === 'node' ? rows(f) : null;
        return target && { kind: 'node' as const, key: fieldKey, target };
      });
      if (!parts) return null;
      connection.push({ kind: 'edges', key, fields: parts });
    } else return null;
  }
  if (meta.primaryKeys.length !== 1 || fields.length > MAX_KEYS) return null;
  const parentColumn = spec.parent === undefined ? null : referenceColumn(meta, spec.parent);
  if (spec.parent !== undefined && !parentColumn) return null;
  return { kind: 'list', key: (node.alias ?? node.name).value, field, node, spec, meta, parentColumn, connection };
}

/**
 * The plan of `operation`, or null when the one statement does not answer it (the resolvers do).
 * Written for the schema's query type; the entity metadata comes from `em`.
 */
export function planOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, em: EntityManager): Plan | null {
  const queryType = schema.getQueryType();
  if (operation.operation !== OperationTypeNode.QUERY || !queryType || operation.directives?.length) return null;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const c: Compiler = { em, fragments, fields: new Map(), entities: new Set() };
  const fields = distinctFields(c, operation.selectionSet, queryType);
  if (!fields || fields.length > MAX_KEYS) return null;
  const parts: Part[] = [];
  for (const node of fields) {
    const key = (node.alias ?? node.name).value;
    if (node.name.value === '__typename') {
      parts.push({ kind: 'literal', key, value: queryType.name });
      continue;
    }
    const spec = LISTS.get(`${queryType.name}.${node.name.value}`);
    const field = queryType.getFields()[node.name.value];
    const part = spec && field && spec.parent === undefined ? compileList(c, field, node, spec) : null;
    if (!part) return null;
    parts.push(part);
  }
  // Only `__typename`: nothing for the database to do.
  const root = parts.find((p) => p.kind === 'list');
  if (!root) return null;
  return {
    parts,
    root: { node: root.node, key: root.key },
    fixed: (operation.variableDefinitions ?? []).length === 0,
    flat: flatList(parts),
    reads: { fields: [...c.fields.values()], entities: [...c.entities] },
  };
}

type ListPart = Extract<Part, { kind: 'list' }>;

/**
 * Sets `key` of an object of an answer made in Node as the object's own property. The objects are
 * plain `{}`: built key by key in the same order they share V8's hidden classes and keep fast
 * properties, which `JSON.stringify` (Apollo's) writes twice as fast as the dictionary of an
 * `Object.create(null)` — the small list 10 % less Node CPU (docs/PERFORMANCE.md section 13). An
 * assignment to `__proto__` would set the prototype instead: that alias is defined as a key, as
 * graphql-js answers it. Any other key (`constructor`, `toString`) is an own property by assignment.
 */
function put(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/**
 * The one root list of `parts` when the answer is that list's rows as they are: no other list, no
 * reference, no `totalCount` (which may need a count of its own), nothing but columns and
 * `__typename` in its rows. Such a list's rows are read as columns and its answer made in Node:
 * for a page of 100 rows of three columns, PostgreSQL's JSON cost 0.3 ms of its CPU, and the
 * columns with the JSON made by V8 0.18 ms less in all (docs/PERFORMANCE.md section 12).
 */
function flatList(parts: readonly Part[]): ListPart | null {
  const lists = parts.filter((p): p is ListPart => p.kind === 'list');
  if (lists.length !== 1 || parts.some((p) => p.kind !== 'list' && p.kind !== 'literal')) return null;
  const columnsOnly = (target: ObjectPlan) => target.parts.every((p) => p.kind === 'column' || p.kind === 'literal');
  const flat = lists[0]!.connection.every(
    (p) =>
      p.kind === 'literal' ||
      p.kind === 'pageInfo' ||
      (p.kind === 'nodes' && columnsOnly(p.target)) ||
      (p.kind === 'edges' && p.fields.every((f) => f.kind !== 'node' || columnsOnly(f.target))),
  );
  return flat ? lists[0]! : null;
}

/** Writes the SQL of one request; null when an argument is one the resolvers must answer (and refuse). */
class Writer {
  private aliases = 0;

  /** `rowsOf`: where this entity's rows are read from: its table, or for a scoped viewer the query of the rows of its scope. */
  constructor(
    private readonly variables: Record<string, unknown>,
    private readonly rowsOf: (meta: EntityMetadata) => string,
  ) {}

  object(plan: ObjectPlan, alias: string): string | null {
    const pairs: string[] = [];
    for (const part of plan.parts) {
      const value = this.part(part, plan.meta, alias);
      if (value === null) return null;
      pairs.push(`${sqlText(part.key)}, ${value}`);
    }
    return `json_build_object(${pairs.join(', ')})`;
  }

  root(parts: Part[]): string | null {
    const pairs: string[] = [];
    for (const part of parts) {
      const value = part.kind === 'literal' ? sqlText(part.value) : part.kind === 'list' ? this.list(part, null) : null;
      if (value === null) return null;
      pairs.push(`${sqlText(part.key)}, ${value}`);
    }
    return `select json_build_object(${pairs.join(', ')})::text as data`;
  }

  private part(part: Part, meta: EntityMetadata, alias: string): string | null {
    switch (part.kind) {
      case 'literal':
        return sqlText(part.value);
      case 'column':
        return part.sql(alias);
      case 'reference': {
        const inner = this.next();
        const object = this.object(part.target, inner);
        const id = idColumn(part.target.meta);
        return object && `(select ${object} from ${this.rowsOf(part.target.meta)} as ${inner} where ${inner}.${quoted(id)} = ${alias}.${quoted(part.column)})`;
      }
      case 'list':
        return this.list(part, { alias, meta });
    }
  }

  /**
   * A list's page as the resolvers cut it (connection.ts `paginate`): `first` rows after the row
   * at `lower - 1`, ordered by `orderBy` (the id last, unless a unique column already orders every
   * row), read from `table` as `alias`; null for an argument the resolvers must answer (and refuse).
   */
  private page(part: ListPart): { first: number; lower: number; alias: string; orderBy: string; table: string } | null {
    const args = getArgumentValues(part.field, part.node, this.variables) as { first?: number | null; after?: string | null; orderBy?: OrderSpec[] | null; filter?: unknown };
    // Any other argument the list has (one with a default value included) is the resolvers' to apply.
    if (args.filter != null || Object.entries(args).some(([name, value]) => value != null && !LIST_ARGUMENTS.has(name))) return null;
    const first = args.first ?? LIMITS.pageSizeDefault;
    if (!Number.isInteger(first) || first < 0 || first > LIMITS.pageSizeMax) return null;
    let lower = 0;
    if (args.after) {
      const offset = decodeCursor(args.after);
      if (offset === null) return null;
      lower = offset + 1;
    }
    const { meta } = part;
    const alias = this.next();
    const order: string[] = [];
    // Once a column that is unique and never null is ordered, every row has its place: the id as
    // a tie-breaker would only make PostgreSQL sort the index's rows again (an incremental sort;
    // the page of 100 municipalities by NIS code about 15 % less PostgreSQL CPU, docs/PERFORMANCE.md section 13).
    let total = false;
    for (const spec of orderSpecs(args.orderBy, [...part.spec.defaultOrder])) {
      const property = meta.properties[spec.field];
      const column = property?.fieldNames?.[0];
      if (!column || (spec.direction !== 'ASC' && spec.direction !== 'DESC')) return null;
      if (!total) order.push(`${alias}.${quoted(column)} ${spec.direction.toLowerCase()}`);
      total ||= property.kind === ReferenceKind.SCALAR && property.fieldNames.length === 1 && Boolean(property.unique) && !property.nullable;
    }
    if (!total) order.push(`${alias}.${quoted(idColumn(meta))} asc`);
    return { first, lower, alias, orderBy: order.join(', '), table: this.rowsOf(meta) };
  }

  /**
   * The statement of a flat list (`flatList`): its page's columns, one row more than `first` when
   * the page info or the edges are asked (it answers `hasNextPage`), and the answer made of them as
   * the JSON statement would write it: the same keys in the same order, cursors by `encodeCursor`.
   */
  flat(parts: readonly Part[], list: ListPart): Statement | null {
    const page = this.page(list);
    if (!page) return null;
    const { first, lower, alias } = page;
    const columns: string[] = [];
    /**
     * Reads a row of `target` from the row's columns (each column part selected once, in order).
     */
    const reader = (target: ObjectPlan) => {
      const at = target.parts.map((p) => (p.kind === 'column' ? columns.push(`${p.sql(alias)} as "c${columns.length}"`) - 1 : -1));
      return (row: readonly unknown[]) => {
        const object: Record<string, unknown> = {};
        target.parts.forEach((p, i) => put(object, p.key, p.kind === 'literal' ? p.value : (row[at[i]!] ?? null)));
        return object;
      };
    };
    type Make = (rows: readonly (readonly unknown[])[], shown: number) => unknown;
    const made: { key: string; make: Make }[] = [];
    for (const p of list.connection) {
      if (p.kind === 'literal') made.push({ key: p.key, make: () => p.value });
      else if (p.kind === 'nodes') {
        const read = reader(p.target);
        made.push({ key: p.key, make: (rows, shown) => rows.slice(0, shown).map(read) });
      } else if (p.kind === 'pageInfo') {
        made.push({
          key: p.key,
          make: (rows, shown) => {
            const info: Record<string, unknown> = {};
            for (const f of p.fields) {
              put(
                info,
                f.key,
                f.kind === 'literal'
                  ? f.value
                  : f.kind === 'hasNextPage'
                    ? rows.length > first
                    : f.kind === 'hasPreviousPage'
                      ? lower > 0
                      : shown > 0
                        ? encodeCursor(f.kind === 'startCursor' ? lower : lower + shown - 1)
                        : null,
              );
            }
            return info;
          },
        });
      } else if (p.kind === 'edges') {
        const fields = p.fields.map((f) => ({ key: f.key, read: f.kind === 'node' ? reader(f.target) : null, literal: f.kind === 'literal' ? f.value : null }));
        made.push({
          key: p.key,
          make: (rows, shown) =>
            rows.slice(0, shown).map((row, i) => {
              const edge: Record<string, unknown> = {};
              for (const f of fields) put(edge, f.key, f.read ? f.read(row) : (f.literal ?? encodeCursor(lower + i)));
              return edge;
            }),
        });
      } else return null;
    }
    const paged = list.connection.some((p) => p.kind === 'pageInfo' || p.kind === 'edges');
    const select = columns.length ? columns.join(', ') : 'null as "c0"';
    const sqlWhere = (condition: string | null) =>
      `select ${select} from ${page.table} as ${alias}${condition === null ? '' : ` where ${condition}`} order by ${page.orderBy} limit ${paged ? first + 1 : first} offset ${lower}`;
    const sql = sqlWhere(null);
    const answer = (rows: readonly (readonly unknown[])[]) => {
      const shown = Math.min(rows.length, first);
      const connection: Record<string, unknown> = {};
      for (const m of made) put(connection, m.key, m.make(rows, shown));
      const data: Record<string, unknown> = {};
      for (const p of parts) put(data, p.key, p === list ? connection : p.kind === 'literal' ? p.value : null);
      return data;
    };
    return { sql, where: sqlWhere, answer };
  }

  /**
   * A list's JSON: a page as the resolvers cut it (connection.ts `paginate`, `paginateMany`): ordered, the id last,
   * `first` rows after the cursor. With `pageInfo`, `edges` or `totalCount` it reads one row more (it
   * answers `hasNextPage`) and numbers the rows for their cursors; the total is counted only when
   * the page does not tell it, as `paginate` does.
   */
  private list(part: ListPart, parent: { alias: string; meta: EntityMetadata } | null): string | null {
    const cut = this.page(part);
    if (!cut) return null;
    const { first, lower, alias, orderBy, table } = cut;
    const whereOn = (a: string) => (part.parentColumn && parent ? ` where ${a}.${quoted(part.parentColumn)} = ${parent.alias}.${quoted(idColumn(parent.meta))}` : '');
    const paged = part.connection.some((p) => p.kind === 'totalCount' || p.kind === 'pageInfo' || p.kind === 'edges');
    if (!paged) {
      // Only rows: the page itself, as one JSON array per `nodes`.
      const from = `from (select * from ${table} as ${alias}${whereOn(alias)} order by ${orderBy} limit ${first} offset ${lower}) as ${alias}`;
      const pairs: string[] = [];
      for (const p of part.connection) {
        const object = p.kind === 'nodes' ? this.object(p.target, alias) : null;
        if (p.kind === 'nodes' && object === null) return null;
        pairs.push(`${sqlText(p.key)}, ${p.kind === 'literal' ? sqlText(p.value) : `(select coalesce(json_agg(${object} order by ${orderBy}), '[]'::json) ${from})`}`);
      }
      return `json_build_object(${pairs.join(', ')})`;
    }
    const n = `${alias}."__n"`;
    const shown = `least(count(*), ${first})`;
    const rows = (object: string) => `coalesce(json_agg(${object} order by ${n}) filter (where ${n} <= ${first}), '[]'::json)`;
    const pairs: string[] = [];
    for (const p of part.connection) {
      let value: string | null;
      if (p.kind === 'literal') value = sqlText(p.value);
      else if (p.kind === 'nodes') {
        const object = this.object(p.target, alias);
        value = object && rows(object);
      } else if (p.kind === 'totalCount') {
        const counted = this.next();
        value = `case when count(*) <= ${first} and (count(*) > 0 or ${lower} = 0) then ${lower} + count(*) else (select count(*) from ${table} as ${counted}${whereOn(counted)}) end`;
      } else if (p.kind === 'pageInfo') {
        const fields = p.fields.map((f) => {
          const v =
            f.kind === 'literal'
              ? sqlText(f.value)
              : f.kind === 'hasNextPage'
                ? `count(*) > ${first}`
                : f.kind === 'hasPreviousPage'
                  ? String(lower > 0)
                  : `case when ${shown} > 0 then ${cursorSql(f.kind === 'startCursor' ? String(lower) : `${lower} - 1 + ${shown}`)} end`;
          return `${sqlText(f.key)}, ${v}`;
        });
        value = `json_build_object(${fields.join(', ')})`;
      } else {
        const fields: string[] = [];
        for (const f of p.fields) {
          const v = f.kind === 'literal' ? sqlText(f.value) : f.kind === 'cursor' ? cursorSql(`${lower} - 1 + ${n}`) : this.object(f.target, alias);
          if (v === null) return null;
          fields.push(`${sqlText(f.key)}, ${v}`);
        }
        value = rows(`json_build_object(${fields.join(', ')})`);
      }
      if (value === null) return null;
      pairs.push(`${sqlText(p.key)}, ${value}`);
    }
    const page = `select * from ${table} as ${alias}${whereOn(alias)} order by ${orderBy} limit ${first + 1} offset ${lower}`;
    const numbered = `select ${alias}.*, row_number() over (order by ${orderBy}) as "__n" from (${page}) as ${alias}`;
    return `(select json_build_object(${pairs.join(', ')}) from (${numbered}) as ${alias})`;
  }

  private next(): string {
    this.aliases += 1;
    return `t${this.aliases}`;
  }
}

/**
 * The JSON text of an answer the statement wrote, handed to Apollo as the answer's `data`: Apollo
 * serialises a placeholder for it (`toJSON`), and app.ts splices the text into the serialised answer
 * in its place (`around`), so the answer is neither parsed nor serialised again in Node. The
 * placeholder holds a random token, which no other part of an answer can hold.
 */
export class RawJson {
  private static readonly KEY = '__schoolmixRawJson';
  private readonly token = randomBytes(12).toString('hex');

  constructor(readonly text: string) {}

  toJSON(): Record<string, string> {
    return { [RawJson.KEY]: this.token };
  }

  /**
   * `body` cut where the placeholder stands, the text between its two sides: sent as these three
   * pieces (app.ts), never joined. The answer of a nested list is 100 kB or more: joined, it was one
   * more copy among V8's large objects (docs/PERFORMANCE.md section 10), and as one Buffer 100 kB
   * of the C library's memory a request, held until V8 collected the Buffer; written as strings,
   * Node encodes them into memory it frees as soon as the socket took them (section 15).
   * Null if `body` holds no placeholder.
   */
  around(body: string): [head: string, text: string, tail: string] | null {
    const placeholder = `{"${RawJson.KEY}":"${this.token}"}`;
    const at = body.indexOf(placeholder);
    if (at < 0) return null;
    return [body.slice(0, at), this.text, body.slice(at + placeholder.length)];
  }
}

/**
 * The rows of an entity the statement may read for a viewer, where not all: the condition of the
 * resolvers' own scope for that viewer (policy.ts `rowScopeOf`), by entity class name. Empty: every
 * row. Decided by access-guard.ts `rowsForStatement`.
 */
export type RowScope = ReadonlyMap<string, FilterQuery<object>>;
export const EVERY_ROW: RowScope = new Map();

/**
 * The SQL of the answer to `plan` with these (coerced) variables, or null for the resolvers. A
 * scoped entity's rows are read from the query the ORM writes for the scope's own condition (the
 * one the resolvers filter with; PostgreSQL plans it as the same join), wherever the statement
 * reads that entity: lists, nested lists, references. Such SQL names the viewer's municipalities
 * and is not kept. A flat list (`flatList`) is read as rows, the answer made in Node.
 */
export function sqlOf(plan: Plan, variables: Record<string, unknown>, em: EntityManager, scope: RowScope = EVERY_ROW): Statement | null {
  if (scope.size === 0 && plan.fixed && plan.written !== undefined) return plan.written;
  const scoped = new Map<string, string>();
  const rowsOf = (meta: EntityMetadata): string => {
    const condition = scope.get(meta.className);
    if (!condition) return quoted(meta.tableName);
    let rows = scoped.get(meta.className);
    if (rows === undefined) {
      rows = `(${em.createQueryBuilder(meta.class as ClassType<object>, 'scoped').select('*').where(condition).getFormattedQuery()})`;
      scoped.set(meta.className, rows);
    }
    return rows;
  };
  const writer = new Writer(variables, rowsOf);
  let statement: Statement | null;
  if (plan.flat) statement = writer.flat(plan.parts, plan.flat);
  else {
    const sql = writer.root(plan.parts);
    // One row (no FROM): none when the condition does not hold.
    statement = sql === null ? null : { sql, where: (condition) => `${sql} where ${condition}`, answer: null };
  }
  if (scope.size === 0 && plan.fixed) plan.written = statement;
  return statement;
}
