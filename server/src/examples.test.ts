import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test/harness.js';

/**
 * The examples in examples/ (issue 17, deliverable 4), each run as its user would run it — a
 * separate process talking HTTP to a real server with the demo data set — and their output checked
 * against what the API itself answers.
 */
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');

describe('examples/', () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
    env = { PATH: process.env.PATH, HOME: process.env.HOME, SCHOOLMIX_URL: server.url };
  }, 180_000);

  afterAll(() => server?.close());

  it('integrator (TypeScript, typed by codegen): pages the events, creates one, records an attendance once despite a retry with the same key', async () => {
    const { gent } = await server.data(`{ gent: municipalityByNisCode(nisCode: "44021") { id } }`);
    const { createApiKey } = await server.data(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`, {
      input: { name: 'Registratiesysteem (example)', municipalityId: gent.id },
    });
    const key = createApiKey.secret as string;
    const as = { authorization: `Bearer ${key}` };
    const before = (await server.gql(`{ events(first: 1) { totalCount } }`, {}, as)).data!.events.totalCount as number;

    const { stdout } = await run(process.execPath, [TSX, 'examples/integrator/record-attendance.ts'], { cwd: ROOT, env: { ...env, SCHOOLMIX_TOKEN: key }, timeout: 120_000 });
    const steps = Object.fromEntries(stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>).map((s) => [s.step, s]));

    expect(steps.events).toMatchObject({ totalCount: before, seen: before, pages: Math.max(1, Math.ceil(before / 50)) });
    const created = await server.gql(`query($id: ID!) { node(id: $id) { ... on Event { id venue project { leadMunicipality { nisCode } } attendances(first: 10) { totalCount nodes { id household { reference } } } } } }`, { id: steps.createEvent.nodeId }, as);
    expect(created.errors).toBeUndefined();
    const event = created.data!.node;
    expect(event).toMatchObject({ id: steps.createEvent.eventId, venue: 'Buurthuis De Brug', project: { leadMunicipality: { nisCode: '44021' } } });
    // The retry with the same key was answered from the first run: one attendance, the same id.
    expect(steps.recordAttendance.retryReplayed).toBe(true);
    expect(steps.recordAttendance.retryAttendanceId).toBe(steps.recordAttendance.attendanceId);
    expect(event.attendances.totalCount).toBe(1);
    expect(event.attendances.nodes[0]).toEqual({ id: steps.recordAttendance.attendanceId, household: { reference: steps.recordAttendance.household } });
  }, 180_000);

  it('data team (Python, standard library): pages the nested KPI report, reads the exports, computes the same figures as the API', async () => {
    const { stdout } = await run('python3', ['examples/data-team/kpi_report.py'], {
      cwd: ROOT,
      env: { ...env, SCHOOLMIX_EMAIL: 'admin@schoolmix.demo', SCHOOLMIX_PASSWORD: 'schoolmix-demo', SCHOOLMIX_SCHOOL_YEAR: '2023-2024' },
      timeout: 120_000,
    });
    const out = JSON.parse(stdout) as Record<string, any>;
    const { projects } = await server.data(`{ projects(first: 100) { totalCount nodes { status fundingPeriod { number } kpi { reached } } } }`);
    expect(out.projects).toBe(projects.totalCount);
    expect(out.pages).toBe(Math.ceil(projects.totalCount / 50));
    const expected: Record<string, number> = {};
    for (const p of projects.nodes as any[]) {
      if (!['APPROVED', 'CLOSED'].includes(p.status) || p.kpi.reached === null) continue;
      expected[p.fundingPeriod.number] = (expected[p.fundingPeriod.number] ?? 0) + p.kpi.reached;
    }
    expect(out.reachedByPeriod).toEqual(expected);
    expect(out.exportReachedByPeriod).toEqual(expected);
    expect(out.exportColumns).toContain('earned_subsidy_eur');
    // The mean dissimilarity over the published indices, computed here from the API, page by page.
    const ds: number[] = [];
    for (let after: string | null = null; ; ) {
      const { municipalities }: Record<string, any> = await server.data(
        `query($after: String) { municipalities(first: 100, after: $after, filter: { validOn: "2025-01-01" }) { pageInfo { hasNextPage endCursor } nodes { socialMix(schoolYear: "2023-2024") { dissimilarity } } } }`,
        { after },
      );
      for (const m of municipalities.nodes as any[]) if (typeof m.socialMix?.dissimilarity === 'number') ds.push(m.socialMix.dissimilarity);
      if (!municipalities.pageInfo.hasNextPage) break;
      after = municipalities.pageInfo.endCursor;
    }
    expect(out.municipalitiesWithIndex).toBe(ds.length);
    expect(out.meanDissimilarity).toBeCloseTo(ds.reduce((a, b) => a + b, 0) / ds.length, 4);
    expect(out.municipalitiesWithIndex).toBeGreaterThan(0);
    expect(out.meanDissimilarity).toBeGreaterThan(0);
    expect(out.meanDissimilarity).toBeLessThan(1);
  }, 180_000);

  it('curl recipes: sign in, two pages, node(id:), an error code, an export and the data dictionary', async () => {
    const { stdout } = await run('bash', ['examples/curl/recipes.sh'], { cwd: ROOT, env, timeout: 120_000 });
    const line = (label: string) => stdout.split('\n').find((l) => l.startsWith(`${label}:`))?.slice(label.length + 1).trim() ?? '';
    expect(line('login')).toBe('ok');
    expect(line('page 1')).toMatch(/^endCursor=.+/);
    expect(JSON.parse(line('page 2')).data.projects.nodes).toHaveLength(2);
    expect(JSON.parse(line('node')).data.node).toMatchObject({ __typename: 'Project' });
    expect(line('error code')).toBe('BAD_USER_INPUT');
    expect(line('csv header')).toMatch(/^project_id;title;status;period;/);
    expect(line('events')).toMatch(/^\d+ rows, first starts_at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    expect(Number(line('dictionary').split(' ')[0])).toBeGreaterThan(50);
  }, 180_000);
});
