import type { RequestHooks } from './request-hooks.js';
import { ERROR_CODES, STRING_INPUTS, type StringInputRule, type UserErrorCode } from '@schoolmix/shared';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import type { Context } from './context.js';
import { OperationMemo } from './operation-memo.js';
import { apiError, isId } from './errors.js';
import { fromGlobalId } from './node-interface.js';
import type { UserError } from './user-errors.js';

/**
 * Input rules for every argument and input field of the API, checked from the schema's types
 * before any resolver (and so any SQL) runs — no resolver repeats them:
 *
 * - a `String` is at most as long as STRING_INPUTS (shared limits) declares for its name, and
 *   holds no control character (free-text fields may hold tab and line breaks), no lone UTF-16
 *   surrogate;
 * - an `ID` is a UUID (also each item of an ID list, so `""` never reaches a `::uuid` cast).
 *
 * Two places apply them: `inputGuard` (a request concern, request-hooks.ts) walks every field of the operation with
 * its coerced arguments once the operation is resolved, and refuses the request with one
 * BAD_USER_INPUT error naming the argument path; a mutation whose payload has `userErrors` is
 * left to `inputRulesForMutations` (a type-graphql middleware), which answers the same problems
 * as `userErrors` of that mutation, as for any other broken rule, without running it.
 */

/** Control characters (C0, DEL, C1) and lone surrogates: refused in every string. */
const CONTROL = /[\p{Cc}\p{Cs}]/u;
/** In free text, tab, line feed and carriage return are allowed. */
const CONTROL_EXCEPT_WHITESPACE = /(?![\t\n\r])[\p{Cc}\p{Cs}]/u;

export interface InputProblem {
  /** Path from the argument down, e.g. ["input", "rows", "3", "eventId"]. */
  path: string[];
  message: string;
  code: Extract<UserErrorCode, 'INVALID' | 'TOO_LONG'>;
}

/** The declared rule of a String input field or argument (qualified `<InputType>.<name>` first). */
export function stringRule(owner: string, name: string): StringInputRule | undefined {
  const table: Readonly<Record<string, StringInputRule>> = STRING_INPUTS;
  return table[`${owner}.${name}`] ?? table[name];
}

/** Length in Unicode code points, counted only as far as needed to know it exceeds `max`. */
function exceeds(value: string, max: number): boolean {
  if (value.length <= max) return false;
  let count = 0;
  for (const _ of value) if (++count > max) return true;
  return false;
}

const MAX_PROBLEMS = 20;

/** Arguments that take global ids (nodeId, Relay) rather than UUIDs: `<field>.<argument>`. */
const GLOBAL_ID_ARGUMENTS = new Set(['node.id', 'nodes.ids']);
const isGlobalId = (value: string) => fromGlobalId(value) !== null;

function checkValue(
  type: GraphQLInputType,
  value: unknown,
  path: string[],
  rule: StringInputRule | undefined,
  problems: InputProblem[],
  item?: number,
  idRule: (value: string) => boolean = isId,
): void {
  if (value == null || problems.length >= MAX_PROBLEMS) return;
  const nullable = getNullableType(type);
  const at = item === undefined ? '' : ` (item ${item + 1})`;
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return checkValue(nullable.ofType, value, path, rule, problems, undefined, idRule);
    const inner = getNullableType(nullable.ofType);
    // A list of input objects names the item's index; a list of IDs or strings names the list
    // (the form field) and says which item in the message.
    value.forEach((v, i) => (isInputObjectType(inner) ? checkValue(inner, v, [...path, String(i)], rule, problems) : checkValue(inner, v, path, rule, problems, i, idRule)));
    return;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    for (const field of Object.values(nullable.getFields())) {
      checkValue(field.type, object[field.name], [...path, field.name], stringRule(nullable.name, field.name), problems);
    }
    return;
  }
  if (typeof value !== 'string') return;
  if (nullable.name === 'ID') {
    if (!idRule(value)) problems.push({ path, message: idRule === isId ? `Not an id of this API${at}` : `Not a global id (nodeId) of this API${at}`, code: 'INVALID' });
    return;
  }
  if (nullable.name !== 'String' || !rule) return;
  if ((rule.multiline ? CONTROL_EXCEPT_WHITESPACE : CONTROL).test(value)) {
    problems.push({ path, message: `Control characters are not allowed here${at}`, code: 'INVALID' });
  } else if (exceeds(value, rule.maxLength)) {
    problems.push({ path, message: `At most ${rule.maxLength} characters${at}`, code: 'TOO_LONG' });
  }
}

/** Every broken input rule in the (coerced) arguments of one field. */
export function argumentProblems(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const arg of field.args) {
    const idRule = GLOBAL_ID_ARGUMENTS.has(`${field.name}.${arg.name}`) ? isGlobalId : isId;
    checkValue(arg.type, args[arg.name], [arg.name], stringRule(field.name, arg.name), problems, undefined, idRule);
  }
  return problems;
}

export function badUserInput(problems: InputProblem[]): GraphQLError {
  const [first] = problems;
  const field = first!.path.join('.');
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1).map((p) => p.path.join('.')).join(', ')})` : '';
  const listed = problems.map((p) => ({ field: p.path.join('.'), message: p.message, code: p.code }));
  return apiError(ERROR_CODES.BAD_USER_INPUT, `"${field}": ${first!.message}${more}`, { field, problems: listed }, { status: 400 });
}

/**
 * At startup: every String input of the schema must have a declared rule, and its description
 * says the limit (the printed schema and introspection show it).
 */
export function declareInputRules(schema: GraphQLSchema): void {
  const missing: string[] = [];
  const declare = (input: GraphQLArgument | { name: string; type: GraphQLInputType; description?: string | null }, owner: string, where: string) => {
    if (getNamedType(input.type).name !== 'String') return;
    const rule = stringRule(owner, input.name);
    if (!rule) return void missing.push(where);
    const each = isListType(getNullableType(input.type)) ? 'each ' : '';
    const limit = `${each}at most ${rule.maxLength} characters${rule.multiline ? '; line breaks allowed' : ''}`;
    if (input.description?.includes(limit)) return;
    input.description = input.description ? `${input.description} (${limit})` : `(${limit})`;
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) declare(field, type.name, `${type.name}.${field.name}`);
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) for (const arg of field.args) declare(arg, field.name, `${type.name}.${field.name}(${arg.name})`);
    }
  }
  if (missing.length > 0) throw new Error(`String inputs without a declared maximum length (add them to STRING_INPUTS in shared/src/constants/limits.ts): ${missing.join(', ')}`);
}

function reachableFragments(document: DocumentNode, start: SelectionSetNode): FragmentDefinitionNode[] {
  const all = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (set: SelectionSetNode) => {
    visit(set, {
      FragmentSpread(node) {
        const fragment = all.get(node.name.value);
        if (fragment && !found.has(fragment.name.value)) {
          found.set(fragment.name.value, fragment);
          walk(fragment.selectionSet);
        }
      },
    });
  };
  walk(start);
  return [...found.values()];
}

/** The problems of every field the operation selects (through its fragments too), except payload mutations. */
function operationProblems(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): InputProblem[] {
  const typeInfo = new TypeInfo(schema);
  const mutationType = schema.getMutationType();
  const problems: InputProblem[] = [];
  const definitions = [operation, ...reachableFragments(document, operation.selectionSet)];
  visit(
    { kind: Kind.DOCUMENT, definitions },
    visitWithTypeInfo(typeInfo, {
      Field(node: FieldNode) {
        // Defaults of arguments not given are the schema's own values: only given ones are checked.
        if (!node.arguments?.length) return;
        const field = typeInfo.getFieldDef();
        if (!field || field.args.length === 0) return;
        if (typeInfo.getParentType() === mutationType && refusedPayload(field, []) !== null) return;
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(field, node, variables);
        } catch {
          return; // execution reports arguments that cannot be coerced, as BAD_USER_INPUT
        }
        problems.push(...argumentProblems(field, args));
      },
    }),
  );
  return problems;
}

/** The input-rule problems of an operation with these variables, found once per document (operation-memo.ts). */
const problemsOf = new OperationMemo<InputProblem[]>();

/** Refuses an operation whose arguments break an input rule before it is executed. */
export const inputGuard: RequestHooks<Context> = {
  requestDidStart() {
    return {
      didResolveOperation({ schema, document, operation, request }) {
        if (!operation) return;
        const problems = problemsOf.get(document, operation.name?.value, request.variables, () => {
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 50 });
          // Variables that cannot be coerced: execution answers these (BAD_USER_INPUT).
          return coerced.errors ? [] : operationProblems(schema, document, operation, coerced.coerced);
        });
        if (problems.length > 0) throw badUserInput(problems);
      },
    };
  },
};

/**
 * A mutation whose payload has `userErrors` answers a broken input rule there, as it answers
 * every other rule: `field` is the path in the input, nothing runs and nothing is written.
 */
export const inputRulesForMutations: MiddlewareFn<Context> = ({ info, args }, next) => {
  if (info.parentType !== info.schema.getMutationType()) return next();
  const field = info.parentType.getFields()[info.fieldName]!;
  const problems = argumentProblems(field, args);
  if (problems.length === 0) return next();
  const userErrors: UserError[] = problems.map((p) => ({ field: p.path, message: p.message, code: p.code }));
  const payload = refusedPayload(field, userErrors);
  if (!payload) throw badUserInput(problems);
  return Promise.resolve(payload);
};

/** Zero values of the leaf types a payload may require besides its userErrors (importAttendances' counts). */
const ZERO: Readonly<Record<string, unknown>> = { Int: 0, Float: 0, Boolean: false };

/**
 * The payload of a mutation that did nothing: its userErrors, null for every nullable field and
 * zero for a required count, as its resolver answers a refusal. Null when the payload cannot say
 * "nothing" (it has another required field, or no userErrors at all).
 */
function refusedPayload(field: GraphQLField<unknown, unknown>, userErrors: UserError[]): Record<string, unknown> | null {
  const type = getNamedType(field.type);
  if (!isObjectType(type) || !('userErrors' in type.getFields())) return null;
  const payload: Record<string, unknown> = { userErrors };
  for (const f of Object.values(type.getFields())) {
    if (f.name === 'userErrors' || !isNonNullType(f.type)) continue;
    const zero = ZERO[getNamedType(f.type).name];
    if (zero === undefined || isListType(getNullableType(f.type))) return null;
    payload[f.name] = zero;
  }
  return payload;
}
