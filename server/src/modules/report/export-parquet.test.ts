import { parquetMetadata, parquetReadObjects, parquetSchema as readSchema } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { EXPORT_REPORTS } from './export-reports.js';

/**
 * GET /export/<report>.parquet (issue 17, deliverable 6): every export as Apache Parquet, read
 * back here with an independent reader (hyparquet) and compared row by row with the NDJSON of the
 * same report — same columns, same values, same withheld cells, typed as the data dictionary says.
 */
describe('GET /export/<report>.parquet', () => {
  let server: TestServer;
  let analyst: string;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
    analyst = await server.tokenFor('ANALYST');
  }, 180_000);

  afterAll(() => server?.close());

  const get = async (path: string, token = server.adminToken) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  for (const report of Object.keys(EXPORT_REPORTS).filter((r) => r !== 'audit')) {
    it(`writes ${report}.parquet with the same rows and values as ${report}.ndjson (analyst: disclosure control on)`, async () => {
      const response = await get(`/export/${report}.parquet`, analyst);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/vnd.apache.parquet');
      expect(response.headers.get('content-disposition')).toMatch(new RegExp(`schoolmix-${report}-\\d{4}-\\d{2}-\\d{2}\\.parquet`));
      const file = await response.arrayBuffer();
      const bytes = new Uint8Array(file);
      expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('PAR1');
      expect(new TextDecoder().decode(bytes.slice(-4))).toBe('PAR1');

      const expected = (await (await get(`/export/${report}.ndjson`, analyst)).text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const rows = await parquetReadObjects({ file });
      expect(rows).toHaveLength(expected.length);
      expect(Object.keys(rows[0]!)).toEqual([...EXPORT_REPORTS[report]!.columns]);
      const columns = readSchema(parquetMetadata(file)).children.map((c) => [c.element.name, c.element.converted_type ?? c.element.type]);
      expect(columns.length).toBe(EXPORT_REPORTS[report]!.columns.length);
      for (const [i, row] of rows.entries()) {
        const want = expected[i]!;
        for (const column of EXPORT_REPORTS[report]!.columns) {
          const value = row[column];
          const wanted = want[column] ?? null;
          if (value instanceof Date) {
            // DATE and TIMESTAMP: the same day or instant as the NDJSON's ISO text.
            const text = wanted as string;
            expect(value.getTime(), `${report} row ${i} ${column}`).toBe(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text));
          } else {
            expect(value ?? null, `${report} row ${i} ${column}`).toEqual(wanted);
          }
        }
      }
    }, 120_000);
  }

  it('types the columns as the data dictionary says (events: TIMESTAMP start, INT32 counts, JSON suppressed)', async () => {
    const file = await (await get('/export/events.parquet')).arrayBuffer();
    const types = Object.fromEntries(readSchema(parquetMetadata(file)).children.map((c) => [c.element.name, c.element.converted_type ?? c.element.type]));
    expect(types).toMatchObject({ event_id: 'UTF8', starts_at: 'TIMESTAMP_MILLIS', attended: 'INT32', cancelled: 'BOOLEAN', suppressed: 'JSON' });
    const programme = await (await get('/export/program-report.parquet')).arrayBuffer();
    const p = Object.fromEntries(readSchema(parquetMetadata(programme)).children.map((c) => [c.element.name, c.element.converted_type ?? c.element.type]));
    expect(p).toMatchObject({ starts_on: 'DATE', budget_eur: 'DOUBLE', period: 'INT32' });
  });

  it('refuses like the other formats: no token 401, a role without access 403', async () => {
    expect((await fetch(`${server.url}/export/events.parquet`)).status).toBe(401);
    const integrator = await server.tokenFor('INTEGRATOR', (await server.data(`{ m: municipalityByNisCode(nisCode: "44021") { id } }`)).m.id);
    expect((await get('/export/social-mix.parquet', integrator)).status).toBe(403);
  });
});
