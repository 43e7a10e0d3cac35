import { DefaultLogger, type Logger, type LoggerNamespace, type LoggerOptions, type LogContext } from '@mikro-orm/core';
import { currentRequest } from '../logger.js';

/**
 * Counts the SQL statements the ORM sends. Tests read it to prove a nested query costs a fixed
 * number of statements; /metrics exposes the running total, the request log each request's count.
 */
export class StatementCounter {
  total = 0;
  private listeners = new Set<(sql: string, connection: string) => void>();

  /** `connection`: `primary`, or the name of the read replica that ran it (`replica-1`, db/orm.ts). */
  record(sql: string, connection = 'primary'): void {
    this.total += 1;
    // The request log line counts the statements of its own request (logger.ts).
    const request = currentRequest();
    if (request) request.statements += 1;
    for (const l of this.listeners) l(sql, connection);
  }

  /** Runs `fn` and returns the statements it sent, in order. */
  async capture<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const statements: string[] = [];
    const listener = (sql: string) => statements.push(sql);
    this.listeners.add(listener);
    try {
      return { result: await fn(), statements };
    } finally {
      this.listeners.delete(listener);
    }
  }

  /** Runs `fn` and returns the statements it sent, in order, each with the connection that ran it. */
  async captureRouted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: { sql: string; connection: string }[] }> {
    const statements: { sql: string; connection: string }[] = [];
    const listener = (sql: string, connection: string) => statements.push({ sql, connection });
    this.listeners.add(listener);
    try {
      return { result: await fn(), statements };
    } finally {
      this.listeners.delete(listener);
    }
  }
}

/** A MikroORM logger that feeds the counter and stays silent otherwise. */
class CountingLogger extends DefaultLogger {
  constructor(
    options: LoggerOptions,
    private readonly counter: StatementCounter,
  ) {
    super(options);
  }

  override log(namespace: LoggerNamespace, _message: string, context?: LogContext): void {
    if (namespace === 'query' && context?.query) {
      const connection = context.connection;
      this.counter.record(context.query, connection?.type === 'read' ? (connection.name ?? 'replica') : 'primary');
    }
  }

  override isEnabled(namespace: LoggerNamespace): boolean {
    return namespace === 'query';
  }
}

export function countingLoggerFactory(counter: StatementCounter): (options: LoggerOptions) => Logger {
  return (options) => new CountingLogger(options, counter);
}
