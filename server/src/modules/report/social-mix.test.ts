import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { Enrollment, type Household } from '../household/household.entity.js';
import type { Municipality } from '../municipality/municipality.entity.js';
import { AreaComposition, type School } from '../school/school.entity.js';

/**
 * Social-mix outcomes over the API, on fixtures whose answers are known by construction
 * (SPEC section 3, "Social-mix outcomes"): the segregation indices and mirror gaps of a
 * municipality's schools, the roll-up of merged municipalities, disclosure control, and
 * neighbourhood school choice of reached against not-reached households.
 */

const YEAR = '2024-2025';

const MIX = `schoolYear schoolCount pupils indicatorPupils indicatorShare dissimilarity isolation exposure mutualInformation theilH suppressedReason`;
const MIRROR = `schoolYear pupils indicatorShare areaCode areaShare gap mirrors tolerance suppressedReason`;
const GROUP = 'households neighbourhoodSchool share suppressedReason';
const CHOICE = `reached { ${GROUP} } notReached { ${GROUP} }`;

/** A school with `indicator` of `pupils` pupils in the school year. */
async function schoolWith(em: EntityManager, m: Municipality, name: string, pupils: number, indicator: number, over: Partial<School> = {}): Promise<School> {
  const s = await f.school(em, m, { name, ...over });
  const part = Math.floor(indicator / 2);
  await f.composition(em, s, { schoolYear: YEAR, pupils, indicatorPupils: indicator, lowEducatedMother: part, schoolAllowance: part, homeLanguageNotDutch: part, pupilsWithSpecialNeeds: 0 });
  return s;
}

/** The neighbourhood of a municipality: `indicator` of `pupils` resident pupils. */
async function area(em: EntityManager, m: Municipality, pupils: number, indicator: number): Promise<void> {
  em.create(AreaComposition, { areaCode: m.nisCode, schoolYear: YEAR, pupilsResident: pupils, indicatorPupilsResident: indicator });
  await em.flush();
}

describe('social-mix indices and mirror gaps', () => {
  let server: TestServer;
  /** Schools A (30 of 100) and B (10 of 100); its area 40 of 200 resident pupils (a = 0.2). */
  let town: Municipality;
  /** Since 2025: schools A (30/100) and B (10/100) of its own, C (20/100) through `merged`. */
  let successor: Municipality;
  /** Pre-2025, merged into `successor`. */
  let merged: Municipality;
  /** Two schools with 3 pupils between them. */
  let tiny: Municipality;
  /** 200 pupils, of whom only 3 with an indicator. */
  let fewIndicator: Municipality;
  /** One school with a composition, and a new one without. */
  let growing: Municipality;

  beforeAll(async () => {
    server = await startTestServer();
    const em = f.em(server);

    town = await f.municipality(em, { name: 'Spiegelgem' });
    await schoolWith(em, town, 'School A', 100, 30);
    await schoolWith(em, town, 'School B', 100, 10);
    await area(em, town, 200, 40);

    successor = await f.municipality(em, { name: 'Fusiegem', validFrom: '2025-01-01' });
    await schoolWith(em, successor, 'School A', 100, 30);
    await schoolWith(em, successor, 'School B', 100, 10);
    await area(em, successor, 200, 40);
    merged = await f.municipality(em, { name: 'Oudgem', validFrom: '2019-01-01', validTo: '2024-12-31', mergedInto: ref(successor) });
    await schoolWith(em, merged, 'School C', 100, 20);

    tiny = await f.municipality(em, { name: 'Kleingem' });
    await schoolWith(em, tiny, 'School D', 2, 1);
    await schoolWith(em, tiny, 'School E', 1, 0);
    await area(em, tiny, 200, 40);

    fewIndicator = await f.municipality(em, { name: 'Homogeen' });
    await schoolWith(em, fewIndicator, 'School F', 120, 2);
    await schoolWith(em, fewIndicator, 'School G', 80, 1);

    growing = await f.municipality(em, { name: 'Groeigem' });
    await schoolWith(em, growing, 'School H', 200, 50);
    await f.school(em, growing, { name: 'School I (nieuw)' });
    await area(em, growing, 400, 100);
  });

  afterAll(() => server?.close());

  const report = (nisCode: string, extra = '') =>
    server.data(`query($nis: String!) { socialMixReport(nisCode: $nis, schoolYear: "${YEAR}"${extra}) {
        schoolYear municipality { nisCode } socialMix { ${MIX} } trend { ${MIX} }
        schools { school { name municipality { nisCode } } mirror { ${MIRROR} } } } }`, { nis: nisCode }).then((d) => d.socialMixReport);

  const mirrorOf = (r: any, name: string) => r.schools.find((s: any) => s.school.name === name).mirror;

  it('computes D, isolation, exposure, M and H of two schools as by hand (see segregation.test.ts)', async () => {
    const r = await report(town.nisCode);
    expect(r.schoolYear).toBe(YEAR);
    expect(r.municipality.nisCode).toBe(town.nisCode);
    const mix = r.socialMix;
    expect(mix).toMatchObject({ schoolYear: YEAR, schoolCount: 2, pupils: 200, indicatorPupils: 40, suppressedReason: null });
    expect(mix.indicatorShare).toBeCloseTo(0.2, 12);
    // D = ½ (|30/40 − 70/160| + |10/40 − 90/160|)
    expect(mix.dissimilarity).toBeCloseTo(0.3125, 12);
    // xPx = 0.75·0.3 + 0.25·0.1; xPy = 0.75·0.7 + 0.25·0.9
    expect(mix.isolation).toBeCloseTo(0.25, 12);
    expect(mix.exposure).toBeCloseTo(0.75, 12);
    expect(mix.mutualInformation).toBeCloseTo(0.0324288, 6);
    expect(mix.theilH).toBeCloseTo(0.0648055, 6);
    // Only one school year on record.
    expect(r.trend).toEqual([mix]);
  });

  it('sets each school against its area: gap = s − a, A at +0.10 and B at −0.10 mirror at the default tolerance', async () => {
    const r = await report(town.nisCode);
    expect(r.schools.map((s: any) => s.school.name)).toEqual(['School A', 'School B']);
    const a = mirrorOf(r, 'School A');
    const b = mirrorOf(r, 'School B');
    expect(a).toMatchObject({ schoolYear: YEAR, pupils: 100, areaCode: town.nisCode, tolerance: 0.1, mirrors: true, suppressedReason: null });
    expect(a.indicatorShare).toBeCloseTo(0.3, 12);
    expect(a.areaShare).toBeCloseTo(0.2, 12);
    expect(a.gap).toBeCloseTo(0.1, 12);
    expect(b).toMatchObject({ pupils: 100, mirrors: true, suppressedReason: null });
    expect(b.indicatorShare).toBeCloseTo(0.1, 12);
    expect(b.gap).toBeCloseTo(-0.1, 12);
  });

  it('no longer counts a gap of 0.10 as mirroring at tolerance 0.05, in the report and on School.mirror', async () => {
    const r = await report(town.nisCode, ', tolerance: 0.05');
    expect(mirrorOf(r, 'School A')).toMatchObject({ tolerance: 0.05, mirrors: false });
    expect(mirrorOf(r, 'School B')).toMatchObject({ tolerance: 0.05, mirrors: false });
    // The tolerance changes the verdict, never the figures.
    expect(mirrorOf(r, 'School A').gap).toBeCloseTo(0.1, 12);
    const { schools } = await server.data(
      `query($m: ID!) { schools(filter: { municipalityId: $m }, orderBy: [{ field: NAME }]) { nodes { name
          strict: mirror(schoolYear: "${YEAR}", tolerance: 0.05) { mirrors gap }
          usual: mirror(schoolYear: "${YEAR}") { mirrors gap tolerance } } } }`,
      { m: town.id },
    );
    expect(schools.nodes.map((s: any) => [s.name, s.usual.mirrors, s.strict.mirrors, s.usual.tolerance])).toEqual([
      ['School A', true, false, 0.1],
      ['School B', true, false, 0.1],
    ]);
  });

  it('answers Municipality.socialMix with the same numbers as the report', async () => {
    const { municipality } = await server.data(`query($id: ID!) { municipality(id: $id) { socialMix(schoolYear: "${YEAR}") { ${MIX} } } }`, { id: town.id });
    expect(municipality.socialMix).toEqual((await report(town.nisCode)).socialMix);
    expect(municipality.socialMix.dissimilarity).toBeCloseTo(0.3125, 12);
  });

  it('rolls the schools of a pre-2025 municipality up into the one it merged into', async () => {
    const r = await report(successor.nisCode);
    expect(r.socialMix).toMatchObject({ schoolCount: 3, pupils: 300, indicatorPupils: 60 });
    // X = 60, Y = 240: D = ½ (|30/60 − 70/240| + |10/60 − 90/240| + |20/60 − 80/240|) = 5/24
    expect(r.socialMix.dissimilarity).toBeCloseTo(5 / 24, 12);
    // xPx = 0.5·0.3 + (1/6)·0.1 + (1/3)·0.2 = 7/30
    expect(r.socialMix.isolation).toBeCloseTo(7 / 30, 12);
    expect(r.schools.map((s: any) => [s.school.name, s.school.municipality.nisCode])).toEqual([
      ['School A', successor.nisCode],
      ['School B', successor.nisCode],
      ['School C', merged.nisCode],
    ]);
    // The merged municipality on its own keeps only its own school.
    expect((await report(merged.nisCode)).socialMix).toMatchObject({ schoolCount: 1, pupils: 100, indicatorPupils: 20 });
  });

  it('rolls up the same way when the successor and the merged municipality are asked in one request', async () => {
    const { municipalities } = await server.data(
      `query($codes: [String!]) { municipalities(filter: { nisCodes: $codes }, orderBy: [{ field: NIS_CODE }]) {
         nodes { nisCode socialMix(schoolYear: "${YEAR}") { schoolCount pupils dissimilarity } } } }`,
      { codes: [successor.nisCode, merged.nisCode] },
    );
    const byCode = new Map(municipalities.nodes.map((m: any) => [m.nisCode, m.socialMix]));
    expect(byCode.get(successor.nisCode)).toMatchObject({ schoolCount: 3, pupils: 300 });
    expect((byCode.get(successor.nisCode) as any).dissimilarity).toBeCloseTo(5 / 24, 12);
    expect(byCode.get(merged.nisCode)).toMatchObject({ schoolCount: 1, pupils: 100 });
  });

  it('suppresses every figure of a municipality with fewer than 5 pupils (BELOW_THRESHOLD), schools included', async () => {
    const r = await report(tiny.nisCode);
    expect(r.socialMix).toEqual({
      schoolYear: YEAR,
      schoolCount: 2,
      pupils: null,
      indicatorPupils: null,
      indicatorShare: null,
      dissimilarity: null,
      isolation: null,
      exposure: null,
      mutualInformation: null,
      theilH: null,
      suppressedReason: 'BELOW_THRESHOLD',
    });
    for (const { mirror } of r.schools) {
      expect(mirror).toMatchObject({ pupils: null, indicatorShare: null, gap: null, mirrors: null, suppressedReason: 'BELOW_THRESHOLD' });
    }
  });

  it('suppresses the indices when one group has fewer than 5 pupils, even among 200', async () => {
    const r = await report(fewIndicator.nisCode);
    expect(r.socialMix).toMatchObject({ schoolCount: 2, pupils: null, indicatorPupils: null, dissimilarity: null, theilH: null, suppressedReason: 'BELOW_THRESHOLD' });
    // 2 indicator pupils among 120: the school's share would reveal them, so it is withheld too;
    // its 120 pupils are shown, as in School.compositions (the same published cell everywhere).
    expect(mirrorOf(r, 'School F')).toMatchObject({ pupils: 120, indicatorShare: null, gap: null, mirrors: null, suppressedReason: 'BELOW_THRESHOLD' });
  });

  it('lists every school of the municipality, one without a composition that year as NO_COMPOSITION', async () => {
    const r = await report(growing.nisCode);
    // The indices count the schools with a composition: one school alone is not segregated.
    expect(r.socialMix).toMatchObject({ schoolCount: 1, pupils: 200, indicatorPupils: 50, dissimilarity: 0, suppressedReason: null });
    expect(r.schools.map((s: any) => s.school.name)).toEqual(['School H', 'School I (nieuw)']);
    expect(mirrorOf(r, 'School H')).toMatchObject({ pupils: 200, mirrors: true, suppressedReason: null });
    expect(mirrorOf(r, 'School H').gap).toBeCloseTo(0, 12);
    expect(mirrorOf(r, 'School I (nieuw)')).toMatchObject({ pupils: null, indicatorShare: null, gap: null, mirrors: null, suppressedReason: 'NO_COMPOSITION' });
  });

  it('refuses a school year that is not two consecutive years, naming schoolYear', async () => {
    for (const query of [
      `{ socialMixReport(nisCode: "${town.nisCode}", schoolYear: "2024-2026") { schoolYear } }`,
      `{ municipality(id: "${town.id}") { socialMix(schoolYear: "2024-2026") { schoolCount } } }`,
    ]) {
      const body = await server.gql(query);
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolYear' });
      expect(body.errors![0]!.message).toContain('schoolYear');
    }
  });

  it('refuses a NIS code that is not five digits, and a tolerance outside 0 … 1, naming the argument', async () => {
    for (const nisCode of ['4402', '4402a', '440210']) {
      const body = await server.gql(`query($nis: String!) { socialMixReport(nisCode: $nis, schoolYear: "${YEAR}") { schoolYear } }`, { nis: nisCode });
      expect(body.errors![0]!.extensions, nisCode).toMatchObject({ code: 'BAD_USER_INPUT', field: 'nisCode' });
      expect(body.data?.socialMixReport ?? null).toBeNull();
    }
    const body = await server.gql(`{ socialMixReport(nisCode: "${town.nisCode}", schoolYear: "${YEAR}", tolerance: 1.5) { schoolYear } }`);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tolerance' });
    // A well-formed code that is not on record is simply not there.
    expect((await server.data(`{ socialMixReport(nisCode: "89999", schoolYear: "${YEAR}") { schoolYear } }`)).socialMixReport).toBeNull();
  });
});

/**
 * Households of one project, by construction. Reached = ATTENDED at a qualifying event (the KPI
 * rule); every other registered household is "not reached". A neighbourhood school lies in the
 * household's municipality or postcode.
 */
describe('neighbourhood school choice', () => {
  let server: TestServer;
  let lead: Municipality;
  let projectId: string;
  let smallProjectId: string;
  /** reference → school id → whether that enrollment is in a neighbourhood school */
  const expected = new Map<string, Map<string, boolean>>();

  beforeAll(async () => {
    server = await startTestServer();
    const em = f.em(server);
    lead = await f.municipality(em, { name: 'Buurtgem', postcode: '9100' });
    const elsewhere = await f.municipality(em, { name: 'Verweg', postcode: '9200' });
    const local = await f.school(em, lead, { name: 'Buurtschool', postcode: '9100' });
    const far = await f.school(em, elsewhere, { name: 'Verre school', postcode: '9200' });
    // In the other municipality, but in the households' postcode: still a neighbourhood school.
    const border = await f.school(em, elsewhere, { name: 'Grensschool', postcode: '9100' });

    const lop = await f.organization(em, lead, { promotesSocialMix: true });
    const club = await f.organization(em, lead, { promotesSocialMix: false, name: 'Sportclub' });
    const project = await f.project(em, { lead, partners: [lop, club] });
    projectId = project.id;
    const evening = await f.event(em, project, lop);
    const cancelled = await f.event(em, project, lop, { cancelledAt: new Date('2025-02-01T10:00:00Z') });
    const notSocialMix = await f.event(em, project, club);

    const family = async (reference: string, attend: [typeof evening, 'ATTENDED' | 'REGISTERED' | 'NO_SHOW'] | null, schools: School[], projectOf = project): Promise<Household> => {
      const h = await f.household(em, projectOf, { reference, residenceNisCode: lead.nisCode, postcode: '9100' });
      if (attend) await f.attendance(em, h, attend[0], attend[1]);
      const mine = new Map<string, boolean>();
      for (const s of schools) {
        em.create(Enrollment, { household: h, school: s, schoolYear: '2025-2026' });
        mine.set(s.id, s !== far);
      }
      await em.flush();
      expected.set(reference, mine);
      return h;
    };

    // Reached: 7 households with an enrollment, 5 of them in a neighbourhood school.
    await family('R1', [evening, 'ATTENDED'], [local]);
    await family('R2', [evening, 'ATTENDED'], [local]);
    await family('R3', [evening, 'ATTENDED'], [local]);
    await family('R4', [evening, 'ATTENDED'], [border]);
    await family('R5', [evening, 'ATTENDED'], [far]);
    await family('R6', [evening, 'ATTENDED'], [far]);
    await family('R7', [evening, 'ATTENDED'], [far, local]); // two children: one family, local counts
    await family('R8', [evening, 'ATTENDED'], []); // no enrollment: in neither group
    // Not reached: 6 households with an enrollment, 2 of them in a neighbourhood school.
    await family('N1', [evening, 'REGISTERED'], [local]);
    await family('N2', [evening, 'NO_SHOW'], [far]);
    await family('N3', [cancelled, 'ATTENDED'], [far]); // a cancelled event never counts
    await family('N4', [notSocialMix, 'ATTENDED'], [local]); // organiser does not promote the social mix
    await family('N5', [evening, 'REGISTERED'], [far]);
    await family('N6', null, [far]); // registered, never came

    // A second project, right at the threshold: 4 reached (suppressed) and 5 not reached (shown).
    const otherLead = await f.municipality(em, { name: 'Drempelgem', postcode: '9100' });
    const otherLop = await f.organization(em, otherLead);
    const small = await f.project(em, { lead: otherLead, partners: [otherLop] });
    smallProjectId = small.id;
    const otherEvening = await f.event(em, small, otherLop);
    for (let i = 1; i <= 4; i++) await family(`S-R${i}`, [otherEvening, 'ATTENDED'], [local], small);
    for (let i = 1; i <= 5; i++) await family(`S-N${i}`, [otherEvening, 'NO_SHOW'], i <= 3 ? [local] : [far], small);
  });

  afterAll(() => server?.close());

  const choiceOf = (id: string) =>
    server.data(`query($id: ID!) { project(id: $id) { kpi { reached } neighbourhoodChoice { ${CHOICE} } } }`, { id }).then((d) => d.project);

  it('compares the share of reached households in a neighbourhood school with that of the others', async () => {
    const project = await choiceOf(projectId);
    expect(project.kpi.reached).toBe(8);
    // 5 of 7 and 2 of 6: each split has a side of 2 households, which the share would reveal.
    expect(project.neighbourhoodChoice.reached).toEqual({ households: 7, neighbourhoodSchool: null, share: null, suppressedReason: 'BELOW_THRESHOLD' });
    expect(project.neighbourhoodChoice.notReached).toEqual({ households: 6, neighbourhoodSchool: null, share: null, suppressedReason: 'BELOW_THRESHOLD' });
  });

  it('suppresses a group of fewer than 5 households, and shows the size of one of exactly 5', async () => {
    const project = await choiceOf(smallProjectId);
    expect(project.neighbourhoodChoice.reached).toEqual({ households: null, neighbourhoodSchool: null, share: null, suppressedReason: 'BELOW_THRESHOLD' });
    // A group of exactly 5 shows its size; its split 3 / 2 would reveal 2 households, so not that.
    expect(project.neighbourhoodChoice.notReached).toEqual({ households: 5, neighbourhoodSchool: null, share: null, suppressedReason: 'BELOW_THRESHOLD' });
  });

  it('marks each enrollment as in a neighbourhood school by municipality or postcode', async () => {
    const { households } = await server.data(
      `{ households(first: 100) { totalCount nodes { reference enrollments { schoolYear isNeighbourhoodSchool school { id name } } } } }`,
    );
    expect(households.totalCount).toBe(expected.size);
    for (const h of households.nodes) {
      const mine = expected.get(h.reference)!;
      expect(h.enrollments, h.reference).toHaveLength(mine.size);
      for (const en of h.enrollments) {
        expect(en.isNeighbourhoodSchool, `${h.reference} at ${en.school.name}`).toBe(mine.get(en.school.id));
        expect(en.schoolYear).toBe('2025-2026');
      }
    }
    // The group figures are the per-enrollment verdicts, counted once per household.
    const neighbourhood = households.nodes.filter((h: any) => /^R/.test(h.reference) && h.enrollments.some((e: any) => e.isNeighbourhoodSchool));
    expect(neighbourhood.map((h: any) => h.reference).sort()).toEqual(['R1', 'R2', 'R3', 'R4', 'R7']);
  });

  it('answers Municipality.neighbourhoodChoice over the projects it leads, per school year when asked', async () => {
    const { municipality } = await server.data(
      `query($id: ID!) { municipality(id: $id) {
         all: neighbourhoodChoice { ${CHOICE} }
         enrolled: neighbourhoodChoice(schoolYear: "2025-2026") { ${CHOICE} }
         earlier: neighbourhoodChoice(schoolYear: "2024-2025") { ${CHOICE} } } }`,
      { id: lead.id },
    );
    const project = await choiceOf(projectId);
    expect(municipality.all).toEqual(project.neighbourhoodChoice);
    expect(municipality.enrolled).toEqual(project.neighbourhoodChoice);
    expect(municipality.earlier.reached).toMatchObject({ households: null, suppressedReason: 'BELOW_THRESHOLD' });
    expect(municipality.earlier.notReached).toMatchObject({ households: null, suppressedReason: 'BELOW_THRESHOLD' });
    const bad = await server.gql(`query($id: ID!) { municipality(id: $id) { neighbourhoodChoice(schoolYear: "2025") { reached { households } } } }`, { id: lead.id });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'schoolYear' });
  });
});
