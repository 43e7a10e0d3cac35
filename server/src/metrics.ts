import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { StatementCounter } from './db/statement-counter.js';

/** Prometheus metrics of one app instance (its own registry, so tests can run many apps). */
export function createMetrics(statements: StatementCounter) {
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
  return { registry, httpDuration };
}
