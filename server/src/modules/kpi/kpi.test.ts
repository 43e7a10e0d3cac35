import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

/**
 * The action 20 KPI on a fixture whose answer is known by construction. Only households 1–4
 * may count; each line below names the rule that keeps the others out.
 */
describe('Project.kpi', () => {
  let server: TestServer;
  let projectId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const em = f.em(server);
    const lead = await f.municipality(em);
    const lop = await f.organization(em, lead, { promotesSocialMix: true });
    const other = await f.organization(em, lead, { promotesSocialMix: false, name: 'Sportclub' });
    const project = await f.project(em, { lead, targetHouseholds: 10, partners: [lop, other] });
    projectId = project.id;

    const evening = await f.event(em, project, lop, { type: 'PARENT_EVENING', startsAt: new Date('2024-11-05T18:00:00Z') });
    const visit = await f.event(em, project, lop, { type: 'SCHOOL_VISIT', startsAt: new Date('2025-03-12T08:30:00Z') });
    const notSocialMix = await f.event(em, project, other, { startsAt: new Date('2025-01-20T18:00:00Z') });
    const cancelled = await f.event(em, project, lop, { startsAt: new Date('2025-01-21T18:00:00Z'), cancelledAt: new Date('2025-01-10T00:00:00Z') });
    const beforePeriod = await f.event(em, project, lop, { startsAt: new Date('2024-09-30T17:00:00Z') });
    // 30 September 23:30 in Brussels is still inside the period, though it is 21:30 UTC.
    const lastEvening = await f.event(em, project, lop, { startsAt: new Date('2025-09-30T21:30:00Z') });
    // 1 October 00:30 in Brussels (22:30 UTC on 30 September) is outside it.
    const afterPeriod = await f.event(em, project, lop, { startsAt: new Date('2025-09-30T22:30:00Z') });

    const h = [];
    for (let i = 0; i < 8; i++) h.push(await f.household(em, project, { reference: `KPI-${i + 1}` }));
    h[0]!.lowEducatedMother = true;
    h[1]!.lowEducatedMother = false;
    h[1]!.schoolAllowance = false;
    h[1]!.homeLanguageNotDutch = false;
    h[2]!.childWithSpecialNeeds = true;
    await em.flush();

    await f.attendance(em, h[0]!, evening); // counts
    await f.attendance(em, h[0]!, visit); // same household twice: still one
    await f.attendance(em, h[1]!, visit); // counts
    await f.attendance(em, h[2]!, evening); // counts
    await f.attendance(em, h[3]!, lastEvening); // counts: inside the period in Belgian time
    await f.attendance(em, h[4]!, evening, 'NO_SHOW'); // a no-show does not count
    await f.attendance(em, h[5]!, notSocialMix); // organiser does not promote the social mix
    await f.attendance(em, h[6]!, cancelled); // cancelled event
    await f.attendance(em, h[7]!, beforePeriod); // outside the period
    await f.attendance(em, h[7]!, afterPeriod); // outside the period
    await f.attendance(em, h[5]!, evening, 'REGISTERED'); // registered is not attended
  });

  afterAll(() => server?.close());

  it('counts distinct attended households at qualifying events only', async () => {
    const { project } = await server.data(
      `query($id: ID!) { project(id: $id) { kpi { target reached progress expectedByNow onTrack earnedSubsidy
          byEventType { type reached } families { withIndicator withoutIndicator indicatorUnknown withSpecialNeeds } } } }`,
      { id: projectId },
    );
    const kpi = project.kpi;
    expect(kpi.reached).toBe(4);
    expect(kpi.target).toBe(10);
    expect(kpi.progress).toBeCloseTo(0.4, 12);
    expect(kpi.byEventType).toEqual([
      { type: 'PARENT_EVENING', reached: 3 },
      { type: 'SCHOOL_VISIT', reached: 2 },
    ]);
    expect(kpi.families).toEqual({ withIndicator: 1, withoutIndicator: 1, indicatorUnknown: 2, withSpecialNeeds: 1 });
    // min(4, 10) × € 170
    expect(kpi.earnedSubsidy).toBe(680);
  });

  it('expects progress in proportion to the elapsed days of the period', async () => {
    // Test clock: 2025-04-01 → 183 of 365 days of 2024-10-01…2025-09-30 have begun.
    const { project } = await server.data(`query($id: ID!) { project(id: $id) { kpi { expectedByNow onTrack } } }`, { id: projectId });
    expect(project.kpi.expectedByNow).toBeCloseTo((10 * 183) / 365, 10);
    expect(project.kpi.onTrack).toBe(false);
  });
});
