import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';

const KPI = `query($id: ID!) { project(id: $id) {
  kpi { reached progress onTrack earnedSubsidy byEventType { type reached } families { withIndicator withoutIndicator indicatorUnknown withSpecialNeeds } suppressed { field reason } }
  events { nodes { attendanceCount } }
} }`;

/** What an analyst sees of small groups of families through the API: withheld, with a reason. */
describe('disclosure control for analysts', () => {
  let server: TestServer;
  let small: string;
  let large: string;
  let analyst: string;
  let schoolId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const em = f.em(server);
    analyst = await server.tokenFor('ANALYST');
    const build = async (households: number, withIndicator: number) => {
      const lead = await f.municipality(em);
      const org = await f.organization(em, lead);
      const project = await f.project(em, { lead, partners: [org], targetHouseholds: 40 });
      const evening = await f.event(em, project, org);
      for (let i = 0; i < households; i++) {
        const consented = { lowEducatedMother: i < withIndicator, schoolAllowance: false, homeLanguageNotDutch: false };
        await f.attendance(em, await f.household(em, project, consented), evening);
      }
      return project.id;
    };
    const school = await f.school(em, await f.municipality(em));
    await f.composition(em, school, { pupils: 200, indicatorPupils: 3, pupilsWithSpecialNeeds: 2 });
    schoolId = school.id;
    small = await build(3, 1);
    // 12 reached = 2 with an indicator + 10 without: the 2 is withheld, and so is the 10.
    large = await build(12, 2);
  });

  afterAll(() => server?.close());

  const asAnalyst = (id: string) => server.gql(KPI, { id }, { authorization: `Bearer ${analyst}` });

  it('withholds a reach of 3 households and what follows from it; an administrator sees 3', async () => {
    const { data } = await asAnalyst(small);
    const kpi = data!.project.kpi;
    expect(kpi).toMatchObject({ reached: null, progress: null, onTrack: null, earnedSubsidy: null });
    expect(kpi.byEventType).toEqual([{ type: 'PARENT_EVENING', reached: null }, { type: 'SCHOOL_VISIT', reached: 0 }]);
    expect(kpi.suppressed).toContainEqual({ field: 'reached', reason: 'BELOW_THRESHOLD' });
    expect(kpi.suppressed).toContainEqual({ field: 'progress', reason: 'SECONDARY' });
    expect(data!.project.events.nodes).toEqual([{ attendanceCount: null }]);
    const admin = await server.data(KPI, { id: small });
    expect(admin.project.kpi.reached).toBe(3);
    expect(admin.project.events.nodes).toEqual([{ attendanceCount: 3 }]);
  });

  it('withholds small pupil counts of a school composition, and the part that would reveal one', async () => {
    const query = `query($id: ID!) { school(id: $id) { compositions { pupils indicatorPupils lowEducatedMother pupilsWithSpecialNeeds } } }`;
    const seen = (await server.gql(query, { id: schoolId }, { authorization: `Bearer ${analyst}` })).data!.school.compositions;
    expect(seen).toEqual([{ pupils: 200, indicatorPupils: null, lowEducatedMother: 20, pupilsWithSpecialNeeds: null }]);
    const admin = (await server.data(query, { id: schoolId })).school.compositions;
    expect(admin).toEqual([{ pupils: 200, indicatorPupils: 3, lowEducatedMother: 20, pupilsWithSpecialNeeds: 2 }]);
  });

  it('shows a reach of 12 but withholds a part of 2 and, secondarily, the part that would reveal it', async () => {
    const kpi = (await asAnalyst(large)).data!.project.kpi;
    expect(kpi.reached).toBe(12);
    expect(kpi.progress).toBeCloseTo(0.3, 12);
    expect(kpi.families).toEqual({ withIndicator: null, withoutIndicator: null, indicatorUnknown: 0, withSpecialNeeds: 0 });
    expect(kpi.suppressed).toEqual([
      { field: 'families.withIndicator', reason: 'BELOW_THRESHOLD' },
      { field: 'families.withoutIndicator', reason: 'SECONDARY' },
    ]);
  });

  it('withholds a period’s realised total when a project behind it withholds its reach (total − the others would reveal the 3)', async () => {
    const em = f.em(server);
    const period = await f.period(em);
    await em.nativeUpdate(FundingPeriod, { id: period.id }, { reportStatus: 'FINAL' });
    const query = `query($id: ID!) { programReport(fundingPeriodId: $id) { realised pending } }`;
    const seen = (await server.gql(query, { id: period.id }, { authorization: `Bearer ${analyst}` })).data!.programReport;
    expect(seen).toEqual({ realised: null, pending: false });
    expect((await server.data(query, { id: period.id })).programReport).toEqual({ realised: 15, pending: false });
    // Reopened for the next test, which adds activity to this period (a FINAL period's figures are frozen).
    await em.nativeUpdate(FundingPeriod, { id: period.id }, { reportStatus: 'OPEN' });
  });

  it('withholds, beside a withheld event count of 3, the smallest other count of the same project and type, so the reach per type cannot reveal it', async () => {
    const em = f.em(server);
    const lead = await f.municipality(em);
    const org = await f.organization(em, lead);
    const project = await f.project(em, { lead, partners: [org], targetHouseholds: 60 });
    const visits = [];
    for (const [i, n] of [3, 10, 12].entries()) {
      const visit = await f.event(em, project, org, { type: 'SCHOOL_VISIT', startsAt: new Date(`2025-02-1${i}T09:00:00Z`) });
      for (let k = 0; k < n; k++) await f.attendance(em, await f.household(em, project), visit);
      visits.push(visit.id);
    }
    const evening = await f.event(em, project, org, { startsAt: new Date('2025-03-01T18:00:00Z') });
    for (let k = 0; k < 7; k++) await f.attendance(em, await f.household(em, project), evening);
    const query = `query($id: ID!) { project(id: $id) { kpi { byEventType { type reached } } events(first: 10) { nodes { id attendanceCount } } } }`;
    const counts = async (headers?: Record<string, string>) => {
      const { data } = await server.gql(query, { id: project.id }, headers);
      return { byType: data!.project.kpi.byEventType, events: new Map(data!.project.events.nodes.map((e: any) => [e.id, e.attendanceCount])) };
    };
    const seen = await counts({ authorization: `Bearer ${analyst}` });
    expect(seen.byType).toEqual([{ type: 'PARENT_EVENING', reached: 7 }, { type: 'SCHOOL_VISIT', reached: 25 }]);
    // 25 − 12 would give 13 = 3 + 10: both withheld, neither can be found.
    expect(visits.map((id) => seen.events.get(id))).toEqual([null, null, 12]);
    expect(seen.events.get(evening.id)).toBe(7);
    const admin = await counts();
    expect(visits.map((id) => admin.events.get(id))).toEqual([3, 10, 12]);
  });
});
