import type { RequestHooks } from './request-hooks.js';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { COST_BUDGET_CEILING, COST_BUDGETS, ERROR_CODES, QUERY_LIMITS, type QueryLimitName, type Role } from '@schoolmix/shared';
import type express from 'express';
import { type DocumentNode, getOperationAST, type GraphQLError, type GraphQLSchema, Lexer, OperationTypeNode, parse, Source, TokenKind, validate } from 'graphql';
import type { Logger } from 'pino';
import type { Context } from './context.js';
import { markOneQuery } from './one-query.js';
import { OperationMemo } from './operation-memo.js';
import { apiError, sendGraphQLError } from './errors.js';
import { type CostMeasure, MAX_EXPANDED_FIELDS, measureCost } from './query-cost.js';

/**
 * QUERY LIMITS, enforced before any SQL runs. Two stages:
 *
 * 1. `queryLimitGate`, an Express middleware in front of Apollo — so before the context factory
 *    authenticates (which reads the database): document length, tokens, depth, aliases and
 *    directives (graphql-armor's rules measure them), then the estimated cost (query-cost.ts)
 *    against the largest budget the credential could have: the anonymous budget without an
 *    Authorization header, the integrator's for an API key, the largest of all for a session.
 * 2. `costBudgetPlugin`, once Apollo knows the viewer: the same cost against the viewer's role.
 *
 * Every refusal is HTTP 400 with `QUERY_LIMIT_EXCEEDED` and `extensions { limit, max, measured }`.
 */

export interface LimitBreach {
  limit: QueryLimitName | 'expandedFields';
  max: number;
  measured: number;
  /** For a cost refusal: whose budget it was. */
  budget?: Role | 'ANONYMOUS' | 'ANY_ROLE';
}

const DESCRIPTIONS: Record<LimitBreach['limit'], string> = {
  documentLength: 'characters in the query document',
  tokens: 'tokens in the query document',
  depth: 'levels of nested fields',
  aliases: 'aliases',
  directives: 'directives',
  cost: 'estimated cost',
  expandedFields: 'fields with fragments expanded',
};

export function limitError(breach: LimitBreach): GraphQLError {
  const over = breach.limit === 'expandedFields' ? `more than ${breach.max}` : String(breach.measured);
  const whose = breach.budget && breach.budget !== 'ANY_ROLE' ? ` (the budget of ${breach.budget === 'ANONYMOUS' ? 'an anonymous caller' : `a ${breach.budget.toLowerCase()}`})` : '';
  return apiError(ERROR_CODES.QUERY_LIMIT_EXCEEDED, `Query limit exceeded: ${DESCRIPTIONS[breach.limit]} ${over}, at most ${breach.max}${whose}`, { ...breach }, { status: 400 });
}

/** Tokens of the document, counted by graphql-js's own lexer (null when it does not lex). */
function countTokens(query: string): number | null {
  try {
    const lexer = new Lexer(new Source(query));
    let count = 0;
    while (lexer.advance().kind !== TokenKind.EOF) count += 1;
    return count;
  } catch {
    return null;
  }
}

/** Depth, aliases and directives of the document's operations (the largest), measured by graphql-armor. */
function measureShape(schema: GraphQLSchema, document: DocumentNode): { depth: number; aliases: number; directives: number } {
  const measured = { depth: 0, aliases: 0, directives: 0 };
  const record = (key: keyof typeof measured) => [(_: unknown, { n }: { n: number }) => void (measured[key] = Math.max(measured[key], n))];
  // n: Infinity: the rules only measure (onAccept); the limits are compared here, so every
  // refusal carries the measured value in extensions.
  validate(schema, document, [
    maxDepthRule({ n: Infinity, flattenFragments: true, ignoreIntrospection: true, onAccept: record('depth') as never }),
    maxAliasesRule({ n: Infinity, allowList: [], onAccept: record('aliases') as never }),
    maxDirectivesRule({ n: Infinity, onAccept: record('directives') as never }),
  ]);
  return measured;
}

export interface QueryRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/**
 * Stage 1: every limit that does not depend on who asks, and the cost against `budget`.
 * Null when the request is within them (or cannot be measured: then it is no valid GraphQL and
 * Apollo refuses it with its own error, without running it).
 */
export function checkQuery(schema: GraphQLSchema, request: QueryRequest, budget: { max: number; whose: LimitBreach['budget'] }): LimitBreach | null {
  const { query } = request;
  if (query.length > QUERY_LIMITS.documentLength) return { limit: 'documentLength', max: QUERY_LIMITS.documentLength, measured: query.length };
  const facts = documentFacts(schema, query);
  if (facts.tokens === null) return null;
  if (facts.tokens > QUERY_LIMITS.tokens) return { limit: 'tokens', max: QUERY_LIMITS.tokens, measured: facts.tokens };
  if (!facts.document || !facts.shape) return null;
  for (const limit of ['depth', 'aliases', 'directives'] as const) {
    if (facts.shape[limit] > QUERY_LIMITS[limit]) return { limit, max: QUERY_LIMITS[limit], measured: facts.shape[limit] };
  }
  return checkCost(schema, facts.document, request.variables, request.operationName, budget);
}

/** Whether the operation a request runs is a query (a document Apollo will parse and validate itself). */
function isQuery(schema: GraphQLSchema, request: QueryRequest): boolean {
  const { document } = documentFacts(schema, request.query);
  return !!document && getOperationAST(document, request.operationName)?.operation === OperationTypeNode.QUERY;
}

/**
 * What stage 1 learns from a query text alone (tokens, the parsed document, its shape), kept for the
 * last DOCUMENT_CACHE_SIZE texts per schema: clients repeat the same few operations, and lexing,
 * parsing and measuring them again on every request cost more than running a small list.
 */
interface DocumentFacts {
  tokens: number | null;
  document: DocumentNode | null;
  shape: { depth: number; aliases: number; directives: number } | null;
}
const DOCUMENT_CACHE_SIZE = 500;
const documentCaches = new WeakMap<GraphQLSchema, Map<string, DocumentFacts>>();

function documentFacts(schema: GraphQLSchema, query: string): DocumentFacts {
  let cache = documentCaches.get(schema);
  if (!cache) documentCaches.set(schema, (cache = new Map<string, DocumentFacts>()));
  const known = cache.get(query);
  if (known) return known;
  const facts: DocumentFacts = { tokens: countTokens(query), document: null, shape: null };
  if (facts.tokens !== null && facts.tokens <= QUERY_LIMITS.tokens) {
    try {
      facts.document = parse(query, { maxTokens: QUERY_LIMITS.tokens });
      facts.shape = measureShape(schema, facts.document);
    } catch {
      /* not GraphQL: Apollo refuses it with its own error */
    }
  }
  if (cache.size >= DOCUMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(query, facts);
  return facts;
}

/** The cost of one operation with these variables, priced once for stage 1 and stage 2 (operation-memo.ts). */
const costs = new OperationMemo<CostMeasure>();

/**
 * The cost against a budget. A document that cannot be priced passes: before Apollo it is no valid
 * GraphQL (Apollo's validation refuses it); in the plugin the document is valid, so only its
 * variables can be wrong, and Apollo refuses those (BAD_USER_INPUT) before any resolver runs.
 */
function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  budget: { max: number; whose: LimitBreach['budget'] },
): LimitBreach | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const measure = costs.get(document, operation.name?.value, variables, () => measureCost(schema, document, variables, operation.name?.value));
  if ('expandedFields' in measure) return { limit: 'expandedFields', max: MAX_EXPANDED_FIELDS, measured: measure.expandedFields };
  if ('unmeasurable' in measure) return null;
  return measure.cost > budget.max ? { limit: 'cost', max: budget.max, measured: measure.cost, budget: budget.whose } : null;
}

/** The largest budget the credential in this Authorization header could turn out to have. */
function budgetFor(authorization: string | undefined): { max: number; whose: LimitBreach['budget'] } {
  if (!authorization) return { max: COST_BUDGETS.ANONYMOUS, whose: 'ANONYMOUS' };
  if (/^Bearer\s+smx_/i.test(authorization.trim())) return { max: COST_BUDGETS.INTEGRATOR, whose: 'INTEGRATOR' };
  return { max: COST_BUDGET_CEILING, whose: 'ANY_ROLE' };
}

/**
 * The query, variables and operation name of a POST body or a GET query string, when readable;
 * every operation of an array body (Apollo refuses batches, but only after authentication).
 */
function readRequests(req: express.Request): QueryRequest[] {
  const source: unknown = req.method === 'GET' ? searchRequest(req.url) : req.body;
  const items: unknown[] = Array.isArray(source) ? source : [source];
  return items.map(readRequest).filter((r): r is QueryRequest => r !== null);
}

/**
 * A GET request's operation read from its query string as Apollo reads it (URLSearchParams, each
 * parameter given once), not from Express's `req.query`, which reads only the first 1,000
 * parameters: a query behind 1,000 others would pass this gate unseen and still reach Apollo.
 */
function searchRequest(url: string): Record<string, string | undefined> {
  const at = url.indexOf('?');
  const params = new URLSearchParams(at < 0 ? '' : url.slice(at));
  const once = (name: string) => {
    const values = params.getAll(name);
    return values.length === 1 ? values[0] : undefined;
  };
  return { query: once('query'), variables: once('variables'), operationName: once('operationName') };
}

function readRequest(source: unknown): QueryRequest | null {
  if (!source || typeof source !== 'object' || Array.isArray(source)) return null;
  const { query, variables, operationName } = source as Record<string, unknown>;
  if (typeof query !== 'string') return null;
  let vars: unknown = variables;
  if (typeof vars === 'string') {
    try {
      vars = JSON.parse(vars);
    } catch {
      return null;
    }
  }
  return {
    query,
    variables: vars && typeof vars === 'object' && !Array.isArray(vars) ? (vars as Record<string, unknown>) : undefined,
    operationName: typeof operationName === 'string' ? operationName : undefined,
  };
}

/** Stage 1 as Express middleware: refuses with 400 before Apollo (and its SQL) sees the request. */
export function queryLimitGate(schema: GraphQLSchema, logger: Logger): express.RequestHandler {
  return (req, res, next) => {
    const budget = budgetFor(req.headers.authorization);
    let breach: LimitBreach | null = null;
    const requests = readRequests(req);
    for (const request of requests) {
      breach = checkQuery(schema, request, budget);
      if (breach) break;
    }
    if (!breach) {
      if (requests.length === 1 && !Array.isArray(req.body) && isQuery(schema, requests[0]!)) markOneQuery(res);
      return next();
    }
    // debug, not info: an attacker must not be able to fill the log at the rate he sends.
    logger.debug({ limit: breach.limit, max: breach.max, measured: breach.measured }, 'query refused by a query limit');
    sendGraphQLError(res, limitError(breach), true);
  };
}

/** Stage 2: the cost against the viewer's own role, before any resolver runs. */
export const costBudgetPlugin: RequestHooks<Context> = {
  requestDidStart() {
    return {
      didResolveOperation({ document, request, operationName, schema, contextValue }) {
        const whose = contextValue.viewer.role ?? 'ANONYMOUS';
        const breach = checkCost(schema, document, request.variables, operationName ?? undefined, { max: COST_BUDGETS[whose], whose });
        if (breach) throw limitError(breach);
      },
    };
  },
};
