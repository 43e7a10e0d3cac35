import { SESSION_ROW_SQL, type SessionRow } from './auth.service.js';

/**
 * A SIGNED-IN USER'S SESSION CHECKED INSIDE THE READ ITSELF.
 *
 * Every request of a signed-in user used to check its session in a statement of its own before
 * anything else (request-limit.ts): a second round trip for a read that PostgreSQL answers in one
 * statement (graphql/pushdown.ts). For a query at /graphql, on a PostgreSQL server, the request
 * limiter now takes the session's row as this process last read it (`SessionCache`) and leaves the
 * check to the read: the read's statement gets a condition (`SESSION_GUARD_SQL`) that PostgreSQL
 * evaluates once, before it reads anything, and that holds only if the session's row reads exactly
 * as it was seen (`seen`: its text, every column: active, token version, logged out, role, email,
 * municipality and the municipalities merged into it). A read that does not answer in one
 * statement checks the session alone first (`verify`), as before.
 *
 * Nothing is answered on a session that was not checked: the HTTP front door (graphql/front-door.ts)
 * checks the session itself if nothing did (a query refused before it ran, say), and when the row
 * no longer reads as it was seen, it drops its answer, counts the request again as if it had just
 * arrived (request-limit.ts `again`: the session read and checked first, a refusal counted
 * against the client's address and answered 401) and runs it again. A query's resolvers never run
 * before the check (graphql/executor.ts), so nothing was done on the stale row.
 */

/** A session's row and its text, the one the guard compares. Two parameters, as SESSION_ROW_SQL. */
export const SESSION_SEEN_SQL = `select s.*, s::text as seen from (${SESSION_ROW_SQL}) as s`;

/** SESSION_ROW_SQL's row with its text. */
export type SeenSessionRow = SessionRow & { seen: string };

/**
 * The condition a read adds: true only if the session's row reads as seen. No column of the read
 * in it, so PostgreSQL evaluates it once, before the read (a "one-time filter"); false reads no row.
 * Parameters: $1 the session's id, $2 the user's id, $3 the row's text as seen.
 */
export const SESSION_GUARD_SQL = `(select s::text from (${SESSION_ROW_SQL.replace('?', '$1').replace('?', '$2')}) as s) = $3`;

/**
 * One request's session, taken from the cache and not yet checked. Shared by every copy of the
 * request's context (Apollo may copy it): the executor records what the read found, the front
 * door reads it.
 */
export class SessionCheck {
  /** unchecked: nothing has read the session yet; unchanged: it reads as seen; changed: it does not (or is gone). */
  state: 'unchecked' | 'unchanged' | 'changed' = 'unchecked';
  /** The guard's parameters: the session's id, the user's id, the row's text as seen. */
  readonly params: readonly [string, string, string];
  /** The condition a read adds to check the session (SESSION_GUARD_SQL), with `params`. */
  readonly guard = SESSION_GUARD_SQL;

  constructor(
    readonly sessionId: string,
    readonly userId: string,
    seen: string,
    /** Reads the session's row alone (SESSION_SEEN_SQL), for `verify`. */
    private readonly read: () => Promise<SeenSessionRow | undefined>,
  ) {
    this.params = [sessionId, userId, seen];
  }

  /** What a guarded read found: a row (the guard held), or none where the read always answers one. */
  found(unchanged: boolean): void {
    this.state = unchanged ? 'unchanged' : 'changed';
  }

  /** Whether the session reads as seen: read alone, once, unless a guarded read already told. Throws when the database cannot be asked. */
  async verify(): Promise<boolean> {
    if (this.state === 'unchecked') this.state = (await this.read())?.seen === this.params[2] ? 'unchanged' : 'changed';
    return this.state === 'unchanged';
  }

  /**
   * `verify`, with a database that cannot be asked taken as a changed session: the request then runs
   * again from the start (the front door), where the outage is answered as before — never the
   * answer of this run.
   */
  async stands(): Promise<boolean> {
    try {
      return await this.verify();
    } catch {
      this.found(false);
      return false;
    }
  }
}

/**
 * The rows of the sessions this process last found standing, by session id: at most `max` (the
 * oldest entry goes first). A row is only ever used with a check (SessionCheck), so an entry that
 * went stale costs one request its second run, never a wrong answer.
 */
export class SessionCache {
  private readonly rows = new Map<string, SeenSessionRow>();

  constructor(private readonly max = 10_000) {}

  /** The row last seen for this session of this user, if any. */
  get(sessionId: string, userId: string): SeenSessionRow | undefined {
    const row = this.rows.get(sessionId);
    return row?.id === userId ? row : undefined;
  }

  set(sessionId: string, row: SeenSessionRow): void {
    this.rows.delete(sessionId);
    if (this.rows.size >= this.max) this.rows.delete(this.rows.keys().next().value!);
    this.rows.set(sessionId, row);
  }

  delete(sessionId: string): void {
    this.rows.delete(sessionId);
  }

  get size(): number {
    return this.rows.size;
  }
}
