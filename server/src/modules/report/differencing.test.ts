import { LIMITS } from '@schoolmix/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { seedScale } from '../../db/seed/scale.js';
import { determinedCells, type Equation } from '../disclosure/suppression.js';

/**
 * The acceptance test of disclosure control (issue 15): an automated attacker collects every
 * figure an analyst can get — the GraphQL answers AND the CSV exports together — and, for every
 * published hierarchy of the demo data set, takes every shown total and subtracts its shown parts,
 * over and over as cells become known (and, stronger, solves all the equations of a hierarchy at
 * once). No withheld cell may be determined.
 *
 * Published hierarchies checked:
 * - social mix: 2025 municipality (and each pre-2025 municipality merged into it) → schools →
 *   indicator / other pupils, per school year (socialMixReport, School.compositions, School.mirror,
 *   social-mix.csv, school-compositions.csv);
 * - project KPI: reached → families with / without / unknown indicator; reached → per event type;
 *   event type → events (ProjectKpi, Event.attendanceCount, project-kpis.csv, events.csv);
 * - programme: programme → final periods → (rolled-up) municipalities → projects
 *   (programSummary, programReport, municipalityProgress, program-report.csv, project KPIs).
 * An equation is used only when it holds exactly in the data (an attacker may know or guess it).
 */

type Knowledge = Map<string, number>;

/** `DIFFERENCING_DATASET=scale` runs the same attack on the scale data set (PostgreSQL only; slow, not in CI). */
const SCALE = process.env.DIFFERENCING_DATASET === 'scale';
const TIMEOUT = SCALE ? 1_800_000 : 180_000;

/** Parses our CSV (`;`, decimal comma, quotes, BOM) into objects. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) {
    endField();
    rows.push(row);
  }
  const [head, ...body] = rows;
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}

const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s.replace(',', '.')));

/** Records a shown value; two sources that disagree on a cell are a bug of their own. */
function learn(known: Knowledge, key: string, value: number | null | undefined): void {
  if (value === null || value === undefined || Number.isNaN(value)) return;
  const before = known.get(key);
  if (before !== undefined && Math.abs(before - value) > 1e-6) throw new Error(`Two answers disagree on ${key}: ${before} vs ${value}`);
  known.set(key, value);
}

/**
 * The attacker: every equation whose cells are all known but one gives that one (total − parts,
 * or a part = total − the other parts), repeated until nothing changes; then a rank check over
 * all equations together. Returns the cells it determined that no answer showed.
 */
/** What each attack looked at, printed at the end (docs/REPORTS.md quotes the scale run). */
const figures: { hierarchy: string; tables: number; cells: number; equations: number; withheld: number; withheldSmall: number; determined: number }[] = [];

function attack(truth: Knowledge, shown: Knowledge, equations: Equation[], label?: { hierarchy: string; tables: number }): string[] {
  const leaks = attackCells(truth, shown, equations);
  if (label) {
    const withheld = [...truth.keys()].filter((k) => !shown.has(k));
    figures.push({
      ...label,
      cells: truth.size,
      equations: equations.filter((eq) => eq.parts.length > 0 && [eq.total, ...eq.parts].every((k) => truth.has(k))).length,
      withheld: withheld.length,
      withheldSmall: withheld.filter((k) => truth.get(k)! > 0 && truth.get(k)! < LIMITS.disclosureThreshold).length,
      determined: leaks.length,
    });
  }
  return leaks;
}

function attackCells(truth: Knowledge, shown: Knowledge, equations: Equation[]): string[] {
  const valid = equations.filter((eq) => eq.parts.length > 0 && [eq.total, ...eq.parts].every((k) => truth.has(k)) && truth.get(eq.total) === eq.parts.reduce((n, k) => n + truth.get(k)!, 0));
  const known = new Map(shown);
  const derived = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of valid) {
      const unknown = [eq.total, ...eq.parts].filter((k) => !known.has(k));
      if (unknown.length !== 1) continue;
      const k = unknown[0]!;
      const partsSum = eq.parts.filter((p) => p !== k).reduce((n, p) => n + known.get(p)!, 0);
      known.set(k, k === eq.total ? partsSum : known.get(eq.total)! - partsSum);
      derived.add(k);
      changed = true;
    }
  }
  const notShown = new Set([...truth.keys()].filter((k) => !shown.has(k)));
  const unknown = new Set([...notShown].filter((k) => !known.has(k)));
  // The rank check per connected group of equations (sharing an unknown cell): small systems.
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(k, root);
    return root;
  };
  const groups = new Map<string, Equation[]>();
  for (const eq of valid) {
    const cells = [eq.total, ...eq.parts].filter((k) => unknown.has(k));
    if (cells.length === 0) continue;
    for (const k of cells) if (!parent.has(k)) parent.set(k, k);
    for (const k of cells.slice(1)) parent.set(find(k), find(cells[0]!));
  }
  for (const eq of valid) {
    const first = [eq.total, ...eq.parts].find((k) => unknown.has(k));
    if (first === undefined) continue;
    const root = find(first);
    groups.set(root, [...(groups.get(root) ?? []), eq]);
  }
  const all = new Map([...truth].map(([k, v]) => [k, known.get(k) ?? v]));
  for (const eqs of groups.values()) for (const k of determinedCells(all, eqs, unknown)) derived.add(k);
  // A leak is a small group (1–4) that was not shown but is now determined. (Cells shown nowhere but
  // harmless, such as the pupils without an indicator of a school whose other figures are shown, may be derived.)
  return [...derived].filter((k) => notShown.has(k) && truth.get(k)! > 0 && truth.get(k)! < LIMITS.disclosureThreshold).sort();
}

describe('differencing attack on every published hierarchy of the demo data set (GraphQL + CSV)', () => {
  let server: TestServer;
  let analyst: string;
  const asAnalyst = () => ({ authorization: `Bearer ${analyst}` });

  beforeAll(async () => {
    if (SCALE) {
      // DIFFERENCING_DATASET=scale (needs DATABASE_URL, not in CI): the scale data set of SPEC §8.
      // The request budget (REQUEST_TIMEOUT_MS, also every connection's statement_timeout) is at its
      // maximum here: the seed's one-transaction load and KPI recount of 450 projects and the attacker's
      // full exports must not be cut off on a busy machine; this test is about disclosure, `pnpm bench` about speed.
      server = await startTestServer({ env: { REQUEST_TIMEOUT_MS: '600000' } });
      await seedScale(f.em(server), { log: () => undefined });
    } else server = await startTestServer({ seed: 'demo' });
    analyst = await server.tokenFor('ANALYST');
    seededAt = Date.now();
  }, SCALE ? 1_800_000 : 180_000);

  const started = Date.now();
  let seededAt = started;
  afterAll(async () => {
    await server?.close();
    // The figures of the run (quoted in docs/REPORTS.md for the scale data set).
    console.log(
      `differencing attack, ${SCALE ? 'scale' : 'demo'} data set: loaded in ${((seededAt - started) / 1000).toFixed(0)} s, attacked in ${((Date.now() - seededAt) / 1000).toFixed(0)} s:\n` +
        figures
          .map((x) => `  ${x.hierarchy}: ${x.tables} tables, ${x.cells} cells, ${x.equations} equations, ${x.withheld} not shown (${x.withheldSmall} of 1–4), ${x.determined} determined`)
          .join('\n'),
    );
  });

  const csv = async (name: string) => {
    const response = await fetch(`${server.url}/export/${name}.csv`, { headers: asAnalyst() });
    expect(response.status).toBe(200);
    return parseCsv(await response.text());
  };

  const MIX_REPORT = `query($nis: String!, $year: String!) { socialMixReport(nisCode: $nis, schoolYear: $year) {
    socialMix { pupils indicatorPupils indicatorShare }
    schools { school { institutionNumber compositions { schoolYear pupils indicatorPupils } } mirror { pupils indicatorShare } } } }`;

  /** The social-mix tables: truth from the database, what the analyst sees from GraphQL and CSV. */
  async function socialMixKnowledge() {
    const em = f.em(server);
    const rows = await em.execute<{ nis: string; target_nis: string; inst: string; school_year: string; pupils: number; ind: number }[]>(
      `select m.nis_code as nis, coalesce(t.nis_code, m.nis_code) as target_nis, s.institution_number as inst, sc.school_year, sc.pupils, sc.indicator_pupils as ind
         from school_composition sc join school s on s.id = sc.school_id join municipality m on m.id = s.municipality_id
         left join municipality t on t.id = m.merged_into_id`,
    );
    const truth: Knowledge = new Map();
    const equations: Equation[] = [];
    const groups = new Map<string, typeof rows>();
    for (const r of rows) {
      const s = (c: string) => `${r.school_year}:s:${r.inst}:${c}`;
      truth.set(s('pupils'), r.pupils);
      truth.set(s('ind'), r.ind);
      truth.set(s('oth'), r.pupils - r.ind);
      equations.push({ total: s('pupils'), parts: [s('ind'), s('oth')] });
      for (const nis of new Set([r.target_nis, r.nis])) {
        const key = `${r.school_year}:${nis}`;
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
    }
    for (const [key, members] of groups) {
      for (const c of ['pupils', 'ind', 'oth']) {
        const parts = members.map((r) => `${r.school_year}:s:${r.inst}:${c}`);
        truth.set(`${key}:m:${c}`, parts.reduce((n, k) => n + truth.get(k)!, 0));
        equations.push({ total: `${key}:m:${c}`, parts });
      }
      equations.push({ total: `${key}:m:pupils`, parts: [`${key}:m:ind`, `${key}:m:oth`] });
    }

    const shown: Knowledge = new Map();
    // GraphQL: every municipality with schools (2025 ones and merged ones), every school year.
    for (const key of groups.keys()) {
      const [year, nis] = key.split(':') as [string, string];
      const { data, errors } = await server.gql(MIX_REPORT, { nis, year }, asAnalyst());
      expect(errors).toBeUndefined();
      const r = data!.socialMixReport;
      learn(shown, `${key}:m:pupils`, r.socialMix.pupils);
      learn(shown, `${key}:m:ind`, r.socialMix.indicatorPupils);
      if (r.socialMix.pupils !== null && r.socialMix.indicatorShare !== null) learn(shown, `${key}:m:ind`, Math.round(r.socialMix.pupils * r.socialMix.indicatorShare));
      for (const { school, mirror } of r.schools) {
        const s = (c: string) => `${year}:s:${school.institutionNumber}:${c}`;
        learn(shown, s('pupils'), mirror.pupils);
        if (mirror.pupils !== null && mirror.indicatorShare !== null) learn(shown, s('ind'), Math.round(mirror.pupils * mirror.indicatorShare));
        for (const c of school.compositions) {
          const sy = (k: string) => `${c.schoolYear}:s:${school.institutionNumber}:${k}`;
          learn(shown, sy('pupils'), c.pupils);
          learn(shown, sy('ind'), c.indicatorPupils);
        }
      }
    }
    // CSV exports.
    for (const r of await csv('social-mix')) {
      const key = `${r.school_year}:${r.nis_code}`;
      const pupils = num(r.pupils);
      const share = num(r.indicator_share);
      learn(shown, `${key}:m:pupils`, pupils);
      if (pupils !== null && share !== null) learn(shown, `${key}:m:ind`, Math.round(pupils * share));
    }
    for (const r of await csv('school-compositions')) {
      const s = (c: string) => `${r.school_year}:s:${r.institution_number}:${c}`;
      const pupils = num(r.pupils);
      const share = num(r.indicator_share);
      learn(shown, s('pupils'), pupils);
      learn(shown, s('ind'), num(r.indicator_pupils));
      if (pupils !== null && share !== null) learn(shown, s('ind'), Math.round(pupils * share));
    }
    // Sanity: what is shown is true.
    for (const [k, v] of shown) if (truth.has(k)) expect(v, k).toBe(truth.get(k));
    return { truth, shown, equations, tables: groups.size };
  }

  it.skipIf(SCALE)('cannot find De Tandem’s 4 indicator pupils in 71024 (2023-2024) as the municipality’s 64 less the other schools’ (issue 15)', async () => {
    const { truth, shown, equations } = await socialMixKnowledge();
    expect(truth.get('2023-2024:71024:m:ind')).toBe(64);
    expect(truth.get('2023-2024:71024:m:pupils')).toBe(753);
    expect([...truth].filter(([k, v]) => k.startsWith('2023-2024:s:') && k.endsWith(':ind') && v === 60).length).toBeGreaterThan(0);
    const local = equations.filter((eq) => eq.total.startsWith('2023-2024:71024:m:ind'));
    expect(local).toHaveLength(1);
    const leaks = attack(truth, shown, local);
    expect(leaks).toEqual([]);
  }, TIMEOUT);

  it('determines no withheld cell of any social-mix table (municipality → schools → indicator / other pupils)', async () => {
    const { truth, shown, equations, tables } = await socialMixKnowledge();
    expect(attack(truth, shown, equations, { hierarchy: 'social mix (municipality × school year → schools → indicator / other)', tables })).toEqual([]);
  }, TIMEOUT);

  const KPI_PAGE = `query($after: String) { projects(first: 50, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id status leadMunicipality { nisCode mergedInto { nisCode } } fundingPeriod { number reportStatus }
      kpi { reached byEventType { type reached } families { withIndicator withoutIndicator indicatorUnknown } }
      events(first: 100) { nodes { id type attendanceCount } } } } }`;

  async function projects(headers: Record<string, string>): Promise<any[]> {
    const nodes: any[] = [];
    let after: string | null = null;
    do {
      const body: any = await server.gql(KPI_PAGE, { after }, headers);
      expect(body.errors).toBeUndefined();
      nodes.push(...body.data.projects.nodes);
      after = body.data.projects.pageInfo.hasNextPage ? body.data.projects.pageInfo.endCursor : null;
    } while (after);
    return nodes;
  }

  function kpiCells(p: any, into: Knowledge) {
    const k = (c: string) => `p:${p.id}:${c}`;
    learn(into, k('reached'), p.kpi.reached);
    for (const t of p.kpi.byEventType) learn(into, k(t.type), t.reached);
    learn(into, k('with'), p.kpi.families.withIndicator);
    learn(into, k('without'), p.kpi.families.withoutIndicator);
    learn(into, k('unknown'), p.kpi.families.indicatorUnknown);
    for (const e of p.events.nodes) learn(into, `e:${e.id}`, e.attendanceCount);
  }

  it('determines no withheld cell of the project hierarchies (reached → families, reached → event types → events) or the programme (summary → periods → municipalities → projects)', async () => {
    const [truthProjects, seenProjects] = await Promise.all([projects({}), projects(asAnalyst())]);
    const truth: Knowledge = new Map();
    const shown: Knowledge = new Map();
    const equations: Equation[] = [];
    // Every event's attended count from the database (a project may have more than one page of events).
    const allEvents = await f.em(server).execute<{ id: string; project_id: string; type: string; n: number }[]>(
      `select e.id, e.project_id, e.type, (count(a.id) filter (where a.status = 'ATTENDED'))::int as n from event e left join attendance a on a.event_id = e.id group by e.id`,
    );
    const eventsOf = new Map<string, typeof allEvents>();
    for (const e of allEvents) eventsOf.set(e.project_id, [...(eventsOf.get(e.project_id) ?? []), e]);
    for (const p of truthProjects) {
      kpiCells(p, truth);
      p.events.nodes = eventsOf.get(p.id) ?? [];
      for (const e of p.events.nodes) truth.set(`e:${e.id}`, Number(e.n));
      const k = (c: string) => `p:${p.id}:${c}`;
      equations.push({ total: k('reached'), parts: [k('with'), k('without'), k('unknown')] });
      equations.push({ total: k('reached'), parts: [k('PARENT_EVENING'), k('SCHOOL_VISIT')] });
      for (const type of ['PARENT_EVENING', 'SCHOOL_VISIT']) {
        const events = p.events.nodes.filter((e: any) => e.type === type).map((e: any) => `e:${e.id}`);
        if (events.length) equations.push({ total: k(type), parts: events });
      }
    }
    for (const p of seenProjects) kpiCells(p, shown);
    for (const r of await csv('project-kpis')) {
      const k = (c: string) => `p:${r.project_id}:${c}`;
      learn(shown, k('reached'), num(r.reached));
      learn(shown, k('PARENT_EVENING'), num(r.parent_evening));
      learn(shown, k('SCHOOL_VISIT'), num(r.school_visit));
      learn(shown, k('with'), num(r.with_indicator));
      learn(shown, k('without'), num(r.without_indicator));
      learn(shown, k('unknown'), num(r.indicator_unknown));
    }
    for (const r of await csv('events')) learn(shown, `e:${r.event_id}`, num(r.attended));

    // The programme: periods, their (rolled-up) municipality rows and the summary.
    const PROGRAMME = `{ fundingPeriods { nodes { number reportStatus programReport { realised municipalityProgress { municipality { nisCode } reached } } } }
      programSummary { realised } }`;
    const programme = async (headers: Record<string, string>, into: Knowledge) => {
      const { data, errors } = await server.gql(PROGRAMME, {}, headers);
      expect(errors).toBeUndefined();
      for (const period of data!.fundingPeriods.nodes) {
        learn(into, `period:${period.number}`, period.programReport.realised);
        for (const row of period.programReport.municipalityProgress) learn(into, `row:${period.number}:${row.municipality.nisCode}`, row.reached);
      }
      learn(into, 'summary', data!.programSummary.realised);
      return data!;
    };
    const admin = await programme({}, truth);
    await programme(asAnalyst(), shown);
    for (const r of await csv('program-report')) learn(shown, `period:${r.period}`, num(r.realised_households));
    const funded = truthProjects.filter((p) => p.status === 'APPROVED' || p.status === 'CLOSED');
    for (const period of admin.fundingPeriods.nodes) {
      const inPeriod = funded.filter((p) => p.fundingPeriod.number === period.number);
      if (period.programReport.realised !== null) equations.push({ total: `period:${period.number}`, parts: inPeriod.map((p) => `p:${p.id}:reached`) });
      const rows = period.programReport.municipalityProgress.map((row: any) => `row:${period.number}:${row.municipality.nisCode}`);
      if (period.programReport.realised !== null && rows.length) equations.push({ total: `period:${period.number}`, parts: rows });
      for (const row of period.programReport.municipalityProgress) {
        const own = inPeriod.filter((p) => (p.leadMunicipality.mergedInto?.nisCode ?? p.leadMunicipality.nisCode) === row.municipality.nisCode);
        equations.push({ total: `row:${period.number}:${row.municipality.nisCode}`, parts: own.map((p) => `p:${p.id}:reached`) });
      }
    }
    if (admin.programSummary.realised !== null) {
      const finals = admin.fundingPeriods.nodes.filter((p: any) => p.reportStatus === 'FINAL').map((p: any) => `period:${p.number}`);
      equations.push({ total: 'summary', parts: finals });
    }
    for (const [k, v] of shown) expect(v, k).toBe(truth.get(k));
    const tables = truthProjects.length + admin.fundingPeriods.nodes.length + 1;
    expect(attack(truth, shown, equations, { hierarchy: 'projects (reached → families, event types → events) and programme (summary → periods → municipalities → projects)', tables })).toEqual([]);
  }, TIMEOUT);
});
