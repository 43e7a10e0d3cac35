import type { GraphQLFieldResolver } from 'graphql';
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
