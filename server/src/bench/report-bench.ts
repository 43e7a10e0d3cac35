/**
 * `pnpm bench`: the report benchmark on the scale data set (SPEC section 8).
 *
 * Creates a fresh database `schoolmix_bench` on the PostgreSQL server of DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), loads the scale data set into it with
 * `db:seed --dataset scale` in a child process (so the seed's memory does not count as the
 * server's), boots the real app in this process on a free port, and times the nested programme
 * report and the social-mix reports over real HTTP: latency (median, p95), SQL statements per
 * request, response size and the process's memory. It prints a table; it does not pass or fail.
 * The database is dropped at the end unless KEEP_BENCH_DB=1.
 *
 * Then the write path (issue 10, item 4): `recordAttendance` and `importAttendances` (100 rows) as
 * an administrator on events that take attendances, timed with the database's count maintenance
 * (the triggers of project_kpi and event_attendance_count) on and off, alternating, on fresh
 * household × event pairs each time; the counts are rebuilt afterwards.
 *
 * Knobs: BENCH_RUNS (default 20), BENCH_WARMUP (3), BENCH_SQL=1 prints each report's statements,
 * BENCH_WRITES (rounds of the write path, default 6; 0 skips it).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isObjectType } from 'graphql';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { getSchema } from '../graphql/schema.js';
import { User } from '../modules/auth/auth.entity.js';
import { countRows, databaseUrl, dropDatabase, formatTable, mb, percentile, recreateDatabase, SERVER_URL, seedInChildProcess } from './support.js';

const BENCH_DB = 'schoolmix_bench';
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** A scenario stops early (after at least 5 runs) once its measured runs took this long. */
const SCENARIO_BUDGET_MS = 60_000;
const KEEP = process.env.KEEP_BENCH_DB === '1';
const SHOW_SQL = process.env.BENCH_SQL === '1';
const WRITE_ROUNDS = Number(process.env.BENCH_WRITES ?? 6);
/** Per round and mode: this many recordAttendance calls, and one import of IMPORT_ROWS rows. */
const RECORDS_PER_ROUND = 15;
const IMPORT_ROWS = 100;
/** The triggers that keep the counts (project_kpi, event_attendance_count) on attendance writes. */
const MAINTENANCE_TRIGGERS = ['project_kpi_attendance_insert', 'project_kpi_attendance_update', 'event_attendance_insert', 'event_attendance_update'];

/** A full garbage collection on demand, so "heap after GC" shows what the server really keeps. */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Scenario {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

interface Measurement {
  name: string;
  runs: number;
  medianMs: number | null;
  p95Ms: number | null;
  minMs: number | null;
  maxMs: number | null;
  statements: number | null;
  responseKb: number | null;
  rssMb: number;
  heapMb: number;
  heapAfterGcMb: number;
  error: string | null;
}

const ms = (value: number | null) => (value === null ? '–' : value >= 100 ? value.toFixed(0) : value.toFixed(1));

async function main(): Promise<void> {
  const benchUrl = databaseUrl(BENCH_DB);
  const serverVersion = await recreateDatabase(BENCH_DB);
  console.log(`Bench database ${BENCH_DB} created on ${new URL(SERVER_URL).host} (PostgreSQL ${serverVersion}); loading the scale data set…`);

  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  try {
    const seed = await seedInChildProcess(benchUrl);
    const counts = await countRows(benchUrl);

    // JOBS off: a scheduled job's statements would be counted in a report's probe (capture sees the whole process).
    const config = loadConfig(
      { NODE_ENV: 'production', SEED: 'none', SESSION_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', JOBS: 'off' },
      { databaseUrl: benchUrl },
    );
    app = await createApp(config);
    const { url } = await app.listen(0);
    const em = app.db.orm.em.fork();
    const analyst = em.create(User, { email: 'bench.analyst@schoolmix.bench', passwordHash: 'scrypt$unusable', role: 'ANALYST', municipality: null });
    await em.flush();
    const token = (await app.signer.sign({ userId: analyst.id, tokenVersion: analyst.tokenVersion }, config.now())).token;

    const post = async (scenario: Scenario) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: scenario.query, variables: scenario.variables ?? {} }),
      });
      const text = await response.text();
      let error: string | null = response.ok ? null : `HTTP ${response.status}`;
      try {
        const body = JSON.parse(text) as { errors?: { message: string }[] };
        if (body.errors?.length) error = body.errors.map((e) => e.message).join('; ');
      } catch {
        error ??= 'response is not JSON';
      }
      return { bytes: Buffer.byteLength(text), error };
    };

    const periods = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ fundingPeriods { nodes { id number } } }' }),
    }).then((r) => r.json() as Promise<{ data?: { fundingPeriods: { nodes: { id: string; number: number }[] } } }>);
    const period1 = periods.data?.fundingPeriods.nodes.find((p) => p.number === 1)?.id;
    if (!period1) throw new Error(`Funding period 1 not found: ${JSON.stringify(periods)}`);

    const programReport = (await getSchema()).getType('ProgramReport');
    const hasMunicipalities = isObjectType(programReport) && 'municipalities' in programReport.getFields();

    const scenarios: Scenario[] = [
      {
        name: 'programReport → 100 projects → kpi, 20 events',
        query: `query($id: ID!) { programReport(fundingPeriodId: $id) { budget committed realised
          projects(first: 100) { nodes { title leadMunicipality { name } kpi { reached target progress }
            events(first: 20) { nodes { type attendanceCount } } } } } }`,
        variables: { id: period1 },
      },
      ...(hasMunicipalities
        ? [{
            name: 'programReport → 100 municipalities → socialMix, 5 projects → kpi',
            query: `query($id: ID!) { programReport(fundingPeriodId: $id) { budget representedLocalGovernments
              municipalities(first: 100) { totalCount nodes { nisCode name socialMix(schoolYear: "2022-2023") { dissimilarity theilH }
                projects(first: 5) { nodes { title kpi { reached target progress } } } } } } }`,
            variables: { id: period1 },
          }]
        : []),
      {
        // Exactly what the SPA's dashboard sends (read from the client's operation file).
        name: 'SPA dashboard: 3 periods → report + progress per municipality, programme summary',
        query: dashboardQuery(),
      },
      {
        name: 'socialMixReport(11002, 2023-2024)',
        query: `{ socialMixReport(nisCode: "11002", schoolYear: "2023-2024") { socialMix { dissimilarity theilH }
          trend { schoolYear dissimilarity } schools { mirror { gap mirrors } } } }`,
      },
      {
        name: 'municipalities(first: 100) → socialMix',
        query: `{ municipalities(first: 100) { nodes { socialMix(schoolYear: "2023-2024") { dissimilarity } } } }`,
      },
    ];

    const results: Measurement[] = [];
    for (const scenario of scenarios) {
      process.stdout.write(`Running "${scenario.name}"… `);
      for (let i = 0; i < WARMUP; i++) await post(scenario);
      const { result: probe, statements } = await app.db.statements.capture(() => post(scenario));
      if (SHOW_SQL) console.log(`\n${statements.map((s, i) => `  [${i + 1}] ${s.replace(/\s+/g, ' ')}`).join('\n')}`);
      const latencies: number[] = [];
      let spent = 0;
      for (let i = 0; i < RUNS && (i < 5 || spent < SCENARIO_BUDGET_MS); i++) {
        const started = performance.now();
        await post(scenario);
        const elapsed = performance.now() - started;
        latencies.push(elapsed);
        spent += elapsed;
      }
      latencies.sort((a, b) => a - b);
      const memory = process.memoryUsage();
      collectGarbage();
      const heapAfterGc = process.memoryUsage().heapUsed;
      results.push({
        name: scenario.name,
        runs: latencies.length,
        medianMs: percentile(latencies, 0.5),
        p95Ms: percentile(latencies, 0.95),
        minMs: latencies[0]!,
        maxMs: latencies[latencies.length - 1]!,
        statements: statements.length,
        responseKb: Math.round((probe.bytes / 1024) * 10) / 10,
        rssMb: mb(memory.rss),
        heapMb: mb(memory.heapUsed),
        heapAfterGcMb: mb(heapAfterGc),
        error: probe.error,
      });
      console.log(`done (median ${ms(percentile(latencies, 0.5))} ms)${probe.error ? ` — ERROR: ${probe.error}` : ''}`);
    }

    const writes = WRITE_ROUNDS > 0 ? await writePath(app, url, config) : null;

    collectGarbage();
    const final = process.memoryUsage();
    console.log('');
    console.log(`Schoolmix report bench — Node ${process.version}, ${cpus().length} cores, ${mb(totalmem())} MB RAM, PostgreSQL ${serverVersion}`);
    console.log(`Seed of the scale data set (multi-row unnest inserts, one transaction): ${(seed.seedMs! / 1000).toFixed(1)} s in seedScale, ` +
      `${(seed.wallMs / 1000).toFixed(1)} s including process start and migrations`);
    console.log(formatTable(['table', 'rows'], counts.map((c) => [c.name, c.n.toLocaleString('en-US')])));
    console.log('');
    console.log(`${WARMUP} warm-up runs, then up to ${RUNS} timed runs per report over HTTP (one at a time), as an ANALYST; ` +
      `SQL statements counted on one extra run; memory = this process (the server runs in it) after each report's runs, ` +
      `heap before and after a forced full GC.`);
    console.log(formatTable(
      ['report', 'runs', 'median ms', 'p95 ms', 'min ms', 'max ms', 'SQL/request', 'response KB', 'RSS MB', 'heap MB', 'heap after GC MB'],
      results.map((r) => [
        r.name, String(r.runs), ms(r.medianMs), ms(r.p95Ms), ms(r.minMs), ms(r.maxMs), String(r.statements ?? '–'),
        String(r.responseKb ?? '–'), String(r.rssMb), String(r.heapMb), String(r.heapAfterGcMb),
      ]),
    ));
    for (const r of results.filter((x) => x.error)) console.log(`! ${r.name}: ${r.error}`);
    if (!hasMunicipalities) console.log('(ProgramReport.municipalities is not in the schema yet: that report was skipped.)');
    if (writes) {
      console.log('');
      console.log(`Write path: ${WRITE_ROUNDS} rounds, each ${RECORDS_PER_ROUND} recordAttendance calls and one importAttendances of ${IMPORT_ROWS} rows per mode, ` +
        'the modes alternating; medians over all calls of a mode.');
      console.log(formatTable(
        ['write', 'maintenance off: median ms', 'on: median ms', 'factor'],
        writes.map((w) => [w.name, ms(w.off), ms(w.on), `${(w.on / w.off).toFixed(2)}×`]),
      ));
    }
    console.log(`Process memory at the end: RSS ${mb(final.rss)} MB, heap used after GC ${mb(final.heapUsed)} MB, ` +
      `peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB.`);
  } finally {
    await app?.close();
    if (KEEP) {
      console.log(`KEEP_BENCH_DB=1: database ${BENCH_DB} kept (${databaseUrl(BENCH_DB)}).`);
    } else {
      await dropDatabase(BENCH_DB);
      console.log(`Database ${BENCH_DB} dropped.`);
    }
  }
}

await main();

interface WriteResult {
  name: string;
  off: number;
  on: number;
}

/**
 * Times the attendance writes with the count maintenance on and off. Events that take attendances:
 * of APPROVED projects, already held, not cancelled; each call records a household × event pair
 * not recorded before, so every write inserts (the case the triggers cost most for).
 */
async function writePath(app: Awaited<ReturnType<typeof createApp>>, url: string, config: ReturnType<typeof loadConfig>): Promise<WriteResult[]> {
  process.stdout.write('Running the write path… ');
  const em = app.db.orm.em.fork();
  const admin = em.create(User, { email: 'bench.admin@schoolmix.bench', passwordHash: 'scrypt$unusable', role: 'ADMIN', municipality: null });
  await em.flush();
  const token = (await app.signer.sign({ userId: admin.id, tokenVersion: admin.tokenVersion }, config.now())).token;
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const started = performance.now();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, { userErrors: { message: string }[] }>; errors?: { message: string }[] };
    const elapsed = performance.now() - started;
    const problems = [...(body.errors ?? []), ...Object.values(body.data ?? {}).flatMap((payload) => payload.userErrors)];
    if (problems.length > 0) throw new Error(`write bench: ${problems.map((p) => p.message).join('; ')}`);
    return elapsed;
  };
  // Events of open projects, each with the project's households not yet recorded there.
  const events = await em.execute<{ id: string; project_id: string }[]>(
    `select e.id, e.project_id from event e join project p on p.id = e.project_id
      where p.status = 'APPROVED' and e.cancelled_at is null and e.starts_at < now()
      order by e.id limit 40`,
  );
  const pairs: { eventId: string; householdId: string }[] = [];
  for (const event of events) {
    const free = await em.execute<{ id: string }[]>(
      `select h.id from household h where h.project_id = ? and h.erased_at is null
          and not exists (select 1 from attendance a where a.household_id = h.id and a.event_id = ?)
        order by h.id`,
      [event.project_id, event.id],
    );
    for (const h of free) pairs.push({ eventId: event.id, householdId: h.id });
  }
  const needed = WRITE_ROUNDS * 2 * (RECORDS_PER_ROUND + IMPORT_ROWS);
  if (pairs.length < needed) throw new Error(`write bench: ${pairs.length} free household × event pairs, ${needed} needed`);
  const take = (n: number) => pairs.splice(0, n);
  const setMaintenance = async (on: boolean) => {
    for (const trigger of MAINTENANCE_TRIGGERS) await em.execute(`alter table attendance ${on ? 'enable' : 'disable'} trigger "${trigger}"`);
  };
  const RECORD = 'mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { attendance { id } userErrors { message } } }';
  const IMPORT = 'mutation($input: ImportAttendancesInput!) { importAttendances(input: $input) { userErrors { message } } }';
  const timings = { record: { on: [] as number[], off: [] as number[] }, import: { on: [] as number[], off: [] as number[] } };
  try {
    for (let round = 0; round < WRITE_ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        await setMaintenance(mode === 'on');
        for (const pair of take(RECORDS_PER_ROUND)) timings.record[mode].push(await gql(RECORD, { input: { ...pair, status: 'ATTENDED' } }));
        const rows = take(IMPORT_ROWS).map((pair) => ({ ...pair, status: 'ATTENDED' }));
        timings.import[mode].push(await gql(IMPORT, { input: { rows } }));
      }
    }
  } finally {
    await setMaintenance(true);
    // The writes made with the maintenance off: every count rebuilt, as `pnpm db:recount` does.
    await em.execute('select project_kpi_recount(array(select id from project))');
    await em.execute('select event_attendance_recount(array(select id from event))');
  }
  const med = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);
  console.log('done');
  return [
    { name: 'recordAttendance', off: med(timings.record.off), on: med(timings.record.on) },
    { name: `importAttendances, ${IMPORT_ROWS} rows`, off: med(timings.import.off), on: med(timings.import.on) },
  ];
}

/** The dashboard's operation as the SPA sends it: the template of `graphql(`…`)` in its file. */
function dashboardQuery(): string {
  const file = fileURLToPath(new URL('../../../client/src/features/dashboard/dashboard.query.ts', import.meta.url));
  const match = /graphql\(`([\s\S]*?)`\)/.exec(readFileSync(file, 'utf8'));
  if (!match) throw new Error(`no graphql() document in ${file}`);
  return match[1]!;
}
