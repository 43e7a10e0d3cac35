import { randomUUID } from 'node:crypto';
import type { RequestHooks } from './graphql/request-hooks.js';
import { ERROR_CODES } from '@schoolmix/shared';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Executor } from './graphql/executor.js';
import type { StatementCounter } from './db/statement-counter.js';
import type { Context } from './graphql/context.js';
import { currentRequest, type RequestFacts } from './logger.js';

/**
 * At most this many operation names get a label of their own; later new names are counted as
 * `other`, so a client inventing names cannot grow the metrics without bound. The SPA sends
 * about 60 named operations.
 */
export const MAX_OPERATION_LABELS = 200;

/** A GraphQL name of at most 64 characters (longer or odd names are not worth a series). */
const LABEL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** The use of the published KPI tables kept across requests (modules/kpi/kpi-table.ts `publishedTableStats`). */
export interface PublishedTableStats {
  kept: number;
  computed: number;
  cells: number;
}

/** Prometheus metrics of one app instance (its own registry, so tests can run many apps). */
export function createMetrics(statements: StatementCounter, published: () => PublishedTableStats) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'schoolmix_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
  new Counter({
    name: 'schoolmix_sql_statements_total',
    help: 'SQL statements sent to the database',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(statements.total);
    },
  });
  // Counted in the process (the kept tables are the process's), read when scraped.
  new Counter({
    name: 'schoolmix_published_tables_total',
    help: 'Published KPI tables of projects read for analysts and exports: kept (taken from memory, unchanged since) or computed',
    labelNames: ['result'],
    registers: [registry],
    collect() {
      const { kept, computed } = published();
      this.reset();
      this.inc({ result: 'kept' }, kept);
      this.inc({ result: 'computed' }, computed);
    },
  });
  new Gauge({
    name: 'schoolmix_published_table_cells',
    help: 'Cells of the published KPI tables kept in memory (at most 200,000 per process: modules/kpi/kpi-table.ts PUBLISHED_CACHE_CELLS)',
    registers: [registry],
    collect() {
      this.set(published().cells);
    },
  });
  const operations = new Counter({
    name: 'schoolmix_graphql_operations_total',
    help: 'GraphQL operations answered, by operation name (anonymous: unnamed or never resolved; other: past the label cap) and type',
    labelNames: ['operation', 'type'],
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: 'schoolmix_graphql_operation_duration_seconds',
    help: 'GraphQL operation duration, from the start of Apollo’s work to the answer',
    labelNames: ['operation', 'type'],
    registers: [registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const errors = new Counter({
    name: 'schoolmix_graphql_errors_total',
    help: 'GraphQL errors in answers, by extensions.code and operation',
    labelNames: ['code', 'operation'],
    registers: [registry],
  });
  const executions = new Counter({
    name: 'schoolmix_graphql_executions_total',
    help: 'GraphQL operations executed, by executor: sql (one statement, graphql/pushdown.ts), graphql-jit (a compiled query) or graphql-js',
    labelNames: ['executor'],
    registers: [registry],
  });

  const labelled = new Set<string>();
  /**
   * The label of an operation name: its own only for a name of an operation that ran (passed the
   * access and limit gates), up to MAX_OPERATION_LABELS names.
   */
  const labelOf = (name: string | null | undefined, executed: boolean): string => {
    if (!name || !LABEL_NAME.test(name) || !executed) return 'anonymous';
    if (labelled.has(name)) return name;
    if (labelled.size >= MAX_OPERATION_LABELS) return 'other';
    labelled.add(name);
    return name;
  };
  const codeOf = (code: unknown): string => (typeof code === 'string' && LABEL_NAME.test(code) ? code : 'UNKNOWN');

  /**
   * Counts every GraphQL answer and fills the request log's facts (logger.ts): operation name and
   * type, viewer role, error codes.
   */
  const plugin: RequestHooks<Context> = {
    contextCreationDidFail({ error }) {
      // A refused credential (401) or an unavailable database: no operation was resolved.
      const code = codeOf((error as { extensions?: { code?: unknown } }).extensions?.code ?? ERROR_CODES.INTERNAL_SERVER_ERROR);
      operations.inc({ operation: 'anonymous', type: 'unknown' });
      errors.inc({ code, operation: 'anonymous' });
      const facts = currentRequest();
      if (facts) facts.errorCodes = [code];
    },
    requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      const facts: RequestFacts = currentRequest() ?? { requestId: contextValue.requestId, statements: 0 };
      facts.role = contextValue.viewer.role ?? 'ANONYMOUS';
      let executed = false;
      return {
        didResolveOperation({ operationName, operation }) {
          facts.operationName = operationName;
          facts.operationType = operation?.operation;
        },
        executionDidStart() {
          executed = true;
        },
        willSendResponse({ response }) {
          const operation = labelOf(facts.operationName, executed);
          const type = facts.operationType ?? 'unknown';
          operations.inc({ operation, type });
          operationDuration.observe({ operation, type }, Number(process.hrtime.bigint() - started) / 1e9);
          const found = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = found.map((e) => codeOf(e.extensions?.code));
          for (const code of codes) errors.inc({ code, operation });
          if (codes.length > 0) facts.errorCodes = [...new Set(codes)];
        },
      };
    },
  };
  /** Counts one execution by `executor` (graphql/executor.ts). */
  const executed = (executor: Executor) => executions.inc({ executor });
  return { registry, httpDuration, plugin, executed };
}

/** The question a worker sends its primary for everyone's metrics (cluster.ts), and the answer. */
export const METRICS_ASK = 'schoolmix:metrics?';
export const METRICS_ANSWER = 'schoolmix:metrics!';
export interface MetricsAnswer {
  type: typeof METRICS_ANSWER;
  id: string;
  text?: string;
  error?: string;
}

/** The primary's question to one worker for its own metrics, and the worker's answer. */
export const WORKER_METRICS_ASK = 'schoolmix:worker-metrics?';
export const WORKER_METRICS_ANSWER = 'schoolmix:worker-metrics!';
export interface WorkerMetricsAnswer {
  type: typeof WORKER_METRICS_ANSWER;
  id: string;
  metrics: Awaited<ReturnType<Registry['getMetricsAsJSON']>>;
}

/** In a cluster worker: answers the primary's requests for this worker's metrics with `registry`. */
export function shareWithPrimary(registry: Registry): void {
  process.on('message', (message: { type?: string; id?: string }) => {
    if (message?.type !== WORKER_METRICS_ASK || typeof message.id !== 'string') return;
    const id = message.id;
    void registry.getMetricsAsJSON().then((metrics) => process.send!({ type: WORKER_METRICS_ANSWER, id, metrics } satisfies WorkerMetricsAnswer));
  });
}

/** In a cluster worker (cluster.ts): the Prometheus text of all workers, gathered by the primary. */
export function allWorkersMetrics(timeoutMs = 5_000): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the primary did not answer with the metrics'));
    }, timeoutMs);
    const onMessage = (message: unknown) => {
      const answer = message as MetricsAnswer;
      if (answer?.type !== METRICS_ANSWER || answer.id !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (answer.text === undefined) reject(new Error(answer.error ?? 'no metrics'));
      else resolve(answer.text);
    };
    process.on('message', onMessage);
    process.send!({ type: METRICS_ASK, id });
  });
}
