import { ref } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../test/factories.js';
import { startTestServer, type TestServer } from '../test/harness.js';

const NESTED = `query($first: Int!) {
  projects(first: $first, filter: { search: "Statement" }) {
    totalCount
    nodes {
      title
      leadMunicipality { name }
      fundingPeriod { label }
      kpi { reached target progress byEventType { type reached } }
      events(first: 10) {
        totalCount
        nodes { type organizer { name } attendanceCount }
      }
    }
  }
}`;

const PROGRAMME = `query($period: ID!, $first: Int!) {
  programReport(fundingPeriodId: $period) {
    budget committed realised pending
    municipalities(first: $first) {
      totalCount
      nodes {
        name
        projects(filter: { fundingPeriodId: $period }) {
          nodes { title kpi { reached target } events(first: 10) { totalCount nodes { type attendanceCount } } }
        }
      }
    }
  }
}`;

const PROGRESS = `query($period: ID!) {
  programReport(fundingPeriodId: $period) {
    representedLocalGovernments2025
    municipalityProgress {
      municipality { nisCode name }
      projectCount target reached expectedByNow progress onTrack suppressed { field reason }
    }
  }
}`;

/**
 * The nested list projects → kpi → events → attendanceCount must cost the same number of SQL
 * statements for 10 and for 100 projects: each level is loaded in a batch, never per row.
 */
describe('nested lists are free of N+1', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    const em = f.em(server);
    for (let i = 0; i < 100; i++) {
      const lead = await f.municipality(em);
      const org = await f.organization(em, lead);
      const project = await f.project(em, { lead, title: `Statement ${String(i).padStart(3, '0')}`, partners: [org] });
      const evening = await f.event(em, project, org, { type: 'PARENT_EVENING' });
      const visit = await f.event(em, project, org, { type: 'SCHOOL_VISIT', startsAt: new Date('2025-03-03T09:00:00Z') });
      const h = await f.household(em, project);
      await f.attendance(em, h, evening);
      if (i % 2 === 0) await f.attendance(em, h, visit);
    }
    // Period 2: 20 pre-2025 municipalities, merged two by two into 10 municipalities of 2025,
    // each leading a project with one reached household.
    const earlier = await f.period(em, { number: 2, label: 'Projectperiode 2', startsOn: '2023-10-01', endsOn: '2024-09-30' });
    for (let i = 0; i < 10; i++) {
      const merged = await f.municipality(em, { validFrom: '2025-01-01' });
      for (let j = 0; j < 2; j++) {
        const lead = await f.municipality(em, { validTo: '2024-12-31', mergedInto: ref(merged) });
        const org = await f.organization(em, lead);
        const project = await f.project(em, { lead, period: earlier, title: `Earlier ${i}.${j}`, partners: [org] });
        const evening = await f.event(em, project, org, { startsAt: new Date('2024-03-04T18:00:00Z') });
        await f.attendance(em, await f.household(em, project), evening);
      }
    }
  }, 120_000);

  afterAll(() => server?.close());

  async function statementsFor(first: number) {
    const { result, statements } = await server.app.db.statements.capture(() => server.data(NESTED, { first }));
    return { projects: (result as any).projects.nodes as any[], statements };
  }

  it('answers 10 and 100 projects without N+1 (100 cost no more statements than 10)', async () => {
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(ten.projects).toHaveLength(10);
    expect(hundred.projects).toHaveLength(100);
    // Each project has one household who attended the evening, so reached = 1 everywhere.
    expect(hundred.projects.every((p) => p.kpi.reached === 1 && p.events.totalCount === 2)).toBe(true);
    expect(hundred.projects.reduce((n, p) => n + p.events.nodes.reduce((m: number, e: any) => m + e.attendanceCount, 0), 0)).toBe(150);
    console.log(`nested list: ${ten.statements.length} statements for 10 projects, ${hundred.statements.length} for 100`);
    if (process.env.SHOW_SQL) console.log(ten.statements.map((s) => s.slice(0, 160)).join("\n"));
    // 100 rows end the list (100 projects match), so its total needs no COUNT: one statement fewer.
    expect(hundred.statements.length).toBe(ten.statements.length - 1);
    // the viewer's user row, page (+ COUNT for totalCount when the page does not end the list), lead
    // municipality, period, KPI, events (one windowed query: a first page carries its totals),
    // organizer, attendance count; and the caller's request budget (one upsert per request)
    expect(ten.statements.length).toBeLessThanOrEqual(10);
  });

  it('answers the data team’s report programme → municipalities → projects → kpi → events → attendanceCount without N+1 (100 municipalities cost no more statements than 10)', async () => {
    const { fundingPeriods } = await server.data(`{ fundingPeriods { nodes { id number } } }`);
    const period = fundingPeriods.nodes.find((p: any) => p.number === 3).id;
    const run = async (first: number) => {
      const { result, statements } = await server.app.db.statements.capture(() => server.data(PROGRAMME, { period, first }));
      return { report: (result as any).programReport, statements };
    };
    const ten = await run(10);
    const hundred = await run(100);
    expect(ten.report.municipalities.nodes).toHaveLength(10);
    expect(hundred.report.municipalities.nodes).toHaveLength(100);
    const projects = hundred.report.municipalities.nodes.flatMap((m: any) => m.projects.nodes);
    expect(projects).toHaveLength(100);
    expect(projects.reduce((n: number, p: any) => n + p.kpi.reached, 0)).toBe(100);
    expect(projects.reduce((n: number, p: any) => n + p.events.nodes.reduce((m: number, e: any) => m + e.attendanceCount, 0), 0)).toBe(150);
    console.log(`programme report: ${ten.statements.length} statements for 10 municipalities, ${hundred.statements.length} for 100`);
    // As above: the page of 100 ends the list of municipalities, so its totalCount is known without a COUNT.
    expect(hundred.statements.length).toBe(ten.statements.length - 1);
  });

  it('answers programReport → municipalityProgress (rolled up) in the same number of statements for 10 and 100 municipalities, for every role that may ask', async () => {
    const { fundingPeriods } = await server.data(`{ fundingPeriods { nodes { id number } } }`);
    const periodId = (n: number) => fundingPeriods.nodes.find((p: any) => p.number === n).id;
    const tokens: Record<string, string> = {
      ADMIN: server.adminToken,
      ANALYST: await server.tokenFor('ANALYST'),
      COORDINATOR: await server.tokenFor('COORDINATOR', (await server.data(`{ municipalities(first: 1) { nodes { id } } }`)).municipalities.nodes[0].id),
    };
    for (const [role, token] of Object.entries(tokens)) {
      const run = async (period: string) => {
        const { result, statements } = await server.app.db.statements.capture(() => server.gql(PROGRESS, { period }, { authorization: `Bearer ${token}` }));
        expect((result as any).errors, role).toBeUndefined();
        return { report: (result as any).data.programReport, statements };
      };
      const ten = await run(periodId(2));
      const hundred = await run(periodId(3));
      // Period 2: 20 projects of pre-2025 leads, 10 rows after the roll-up, 2 projects each.
      expect(ten.report.representedLocalGovernments2025).toBe(10);
      expect(ten.report.municipalityProgress).toHaveLength(10);
      expect(ten.report.municipalityProgress.every((r: any) => r.projectCount === 2 && r.target === 200)).toBe(true);
      expect(hundred.report.municipalityProgress).toHaveLength(100);
      const names = hundred.report.municipalityProgress.map((r: any) => r.municipality.name);
      expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
      if (role === 'ADMIN') {
        expect(ten.report.municipalityProgress.every((r: any) => r.reached === 2)).toBe(true);
        expect(hundred.report.municipalityProgress.reduce((n: number, r: any) => n + r.reached, 0)).toBe(100);
      } else {
        // Analysts, and coordinators for municipalities not their own, never see a count of 1–4.
        const shown = ten.report.municipalityProgress.filter((r: any) => r.reached !== null);
        expect(shown.length).toBeLessThanOrEqual(role === 'COORDINATOR' ? 1 : 0);
      }
      console.log(`programme report → municipality progress (${role}): ${ten.statements.length} statements for 10 municipalities, ${hundred.statements.length} for 100`);
      if (process.env.SHOW_SQL) console.log(ten.statements.map((s) => s.slice(0, 160)).join('\n'));
      expect(hundred.statements.length).toBe(ten.statements.length);
      // the viewer (with a coordinator's merged municipalities) and the caller's request budget in
      // one statement, the period, the reached households per project (shared), the programme
      // figures, the progress rows, their municipalities.
      expect(ten.statements.length).toBe(6);
    }
    // The SPA's dashboard: every period's report and progress and the programme summary at once —
    // one progress statement, one municipality load, the maintained KPI counts read once for all
    // and the attendances not scanned at all.
    const { statements } = await server.app.db.statements.capture(() =>
      server.data(`{ fundingPeriods { nodes { programReport { realised municipalityProgress { municipality { name } reached } } } } programSummary { realised } }`),
    );
    expect(statements.filter((s) => s.includes('as municipality_id'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('from "municipality"'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('from project_kpi'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('attendance'))).toHaveLength(0);
  });
});
