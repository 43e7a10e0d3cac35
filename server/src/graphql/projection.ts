import type { EntityManager } from '@mikro-orm/sql';
import { ReferenceKind } from '@mikro-orm/core';
import { type FieldNode, getNamedType, type GraphQLField, type GraphQLObjectType, type GraphQLResolveInfo, isObjectType, Kind, type SelectionSetNode } from 'graphql';
import type { Projection } from '../db/read-model.js';

/**
 * Which columns a list reads: the properties its query selects, instead of every column of every
 * row (docs/PERFORMANCE.md: decoding, converting and collecting unread columns, five timestamps
 * and an array per event, cost more than the fields that were asked for).
 *
 * A list's rows are read with a projection only when every field the query selects on them is
 * known to need nothing but:
 * - its own column: a field whose answer is its property (graphql-js reads it; its guards, if
 *   any, read nothing else of the row: field-guards.ts `readsOwnProperty`) that is a column of
 *   the entity under the same name;
 * - the row's keys (its id and to-one ids, always read): the field resolvers named in
 *   `READS_KEYS_ONLY`, which load their answer by those keys.
 * Any other field (a field resolver not named there, a getter, a disclosed figure)
 * makes the list read every column, as before. A resolver that reads a column its projection left
 * out fails loudly (read-model.ts), never with a silent null; projection.test.ts asks each field
 * of `READS_KEYS_ONLY` through the API with and without projection.
 */
export const READS_KEYS_ONLY: ReadonlySet<string> = new Set([
  'Project.leadMunicipality',
  'Project.fundingPeriod',
  'Project.events',
  'Event.project',
  'Event.organizer',
  'Event.schools',
  'Event.attendances',
  'Attendance.household',
  'Attendance.event',
]);

/**
 * Field resolvers (and their guards, a disclosure rule included) that read the row's keys and these
 * columns, nothing else: a list whose query selects them reads just those. Each entry is asked
 * through the API with and without projection, by an administrator, a coordinator and an analyst
 * (the audience of disclosed figures), in projection.test.ts.
 * - `Project.kpi`: the maintained counts by the project's id, its period by key, and
 *   `targetHouseholds`; for analysts the published table by the project's id.
 * - `Event.attendanceCount`: counts by the event's id; for analysts the project's published table
 *   by the project key, or the disclosed count by the event's id.
 */
export const READS_COLUMNS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Project.kpi', ['targetHouseholds']],
  ['Event.attendanceCount', []],
]);

/**
 * Fields whose answer is their own property of the row, guards or not (filled by field-guards.ts
 * when it puts the guards on the schema): graphql-js reads the property, and their guards read no
 * other column of the row. A disclosed field is not one of them (its rule may read the row).
 */
export const readsOwnProperty = new WeakSet<GraphQLField<unknown, unknown>>();

/** What a field needs besides the keys: these properties (none: `KEYS`), or unknown (`null`: every column). */
type Need = readonly string[] | null;
const KEYS: readonly string[] = [];

/** Per GraphQL type (one entity each): what each field needs. */
const needsCache = new WeakMap<GraphQLObjectType, Map<string, Need>>();

function needsOf(em: EntityManager, type: GraphQLObjectType, entity: new () => object, field: string): Need {
  let needs = needsCache.get(type);
  if (!needs) needsCache.set(type, (needs = new Map<string, Need>()));
  let need = needs.get(field);
  if (need !== undefined) return need;
  need = null;
  const definition = type.getFields()[field];
  const prop = em.getMetadata().get(entity).properties[field as never] as
    | { kind: ReferenceKind; persist?: boolean; lazy?: boolean; fieldNames?: string[] }
    | undefined;
  const name = `${type.name}.${field}`;
  if (field === '__typename' || READS_KEYS_ONLY.has(name)) need = KEYS;
  else if (READS_COLUMNS.has(name)) need = READS_COLUMNS.get(name)!;
  else if (definition && readsOwnProperty.has(definition) && prop?.kind === ReferenceKind.SCALAR && prop.persist !== false && !prop.lazy && prop.fieldNames?.length === 1) need = [field];
  needs.set(field, need);
  return need;
}

/** The field nodes selected on `set`, through inline fragments and fragment spreads. */
function fieldsOf(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, out: FieldNode[] = []): FieldNode[] {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fieldsOf(selection.selectionSet, info, out);
    else fieldsOf(info.fragments[selection.name.value]?.selectionSet, info, out);
  }
  return out;
}

/**
 * Per field of an executing operation (graphql-js hands every row of a list the same `fieldNodes`
 * array): its projection, worked out once, not for each of the thousand rows that resolve it.
 */
const projections = new WeakMap<readonly FieldNode[], Map<new () => object, Projection>>();

/**
 * The projection of the rows a resolver returns as `entity`: the field it resolves is a connection
 * of them (their selections under `nodes` and `edges { node }`) or one of them. Undefined (every
 * column) when any selected field is not known to need only its own column or the keys.
 */
export function projectionOf(em: EntityManager, info: GraphQLResolveInfo, entity: new () => object): Projection {
  let byEntity = projections.get(info.fieldNodes);
  if (!byEntity) projections.set(info.fieldNodes, (byEntity = new Map<new () => object, Projection>()));
  if (!byEntity.has(entity)) byEntity.set(entity, selectionProjection(em, info, entity));
  return byEntity.get(entity);
}

/** What `rowFieldOf` found: the to-one field is not selected, or is, with this projection of its rows. */
export type RowField = { selected: false } | { selected: true; projection: Projection };

const rowFields = new WeakMap<readonly FieldNode[], Map<string, RowField>>();

/**
 * Whether the rows a connection field returns are asked for their to-one field `field` (under
 * `nodes` or `edges { node }`, under any alias), and if so the projection of what that field
 * returns, as `projectionOf` would work it out in that field's own resolver (the union of its
 * selections, so it covers each of them). Lets a list read the rows its rows refer to ahead of
 * graphql-js's walk (`Event.attendances`).
 */
export function rowFieldOf(em: EntityManager, info: GraphQLResolveInfo, field: string, entity: new () => object): RowField {
  let byField = rowFields.get(info.fieldNodes);
  if (!byField) rowFields.set(info.fieldNodes, (byField = new Map<string, RowField>()));
  const key = `${field}:${entity.name}`;
  let found = byField.get(key);
  if (!found) {
    found = { selected: false };
    const rows = selectedRows(info);
    const definition = rows?.type.getFields()[field];
    const nodes = rows?.selected.filter((f) => f.name.value === field) ?? [];
    if (definition && nodes.length > 0) {
      found = { selected: true, projection: selectionProjection(em, { fieldNodes: nodes, returnType: definition.type, fragments: info.fragments } as unknown as GraphQLResolveInfo, entity) };
    }
    byField.set(key, found);
  }
  return found;
}

/** `rowFieldNodes` per field of an executing operation (every row of a list resolves it with the same `fieldNodes`). */
const rowFieldNodesOf = new WeakMap<readonly FieldNode[], Map<string, readonly FieldNode[]>>();

/**
 * The selections of the rows' field `field` (under `nodes` and `edges { node }` for a connection,
 * under any alias, through fragments) of the field being resolved: empty when it is not asked.
 */
export function rowFieldNodes(info: GraphQLResolveInfo, field: string): readonly FieldNode[] {
  let byField = rowFieldNodesOf.get(info.fieldNodes);
  if (!byField) rowFieldNodesOf.set(info.fieldNodes, (byField = new Map<string, readonly FieldNode[]>()));
  let nodes = byField.get(field);
  if (!nodes) byField.set(field, (nodes = selectedRows(info)?.selected.filter((f) => f.name.value === field) ?? []));
  return nodes;
}

/** The row type a field returns and the fields selected on its rows (through `nodes` / `edges { node }` for a connection). */
function selectedRows(info: GraphQLResolveInfo): { type: GraphQLObjectType; selected: FieldNode[] } | null {
  const returned = getNamedType(info.returnType);
  if (!isObjectType(returned)) return null;
  const top = info.fieldNodes.flatMap((node) => fieldsOf(node.selectionSet, info));
  const nodesType = returned.getFields().nodes ? getNamedType(returned.getFields().nodes!.type) : null;
  if (!nodesType || !isObjectType(nodesType)) return { type: returned, selected: top };
  return {
    type: nodesType,
    selected: [
      ...top.filter((f) => f.name.value === 'nodes').flatMap((f) => fieldsOf(f.selectionSet, info)),
      ...top
        .filter((f) => f.name.value === 'edges')
        .flatMap((f) => fieldsOf(f.selectionSet, info))
        .filter((f) => f.name.value === 'node')
        .flatMap((f) => fieldsOf(f.selectionSet, info)),
    ],
  };
}

function selectionProjection(em: EntityManager, info: GraphQLResolveInfo, entity: new () => object): Projection {
  const rows = selectedRows(info);
  if (!rows) return undefined;
  const { type: rowType, selected } = rows;
  const props = new Set<string>();
  for (const field of selected) {
    const need = needsOf(em, rowType, entity, field.name.value);
    if (need === null) return undefined;
    for (const prop of need) props.add(prop);
  }
  return [...props].sort();
}
