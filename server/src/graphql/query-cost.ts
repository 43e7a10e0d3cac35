import { LIMITS } from '@schoolmix/shared';
import { type DocumentNode, getNamedType, type GraphQLOutputType, type GraphQLSchema, isCompositeType, isListType, isNonNullType } from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

/**
 * HOW A QUERY'S COST IS ESTIMATED, before it runs (graphql-query-complexity walks the document
 * with the variables; this estimator prices each field). The unit is "objects the server may
 * have to load": an upper bound of the rows behind the answer.
 *
 * - a scalar or enum field: 0 (a column of a row already loaded);
 * - an object field: 1 + what is selected inside it;
 * - a paginated list (`first`/`last`): 1 + its page size × the cost of one row, where the page
 *   size is `first` (or `last`), 20 when neither is given, at most 100;
 * - a list without pagination: its largest possible size (LIST_SIZES) × (1 + one element);
 * - introspection: 1 (development only; production refuses it).
 */

/** The largest size of every list field without `first`/`last` (a test keeps this complete). */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'Query.demoLogins': 10,
  // The largest 2025 merger joined three municipalities.
  'Municipality.mergedFrom': 5,
  'School.compositions': 20,
  'Project.partnerMunicipalities': 20,
  'Project.partnerOrganizations': 20,
  // Submit, review, send back and close: a handful per project, even after a few rounds of changes.
  'Project.transitions': 20,
  'Event.schools': 20,
  'Household.enrollments': LIMITS.childrenMax,
  // At most one row per municipality (300 before 2025).
  'ProgramReport.municipalityProgress': 300,
  'MunicipalityProgress.suppressed': 5,
  'ProjectKpi.byEventType': 5,
  'ProjectKpi.suppressed': 5,
  // One row per funded project of a period: at most one per municipality and priority, a few hundred.
  'PeriodSettlement.rows': 300,
  'SocialMixReport.trend': 20,
  'SocialMixReport.schools': 300,
  // Read from the row's own JSON column, no rows behind them.
  'AuditEvent.changes': 1,
  // One row per settled funding period (one a year).
  'RetentionReport.periods': 50,
  // One project for an event or an attendance; an organisation organises for the projects of its municipality, a few per period.
  'ConsequencePreview.projects': 50,
  // One entry per event type; differences: at most one per figure of a final report.
  'FinalReportFigures.byEventType': 5,
  'FinalReport.differences': 20,
  // nodes(ids:) takes at most NODES_MAX ids (node.resolver.ts); the estimator uses the ids' count when it knows it.
  'Query.nodes': 100,
};

/** Lists of plain values computed in memory (no rows behind them): priced as one element. */
const FREE_LISTS = new Set(['UserError']);

/** Fallback for a list field missing from LIST_SIZES. */
export const DEFAULT_LIST_SIZE = 100;

function unwrap(type: GraphQLOutputType): GraphQLOutputType {
  return isNonNullType(type) ? type.ofType : type;
}

/** The page size a paginated list will have, as the resolver will read it (connection.ts). */
function pageSize(args: Record<string, unknown>): number {
  const clamp = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(Math.max(Math.trunc(v), 0), LIMITS.pageSizeMax) : null);
  const first = clamp(args.first);
  const last = clamp(args.last);
  if (first !== null && last !== null) return Math.min(first, last);
  return first ?? last ?? LIMITS.pageSizeDefault;
}

export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name === '__schema' || field.name === '__type') return 1;
  if (type.name.startsWith('__') || field.name === '__typename') return 0;
  const named = getNamedType(field.type);
  if (!isCompositeType(named)) return 0;
  if (field.args.some((a) => a.name === 'first')) return 1 + pageSize(args) * childComplexity;
  // Rows of a connection: its page size was counted on the connection field itself.
  if (type.name.endsWith('Connection') && (field.name === 'nodes' || field.name === 'edges')) return 1 + childComplexity;
  if (type.name === 'Query' && field.name === 'nodes' && Array.isArray(args.ids)) {
    return Math.min(args.ids.length, LIST_SIZES['Query.nodes']!) * (1 + childComplexity);
  }
  if (isListType(unwrap(field.type))) {
    if (FREE_LISTS.has(named.name)) return 1 + childComplexity;
    return (LIST_SIZES[`${type.name}.${field.name}`] ?? DEFAULT_LIST_SIZE) * (1 + childComplexity);
  }
  return 1 + childComplexity;
};

/**
 * Fields the walk may visit with fragments expanded. A few fragments each spread several times
 * grow exponentially; past this the walk stops and the query is refused.
 */
export const MAX_EXPANDED_FIELDS = 10_000;

export type CostMeasure = { cost: number } | { expandedFields: number } | { unmeasurable: unknown };

/**
 * The estimated cost of the operation that `operationName` selects. A document the walk cannot
 * price (unknown fields, bad variables) is `unmeasurable`: GraphQL validation refuses it anyway.
 */
export function measureCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined): CostMeasure {
  try {
    return { cost: getComplexity({ schema, query: document, variables: variables ?? {}, operationName, estimators: [costEstimator], maxQueryNodes: MAX_EXPANDED_FIELDS }) };
  } catch (error) {
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) return { expandedFields: MAX_EXPANDED_FIELDS + 1 };
    return { unmeasurable: error };
  }
}
