import { defaultFieldResolver, getNamedType, type GraphQLField, type GraphQLFieldResolver, GraphQLObjectType, type GraphQLSchema, isLeafType } from 'graphql';
import type { ResolverData } from 'type-graphql';
import { disclosureGuard, type IdleAwareGuard, rowGuard } from './access-guard.js';
import { disclosureRuleOf } from '../modules/disclosure/disclosure.js';
import type { Context } from './context.js';
import { deadlineGuard } from './deadline.js';
import { checkDirectResolvers, directResolverOf } from './direct-resolvers.js';
import { inputRulesForMutations } from './input-rules.js';
import { mutationName } from './mutation.js';
import { readsOwnProperty } from './projection.js';

/**
 * Which guards a field of the built schema runs, decided once per field when the schema is built
 * instead of running every guard on every field of every answer (type-graphql's global
 * middlewares wrap each scalar too: 300 scalars of a 100-row list became 1,200 promise hops).
 *
 * - Root mutation fields: the audit's operation name, the declared input rules, the deadline and
 *   the row rules on what they return.
 * - Fields that return objects (or lists of them), at any depth: the deadline (only these start
 *   more work) and the row rules (`rowGuard`: family types, and every returned row checked).
 * - Every field of `Household`, scalars included: the consented-characteristics rule of `rowGuard`.
 * - Fields with a disclosure rule (`disclosedField`, disclosure/disclosure.ts), scalars too: last,
 *   `disclosureGuard` (figures shown through disclosure control to the viewers who see only those).
 * - Other scalar fields: nothing. They read a value already loaded and checked with its row.
 *
 * The guards are the same functions as before, in the same order; `field-guards.test.ts` checks
 * this table against the schema.
 */
export function guardsFor(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, schema: GraphQLSchema): IdleAwareGuard[] {
  const disclosure = disclosureRuleOf(`${type.name}.${field.name}`) ? [disclosureGuard] : [];
  if (type === schema.getMutationType()) return [deadlineGuard, mutationName, inputRulesForMutations, rowGuard, ...disclosure];
  const returnsObjects = !isLeafType(getNamedType(field.type));
  if (returnsObjects) return [deadlineGuard, rowGuard, ...disclosure];
  if (type.name === 'Household') return [rowGuard, ...disclosure];
  return disclosure;
}

/**
 * Runs `guards` around `resolve` like type-graphql's middleware chain, without a promise where none
 * is needed: a guard that says it is idle for this call (`IdleAwareGuard.idle`: the deadline not
 * passed, an administrator's row rules) is skipped, so a field whose guards are all idle is
 * resolved directly.
 */
function chain(guards: IdleAwareGuard[], resolve: GraphQLFieldResolver<unknown, Context>): GraphQLFieldResolver<unknown, Context> {
  return (root, args, context, info) => {
    const data: ResolverData<Context> = { root, args: args as Record<string, unknown>, context, info };
    const step = (index: number): unknown => {
      let i = index;
      while (guards[i]?.idle?.(data)) i += 1;
      const guard = guards[i];
      if (!guard) return resolve(root, args, context, info);
      return guard(data, () => Promise.resolve(step(i + 1)));
    };
    return step(0);
  };
}

/** Wraps the resolvers of every object type's fields with the guards `guardsFor` names (once per schema). */
export function applyFieldGuards(schema: GraphQLSchema): void {
  checkDirectResolvers(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      // A resolver declared with type-graphql but run as written (direct-resolvers.ts).
      const direct = directResolverOf(`${type.name}.${field.name}`);
      if (direct) field.resolve = direct as GraphQLFieldResolver<unknown, unknown>;
      const guards = guardsFor(type, field, schema);
      // graphql-js reads the property, and the row rules and deadline read nothing else of the row;
      // a disclosure rule may (projection.ts then reads the whole row).
      if (!field.resolve && !guards.includes(disclosureGuard)) readsOwnProperty.add(field);
      if (guards.length > 0) field.resolve = chain(guards, (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, Context>);
    }
  }
}
