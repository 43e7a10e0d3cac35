/**
 * GraphQL metrics (metrics.ts) scraped over real HTTP from /metrics: operations by name and type,
 * a duration histogram per operation, errors by extensions.code, and a bounded label set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPERATION_LABELS } from './metrics.js';
import { NO_KPI_COUNTS } from './modules/kpi/kpi.js';
import { publishedKpiTableOf } from './modules/kpi/kpi-table.js';
import * as f from './test/factories.js';
import { startTestServer, type TestServer } from './test/harness.js';

const TOKEN = 'metrics-token-0123456789';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ overrides: { metricsToken: TOKEN } });
});
afterAll(() => server.close());

async function scrape(): Promise<string> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one series, e.g. value(text, 'schoolmix_graphql_operations_total', { operation: 'Who', type: 'query' }). */
function value(text: string, metric: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${metric}{`) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('GraphQL metrics', () => {
  it('count operations by name and type, time them per operation and count errors by code', async () => {
    for (let i = 0; i < 3; i++) await server.data('query Who { viewer { role } }');
    await server.data('mutation { __typename }');
    const anonymous = await server.gql('query Towns { municipalities(first: 1) { totalCount } }', {}, { authorization: '' });
    const anonymousCode = anonymous.errors?.[0]?.extensions?.code as string;
    expect(anonymousCode).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    await server.gql('query Broken { nothingHere }');
    // A refused credential fails before any operation is resolved (Apollo's contextCreationDidFail).
    const refused = await server.gql('query Who { viewer { role } }', {}, { authorization: 'Bearer not-a-real-token' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const text = await scrape();
    expect(value(text, 'schoolmix_graphql_operations_total', { operation: 'Who', type: 'query' })).toBe(3);
    expect(value(text, 'schoolmix_graphql_operations_total', { operation: 'anonymous', type: 'mutation' })).toBe(1);
    expect(value(text, 'schoolmix_graphql_operation_duration_seconds_count', { operation: 'Who', type: 'query' })).toBe(3);
    expect(value(text, 'schoolmix_graphql_operation_duration_seconds_bucket', { operation: 'Who', type: 'query', le: '+Inf' })).toBe(3);
    // A refused operation never ran: it does not earn its name a label.
    expect(text).not.toMatch(/operation="Towns"/);
    const unauthenticated = anonymousCode === 'UNAUTHENTICATED' ? 2 : 1;
    expect(value(text, 'schoolmix_graphql_errors_total', { code: 'UNAUTHENTICATED', operation: 'anonymous' })).toBe(unauthenticated);
    if (anonymousCode !== 'UNAUTHENTICATED') expect(value(text, 'schoolmix_graphql_errors_total', { code: anonymousCode, operation: 'anonymous' })).toBe(1);
    expect(value(text, 'schoolmix_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED', operation: 'anonymous' })).toBe(1);
    // The HTTP histogram labels GraphQL calls by route, not "other".
    expect(value(text, 'schoolmix_http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status: '200' })).toBeGreaterThanOrEqual(4);
    expect(text).toMatch(/^schoolmix_sql_statements_total \d+/m);
    // Exports get their own route label too, whatever the file asked for.
    await fetch(`${server.url}/export/events.csv`, { headers: { authorization: `Bearer ${server.adminToken}` } }).then((r) => r.arrayBuffer());
    expect(await scrape()).toMatch(/^schoolmix_http_request_duration_seconds_count\{method="GET",route="\/export[^"]*",status="200"\} 1$/m);
  });

  it(`give at most ${MAX_OPERATION_LABELS} operation names a label of their own; later names count as "other"`, async () => {
    const names = Array.from({ length: MAX_OPERATION_LABELS + 5 }, (_, i) => `Invented${i}`);
    for (const name of names) await server.data(`query ${name} { __typename }`);
    const text = await scrape();
    const labelled = new Set([...text.matchAll(/^schoolmix_graphql_operations_total\{operation="([^"]+)"/gm)].map((m) => m[1]));
    expect(labelled.size).toBeLessThanOrEqual(MAX_OPERATION_LABELS + 2); // + anonymous and other
    expect(labelled.has('Who')).toBe(true);
    expect(value(text, 'schoolmix_graphql_operations_total', { operation: 'other', type: 'query' })).toBeGreaterThanOrEqual(5);
    // A known name keeps its own label after the cap is reached.
    await server.data('query Who { viewer { role } }');
    expect(value(await scrape(), 'schoolmix_graphql_operations_total', { operation: 'Who', type: 'query' })).toBe(4);
  });

  it('count the published KPI tables taken from memory and computed, and the cells kept', async () => {
    const e = server.app.db.orm.em.fork();
    const period = await f.period(e);
    const leads = [await f.municipality(e), await f.municipality(e)];
    const organizer = await f.organization(e, leads[0]!);
    const projects = [];
    for (const lead of leads) projects.push(await f.project(e, { lead, period, partners: [organizer] }));
    const analyst = await server.tokenFor('ANALYST');
    const read = () => server.gql('{ projects(first: 50) { nodes { kpi { reached } } } }', {}, { authorization: `Bearer ${analyst}` });
    const tables = (text: string) => ({
      kept: value(text, 'schoolmix_published_tables_total', { result: 'kept' }),
      computed: value(text, 'schoolmix_published_tables_total', { result: 'computed' }),
    });
    const before = tables(await scrape());
    expect((await read()).errors).toBeUndefined();
    const first = tables(await scrape());
    expect(await read()).toMatchObject({ data: { projects: { nodes: [{ kpi: { reached: 0 } }, { kpi: { reached: 0 } }] } } });
    const second = tables(await scrape());
    // The first read computes each project's table (unless a read before kept it); the second, with nothing written, takes both from memory.
    expect(first.kept - before.kept + first.computed - before.computed).toBe(projects.length);
    expect([second.kept - first.kept, second.computed - first.computed]).toEqual([projects.length, 0]);
    // Both tables kept, nothing else in this process: their cells (a project without events: reach, its parts, per event type).
    const cells = publishedKpiTableOf(NO_KPI_COUNTS(), []).values.size * projects.length;
    expect(cells).toBeGreaterThan(0);
    expect(await scrape()).toMatch(new RegExp(`^schoolmix_published_table_cells ${cells}$`, 'm'));
  });
});
