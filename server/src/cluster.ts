import { fork } from 'node:child_process';
import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from './config.js';
import {
  METRICS_ANSWER as ANSWER,
  METRICS_ASK as ASK,
  type MetricsAnswer,
  WORKER_METRICS_ANSWER,
  WORKER_METRICS_ASK,
  type WorkerMetricsAnswer,
} from './metrics.js';

/**
 * Several server processes on one port (WEB_CONCURRENCY > 1, issue 10): Node's cluster module,
 * the primary handing connections to its workers in turn. Everything a request needs is already
 * shared through PostgreSQL (sessions, rate limits, idempotency keys, the jobs' locks), so the
 * workers are plain copies of the one-process server. What is specific to several:
 *
 * - The primary has the database migrated, seeded and its first administrator created once, by a
 *   short-lived process of its own (it loads none of the application itself), before any worker
 *   starts; the workers then only check that the schema is current.
 * - The scheduled jobs run in worker 1 only (they are safe with several instances, but there is no
 *   point in every worker waking up).
 * - /metrics, answered by whichever worker gets the request, holds the sum over all listening
 *   workers: the worker asks the primary, which asks each worker for its registry and sums them
 *   (prom-client's AggregatorRegistry.aggregate).
 * - SIGTERM/SIGINT to the primary drains every worker (each as main.ts does alone) and exits when
 *   all have; a worker that dies otherwise is replaced, unless workers keep dying (5 in a minute).
 */

/**
 * V8's heap for a worker (and, through the Dockerfile's CMD, for one process):
 * - `--max-semi-space-size=16`: a 16 MB young generation. A nested report read through the
 *   resolvers builds thousands of short-lived objects per request; V8's default young generation
 *   promoted them (section 7 of docs/PERFORMANCE.md chose 64 MB). Since an administrator's, a
 *   reviewer's and an analyst's nested reads are one statement (pushdown.ts), 64 MB cost about
 *   75 MB of RSS per busy worker for no measurable gain;
 * - `--heap-growing-percent=50`: after a full collection the old generation may grow by half of
 *   what survived before the next, instead of V8's factor of up to 4. The answers of nested reads
 *   are strings of 100 kB and more, kept among the large objects until a full collection: with
 *   V8's factor they piled up to 450–530 MB per worker (docs/PERFORMANCE.md section 10).
 * The operator's own value of either flag (on the command line or in NODE_OPTIONS) replaces ours.
 */
export const WORKER_HEAP_FLAGS = ['--max-semi-space-size=16', '--heap-growing-percent=50'] as const;

/**
 * The C library's memory for a worker (and, through the Dockerfile's ENV, for one process):
 * `MALLOC_ARENA_MAX=1` keeps glibc's malloc to one arena instead of eight per core, which the
 * threads of a Node process (V8's and libuv's) fill and keep. Two arenas gave 7–27 MB less RSS per
 * process than eight under `pnpm bench:api`'s shapes (docs/PERFORMANCE.md section 14), one
 * another 16–23 MB less at the peak of the shapes in a row (section 17), the same throughput: the
 * main thread does nearly all of a server's allocating. glibc reads it when a process starts, so
 * the primary sets it for its workers; the operator's own value stays.
 */
export const WORKER_MALLOC_ENV = { MALLOC_ARENA_MAX: '1' } as const;

/** The environment a worker gets on top of the primary's: WORKER_MALLOC_ENV where the operator set nothing. */
export function workerMallocEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(WORKER_MALLOC_ENV).filter(([key]) => !env[key]?.trim()));
}

/** The workers' Node flags: the primary's own, plus each of WORKER_HEAP_FLAGS the operator did not set (flag or NODE_OPTIONS). */
export function workerExecArgv(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)];
  const nameOf = (flag: string) => flag.split('=', 1)[0]!.replaceAll('_', '-');
  const chosen = new Set(given.map(nameOf));
  return [...execArgv, ...WORKER_HEAP_FLAGS.filter((flag) => !chosen.has(nameOf(flag)))];
}

/** Set in the environment of the short-lived process that prepares the database for the primary (main.ts). */
export const PREPARE_ENV = 'SCHOOLMIX_PREPARE';

/**
 * Migrates, seeds and creates the first administrator in a process of its own (main.ts with
 * SCHOOLMIX_PREPARE=1), so the primary never loads the application: it only forks and sums
 * metrics, and stays near the size of Node itself: 79 MB idle against a worker's 165 MB.
 * Resolves with that process's exit code (its own message on stderr when it refused to start).
 */
function prepareInChild(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(process.argv[1]!, process.argv.slice(2), { env: { ...process.env, [PREPARE_ENV]: '1' }, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Runs the primary: has the database prepared, starts `config.workers` workers and looks after them. */
export async function runPrimary(config: Config, logger: Logger): Promise<void> {
  const prepared = await prepareInChild();
  if (prepared !== 0) process.exit(prepared);

  const slots = new Map<Worker, number>();
  const listening = new Set<Worker>();

  /** Every listening worker's metrics, summed (a worker still starting or not answering in 2 s is left out). */
  const gather = async (): Promise<string> => {
    const id = randomUUID();
    const asked = [...listening].map(
      (worker) =>
        new Promise<WorkerMetricsAnswer['metrics'] | null>((resolve) => {
          const timer = setTimeout(() => done(null), 2_000);
          const onMessage = (message: WorkerMetricsAnswer) => {
            if (message?.type === WORKER_METRICS_ANSWER && message.id === id) done(message.metrics);
          };
          const done = (metrics: WorkerMetricsAnswer['metrics'] | null) => {
            clearTimeout(timer);
            worker.off('message', onMessage);
            resolve(metrics);
          };
          worker.on('message', onMessage);
          worker.send({ type: WORKER_METRICS_ASK, id });
        }),
    );
    const answers = (await Promise.all(asked)).filter((m) => m !== null);
    return AggregatorRegistry.aggregate(answers).metrics();
  };
  const deaths: number[] = [];
  let stopping = false;
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, process.env.NODE_OPTIONS) });

  const start = (slot: number) => {
    const worker = cluster.fork({
      ...workerMallocEnv(process.env),
      SCHOOLMIX_WORKER: String(slot),
      // Done by the primary above; a worker only checks the schema is current.
      MIGRATE_ON_START: 'false',
      SEED: 'none',
      JOBS: slot === 1 && config.jobs ? 'on' : 'off',
    });
    slots.set(worker, slot);
    worker.on('message', (message: { type?: string; id?: string }) => {
      if (message?.type !== ASK || typeof message.id !== 'string') return;
      const id = message.id;
      gather().then(
        (text) => worker.send({ type: ANSWER, id, text } satisfies MetricsAnswer),
        (error: unknown) => worker.send({ type: ANSWER, id, error: String(error) } satisfies MetricsAnswer),
      );
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    const slot = slots.get(worker) ?? 0;
    slots.delete(worker);
    listening.delete(worker);
    if (stopping) {
      if (slots.size === 0) process.exit(0);
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths[0]! < now - 60_000) deaths.shift();
    if (deaths.length >= 5) {
      logger.fatal({ slot, code, signal }, 'workers keep dying (5 in a minute): stopping');
      stopping = true;
      for (const other of slots.keys()) other.process.kill('SIGTERM');
      process.exitCode = 1;
      if (slots.size === 0) process.exit(1);
      return;
    }
    logger.error({ slot, code, signal }, 'a worker died: starting another');
    start(slot);
  });

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, workers: slots.size }, 'stopping all workers');
    for (const worker of slots.keys()) worker.process.kill('SIGTERM');
    // Each worker drains for up to SHUTDOWN_GRACE_MS; past that and a margin, stop anyway.
    setTimeout(() => process.exit(process.exitCode ?? 0), config.shutdownGraceMs + 10_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  for (let slot = 1; slot <= config.workers; slot += 1) start(slot);
  cluster.on('listening', (worker) => {
    listening.add(worker);
    if (listening.size === config.workers) logger.info({ workers: config.workers, port: config.port }, 'all workers are listening');
  });
}
