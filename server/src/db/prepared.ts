import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import type { Pool } from 'pg';
import type { Database } from './orm.js';

/**
 * What PostgreSQL (or a pooler in front of it) answers when a prepared statement cannot be used:
 * 26000 the name is unknown on this connection, 42P05 it exists already (a pooler that hands one
 * client's statements to another connection), 0A000 "cached plan must not change result type"
 * (a migration changed a table the statement reads, once per connection).
 */
const UNUSABLE = new Set(['26000', '42P05', '0A000']);

/** The name of a statement's text: the same text, the same name, in every process. */
const nameOf = (sql: string) => `smx_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;

/**
 * Reads sent as named prepared statements on a PostgreSQL server, so PostgreSQL plans a repeated
 * statement once per connection instead of on every request.
 *
 * MikroORM sends every statement with its values written into the text (`execute` formats them),
 * over the simple protocol, and PostgreSQL parses and plans each one anew: for the one statement
 * of a nested read (graphql/pushdown.ts) planning took 1.1 ms of its 5 ms, for the small list's
 * 0.05–0.1 ms (docs/PERFORMANCE.md section 11). A text seen `after` times is given a name and sent
 * through the pool's own client (`pg`, which prepares a name once per connection and binds it
 * afterwards); PostgreSQL keeps the plan of each prepared statement for the connection's life
 * (about 130 kB of backend memory for a nested read's plan), so at most `max` texts (50) are ever
 * named per process — the first ones seen twice; then the others go on as before — and at most
 * `track` texts are counted towards `after` at a time (a list full of once-seen texts starts over).
 * A statement's values are written into its text, so each page (cursor) and each scoped viewer's
 * read is a text of its own; sending them as parameters, one text per query shape, is the next step.
 * Counted as statements like any other (StatementCounter). PGlite, a read inside a transaction
 * (which must run on the transaction's own connection) and everything with PREPARED_STATEMENTS=off
 * (a pooler in transaction mode that cannot keep prepared statements) go through the EntityManager.
 */
/** A query as the pg driver takes it: named (prepared once per connection) or not. */
interface NativeQuery {
  name?: string;
  text: string;
  values?: readonly unknown[];
  rowMode?: 'array';
}

export class PreparedReads {
  private readonly seen = new Map<string, number>();
  private readonly named = new Map<string, string>();
  /** The few fixed texts with parameters (not counted against `max`). */
  private readonly parameterized = new Map<string, { name: string; text: string; count: number }>();
  /** Set when a pooler showed it cannot keep prepared statements: from then on everything goes through the EntityManager. */
  private refused = false;

  constructor(
    private readonly db: Pick<Database, 'orm' | 'statements' | 'kind'>,
    private readonly options: { after: number; max: number; track: number; enabled?: boolean; onRefused?: (error: Error) => void } = { after: 2, max: 50, track: 2_000 },
  ) {}

  /** On a PostgreSQL server, unless PREPARED_STATEMENTS=off or a pooler refused them (for a read outside a transaction). */
  get enabled(): boolean {
    return this.options.enabled !== false && !this.refused && this.db.kind === 'postgresql';
  }

  /** `enabled`, and outside a transaction. */
  private usable(em: EntityManager): boolean {
    return this.enabled && !em.isInTransaction();
  }

  /**
   * The rows of a statement without parameters (its values written in): objects by column name, or
   * with `rowMode` 'array' arrays of the columns in order where the pg driver answers (the
   * EntityManager answers objects either way).
   *
   * With `values`, the text holds `$1`… for them (a read that checks the session itself,
   * modules/auth/session-check.ts) and is sent through the pool's own client in any case, named
   * once repeated as any other: only on a PostgreSQL server, outside a transaction.
   */
  async all<T extends object>(em: EntityManager, sql: string, rowMode?: 'array', values?: readonly unknown[]): Promise<T[]> {
    if (values) {
      if (this.db.kind !== 'postgresql' || em.isInTransaction()) throw new Error('PreparedReads.all: values only on a PostgreSQL server, outside a transaction');
      const name = this.enabled ? this.nameIfRepeated(sql) : null;
      const unnamed = () => this.send<T>({ text: sql, values, rowMode }, sql);
      return name ? this.run(em, sql, { name, text: sql, values, rowMode }, unnamed) : unnamed();
    }
    const name = this.usable(em) ? this.nameIfRepeated(sql) : null;
    if (!name) return em.execute<T[]>(sql);
    return this.run(em, sql, { name, text: sql, rowMode }, () => em.execute<T[]>(sql));
  }

  /**
   * The rows of a statement with `?` parameters (in the order of `values`, plain values only), which
   * stays one named statement on a PostgreSQL server whatever the values: for the reads every
   * request makes (the session check, modules/auth/request-limit.ts). `?` must stand only for
   * parameters in the text (no literal or jsonb operator holds one).
   */
  async withParams<T extends object>(em: EntityManager, sql: string, values: unknown[]): Promise<T[]> {
    if (!this.usable(em)) return em.execute<T[]>(sql, values);
    let statement = this.parameterized.get(sql);
    if (!statement) {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      statement = { name: nameOf(sql), text, count: n };
      this.parameterized.set(sql, statement);
    }
    if (values.length !== statement.count || values.some((v) => Array.isArray(v) || (typeof v === 'object' && v !== null && !(v instanceof Date)))) {
      throw new Error(`PreparedReads.withParams: ${statement.count} plain values expected, got ${values.length}`);
    }
    return this.run(em, sql, { name: statement.name, text: statement.text, values }, () => em.execute<T[]>(sql, values));
  }

  /** How many texts are named (prepared), for tests and the operations docs. */
  get size(): number {
    return this.named.size;
  }

  /**
   * Sends a named statement through the pool's own client. If PostgreSQL or a pooler cannot use
   * it, the read is sent again through the EntityManager; a pooler that loses or shares names
   * (26000, 42P05) turns prepared statements off for the process, with one warning.
   */
  private async run<T extends object>(em: EntityManager, sql: string, query: NativeQuery & { name: string }, fallback: () => Promise<T[]>): Promise<T[]> {
    try {
      return await this.send<T>(query, sql);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !UNUSABLE.has(code)) throw error;
      if (code !== '0A000' && !this.refused) {
        this.refused = true;
        this.options.onRefused?.(error as Error);
      }
      return fallback();
    }
  }

  /** Sends a query through the pool's own client, counted as a statement (`sql`: the text it is counted as). */
  private async send<T extends object>(query: NativeQuery, sql: string): Promise<T[]> {
    const pool = await (this.db.orm.driver.getConnection('write') as unknown as { getNativeClient(): Promise<Pool> }).getNativeClient();
    this.db.statements.record(sql);
    return (await pool.query<T>(query as { text: string })).rows;
  }

  /** The name of a text seen `after` times while fewer than `max` are named, else null. */
  private nameIfRepeated(sql: string): string | null {
    const known = this.named.get(sql);
    if (known) return known;
    if (this.named.size >= this.options.max) return null;
    const runs = (this.seen.get(sql) ?? 0) + 1;
    if (runs < this.options.after) {
      if (this.seen.size >= this.options.track) this.seen.clear();
      this.seen.set(sql, runs);
      return null;
    }
    this.seen.delete(sql);
    const name = nameOf(sql);
    this.named.set(sql, name);
    return name;
  }
}
