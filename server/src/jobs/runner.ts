import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import type { Logger } from 'pino';
import type { Database } from '../db/orm.js';

/** One scheduled job: `run` does its work inside the transaction that holds the job's lease. */
export interface Job {
  name: string;
  /** At most one run per this many ms across all instances (the timer ticks more often). */
  everyMs: number;
  run(em: EntityManager, now: Date): Promise<Record<string, unknown>>;
}

export type RunResult = { ran: true; facts: Record<string, unknown> } | { ran: false; reason: 'LEASED_ELSEWHERE' | 'NOT_DUE' };

/**
 * The in-process job runner. Several instances may run it against one database: a run holds
 * the job's row in `job_lease` with `SELECT … FOR UPDATE SKIP LOCKED` for its whole
 * transaction, so while one instance runs a job the others skip it instead of waiting (on
 * PGlite, one connection, they simply queue). The jobs themselves are idempotent as well
 * (unique keys), so a run repeated after a crash or by a second instance does no harm.
 * JOBS=off (and NODE_ENV=test, by default) disables the timer; `runOnce` always works.
 */
export class JobRunner {
  readonly instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly jobs: readonly Job[],
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  /**
   * Runs one job now if no other runner holds it. With `ifDue`, only when its last finished run
   * (by any instance) is at least `everyMs` ago: what the timer does.
   */
  async runOnce(name: string, options: { ifDue?: boolean } = {}): Promise<RunResult> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`No job named ${name}`);
    const em = this.db.orm.em.fork();
    await em.execute(`insert into "job_lease" ("name") values (?) on conflict ("name") do nothing`, [name]);
    return em.transactional(async (tx) => {
      const now = this.now();
      const [lease] = await tx.execute<{ last_finished_at: string | Date | null }[]>(
        `select "last_finished_at" from "job_lease" where "name" = ? for update skip locked`,
        [name],
      );
      if (!lease) return { ran: false, reason: 'LEASED_ELSEWHERE' } as const;
      if (options.ifDue && lease.last_finished_at && now.getTime() - new Date(lease.last_finished_at).getTime() < job.everyMs) {
        return { ran: false, reason: 'NOT_DUE' } as const;
      }
      await tx.execute(`update "job_lease" set "last_started_at" = ?, "last_instance" = ? where "name" = ?`, [now.toISOString(), this.instance, name]);
      const facts = await job.run(tx, now);
      await tx.execute(`update "job_lease" set "last_finished_at" = ? where "name" = ?`, [now.toISOString(), name]);
      this.logger.info({ job: name, instance: this.instance, ...facts }, 'job ran');
      return { ran: true, facts } as const;
    });
  }

  /** Starts the timer: every `intervalMs` each due job runs (one after the other, never overlapping here). */
  start(intervalMs: number): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.running.then(async () => {
        for (const job of this.jobs) {
          await this.runOnce(job.name, { ifDue: true }).catch((error: unknown) => this.logger.error({ err: error, job: job.name }, 'job failed'));
        }
      });
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    // A first look soon after boot, not at once: migrations and the seed have just run.
    setTimeout(tick, Math.min(intervalMs, 5_000)).unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running.catch(() => undefined);
  }
}
