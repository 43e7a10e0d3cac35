import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_HEAP_FLAGS, WORKER_MALLOC_ENV, workerExecArgv, workerMallocEnv } from './cluster.js';
import { loadConfig } from './config.js';
import { freshPlace, type FreshPlace } from './test/fresh-database.js';

/**
 * WEB_CONCURRENCY (issue 10): several server processes on one port. The real `main.ts` is started
 * as operators start it, on a fresh PostgreSQL database; the primary has it migrated and seeded once
 * (by a short-lived process of its own), the workers answer, /metrics sums all workers, and SIGTERM
 * stops them all.
 */

describe('WEB_CONCURRENCY is read at boot', () => {
  it('takes a number or auto, and refuses more than one process on the embedded database', () => {
    const base = { NODE_ENV: 'test' } as NodeJS.ProcessEnv;
    expect(loadConfig(base).workers).toBe(1);
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://x@h/d', WEB_CONCURRENCY: '3' }).workers).toBe(3);
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://x@h/d', WEB_CONCURRENCY: 'auto' }).workers).toBeGreaterThanOrEqual(1);
    expect(() => loadConfig({ ...base, WEB_CONCURRENCY: '2' })).toThrow(/WEB_CONCURRENCY above 1 needs DATABASE_URL/);
    expect(() => loadConfig({ ...base, DATABASE_URL: 'postgres://x@h/d', WEB_CONCURRENCY: 'many' })).toThrow(/WEB_CONCURRENCY must be auto or a whole number from 1 to 64/);
  });
});

describe('the workers\' Node flags', () => {
  it('are the primary\'s plus a 16 MB young generation and a slower-growing old one, unless the operator chose either', () => {
    expect(WORKER_HEAP_FLAGS).toEqual(['--max-semi-space-size=16', '--heap-growing-percent=50']);
    expect(workerExecArgv(['--conditions=source'])).toEqual(['--conditions=source', '--max-semi-space-size=16', '--heap-growing-percent=50']);
    expect(workerExecArgv(['--max-semi-space-size=64'])).toEqual(['--max-semi-space-size=64', '--heap-growing-percent=50']);
    expect(workerExecArgv(['--heap_growing_percent=100'])).toEqual(['--heap_growing_percent=100', '--max-semi-space-size=16']);
    expect(workerExecArgv([], '--enable-source-maps --max-semi-space-size=128')).toEqual(['--heap-growing-percent=50']);
    // A flag that only starts alike is not the operator's choice.
    expect(workerExecArgv([], '--max-semi-space-size-x')).toEqual(['--max-semi-space-size=16', '--heap-growing-percent=50']);
  });

  it('come with one malloc arena (MALLOC_ARENA_MAX=1), unless the operator set their own', () => {
    expect(workerMallocEnv({})).toEqual({ MALLOC_ARENA_MAX: '1' });
    expect(workerMallocEnv({ MALLOC_ARENA_MAX: ' ' })).toEqual({ MALLOC_ARENA_MAX: '1' });
    expect(workerMallocEnv({ MALLOC_ARENA_MAX: '4' })).toEqual({});
  });
});

/** The worker processes of the primary (tsx's esbuild service is a child too, but not a worker). */
const children = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid), '-f', 'main.ts'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

describe.skipIf(!process.env.DATABASE_URL)('two workers on the PostgreSQL server', () => {
  const PORT = 43000 + Math.floor(Math.random() * 2000);
  const METRICS_TOKEN = 'cluster-metrics-token-0123';
  const url = `http://127.0.0.1:${PORT}`;
  let place: FreshPlace;
  let primary: ChildProcess;
  let output = '';

  beforeAll(async () => {
    place = await freshPlace('cluster');
    // --conditions=source: the workspace packages from their sources (a fresh clone has no shared/dist); the workers inherit it.
    primary = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, ...place.env, NODE_ENV: 'development', PORT: String(PORT), SEED: 'demo', WEB_CONCURRENCY: '2', JOBS: 'off', LOG_LEVEL: 'warn', METRICS_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    primary.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    primary.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 110_000;
    while (!output.includes('Schoolmix runs on') || children(primary.pid!).length < 2) {
      if (primary.exitCode !== null) throw new Error(`the server exited: ${output}`);
      if (Date.now() > deadline) throw new Error(`not up in time: ${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 120_000);

  afterAll(async () => {
    if (primary && primary.exitCode === null) primary.kill('SIGKILL');
    await place?.dispose();
  });

  it('serves from two worker processes, and /metrics counts the operations of both', async () => {
    const workers = children(primary.pid!);
    expect(workers).toHaveLength(2);
    // Each worker runs with the heap flags of cluster.ts (the primary passes them on).
    for (const pid of workers) expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toEqual(expect.arrayContaining([...WORKER_HEAP_FLAGS]));
    // And glibc's arenas bounded (cluster.ts WORKER_MALLOC_ENV), unless the operator set them.
    for (const pid of workers) expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toContain(`MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX?.trim() || WORKER_MALLOC_ENV.MALLOC_ARENA_MAX}`);
    // The primary never loads the application (a process of its own prepared the database): it is
    // far smaller than a worker (measured under tsx: 90 MB against 190 MB with WORKER_HEAP_FLAGS, 250
    // with the earlier 64 MB young generation; compiled 79 against 167). One that loaded it would be a worker's size.
    const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
    expect(rssKb(primary.pid!)).toBeLessThan((Math.min(...workers.map(rssKb)) * 2) / 3);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query ClusterProbe { __typename }' }) }).then((r) => r.json() as Promise<{ data?: { __typename: string } }>),
      ),
    );
    expect(answers.every((a) => a.data?.__typename === 'Query')).toBe(true);
    const metrics = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text());
    // Twelve operations, whichever worker answered each and whichever answers /metrics.
    expect(metrics).toMatch(/^schoolmix_graphql_operations_total\{operation="ClusterProbe",type="query"\} 12$/m);
  });

  it('SIGTERM to the primary stops every worker and exits 0', async () => {
    const workers = children(primary.pid!);
    const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Gone, or a zombie waiting for init to reap it: not running either way.
    const running = (pid: number) => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    expect(workers.filter(running)).toEqual([]);
  }, 60_000);
});
