import type { Role } from './enums.js';

/**
 * What one GraphQL request may ask for, checked before any SQL runs (server
 * `graphql/query-limits.ts`). A refusal answers `QUERY_LIMIT_EXCEEDED` with `extensions.limit`
 * (one of the keys below, or `cost`), `extensions.max` and `extensions.measured`.
 * README "Limits" lists the same numbers.
 */
export const QUERY_LIMITS = {
  /** Characters of the query document (variables are bounded by the 2 MB body limit). */
  documentLength: 20_000,
  /** Lexical tokens of the query document (names, punctuation, values). */
  tokens: 2_000,
  /** Nesting of fields, fragments flattened (`{ a { b } }` is 2). */
  depth: 10,
  /** Aliased fields in one operation, fragments counted where they are spread. */
  aliases: 15,
  /** Directives (`@include`, `@skip`, …) in one operation. */
  directives: 20,
} as const;
export type QueryLimitName = keyof typeof QUERY_LIMITS | 'cost';

/**
 * Estimated cost budgets per request and role (see the server's `graphql/query-cost.ts` for how
 * cost is estimated: objects resolved, a list's size counted as its `first`/`last`, default 20).
 * Integrators and coordinators get less than the roles that read the whole programme (the data
 * team's report programme → municipalities → projects → kpi → events costs 26,202; the golden
 * programme table 42,042); administrators the most (the contract test's query of every field
 * costs 171,006); anonymous callers (login, the demo logins) the least.
 */
export const COST_BUDGETS: Readonly<Record<Role | 'ANONYMOUS', number>> = {
  ANONYMOUS: 100,
  INTEGRATOR: 5_000,
  COORDINATOR: 10_000,
  ANALYST: 50_000,
  REVIEWER: 50_000,
  ADMIN: 250_000,
};

/** The largest budget of any role: what a session token may spend before its role is known. */
export const COST_BUDGET_CEILING = Math.max(...Object.values(COST_BUDGETS));
