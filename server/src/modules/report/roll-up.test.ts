import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../event/event.entity.js';
import type { Project } from '../project/project.entity.js';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

/** Of period 3 (2024-10-01 … 2025-09-30, 365 days), 183 days have begun on the test clock 2025-04-01. */
const ELAPSED_3 = 183 / 365;

const REPORT = `query($id: ID!) {
  programReport(fundingPeriodId: $id) {
    representedLocalGovernments representedLocalGovernments2025
    municipalities(first: 100) { totalCount nodes { nisCode } }
    rolledUp: municipalities(first: 100, rollUp: true) { totalCount nodes { nisCode } }
  }
}`;

const PROGRESS = `query($id: ID!, $rollUp: Boolean!) {
  programReport(fundingPeriodId: $id) {
    municipalityProgress(rollUp: $rollUp) {
      municipality { nisCode name } projectCount target reached expectedByNow progress onTrack suppressed { field reason }
    }
  }
}`;

const SUMMARY = `{ programSummary { periods finalPeriods budget committed realised representedLocalGovernments } }`;

/**
 * SPEC: "programme-wide reports roll old (pre-2025) NIS codes up into the 2025 ones". A case
 * built by hand: Oudegem and Oudeburg merged into Nieuwdorp on 2025-01-01; Centrum, Dijkstad and
 * Elders did not merge; Fort only has a submitted (unfunded) project.
 */
describe('programme reports roll pre-2025 municipalities up into the 2025 ones', () => {
  let server: TestServer;
  let period3: string;
  let period2: string;
  let analyst: string;
  let coordinator: string;

  /** `n` new households of the project attending the event. */
  async function reach(em: EntityManager, project: Project, event: Event, n: number) {
    const households = [];
    for (let i = 0; i < n; i++) {
      const h = await f.household(em, project);
      await f.attendance(em, h, event);
      households.push(h);
    }
    return households;
  }

  beforeAll(async () => {
    server = await startTestServer();
    const em = f.em(server);
    const p3 = await f.period(em);
    // Period 2 becomes FINAL (and its project CLOSED) once its activity is recorded: figures of a FINAL period are frozen.
    const p2 = await f.period(em, { number: 2, label: 'Projectperiode 2', startsOn: '2023-10-01', endsOn: '2024-09-30' });
    period3 = p3.id;
    period2 = p2.id;

    const nieuwdorp = await f.municipality(em, { nisCode: '95003', name: 'Nieuwdorp', validFrom: '2025-01-01' });
    const oudegem = await f.municipality(em, { nisCode: '95001', name: 'Oudegem', validTo: '2024-12-31', mergedInto: ref(nieuwdorp) });
    const oudeburg = await f.municipality(em, { nisCode: '95002', name: 'Oudeburg', validTo: '2024-12-31', mergedInto: ref(nieuwdorp) });
    const centrum = await f.municipality(em, { nisCode: '95004', name: 'Centrum' });
    const dijkstad = await f.municipality(em, { nisCode: '95005', name: 'Dijkstad' });
    const elders = await f.municipality(em, { nisCode: '95006', name: 'Elders' });
    const fort = await f.municipality(em, { nisCode: '95007', name: 'Fort' });

    // Period 3. Oudegem: 12 reached households, and three attendances the KPI rule refuses.
    const orgA = await f.organization(em, oudegem);
    const notMix = await f.organization(em, oudegem, { promotesSocialMix: false });
    const a = await f.project(em, { lead: oudegem, partners: [orgA, notMix], partnerMunicipalities: [centrum], targetHouseholds: 40, subsidyGrantedCents: 680_000 });
    const evening = await f.event(em, a, orgA);
    const visit = await f.event(em, a, orgA, { type: 'SCHOOL_VISIT', startsAt: new Date('2025-03-03T09:00:00Z') });
    const reachedA = await reach(em, a, evening, 12);
    for (const h of reachedA.slice(0, 5)) await f.attendance(em, h, visit); // twice reached, counted once
    await f.attendance(em, await f.household(em, a), evening, 'REGISTERED');
    await f.attendance(em, await f.household(em, a), await f.event(em, a, notMix));
    await f.attendance(em, await f.household(em, a), await f.event(em, a, orgA, { cancelledAt: new Date('2025-02-01T00:00:00Z') }));

    const orgB = await f.organization(em, oudeburg);
    const b = await f.project(em, { lead: oudeburg, partners: [orgB], targetHouseholds: 30, subsidyGrantedCents: 510_000 });
    await reach(em, b, await f.event(em, b, orgB), 3);

    const orgC = await f.organization(em, centrum);
    const c = await f.project(em, { lead: centrum, partners: [orgC], partnerMunicipalities: [oudeburg], targetHouseholds: 50, subsidyGrantedCents: 850_000 });
    await reach(em, c, await f.event(em, c, orgC), 2);

    const orgD = await f.organization(em, dijkstad);
    const d = await f.project(em, { lead: dijkstad, partners: [orgD], targetHouseholds: 10, subsidyGrantedCents: 170_000 });
    await reach(em, d, await f.event(em, d, orgD), 6);

    const orgF = await f.organization(em, fort);
    const unfunded = await f.project(em, { lead: fort, partners: [orgF], partnerMunicipalities: [elders], status: 'SUBMITTED', subsidyGrantedCents: null });
    await reach(em, unfunded, await f.event(em, unfunded, orgF), 7);

    // Period 2, final: Oudegem again (before the merger), with Elders as partner; 4 reached.
    const old = await f.project(em, { lead: oudegem, period: p2, partners: [orgA], partnerMunicipalities: [elders], targetHouseholds: 10, subsidyGrantedCents: 170_000 });
    await reach(em, old, await f.event(em, old, orgA, { startsAt: new Date('2024-03-04T18:00:00Z') }), 4);
    await f.closePeriod(em, p2);

    analyst = await server.tokenFor('ANALYST');
    coordinator = await server.tokenFor('COORDINATOR', centrum.id);
  });

  afterAll(() => server?.close());

  const as = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const body = await server.gql(query, variables, { authorization: `Bearer ${token}` });
    expect(body.errors).toBeUndefined();
    return body.data!;
  };

  it('counts represented local governments before and after the roll-up, and lists each 2025 municipality once', async () => {
    const { programReport } = await server.data(REPORT, { id: period3 });
    // Leads Oudegem, Oudeburg, Centrum, Dijkstad; partners Centrum and Oudeburg; Fort and Elders only in a submitted file.
    expect(programReport.representedLocalGovernments).toBe(4);
    expect(programReport.representedLocalGovernments2025).toBe(3);
    expect(programReport.municipalities.nodes.map((m: any) => m.nisCode)).toEqual(['95004', '95005', '95002', '95001']);
    expect(programReport.rolledUp).toEqual({ totalCount: 3, nodes: [{ nisCode: '95004' }, { nisCode: '95005' }, { nisCode: '95003' }] });

    const before = (await server.data(REPORT, { id: period2 })).programReport;
    expect(before.representedLocalGovernments).toBe(2);
    expect(before.representedLocalGovernments2025).toBe(2);
    expect(before.rolledUp.nodes.map((m: any) => m.nisCode)).toEqual(['95006', '95003']);
  });

  it('adds up the progress of the projects a 2025 municipality leads, with those of the municipalities merged into it', async () => {
    const rows = (await server.data(PROGRESS, { id: period3, rollUp: true })).programReport.municipalityProgress;
    expect(rows.map((r: any) => r.municipality.name)).toEqual(['Centrum', 'Dijkstad', 'Nieuwdorp']);
    const expected = [
      { nisCode: '95004', projectCount: 1, target: 50, reached: 2, onTrack: false },
      { nisCode: '95005', projectCount: 1, target: 10, reached: 6, onTrack: true },
      { nisCode: '95003', projectCount: 2, target: 70, reached: 15, onTrack: false },
    ];
    for (const [i, e] of expected.entries()) {
      const row = rows[i];
      expect(row).toMatchObject({ municipality: { nisCode: e.nisCode }, projectCount: e.projectCount, target: e.target, reached: e.reached, onTrack: e.onTrack, suppressed: [] });
      expect(row.expectedByNow).toBeCloseTo(e.target * ELAPSED_3, 12);
      expect(row.progress).toBeCloseTo(e.reached / e.target, 12);
    }
    expect(rows[2].expectedByNow).toBeCloseTo(35.0959, 4);
  });

  it('keeps one row per lead without the roll-up, and agrees with the KPI of each project', async () => {
    const rows = (await server.data(PROGRESS, { id: period3, rollUp: false })).programReport.municipalityProgress;
    expect(rows.map((r: any) => [r.municipality.nisCode, r.projectCount, r.target, r.reached])).toEqual([
      ['95004', 1, 50, 2],
      ['95005', 1, 10, 6],
      ['95002', 1, 30, 3],
      ['95001', 1, 40, 12],
    ]);
    const { programReport } = await server.data(`query($id: ID!) { programReport(fundingPeriodId: $id) {
      projects(first: 100) { nodes { leadMunicipality { nisCode } kpi { reached expectedByNow } } } } }`, { id: period3 });
    const kpiByLead = new Map(programReport.projects.nodes.map((p: any) => [p.leadMunicipality.nisCode, p.kpi]));
    for (const row of rows) {
      const kpi: any = kpiByLead.get(row.municipality.nisCode);
      expect(row.reached).toBe(kpi.reached);
      expect(row.expectedByNow).toBeCloseTo(kpi.expectedByNow, 12);
    }
    // The period's final figures: 4 households, in one row under the 2025 municipality.
    const old = (await server.data(PROGRESS, { id: period2, rollUp: true })).programReport.municipalityProgress;
    expect(old).toEqual([
      { municipality: { nisCode: '95003', name: 'Nieuwdorp' }, projectCount: 1, target: 10, reached: 4, expectedByNow: 10, progress: 0.4, onTrack: false, suppressed: [] },
    ]);
  });

  it('withholds a reach of 1–4 households from an analyst, and a rolled-up total that would reveal one', async () => {
    const rows = (await as(analyst, PROGRESS, { id: period3, rollUp: true })).programReport.municipalityProgress;
    const secondary = [{ field: 'progress', reason: 'SECONDARY' }, { field: 'onTrack', reason: 'SECONDARY' }];
    expect(rows[0]).toMatchObject({ municipality: { name: 'Centrum' }, target: 50, reached: null, progress: null, onTrack: null });
    expect(rows[0].suppressed).toEqual([{ field: 'reached', reason: 'BELOW_THRESHOLD' }, ...secondary]);
    expect(rows[0].expectedByNow).toBeCloseTo(50 * ELAPSED_3, 12);
    expect(rows[1]).toMatchObject({ municipality: { name: 'Dijkstad' }, reached: 6, progress: 0.6, onTrack: true, suppressed: [] });
    // 15 = Oudegem's 12 + Oudeburg's 3: shown, it would reveal the 3 Oudeburg's own KPI withholds.
    expect(rows[2]).toMatchObject({ municipality: { name: 'Nieuwdorp' }, target: 70, reached: null, progress: null, onTrack: null });
    expect(rows[2].suppressed).toEqual([{ field: 'reached', reason: 'SECONDARY' }, ...secondary]);

    const unrolled = (await as(analyst, PROGRESS, { id: period3, rollUp: false })).programReport.municipalityProgress;
    expect(unrolled.map((r: any) => [r.municipality.name, r.reached, r.suppressed.map((s: any) => `${s.field}:${s.reason}`)])).toEqual([
      ['Centrum', null, ['reached:BELOW_THRESHOLD', 'progress:SECONDARY', 'onTrack:SECONDARY']],
      ['Dijkstad', 6, []],
      ['Oudeburg', null, ['reached:BELOW_THRESHOLD', 'progress:SECONDARY', 'onTrack:SECONDARY']],
      ['Oudegem', 12, []],
    ]);
  });

  it('shows a coordinator every row, its own municipality’s exactly and the others with small counts withheld', async () => {
    const rows = (await as(coordinator, PROGRESS, { id: period3, rollUp: true })).programReport.municipalityProgress;
    // Centrum is its own (2 shown); Nieuwdorp's 15 would reveal Oudeburg's 3, so it is withheld.
    expect(rows.map((r: any) => [r.municipality.nisCode, r.reached])).toEqual([['95004', 2], ['95005', 6], ['95003', null]]);
    expect(rows[2].suppressed[0]).toEqual({ field: 'reached', reason: 'SECONDARY' });
    const report = (await as(coordinator, REPORT, { id: period3 })).programReport;
    expect(report.rolledUp.totalCount).toBe(3);
  });

  it('answers the many periods of fundingPeriods with the same rows as each period alone', async () => {
    const { fundingPeriods } = await server.data(`{ fundingPeriods { nodes { number programReport {
      representedLocalGovernments2025 municipalityProgress { municipality { nisCode } reached } } } } }`);
    const byNumber = new Map(fundingPeriods.nodes.map((p: any) => [p.number, p.programReport]));
    expect(byNumber.get(2)).toEqual({ representedLocalGovernments2025: 2, municipalityProgress: [{ municipality: { nisCode: '95003' }, reached: 4 }] });
    expect(byNumber.get(3)).toMatchObject({ representedLocalGovernments2025: 3 });
    expect((byNumber.get(3) as any).municipalityProgress.map((r: any) => r.reached)).toEqual([2, 6, 15]);
  });

  it('sums the programme over all periods: realised over the final period only, 2025 municipalities counted once', async () => {
    const { programSummary } = await server.data(SUMMARY);
    // Budget 6.800 + 5.100 + 8.500 + 1.700 (period 3) + 1.700 (period 2); committed 40 + 30 + 50 + 10 + 10.
    // Represented: Nieuwdorp (Oudegem, Oudeburg), Centrum, Dijkstad, Elders.
    expect(programSummary).toEqual({ periods: 2, finalPeriods: 1, budget: 23_800, committed: 140, realised: 4, representedLocalGovernments: 4 });
    // The analyst's realised figure of 4 households is withheld, as programReport withholds it.
    expect((await as(analyst, SUMMARY)).programSummary).toMatchObject({ realised: null, budget: 23_800, representedLocalGovernments: 4 });
    expect((await as(analyst, `query($id: ID!) { programReport(fundingPeriodId: $id) { realised } }`, { id: period2 })).programReport.realised).toBeNull();
    expect((await as(coordinator, SUMMARY)).programSummary.realised).toBe(4);
  });
});
