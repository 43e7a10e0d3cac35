import { type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { Context } from './context.js';

/** Field resolvers that run as written instead of through type-graphql's handler (`resolvedDirectly`), by `Type.field`. */
const DIRECT = new Map<string, GraphQLFieldResolver<unknown, Context>>();

/**
 * Resolves `Type.field` with `resolve` itself, not with the method type-graphql declared it with
 * (which still declares the field and its arguments in the schema; field-guards.ts puts `resolve`
 * in its place, under the field's guards). type-graphql 2 (rc.4) passes a method its arguments
 * through `validateArg`, an async function even with validation off, so a field with an argument
 * answers with a promise on every row: for a figure of every row of a long list
 * (`Event.attendanceCount`), thousands of promises. `resolve` gets graphql-js's arguments as the
 * schema coerced them (defaults applied) and must do all the method does.
 */
export function resolvedDirectly(coordinate: string, resolve: GraphQLFieldResolver<unknown, Context>): void {
  if (DIRECT.has(coordinate)) throw new Error(`${coordinate} is resolved directly twice`);
  DIRECT.set(coordinate, resolve);
}

/** The resolver `resolvedDirectly` gave `Type.field`, if any. */
export function directResolverOf(coordinate: string): GraphQLFieldResolver<unknown, Context> | undefined {
  return DIRECT.get(coordinate);
}

/**
 * Throws unless each of `coordinates` names a field of `schema` whose type-graphql method has no
 * roles (`@Authorized`) and no middlewares (`@UseMiddleware`, its resolver class's included): run
 * as written, a field would skip them silently, and a misspelt coordinate would change nothing.
 * Run on every schema build (field-guards.ts `applyFieldGuards`), after type-graphql has filled in
 * its metadata.
 */
export function checkDirectResolvers(schema: GraphQLSchema, coordinates: Iterable<string> = DIRECT.keys()): void {
  const storage = getMetadataStorage();
  for (const coordinate of coordinates) {
    const [typeName = '', fieldName = ''] = coordinate.split('.');
    const type = schema.getType(typeName);
    if (!isObjectType(type) || !type.getFields()[fieldName]) throw new Error(`${coordinate} is resolved directly, but the schema has no such field`);
    const target = storage.objectTypes.find((o) => o.name === typeName)?.target;
    // The field as declared on its type (where type-graphql merges a field resolver's roles), and the methods resolving it.
    const declared = [
      ...storage.fields.filter((f) => f.target === target && f.schemaName === fieldName).map((f) => ({ where: `${typeName}.${f.name}`, roles: f.roles, middlewares: f.middlewares })),
      ...storage.fieldResolvers
        .filter((m) => m.schemaName === fieldName && m.getObjectType?.() === target)
        .map((m) => ({ where: `${m.target.name}.${m.methodName}`, roles: m.roles, middlewares: m.middlewares })),
    ];
    for (const { where, roles, middlewares } of declared) {
      // A bare @Authorized() has no roles but is enforced all the same.
      if (roles !== undefined && roles !== null) throw new Error(`${coordinate} is resolved directly, which would skip the @Authorized of ${where}`);
      if ((middlewares?.length ?? 0) > 0) throw new Error(`${coordinate} is resolved directly, which would skip the middlewares of ${where}`);
    }
  }
}
