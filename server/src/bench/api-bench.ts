/**
 * `pnpm bench:api`: Schoolmix side by side with PostGraphile 5 (amber preset) on one freshly
 * seeded scale database, both as production servers in their own processes.
 *
 * Creates `schoolmix_bench_api` on the PostgreSQL server of DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), loads the scale data set, adds the KPI as a SQL
 * computed column for PostGraphile (`project_reached(project)`, the same definition as
 * Schoolmix's KPI), starts the compiled Schoolmix server (`node server/dist/main.js`,
 * NODE_ENV=production) and PostGraphile, checks that each pair of equivalent queries returns the
 * same result size, then loads both with autocannon (10 connections), alternating the servers,
 * ROUNDS times. Prints req/s, p50, p99, the ratio (the median of the rounds' ratios: each round's
 * two runs are back to back, so a machine whose speed drifts between rounds moves both), each
 * server's peak RSS and the SQL statements per request, and writes the table to
 * docs/PERFORMANCE.md. It compares; it does not fail.
 *
 * Knobs: BENCH_DURATION (seconds per run, default 6), BENCH_ROUNDS (default 5), BENCH_WARMUP
 * (seconds of unmeasured load per server and shape before the rounds, default 3),
 * BENCH_CONNECTIONS (default 10), BENCH_WORKERS (Schoolmix's WEB_CONCURRENCY; default 1, the shipped default), KEEP_BENCH_DB=1 keeps the database, BENCH_REUSE_DB=1 reuses a
 * kept one (no seed), BENCH_ONLY=<substring> runs the matching shapes only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { WORKER_HEAP_FLAGS, WORKER_MALLOC_ENV } from '../cluster.js';
import { hashPassword } from '../modules/auth/password.js';
import { countRows, databaseUrl, dropDatabase, formatTable, recreateDatabase, SERVER_DIR, SERVER_URL, seedInChildProcess, withClient } from './support.js';

const BENCH_DB = 'schoolmix_bench_api';
const DURATION = Number(process.env.BENCH_DURATION ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/**
 * Unmeasured load before the first round: without it the first round measured Schoolmix's workers
 * while V8 was still compiling their hot paths (its first round was the slowest in every run of
 * session 32, by up to a quarter).
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const KEEP = process.env.KEEP_BENCH_DB === '1';
const REUSE = process.env.BENCH_REUSE_DB === '1';
const ONLY = process.env.BENCH_ONLY;
/**
 * Schoolmix's WEB_CONCURRENCY in the bench. By default 1, the shipped default: one process, as the
 * Dockerfile and `pnpm start` run it. `auto` (every core) measures node:cluster's workers, which on a 2-core
 * machine that also runs PostgreSQL and the load buy throughput on short answers only, at twice the
 * memory (docs/PERFORMANCE.md section 15).
 */
const WORKERS = process.env.BENCH_WORKERS?.trim() || '1';
const REPORT_FILE = resolve(SERVER_DIR, '../docs/PERFORMANCE.md');
const SCHOOLMIX_PORT = 4900;
const POSTGRAPHILE_PORT = 4910;

type Json = Record<string, unknown>;

/** The value at `path` below `value` (undefined when any step is missing). */
function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = (current as Json | null | undefined)?.[key];
  return current;
}

/** The `nodes` of the connection at `path` below `value` (empty when absent). */
const nodesAt = (value: unknown, ...path: string[]): Json[] => (at(value, ...path) as { nodes?: Json[] } | null | undefined)?.nodes ?? [];
const sumOf = (rows: Json[], fn: (row: Json) => number): number => rows.reduce((n, row) => n + fn(row), 0);

interface Shape {
  name: string;
  schoolmix: { query: string; variables?: Json };
  postgraphile: { query: string; variables?: Json };
  /** The result size both answers must agree on (rows at the deepest level, or values). */
  size(server: 'schoolmix' | 'postgraphile', data: Json): number;
}

function shapes(period1Id: string): Shape[] {
  return [
    {
      name: 'list of 100 municipalities, 3 scalar fields',
      schoolmix: { query: '{ municipalities(first: 100, orderBy: [{ field: NIS_CODE }]) { nodes { nisCode name province } } }' },
      postgraphile: { query: '{ allMunicipalities(first: 100, orderBy: [NIS_CODE_ASC]) { nodes { nisCode name province } } }' },
      size: (s, d) => nodesAt(d, s === 'schoolmix' ? 'municipalities' : 'allMunicipalities').length,
    },
    {
      name: '50 projects → lead municipality → 20 events each',
      schoolmix: { query: '{ projects(first: 50, orderBy: [{ field: TITLE }]) { nodes { title leadMunicipality { name } events(first: 20, orderBy: [{ field: STARTS_AT }]) { nodes { type startsAt venue } } } } }' },
      postgraphile: {
        query: '{ allProjects(first: 50, orderBy: [TITLE_ASC, PRIMARY_KEY_ASC]) { nodes { title municipalityByLeadMunicipalityId { name } eventsByProjectId(first: 20, orderBy: [STARTS_AT_ASC, PRIMARY_KEY_ASC]) { nodes { type startsAt venue } } } } }',
      },
      size: (s, d) =>
        s === 'schoolmix'
          ? sumOf(nodesAt(d, 'projects'), (p) => nodesAt(p, 'events').length)
          : sumOf(nodesAt(d, 'allProjects'), (p) => nodesAt(p, 'eventsByProjectId').length),
    },
    {
      name: '10 projects → 10 events → 10 attendances → household',
      schoolmix: {
        query: '{ projects(first: 10, orderBy: [{ field: TITLE }]) { nodes { title events(first: 10, orderBy: [{ field: STARTS_AT }]) { nodes { startsAt attendances(first: 10, orderBy: [{ field: RECORDED_AT }]) { nodes { status household { reference } } } } } } } }',
      },
      postgraphile: {
        query:
          '{ allProjects(first: 10, orderBy: [TITLE_ASC, PRIMARY_KEY_ASC]) { nodes { title eventsByProjectId(first: 10, orderBy: [STARTS_AT_ASC, PRIMARY_KEY_ASC]) { nodes { startsAt attendancesByEventId(first: 10, orderBy: [RECORDED_AT_ASC, PRIMARY_KEY_ASC]) { nodes { status householdByHouseholdId { reference } } } } } } } }',
      },
      size: (s, d) =>
        s === 'schoolmix'
          ? sumOf(nodesAt(d, 'projects'), (p) => sumOf(nodesAt(p, 'events'), (e) => nodesAt(e, 'attendances').filter((a) => a.household).length))
          : sumOf(nodesAt(d, 'allProjects'), (p) => sumOf(nodesAt(p, 'eventsByProjectId'), (e) => nodesAt(e, 'attendancesByEventId').filter((a) => a.householdByHouseholdId).length)),
    },
    {
      name: '100 projects with their KPI reached',
      schoolmix: { query: '{ projects(first: 100, orderBy: [{ field: TITLE }]) { nodes { title kpi { reached } } } }' },
      postgraphile: { query: '{ allProjects(first: 100, orderBy: [TITLE_ASC, PRIMARY_KEY_ASC]) { nodes { title reached } } }' },
      size: (s, d) =>
        s === 'schoolmix' ? sumOf(nodesAt(d, 'projects'), (p) => Number(at(p, 'kpi', 'reached'))) : sumOf(nodesAt(d, 'allProjects'), (p) => Number(p.reached)),
    },
    {
      name: 'programme report, period 1 → projects → lead municipality, KPI',
      schoolmix: {
        query: `query($id: ID!) { programReport(fundingPeriodId: $id) { budget committed
          projects(first: 100, orderBy: [{ field: TITLE }]) { nodes { title leadMunicipality { name } kpi { reached target } } } } }`,
        variables: { id: period1Id },
      },
      // The programme report counts approved and closed projects: in period 1 of the scale data set all are CLOSED.
      postgraphile: {
        query: `{ fundingPeriodByNumber(number: 1) { projectsByFundingPeriodId(first: 100, condition: { status: "CLOSED" }, orderBy: [TITLE_ASC, PRIMARY_KEY_ASC]) { nodes { title
          municipalityByLeadMunicipalityId { name } reached targetHouseholds } } } }`,
      },
      size: (s, d) =>
        s === 'schoolmix'
          ? sumOf(nodesAt(d, 'programReport', 'projects'), (p) => Number(at(p, 'kpi', 'reached')))
          : sumOf(nodesAt(d, 'fundingPeriodByNumber', 'projectsByFundingPeriodId'), (p) => Number(p.reached)),
    },
  ];
}

/** The KPI as PostGraphile sees it: a computed column with the same definition as kpi/kpi.ts. */
const COMPUTED_KPI = `
create or replace function project_reached(p project) returns int language sql stable as $$
  select count(distinct a.household_id)::int
    from attendance a
    join event e on e.id = a.event_id
    join organization o on o.id = e.organizer_id
    join funding_period fp on fp.id = p.funding_period_id
   where e.project_id = p.id
     and a.status = 'ATTENDED'
     and e.cancelled_at is null
     and o.promotes_social_mix
     and e.type in ('PARENT_EVENING', 'SCHOOL_VISIT')
     and (e.starts_at at time zone 'Europe/Brussels')::date between fp.starts_on and fp.ends_on
$$;`;

interface Server {
  name: 'schoolmix' | 'postgraphile';
  url: string;
  child: ChildProcess;
  headers: Record<string, string>;
  statements(): Promise<number>;
}

async function waitFor(url: string, child: ChildProcess, label: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (response.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${label} did not start in 120 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Peak RSS of a process and its children (the workers of WEB_CONCURRENCY) while `fn` runs, sampled
 * every 200 ms from /proc: summed over the processes, and of the largest one.
 */
async function peakRss<T>(pid: number, fn: () => Promise<T>): Promise<{ result: T; peakMb: number; largestMb: number }> {
  let peak = 0;
  let largest = 0;
  const rssKb = (p: number, out: number[]): void => {
    try {
      out.push(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0));
      const kids = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      for (const kid of kids) rssKb(kid, out);
    } catch {
      /* process gone */
    }
  };
  const sample = () => {
    const each: number[] = [];
    rssKb(pid, each);
    peak = Math.max(peak, each.reduce((sum, kb) => sum + kb, 0));
    largest = Math.max(largest, ...each);
  };
  sample();
  const timer = setInterval(sample, 200);
  try {
    return { result: await fn(), peakMb: Math.round(peak / 1024), largestMb: Math.round(largest / 1024) };
  } finally {
    clearInterval(timer);
  }
}

async function post(server: Server, body: { query: string; variables?: Json }): Promise<Json> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...server.headers }, body: JSON.stringify(body) });
  const json = (await response.json()) as { data?: Json; errors?: unknown[] };
  if (!response.ok || json.errors?.length || !json.data) throw new Error(`${server.name}: HTTP ${response.status} ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
  return json.data;
}

interface Run {
  shape: string;
  server: Server['name'];
  round: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  rssMb: number;
  /** The largest single process's peak (a worker). */
  rssLargestMb: number;
  statementsPerRequest: number;
}

async function load(server: Server, body: { query: string; variables?: Json }, shape: string, round: number): Promise<Run> {
  const before = await server.statements();
  const pid = server.child.pid!;
  const { result, peakMb, largestMb } = await peakRss(pid, () =>
    autocannon({
      url: server.url,
      method: 'POST',
      connections: CONNECTIONS,
      duration: DURATION,
      headers: { 'content-type': 'application/json', ...server.headers },
      body: JSON.stringify(body),
    }),
  );
  const after = await server.statements();
  const requests = result.requests.total || 1;
  return {
    shape,
    server: server.name,
    round,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    rssMb: peakMb,
    rssLargestMb: largestMb,
    statementsPerRequest: (after - before) / requests,
  };
}

/**
 * The compiled server in production, started as the Dockerfile's CMD starts it (with the heap
 * flags its workers get anyway, cluster.ts); `secret` signs its sessions and guards its /metrics.
 */
function startSchoolmix(url: string, secret: string): ChildProcess {
  return spawn(process.execPath, [...WORKER_HEAP_FLAGS, 'dist/main.js'], {
    cwd: SERVER_DIR,
    // The request budget would answer 429 to a load test: raised for the bench's administrator.
    env: {
      // As the Dockerfile runs it (its ENV holds WORKER_MALLOC_ENV too).
      ...WORKER_MALLOC_ENV,
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: url,
      PORT: String(SCHOOLMIX_PORT),
      SEED: 'none',
      SESSION_SECRET: secret,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ADMIN: '1000000000',
      METRICS_TOKEN: secret,
      JOBS: 'off',
      WEB_CONCURRENCY: WORKERS,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function startPostGraphile(url: string): ChildProcess {
  // tsx as a loader inside this one process (its CLI would add a parent process whose RSS we would measure instead).
  return spawn(process.execPath, ['--import', 'tsx', 'src/bench/postgraphile-server.ts'], {
    cwd: SERVER_DIR,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: url, PORT: String(POSTGRAPHILE_PORT) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

const stop = (child: ChildProcess | undefined) =>
  new Promise<void>((done) => {
    if (!child || child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const fixed = (value: number, digits = 1) => value.toFixed(digits);

async function main(): Promise<void> {
  const url = databaseUrl(BENCH_DB);
  let serverVersion: string;
  let seedNote = 'reused a kept database';
  if (REUSE) {
    serverVersion = await withClient(SERVER_URL, async (c) => (await c.query<{ server_version: string }>('show server_version')).rows[0]!.server_version);
  } else {
    serverVersion = await recreateDatabase(BENCH_DB);
    console.log(`Bench database ${BENCH_DB} created (PostgreSQL ${serverVersion}); loading the scale data set…`);
    const seed = await seedInChildProcess(url);
    seedNote = `scale data set loaded in ${(seed.wallMs / 1000).toFixed(0)} s`;
  }
  const counts = await countRows(url);
  const password = randomBytes(18).toString('base64url');
  const email = 'bench.admin@schoolmix.bench';
  const passwordHash = await hashPassword(password);
  await withClient(url, async (c) => {
    await c.query(COMPUTED_KPI);
    await c.query(
      `insert into app_user (id, created_at, updated_at, version, email, password_hash, role, active, token_version)
       values (gen_random_uuid(), now(), now(), 1, $1, $2, 'ADMIN', true, 1)
       on conflict (email) do update set password_hash = excluded.password_hash`,
      [email, passwordHash],
    );
  });

  let schoolmixChild: ChildProcess | undefined;
  let postgraphileChild: ChildProcess | undefined;
  try {
    const secret = randomBytes(32).toString('hex');
    schoolmixChild = startSchoolmix(url, secret);
    postgraphileChild = startPostGraphile(url);
    const schoolmixUrl = `http://127.0.0.1:${SCHOOLMIX_PORT}/graphql`;
    const postgraphileUrl = `http://127.0.0.1:${POSTGRAPHILE_PORT}/graphql`;
    await waitFor(schoolmixUrl, schoolmixChild, 'Schoolmix');
    await waitFor(postgraphileUrl, postgraphileChild, 'PostGraphile');

    const login = await fetch(schoolmixUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { token userErrors { message } } }', variables: { email, password } }),
    }).then((r) => r.json() as Promise<{ data?: { login: { token: string | null } } }>);
    const token = login.data?.login.token;
    if (!token) throw new Error(`Schoolmix login failed: ${JSON.stringify(login)}`);

    const servers: Server[] = [
      {
        name: 'schoolmix',
        url: schoolmixUrl,
        child: schoolmixChild,
        headers: { authorization: `Bearer ${token}` },
        async statements() {
          const text = await fetch(`http://127.0.0.1:${SCHOOLMIX_PORT}/metrics`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.text());
          return Number(/^schoolmix_sql_statements_total (\d+)/m.exec(text)?.[1] ?? NaN);
        },
      },
      {
        name: 'postgraphile',
        url: postgraphileUrl,
        child: postgraphileChild,
        headers: {},
        async statements() {
          const body = (await fetch(`http://127.0.0.1:${POSTGRAPHILE_PORT + 1}/`).then((r) => r.json())) as { statements: number };
          return body.statements;
        },
      },
    ];
    const [schoolmix, postgraphile] = servers as [Server, Server];

    const periods = await post(schoolmix, { query: '{ fundingPeriods { nodes { id number } } }' });
    const period1 = String(nodesAt(periods, 'fundingPeriods').find((p) => p.number === 1)?.id);
    const selected = shapes(period1).filter((s) => !ONLY || s.name.includes(ONLY));

    // Equivalence first: the same result size from both, and a warm-up for each.
    const sizes = new Map<string, number>();
    for (const shape of selected) {
      const a = shape.size('schoolmix', await post(schoolmix, shape.schoolmix));
      const b = shape.size('postgraphile', await post(postgraphile, shape.postgraphile));
      if (a !== b) throw new Error(`"${shape.name}": Schoolmix answers ${a}, PostGraphile ${b}: the queries are not equivalent`);
      sizes.set(shape.name, a);
      for (let i = 0; i < 20; i++) {
        await post(schoolmix, shape.schoolmix);
        await post(postgraphile, shape.postgraphile);
      }
      console.log(`"${shape.name}": both answer ${a}`);
    }
    if (WARMUP > 0) {
      for (const shape of selected) {
        for (const server of [schoolmix, postgraphile]) {
          const body = JSON.stringify(server.name === 'schoolmix' ? shape.schoolmix : shape.postgraphile);
          await autocannon({ url: server.url, method: 'POST', connections: CONNECTIONS, duration: WARMUP, headers: { 'content-type': 'application/json', ...server.headers }, body });
        }
      }
      console.log(`warmed up: ${WARMUP} s of load per server and shape`);
    }

    const runs: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const shape of selected) {
        // Alternate which server goes first, so neither always gets the warmer machine.
        const order = round % 2 ? [schoolmix, postgraphile] : [postgraphile, schoolmix];
        for (const server of order) {
          const run = await load(server, server.name === 'schoolmix' ? shape.schoolmix : shape.postgraphile, shape.name, round);
          runs.push(run);
          console.log(`round ${round} ${server.name.padEnd(12)} ${shape.name}: ${fixed(run.reqPerSec)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, RSS ${run.rssMb} MB (largest process ${run.rssLargestMb}), ${fixed(run.statementsPerRequest, 2)} SQL/req` +
            `${run.non2xx || run.errors ? `, ${run.non2xx} non-2xx, ${run.errors} errors` : ''}`);
        }
      }
    }

    const rows = selected.map((shape) => {
      const of = (name: Server['name']) => runs.filter((r) => r.shape === shape.name && r.server === name);
      const s = of('schoolmix');
      const p = of('postgraphile');
      const sRps = median(s.map((r) => r.reqPerSec));
      const pRps = median(p.map((r) => r.reqPerSec));
      // Paired: each round's two runs follow each other, so a machine that speeds up or slows down
      // between rounds moves both; the ratio is the median of the rounds' ratios, with their range.
      const ratios = s.map((r) => r.reqPerSec / (p.find((q) => q.round === r.round)?.reqPerSec ?? NaN)).sort((a, b) => a - b);
      return [
        shape.name,
        String(sizes.get(shape.name)),
        fixed(sRps), fixed(pRps), `${fixed(median(ratios), 2)}× (${fixed(ratios[0]!, 2)}–${fixed(ratios[ratios.length - 1]!, 2)})`,
        String(median(s.map((r) => r.p50))), String(median(p.map((r) => r.p50))),
        String(median(s.map((r) => r.p99))), String(median(p.map((r) => r.p99))),
        String(Math.max(...s.map((r) => r.rssMb))), String(Math.max(...s.map((r) => r.rssLargestMb))), String(Math.max(...p.map((r) => r.rssMb))),
        fixed(median(s.map((r) => r.statementsPerRequest)), 2), fixed(median(p.map((r) => r.statementsPerRequest)), 2),
        String(s.reduce((n, r) => n + r.non2xx + r.errors, 0) + p.reduce((n, r) => n + r.non2xx + r.errors, 0)),
      ];
    });
    const header = ['query shape', 'size', 'Schoolmix req/s', 'PostGraphile req/s', 'ratio', 'S p50 ms', 'PG p50 ms', 'S p99 ms', 'PG p99 ms', 'S RSS MB', 'S RSS/process MB', 'PG RSS MB', 'S SQL/req', 'PG SQL/req', 'failed'];
    const cpu = cpus();
    const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, PostgreSQL ${serverVersion}`;
    const table = formatTable(header, rows);
    console.log(`\n${machine}\n${table}`);

    const markdownTable = [
      `| ${header.join(' | ')} |`,
      `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
    const section = [
      `## Latest \`pnpm bench:api\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
      '',
      `Machine: ${machine}. ${seedNote}; ${counts.find((c) => c.name === 'attendance')?.n.toLocaleString('en-US')} attendances. ` +
        `autocannon, ${CONNECTIONS} connections, ${WARMUP} s of unmeasured load per server and shape first, ${DURATION} s per run, ${ROUNDS} rounds alternating the servers; medians of the rounds, the ratio the median of each round's ratio (its range in brackets) ` +
        `(RSS: the peak over the rounds, summed over a server's processes, and of its largest process). Both servers in production mode; Schoolmix with WEB_CONCURRENCY=${WORKERS}${WORKERS === '1' ? ' (the default: one process)' : ''}, ` +
        'PostGraphile one process; Schoolmix signed in as an administrator.',
      '',
      markdownTable,
      '',
    ].join('\n');
    writeReport(section);
    console.log(`\nWritten to ${REPORT_FILE}`);
  } finally {
    await stop(schoolmixChild);
    await stop(postgraphileChild);
    if (KEEP || REUSE) console.log(`Database ${BENCH_DB} kept (${url}).`);
    else await dropDatabase(BENCH_DB);
  }
}

/** Replaces the "Latest `pnpm bench:api`" section of docs/PERFORMANCE.md, keeping the rest. */
function writeReport(section: string): void {
  let text: string;
  try {
    text = readFileSync(REPORT_FILE, 'utf8');
  } catch {
    text = '# Performance\n\n';
  }
  const start = text.indexOf('## Latest `pnpm bench:api`');
  if (start === -1) {
    text = `${text.trimEnd()}\n\n${section}`;
  } else {
    const next = text.indexOf('\n## ', start + 1);
    text = text.slice(0, start) + section + (next === -1 ? '' : text.slice(next + 1));
  }
  writeFileSync(REPORT_FILE, `${text.trimEnd()}\n`);
}

await main();
