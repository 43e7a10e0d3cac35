import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';

const LIST = `query($filter: MunicipalityFilter) {
  municipalities(first: 100, filter: $filter, orderBy: [{ field: NIS_CODE, direction: ASC }]) { totalCount nodes { nisCode name } }
}`;

const TABLE = `{
  programSummary { representedLocalGovernments }
  fundingPeriods(first: 10) { nodes { id number programReport {
    representedLocalGovernments representedLocalGovernments2025
    municipalities(first: 100) { nodes { nisCode } }
    rolledUp: municipalities(first: 100, rollUp: true) { nodes { nisCode } }
  } } }
}`;

const codes = (nodes: { nisCode: string }[]) => nodes.map((n) => n.nisCode).sort();

/**
 * Issue 13: `municipalities(filter: { takingPart: true, validOn: "2025-01-01" })` answered 30 while
 * the programme table says 34 — Hasselt, Lokeren, Tongeren-Borgloon and Beveren-Kruibeke-Zwijndrecht
 * were missing because their projects belong to the pre-2025 municipalities merged into them.
 */
describe('the taking-part filter agrees with the programme table (demo data)', () => {
  let server: TestServer;
  let table: any;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
    table = await server.data(TABLE);
  });
  afterAll(() => server.close());

  it('lists the 34 municipalities of 2025 that take part, the four merged ones included', async () => {
    const { municipalities } = await server.data(LIST, { filter: { takingPart: true, validOn: '2025-01-01' } });
    expect(table.programSummary.representedLocalGovernments).toBe(34);
    expect(municipalities.totalCount).toBe(34);
    const names = municipalities.nodes.map((n: any) => n.name);
    for (const name of ['Hasselt', 'Lokeren', 'Tongeren-Borgloon', 'Beveren-Kruibeke-Zwijndrecht']) expect(names).toContain(name);
  });

  it('agrees with every period’s represented local governments, as 2025 municipalities and as recorded', async () => {
    for (const period of table.fundingPeriods.nodes) {
      const report = period.programReport;
      const in2025 = await server.data(LIST, { filter: { takingPart: true, fundingPeriodId: period.id, validOn: '2025-01-01' } });
      expect(in2025.municipalities.totalCount, `period ${period.number}`).toBe(report.representedLocalGovernments2025);
      expect(codes(in2025.municipalities.nodes), `period ${period.number}`).toEqual(codes(report.rolledUp.nodes));
      // Without validOn the list also holds the municipalities as recorded on the projects.
      const all = await server.data(LIST, { filter: { takingPart: true, fundingPeriodId: period.id } });
      const recorded = codes(report.municipalities.nodes);
      expect(codes(all.municipalities.nodes).filter((c: string) => recorded.includes(c)), `period ${period.number}`).toEqual(recorded);
      expect(report.municipalities.nodes.length).toBe(report.representedLocalGovernments);
    }
  });

  it('agrees with the whole programme, and takingPart: false is the complement', async () => {
    const yes = await server.data(LIST, { filter: { takingPart: true, validOn: '2025-01-01' } });
    const no = await server.data(`{ municipalities(first: 1, filter: { takingPart: false, validOn: "2025-01-01" }) { totalCount } }`);
    const every = await server.data(`{ municipalities(first: 1, filter: { validOn: "2025-01-01" }) { totalCount } }`);
    expect(yes.municipalities.totalCount).toBe(table.programSummary.representedLocalGovernments);
    const union = new Set(table.fundingPeriods.nodes.flatMap((p: any) => codes(p.programReport.rolledUp.nodes)));
    expect(codes(yes.municipalities.nodes)).toEqual([...union].sort());
    expect(no.municipalities.totalCount + yes.municipalities.totalCount).toBe(every.municipalities.totalCount);
  });
});
