import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import type { Pool } from 'pg';
import type { Database } from './orm.js';

/**
 * Reads sent as named prepared statements on a PostgreSQL server, so PostgreSQL plans a repeated
 * statement once per connection instead of on every request.
 *
 * MikroORM sends every statement with its values written into the text (`execute` formats them),
 * over the simple protocol, and PostgreSQL parses and plans each one anew: for the one statement
 * of a nested read (graphql/pushdown.ts) planning took 1.1 ms of its 5 ms, for the small list's
 * 0.05–0.1 ms (docs/PERFORMANCE.md section 11). A text seen `after` times is given a name and sent
 * through the pool's own client (`pg`, which prepares a name once per connection and binds it
 * afterwards); PostgreSQL keeps the plan of each prepared statement for the connection's life, so
 * at most `max` texts are ever named per process (then the others go on as before), and at most
 * `track` texts are counted towards `after` at a time (a list full of once-seen texts starts over).
 * Counted as statements like any other (StatementCounter). PGlite, a read inside a transaction
 * (which must run on the transaction's own connection) and everything with PREPARED_STATEMENTS=off
 * (a pooler in transaction mode that cannot keep prepared statements) go through the EntityManager.
 */
export class PreparedReads {
  private readonly seen = new Map<string, number>();
  private readonly named = new Map<string, string>();
  /** The few fixed texts with parameters (not counted against `max`). */
  private readonly parameterized = new Map<string, { name: string; text: string }>();

  constructor(
    private readonly db: Pick<Database, 'orm' | 'statements' | 'kind'>,
    private readonly options: { after: number; max: number; track: number; enabled?: boolean } = { after: 2, max: 200, track: 2_000 },
  ) {}

  /** On a PostgreSQL server, unless PREPARED_STATEMENTS=off, and outside a transaction. */
  private usable(em: EntityManager): boolean {
    return this.options.enabled !== false && this.db.kind === 'postgresql' && !em.isInTransaction();
  }

  /** The rows of a statement without parameters (its values written in). */
  async all<T extends object>(em: EntityManager, sql: string): Promise<T[]> {
    const name = this.usable(em) ? this.nameOf(sql) : null;
    if (!name) return em.execute<T[]>(sql);
    const pool = await (this.db.orm.driver.getConnection('write') as unknown as { getNativeClient(): Promise<Pool> }).getNativeClient();
    this.db.statements.record(sql);
    return (await pool.query<T>({ name, text: sql })).rows;
  }

  /**
   * The rows of a statement with `?` parameters (in the order of `values`), which stays one named
   * statement on a PostgreSQL server whatever the values: for the reads every request makes (the
   * session check, modules/auth/request-limit.ts).
   */
  async withParams<T extends object>(em: EntityManager, sql: string, values: unknown[]): Promise<T[]> {
    if (!this.usable(em)) return em.execute<T[]>(sql, values);
    let statement = this.parameterized.get(sql);
    if (!statement) {
      // `?` stands only for parameters in these texts (no literal holds one).
      let n = 0;
      statement = { name: `smx_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`, text: sql.replace(/\?/g, () => `$${++n}`) };
      this.parameterized.set(sql, statement);
    }
    const pool = await (this.db.orm.driver.getConnection('write') as unknown as { getNativeClient(): Promise<Pool> }).getNativeClient();
    this.db.statements.record(sql);
    return (await pool.query<T>({ ...statement, values })).rows;
  }

  /** How many texts are named (prepared), for tests and the operations docs. */
  get size(): number {
    return this.named.size;
  }

  private nameOf(sql: string): string | null {
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
    const name = `smx_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    this.named.set(sql, name);
    return name;
  }
}
