import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  getNamedType,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
  parse,
  typeFromAST,
} from 'graphql';

/**
 * Every GraphQL operation of the SPA, as codegen collected them into client/src/gql/gql.ts
 * (documents holding only a fragment are left out: they are checked inside the operations using them).
 */
export function spaOperations(): { name: string; query: string; operation: OperationDefinitionNode }[] {
  const source = readFileSync(resolve(import.meta.dirname, '../../../client/src/gql/gql.ts'), 'utf8');
  const block = source.slice(source.indexOf('const documents: Documents = {'), source.indexOf('};', source.indexOf('const documents: Documents = {')));
  const queries = [...block.matchAll(/^\s+("(?:[^"\\]|\\.)*"): types\./gm)].map((m) => JSON.parse(m[1]!) as string);
  return queries.flatMap((query) => {
    const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    return operation ? [{ name: operation.name?.value ?? '(anonymous)', query, operation }] : [];
  });
}

const SCALARS: Record<string, unknown> = {
  ID: '00000000-0000-4000-8000-000000000000',
  String: 'x',
  Int: 1,
  Float: 1,
  Boolean: true,
  Euro: 1,
  LocalDate: '2025-01-01',
  DateTimeISO: '2025-01-01T00:00:00Z',
};

/** A value of this input type with every required field filled (lists empty). */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => [f.name, sample(f.type)]));
  }
  return SCALARS[getNamedType(type).name] ?? 'x';
}

/**
 * The most expensive variables the SPA may send: page sizes at their maximum (100), every
 * Boolean switch on, the rest filled with valid placeholders.
 */
export function worstCaseVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (!type) continue;
    const named = getNamedType(type).name;
    if (named === 'Int' && /first|last/i.test(name)) variables[name] = 100;
    else if (named === 'Boolean') variables[name] = true;
    else if (isNonNullType(type)) variables[name] = sample(type);
  }
  return variables;
}
