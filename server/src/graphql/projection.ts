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
 * Fields whose answer is their own property of the row, guards or not (filled by field-guards.ts
 * when it puts the guards on the schema): graphql-js reads the property, and their guards read no
 * other column of the row. A disclosed field is not one of them (its rule may read the row).
 */
export const readsOwnProperty = new WeakSet<GraphQLField<unknown, unknown>>();

/** What a field needs: one property, the keys only (`KEYS`), or unknown (`null`: every column). */
type Need = string | null;
const KEYS = '';

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
  if (field === '__typename' || READS_KEYS_ONLY.has(`${type.name}.${field}`)) need = KEYS;
  else if (definition && readsOwnProperty.has(definition) && prop?.kind === ReferenceKind.SCALAR && prop.persist !== false && !prop.lazy && prop.fieldNames?.length === 1) need = field;
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

function selectionProjection(em: EntityManager, info: GraphQLResolveInfo, entity: new () => object): Projection {
  const returned = getNamedType(info.returnType);
  if (!isObjectType(returned)) return undefined;
  const top = info.fieldNodes.flatMap((node) => fieldsOf(node.selectionSet, info));
  const nodesType = returned.getFields().nodes ? getNamedType(returned.getFields().nodes!.type) : null;
  let rowType: GraphQLObjectType;
  let selected: FieldNode[];
  if (nodesType && isObjectType(nodesType)) {
    rowType = nodesType;
    selected = [
      ...top.filter((f) => f.name.value === 'nodes').flatMap((f) => fieldsOf(f.selectionSet, info)),
      ...top
        .filter((f) => f.name.value === 'edges')
        .flatMap((f) => fieldsOf(f.selectionSet, info))
        .filter((f) => f.name.value === 'node')
        .flatMap((f) => fieldsOf(f.selectionSet, info)),
    ];
  } else {
    rowType = returned;
    selected = top;
  }
  const props = new Set<string>();
  for (const field of selected) {
    const need = needsOf(em, rowType, entity, field.name.value);
    if (need === null) return undefined;
    if (need !== KEYS) props.add(need);
  }
  return [...props].sort();
}
