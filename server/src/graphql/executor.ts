import type { GatewayInterface } from '@apollo/server-gateway-interface';
import {
  type DocumentNode,
  execute,
  type ExecutionResult,
  getNamedType,
  getVariableValues,
  GraphQLError,
  type GraphQLSchema,
  isEnumType,
  isScalarType,
  locatedError,
  type OperationDefinitionNode,
  OperationTypeNode,
  typeFromAST,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Context } from './context.js';
import { abortError } from './deadline.js';
import { type Plan, planOf, type PlanReads, RawJson, type RowScope, sqlOf, type Statement } from './pushdown.js';

/** Who answered an operation: one SQL statement (pushdown.ts), a compiled query, or graphql-js. */
export type Executor = 'sql' | 'graphql-jit' | 'graphql-js';

/**
 * Whether graphql-jit may run this operation: a query (mutations stay with graphql-js, which runs
 * their fields one after the other) whose variables are scalars, enums or lists of them —
 * graphql-jit 0.8 does not apply the default values of input-object fields given in variables.
 */
export function compilable(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== OperationTypeNode.QUERY) return false;
  return (operation.variableDefinitions ?? []).every((definition) => {
    const type = typeFromAST(schema, definition.type);
    if (!type) return false;
    const named = getNamedType(type);
    return isScalarType(named) || isEnumType(named);
  });
}

/**
 * graphql-jit's error as graphql-js makes it. graphql-jit's own error class leaves `extensions`
 * undefined when the error thrown has none, where graphql-js gives `{}` and Apollo reads
 * `extensions.code` (it would answer "Internal server error" without our masking and request id).
 */
function upstreamError(error: GraphQLError): GraphQLError {
  const made = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions ?? undefined });
  (made as { locations: GraphQLError['locations'] }).locations = error.locations;
  return made;
}

/** As graphql-js's `execute` coerces variables: at most 50 errors, then one that says there were more. */
const VARIABLE_ERRORS = { maxErrors: 50 };

/** Per document and operation name: how often it ran on graphql-js, or its compiled query (null: never compiled). */
type Seen = number | CompiledQuery | null;

/**
 * What is kept per operation of a document, as long as Apollo keeps the parsed document: the
 * entry of one document and operation name (made on first use).
 */
function perOperation<T>(): (document: DocumentNode, operationName: string | null | undefined) => { get(): T | undefined; set(value: T): void } {
  const byDocument = new WeakMap<DocumentNode, Map<string, T>>();
  return (document, operationName) => {
    let byName = byDocument.get(document);
    if (!byName) byDocument.set(document, (byName = new Map<string, T>()));
    const key = operationName ?? '';
    return { get: () => byName.get(key), set: (value) => void byName.set(key, value) };
  };
}

/**
 * Sends a statement's text and answers its rows: objects by column name, or with `rowMode`
 * 'array' (a flat list's columns, pushdown.ts `Statement`) arrays where the reader can (the pg
 * driver; the EntityManager answers objects, whose values are taken in column order). With
 * `values`, the text holds `$1`… for them (the session check, SESSION_GUARD_SQL).
 */
export type StatementReader = (em: Context['em'], sql: string, rowMode?: 'array', values?: readonly unknown[]) => Promise<unknown[]>;

const columnsOf = (row: unknown): readonly unknown[] => (Array.isArray(row) ? row : Object.values(row as Record<string, unknown>));

/** What an operation answers whose session turned out changed: never sent (the front door runs the request again). */
const SESSION_CHANGED: ExecutionResult = Object.freeze({ data: null });

/** Each statement's text with the session check (pushdown.ts `Statement.where`), written once per statement and condition. */
const guardedTexts = new WeakMap<Statement, { guard: string; text: string }>();
function guardedText(statement: Statement, guard: string): string {
  let known = guardedTexts.get(statement);
  if (known?.guard !== guard) guardedTexts.set(statement, (known = { guard, text: statement.where(guard) }));
  return known.text;
}

/**
 * The answer of a query in one statement (pushdown.ts). A failed statement, or a request past its
 * time budget, is the error of the first root field, as a resolver's would be (the formatter
 * masks it, names a timeout, or answers 503 when the database is away).
 *
 * A session taken from the cache (`context.session`) is checked by the statement itself (its
 * `guard`, modules/auth/session-check.ts): it reads nothing when the session's row no longer reads
 * as seen. The statement of a JSON answer always answers one row, so none means a changed session;
 * a flat list without rows may just be empty, and the session is then read alone to tell.
 */
async function answerInSql(context: Context, plan: Plan, statement: Statement, read: StatementReader): Promise<ExecutionResult> {
  const failed = (error: unknown): ExecutionResult => ({ data: null, errors: [locatedError(error, [plan.root.node], [plan.root.key])] });
  if (context.signal?.aborted) return failed(abortError(context.signal));
  const check = context.session?.state === 'unchecked' ? context.session : null;
  try {
    const rowMode = statement.answer ? 'array' : undefined;
    const rows = check ? await read(context.em, guardedText(statement, check.guard), rowMode, check.params) : await read(context.em, statement.sql, rowMode);
    if (check) {
      if (rows.length > 0 || !statement.answer) check.found(rows.length > 0);
      else await check.verify();
      if (check.state === 'changed') return SESSION_CHANGED;
    }
    if (statement.answer) return { data: statement.answer(rows.map(columnsOf)) };
    const [row] = rows as { data: string }[];
    // Spliced into the serialised answer where the HTTP front door can (app.ts), parsed elsewhere.
    // One splice per answer: a second operation on the same context (a batch) gets the parsed answer.
    if (!context.splice || context.splice.raw) return { data: JSON.parse(row!.data) as Record<string, unknown> };
    context.splice.raw = new RawJson(row!.data);
    return { data: context.splice.raw as unknown as Record<string, unknown> };
  } catch (error) {
    return failed(error);
  }
}

/**
 * Apollo Server's executor, three ways:
 * - one SQL statement (pushdown.ts) for a query it answers whole, when `pushdown.on()` (app.ts:
 *   GRAPHQL_PUSHDOWN) and `pushdown.rows(context, reads)` names the rows it may read for this viewer
 *   (access-guard.ts: every row, or the viewer's scope, where the row and field rules would change
 *   nothing else); planned once per document;
 * - graphql-jit for the queries it can run (`compilable`), compiled the `compileAfter`-th time
 *   their document runs (null: never); graphql-jit compiles each field's resolution, type checks
 *   and serialisation into one function per query: the 100-row lists of `pnpm bench:api` answer
 *   with 10–16 % less CPU (docs/PERFORMANCE.md section 8);
 * - graphql-js for everything else.
 * Plans and compiled queries are kept as long as Apollo keeps the parsed document (its document
 * store hands out the same object for the same text). Apollo Server 5 takes another executor only
 * through its gateway interface: this is that interface over one fixed schema.
 */
export function executorGateway(
  schema: GraphQLSchema,
  options: {
    compileAfter: number | null;
    /** Whether the statement is on at all (asked first: off, nothing is planned), and which rows it may read for this viewer (null: none, the resolvers answer). */
    pushdown: {
      on: () => boolean;
      rows: (context: Context, reads: PlanReads) => RowScope | null;
      /**
       * Sends the statement (app.ts: prepared once repeated, db/prepared.ts), with values: a session
       * taken from the cache is checked by the statement itself.
       */
      read: StatementReader;
    };
    executed?: (executor: Executor) => void;
  },
): GatewayInterface {
  const plans = perOperation<Plan | null>();
  const planFor = (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null | undefined, context: Context): Plan | null => {
    const entry = plans(document, operationName);
    let plan = entry.get();
    if (plan === undefined) entry.set((plan = planOf(schema, document, operation, context.em)));
    return plan;
  };
  const seen = perOperation<Seen>();
  const compiledFor = (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null | undefined): CompiledQuery | null => {
    const entry = seen(document, operationName);
    const state = entry.get() ?? 0;
    if (typeof state !== 'number') return state;
    if (options.compileAfter === null || !compilable(schema, operation)) {
      entry.set(null);
      return null;
    }
    if (state + 1 < options.compileAfter) {
      entry.set(state + 1);
      return null;
    }
    let query: CompiledQuery | null = null;
    try {
      const result = compileQuery(schema, document, operationName ?? undefined);
      if (isCompiledQuery(result)) query = result;
    } catch {
      // A document graphql-jit cannot compile runs on graphql-js, as every other.
    }
    entry.set(query);
    return query;
  };
  return {
    load() {
      return Promise.resolve({
        executor: async ({ document, operation, context, request }) => {
          const variables = request.variables ?? {};
          // The name the client asked for: the context's `operationName` is the resolved operation's,
          // unset when the document has no operation of that name, and graphql-js must see the
          // name to answer "Unknown operation named …" (a document's only operation would run).
          const operationName = request.operationName;
          const ctx = context as Context;
          // graphql-js coerces the variables first (once), for the statement and for graphql-jit: its
          // errors name the variable's definition, which Apollo answers as BAD_USER_INPUT with status
          // 400 (graphql-jit's do not).
          const coerce = () => getVariableValues(schema, operation?.variableDefinitions ?? [], variables, VARIABLE_ERRORS);
          let coerced: ReturnType<typeof coerce> | undefined;
          const plan = operation && options.pushdown.on() ? planFor(document, operation, operationName, ctx) : null;
          const rows = plan && options.pushdown.rows(ctx, plan.reads);
          if (plan && rows) {
            coerced = coerce();
            if (coerced.errors) return { errors: coerced.errors } as never;
            const statement = sqlOf(plan, coerced.coerced, ctx.em, rows);
            if (statement !== null) {
              options.executed?.('sql');
              return (await answerInSql(ctx, plan, statement, options.pushdown.read)) as never;
            }
          }
          // No resolver runs on a session taken from the cache before it is checked.
          if (ctx.session && !(await ctx.session.stands())) return SESSION_CHANGED as never;
          const query = operation ? compiledFor(document, operation, operationName) : null;
          if (!query) {
            options.executed?.('graphql-js');
            return (await execute({ schema, document, contextValue: context, variableValues: variables, operationName })) as never;
          }
          options.executed?.('graphql-jit');
          coerced ??= coerce();
          if (coerced.errors) return { errors: coerced.errors } as never;
          const result = (await query.query(undefined, context, variables)) as ExecutionResult;
          return (result.errors ? { ...result, errors: result.errors.map(upstreamError) } : result) as never;
        },
      });
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
