import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';

/** The file exports: Excel-ready CSV, NDJSON, the same access rules and disclosure control as the API. */
describe('GET /export/<report>', () => {
  let server: TestServer;
  let analyst: string;
  let gentCoordinator: string;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
    const { gent } = await server.data(`{ gent: municipalityByNisCode(nisCode: "44021") { id } }`);
    analyst = await server.tokenFor('ANALYST');
    gentCoordinator = await server.tokenFor('COORDINATOR', gent.id);
  }, 120_000);

  afterAll(() => server?.close());

  const download = async (path: string, token: string | null = server.adminToken) => {
    const response = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), bytes, text: new TextDecoder().decode(bytes) };
  };
  const ndjson = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line));
  /** CSV rows as Excel reads them with Dutch settings: `;` separated, CRLF, no quotes in these values. */
  const csvRows = (text: string) => text.replace(/^\uFEFF/, '').trim().split('\r\n').map((line) => line.split(';'));

  it('writes the programme table for Excel with Dutch settings: BOM, semicolons, decimal comma, CRLF', async () => {
    const { status, type, disposition, bytes, text } = await download('/export/program-report.csv');
    expect(status).toBe(200);
    expect(type).toContain('text/csv');
    expect(disposition).toMatch(/attachment; filename="schoolmix-program-report-\d{4}-\d{2}-\d{2}\.csv"/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvRows(text);
    expect(header).toEqual(['period', 'label', 'starts_on', 'ends_on', 'budget_eur', 'represented_local_governments', 'represented_local_governments_2025', 'committed_households', 'realised_households', 'pending', 'suppressed']);
    expect(rows).toHaveLength(3);
    const { fundingPeriods } = await server.data(`{ fundingPeriods { nodes { number programReport { budget representedLocalGovernments2025 committed realised } } } }`);
    for (const [i, row] of rows.entries()) {
      const report = fundingPeriods.nodes[i].programReport;
      expect(row[0]).toBe(String(i + 1));
      expect(row[4]).toBe(String(report.budget).replace('.', ','));
      expect(row[6]).toBe(String(report.representedLocalGovernments2025));
      expect(row[7]).toBe(String(report.committed));
      expect(row[8]).toBe(report.realised === null ? '' : String(report.realised));
      expect(row[9]).toBe(report.realised === null ? 'ja' : 'nee');
    }
  });

  it('gives the same KPIs as the API, withholding small counts (never a number under 5)', async () => {
    const { text } = await download('/export/project-kpis.ndjson', analyst);
    const rows = ndjson(text);
    const { projects } = await server.data(`{ projects(first: 100) { totalCount nodes { id kpi { reached families { withIndicator withoutIndicator indicatorUnknown } } } } }`);
    expect(rows).toHaveLength(projects.totalCount);
    const byId = new Map(projects.nodes.map((p: any) => [p.id, p.kpi]));
    for (const row of rows) {
      const kpi: any = byId.get(row.project_id);
      if (kpi.reached > 0 && kpi.reached < 5) {
        expect(row.reached).toBeNull();
        expect(row.suppressed.reached).toBe('BELOW_THRESHOLD');
        expect(row.progress).toBeNull();
      } else expect(row.reached).toBe(kpi.reached);
      for (const column of ['with_indicator', 'without_indicator', 'indicator_unknown', 'parent_evening', 'school_visit', 'with_special_needs']) {
        expect(row[column] === null || row[column] === 0 || row[column] >= 5, `${column} = ${row[column]}`).toBe(true);
      }
      // With the total shown, a single withheld part would be recoverable: never exactly one.
      const parts = ['with_indicator', 'without_indicator', 'indicator_unknown'].map((c) => row[c]);
      if (row.reached !== null) expect(parts.filter((v) => v === null).length).not.toBe(1);
      if (parts.every((v) => v !== null) && row.reached !== null) expect(parts.reduce((a: number, b: number) => a + b, 0)).toBe(row.reached);
    }
    expect(rows.some((r: any) => r.reached >= 5)).toBe(true);
  });

  it('streams every event across batches, with attendance counts that match the API', async () => {
    const { text } = await download('/export/events.csv');
    const [header, ...rows] = csvRows(text);
    const { events } = await server.data(`{ events(first: 1) { totalCount } }`);
    expect(rows).toHaveLength(events.totalCount);
    expect(events.totalCount).toBeGreaterThan(500);
    const attended = header!.indexOf('attended');
    const some = rows.find((r) => Number(r[attended]) >= 5)!;
    const { event } = await server.data(`query($id: ID!) { event(id: $id) { attendanceCount } }`, { id: some[0] });
    expect(Number(some[attended])).toBe(event.attendanceCount);
  });

  it('exports school compositions with the mirror gap, one school year when asked', async () => {
    const { text } = await download('/export/school-compositions.ndjson?schoolYear=2023-2024');
    const rows = ndjson(text);
    const { schools } = await server.data(`{ schools(first: 1) { totalCount } }`);
    expect(rows).toHaveLength(schools.totalCount);
    const row = rows.find((r: any) => r.gap !== null)!;
    expect(row.school_year).toBe('2023-2024');
    expect(row.gap).toBeCloseTo(row.indicator_share - row.area_share, 3);
    expect((await download('/export/school-compositions.csv?schoolYear=2023-2025')).status).toBe(400);
  });

  it('exports the social-mix indices per municipality and school year, within their ranges', async () => {
    const rows = ndjson((await download('/export/social-mix.ndjson')).text);
    const gent = rows.filter((r: any) => r.nis_code === '44021');
    expect(gent.map((r: any) => r.school_year).sort()).toEqual(['2022-2023', '2023-2024', '2024-2025']);
    for (const r of rows.filter((x: any) => x.dissimilarity !== null)) {
      expect(r.dissimilarity).toBeGreaterThanOrEqual(0);
      expect(r.dissimilarity).toBeLessThanOrEqual(1);
    }
    const { municipalityByNisCode } = await server.data(`{ municipalityByNisCode(nisCode: "44021") { socialMix(schoolYear: "2023-2024") { dissimilarity theilH } } }`);
    const row = gent.find((r: any) => r.school_year === '2023-2024');
    expect(row.dissimilarity).toBeCloseTo(municipalityByNisCode.socialMix.dissimilarity, 12);
    expect(row.theil_h).toBeCloseTo(municipalityByNisCode.socialMix.theilH, 12);
  });

  it('applies the access rules: 401 without a token, 403 for a role, row scopes for a coordinator', async () => {
    expect((await download('/export/events.csv', null)).status).toBe(401);
    expect((await download('/export/events.csv', 'not-a-token')).status).toBe(401);
    const integrator = await server.tokenFor('INTEGRATOR', (await server.data(`{ m: municipalityByNisCode(nisCode: "44021") { id } }`)).m.id);
    expect((await download('/export/social-mix.csv', integrator)).status).toBe(403);
    const rows = ndjson((await download('/export/project-kpis.ndjson', gentCoordinator)).text);
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r: any) => r.lead_nis_code))).toEqual(new Set(['44021']));
    expect((await download('/export/nothing.csv')).status).toBe(404);
    expect((await download('/export/project-kpis.csv?fundingPeriod=9')).status).toBe(400);
  });

  it('never writes text that a spreadsheet would run as a formula (CSV injection): it starts with a quote', async () => {
    const em = server.app.db.orm.em.fork();
    // An event of an open period: the figures of a FINAL period are frozen (a write there is refused).
    const [event] = await em.execute<{ id: string }[]>(
      `select e.id from event e join project p on p.id = e.project_id join funding_period fp on fp.id = p.funding_period_id
        where p.status <> 'CLOSED' and fp.report_status <> 'FINAL' order by e.id limit 1`,
    );
    await em.execute(`update event set venue = '=HYPERLINK(1)+@SUM(2)' where id = ?`, [event!.id]);
    const { text } = await download('/export/events.csv');
    const [header, ...rows] = csvRows(text);
    const row = rows.find((r) => r[0] === event!.id)!;
    expect(row[header!.indexOf('venue')]).toBe("'=HYPERLINK(1)+@SUM(2)");
  });
});
