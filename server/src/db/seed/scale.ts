import type { EntityManager } from '@mikro-orm/sql';
import type { OrganizationKind, ProjectStatus } from '@schoolmix/shared';
import { PgliteDriver } from '@mikro-orm/pglite';
import { CompiledQuery } from 'kysely';
import { hashPassword } from '../../modules/auth/password.js';
import { DEMO_LOGINS, DEMO_PASSWORD, type DemoSummary } from './demo.js';
import { Random } from './random.js';
import { isValidOn, loadMunicipalityRows, type MunicipalityRow, PRE_2025_VALID_FROM } from './reference-data.js';
import { clamp, dayOf, schoolDays } from './calendar.js';
import { areaCompositionRows, areaResidents, attendanceRow, attendanceStatus, compositionShares, emptyTotals, enrollmentRow, enrollmentSchool, eventRow, type EventProfile, FUNDED, fundingPeriodRows, householdRow, institutionNumber, municipalityRows, organizationNames, organizationRow, projectOrganizations, projectRow, projectSchools, type PupilTotals, registrationTime, schoolCapacity, schoolCompositionRows, schoolKind, schoolName, shareDrift, SYNTHETIC, userRows, yearShares } from './generators.js';
import type { EventData } from './rows.js';
import { SCHOOL_NAMES } from './vocabulary.js';
import { LOADED_AT, PERIODS, SCHOOL_YEARS, type PeriodPlan } from './programme.js';

// ---------------------------------------------------------------------------------------------
// Public surface
// ---------------------------------------------------------------------------------------------

/** The fixed seed of the scale data set: change it and every synthetic row changes. */
export const SCALE_SEED = 20_250_285;

/** The sizes of SPEC section 8 ("Scale"); the generator hits the row counts exactly. */
export const SCALE_SIZE = {
  leadsPerPeriod: 150,
  organizationsPerMunicipality: 5,
  schools: 4_000,
  events: 30_000,
  households: 150_000,
  attendances: 600_000,
  /** Share of households that report the school they enrolled in. */
  enrollmentShare: 0.3,
} as const;

/** The sizes the generator takes (SCALE_SIZE, or smaller ones in the tests). */
export type ScaleSize = { readonly [K in keyof typeof SCALE_SIZE]: number };

export interface ScaleOptions {
  seed?: number;
  /** Rows per INSERT statement (default 10,000). */
  chunkSize?: number;
  /** Progress lines; silent by default. */
  log?: (message: string) => void;
  /** Default SCALE_SIZE (SPEC section 8). */
  size?: ScaleSize;
}

export interface ScaleResult {
  /** Rows written per table (pivot tables included). */
  counts: DemoSummary;
  /** Wall time of generation and loading, ANALYZE included. */
  durationMs: number;
}

export class ScaleSeedError extends Error {}

// ---------------------------------------------------------------------------------------------
// Fixed calendar and wording (the same conventions as the demo data set in demo.ts)
// ---------------------------------------------------------------------------------------------

/** Gent and Antwerpen run a funded project in every period, as in the demo. */
const ALWAYS_FUNDED = new Set(['44021', '11002']);

/** Where the scale set's events differ from the demo's (venues are set per project). */
const SCALE_EVENTS: Omit<EventProfile, 'venues'> = {
  cancelledShare: 0.04,
  capacity: { SCHOOL_VISIT: [25, 60], PARENT_EVENING: [60, 150] },
  maxEveningLanguages: 3,
  notPromotingOrganizer: 'any',
};

/** Splits `total` over `weights` in whole numbers that add up exactly (largest remainder). */
function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let rest = total - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest-- <= 0) break;
    counts[i]! += 1;
  }
  return counts;
}

/** `k` distinct indices below `n`, in random order (k ≪ n, so rejection is cheap). */
function sampleIndices(rng: Random, n: number, k: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(k, n)) chosen.add(rng.int(0, n - 1));
  return [...chosen];
}

// ---------------------------------------------------------------------------------------------
// Bulk loading: column arrays, written as `insert … select … from unnest($1::t[], …)`
// ---------------------------------------------------------------------------------------------

/** The part of a `pg` client the loader uses. */
interface SqlClient {
  query<R = unknown>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * Runs statements one after another in the order they were issued, without the caller waiting
 * (pg 8.20 deprecates queueing a query on a busy client, so the queue lives here).
 */
class StatementQueue implements SqlClient {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly client: SqlClient) {}

  query<R = unknown>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> {
    const result = this.tail.then(() => this.client.query<R>(sql, params));
    this.tail = result.catch(() => undefined);
    return result;
  }
}

interface Column {
  name: string;
  /** PostgreSQL element type of the parameter array. */
  type: string;
  /** SQL that turns the unnested value `v` into the column value (default: `v` itself). */
  expr?: (v: string) => string;
}

/**
 * One table's pending rows as column arrays. Each flush is a single statement with one array
 * parameter per column, so 10,000 rows cost one round trip. A flush does not wait for its
 * statement: the next rows are generated while PostgreSQL inserts the last ones (a
 * StatementQueue runs them in the order they were issued; at most one chunk per table is in
 * flight, so memory stays bounded). A child table flushes its parents first, so foreign keys
 * hold although the tables are filled in interleaved order.
 */
class BulkTable {
  private values: unknown[][];
  private size = 0;
  private inFlight: Promise<void> = Promise.resolve();
  written = 0;
  private readonly sql: string;

  constructor(
    private readonly client: SqlClient,
    readonly table: string,
    columns: readonly Column[],
    private readonly chunkSize: number,
    private readonly parents: readonly BulkTable[] = [],
  ) {
    this.values = columns.map(() => []);
    const names = columns.map((c) => `"${c.name}"`).join(', ');
    const aliases = columns.map((_, i) => `c${i}`);
    const select = columns.map((c, i) => (c.expr ? c.expr(aliases[i]!) : aliases[i]!)).join(', ');
    const params = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
    this.sql = `insert into "${table}" (${names}) select ${select} from unnest(${params}) as u(${aliases.join(', ')})`;
  }

  async add(row: readonly unknown[]): Promise<void> {
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      this.values[i]!.push(v instanceof Date ? v.toISOString() : v);
    }
    this.size += 1;
    if (this.size >= this.chunkSize) await this.flush();
  }

  /** Issues the pending rows as one statement (after the parents' rows). */
  async flush(): Promise<void> {
    for (const parent of this.parents) await parent.flush();
    if (this.size === 0) return;
    await this.inFlight;
    const values = this.values;
    const n = this.size;
    this.values = values.map(() => []);
    this.size = 0;
    this.inFlight = this.client.query(this.sql, values).then(() => {
      this.written += n;
    });
    // Marked as handled here; the error still surfaces at the next flush or at settle().
    this.inFlight.catch(() => undefined);
  }

  /** Waits for the statement in flight. */
  async settle(): Promise<void> {
    await this.inFlight;
  }
}

const id = (name: string): Column => ({ name, type: 'uuid' });
const text = (name: string): Column => ({ name, type: 'text' });
const int = (name: string): Column => ({ name, type: 'int4' });
const bool = (name: string): Column => ({ name, type: 'bool' });
const instant = (name: string): Column => ({ name, type: 'timestamptz' });
const date = (name: string): Column => ({ name, type: 'date' });
const stamps = [id('id'), instant('created_at'), instant('updated_at')];

/** What the generator writes into: the bulk tables, or (in the tests) anything that takes rows. */
export type ScaleTables = { [K in keyof ReturnType<typeof tables>]: Pick<BulkTable, 'add' | 'written'> };

function tables(client: SqlClient, chunk: number) {
  const t = (name: string, columns: Column[], parents: BulkTable[] = []) => new BulkTable(client, name, columns, chunk, parents);
  const municipality = t('municipality', [
    ...stamps, text('nis_code'), text('name'), text('province'), text('arrondissement'), int('population'), text('postcode'),
    date('valid_from'), date('valid_to'), id('merged_into_id'),
  ]);
  const fundingPeriod = t('funding_period', [
    ...stamps, int('version'), int('number'), text('label'), date('starts_on'), date('ends_on'), int('rate_per_household_cents'),
    int('max_households'), int('max_subsidy_cents'), text('report_status'),
    date('applications_open_on'), date('applications_close_on'), date('final_report_due_on'), int('advance_share_percent'),
  ]);
  const organization = t('organization', [...stamps, text('name'), text('kind'), id('municipality_id'), bool('promotes_social_mix')], [municipality]);
  const project = t('project', [
    ...stamps, int('version'), text('title'), id('lead_municipality_id'), id('funding_period_id'), text('status'), int('baseline_households'),
    int('target_households'), int('priority'), int('subsidy_requested_cents'), int('subsidy_granted_cents'), int('co_financing_cents'),
    instant('submitted_at'), instant('reviewed_at'), text('review_note'),
  ], [municipality, fundingPeriod]);
  const school = t('school', [
    ...stamps, text('institution_number'), text('name'), id('municipality_id'), text('postcode'), text('level'), text('network'), int('capacity'),
  ], [municipality]);
  const projectPartnerMunicipality = t('project_partner_municipality', [id('project_id'), id('municipality_id')], [project]);
  const projectPartnerOrganization = t('project_partner_organization', [id('project_id'), id('organization_id')], [project, organization]);
  const projectSchool = t('project_school', [id('project_id'), id('school_id')], [project, school]);
  const schoolComposition = t('school_composition', [
    ...stamps, id('school_id'), text('school_year'), int('pupils'), int('indicator_pupils'), int('low_educated_mother'), int('school_allowance'),
    int('home_language_not_dutch'), int('pupils_with_special_needs'),
  ], [school]);
  const areaComposition = t('area_composition', [...stamps, text('area_code'), text('school_year'), int('pupils_resident'), int('indicator_pupils_resident')]);
  const event = t('event', [
    ...stamps, int('version'), text('type'), id('project_id'), id('organizer_id'), instant('starts_at'), instant('ends_at'), text('venue'),
    int('capacity'), { name: 'languages', type: 'text', expr: (v) => `string_to_array(${v}, ',')` }, instant('cancelled_at'),
    text('cancellation_reason'),
  ], [project, organization]);
  const eventSchool = t('event_school', [id('event_id'), id('school_id')], [event, school]);
  const household = t('household', [
    ...stamps, id('project_id'), text('reference'), text('residence_nis_code'), text('postcode'), int('children'), bool('low_educated_mother'),
    bool('school_allowance'), bool('home_language_not_dutch'), bool('child_with_special_needs'), text('preferred_language'), instant('consent_at'),
  ], [project]);
  const attendance = t('attendance', [...stamps, id('household_id'), id('event_id'), text('status'), instant('recorded_at')], [event, household]);
  const enrollment = t('enrollment', [...stamps, id('household_id'), id('school_id'), text('school_year')], [household, school]);
  const user = t('app_user', [...stamps, text('email'), text('password_hash'), text('role'), id('municipality_id')], [municipality]);
  return {
    municipality, fundingPeriod, organization, project, projectPartnerMunicipality, projectPartnerOrganization, school, projectSchool,
    schoolComposition, areaComposition, event, eventSchool, household, attendance, enrollment, user,
  };
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

interface Place {
  row: MunicipalityRow;
  id: string;
  /** Indicator share of resident pupils per school year. */
  shares: number[];
  organizations: { id: string; promotesSocialMix: boolean; kind: OrganizationKind }[];
  schools: { id: string; young: boolean }[];
}

interface PlannedProject {
  id: string;
  period: PeriodPlan;
  lead: Place;
  partner: Place | null;
  status: ProjectStatus;
  target: number;
  reviewedAt: Date | null;
  organizations: Place['organizations'];
  schools: Place['schools'];
}

/**
 * Loads the scale data set of SPEC section 8 into an EMPTY database on a PostgreSQL server: the
 * 312 municipality codes (285 valid from 2025, 27 closed by the mergers), the three funding
 * periods, 1,500 organisations, 450 projects (150 leads per period), 4,000 schools with three
 * school years of composition, 30,000 events, 150,000 households, 600,000 attendances and about
 * 45,000 enrollments, plus the five demo logins. Deterministic: a fixed seed, fixed dates, no
 * clock (only the password hash carries a random salt). Rows are generated project by project
 * and written in chunks of `insert … select from unnest(…)` in ONE transaction, so memory stays
 * bounded and a failure leaves nothing behind. Returns null without writing when the database
 * already holds municipalities.
 */
export async function seedScale(em: EntityManager, options: ScaleOptions = {}): Promise<ScaleResult | null> {
  if (em.getDriver() instanceof PgliteDriver) {
    throw new ScaleSeedError('The scale data set needs a PostgreSQL server: set DATABASE_URL=postgres://… (the embedded PGlite database is not supported for it).');
  }
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const chunk = options.chunkSize ?? 10_000;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // One connection of the pool for the whole load: its own transaction, plain `pg` statements.
  return em.getKysely().connection().execute(async (connection) => {
    const client: SqlClient = {
      query: async <R>(sql: string, params: unknown[] = []) => ({ rows: [...(await connection.executeQuery<R>(CompiledQuery.raw(sql, params))).rows] }),
    };
    await client.query('begin');
    try {
      // Two loaders on one empty database: the second waits, then sees data.
      await client.query(`select pg_advisory_xact_lock(hashtext('schoolmix:seed'))`);
      // Not in the audit trail: the starting state (see seedDemo).
      await client.query(`select set_config('schoolmix.audit', 'off', true)`);
      const { rows } = await client.query<{ taken: boolean }>('select exists (select 1 from municipality) as taken');
      if (rows[0]?.taken) {
        await client.query('rollback');
        return null;
      }
      // The count triggers (project_kpi, event_attendance_count) would recount the touched projects
      // and events after every chunk of attendances; in this transaction they are off and every
      // project and event is counted once at the end instead.
      await client.query('alter table attendance disable trigger user');
      const t = tables(new StatementQueue(client), chunk);
      await generateScale(t, options.seed ?? SCALE_SEED, passwordHash, log, started, options.size);
      for (const table of Object.values(t)) await table.flush();
      for (const table of Object.values(t)) await table.settle();
      await client.query('alter table attendance enable trigger user');
      // The planned CLOSED projects and FINAL periods, closed after their activity (status changes only).
      const finalNumbers = PERIODS.filter((p) => p.reportStatus === 'FINAL').map((p) => p.number);
      await client.query(
        `update "project" p set "status" = 'CLOSED' from "funding_period" fp
          where fp."id" = p."funding_period_id" and fp."number" = any($1::int[]) and p."status" = 'APPROVED'`,
        [finalNumbers],
      );
      await client.query(`update "funding_period" set "report_status" = 'FINAL', "finalized_at" = "updated_at" where "number" = any($1::int[])`, [finalNumbers]);
      await client.query('select project_kpi_recount(array(select id from project))');
      await client.query('select event_attendance_recount(array(select id from event))');
      log(`KPI counts of every project and attendance counts of every event after ${Math.round(performance.now() - started)} ms`);
      await client.query('commit');
      log(`committed after ${Math.round(performance.now() - started)} ms; analyzing`);
      await client.query('analyze');
      const counts: DemoSummary = {
        municipalities: t.municipality.written,
        fundingPeriods: t.fundingPeriod.written,
        organizations: t.organization.written,
        projects: t.project.written,
        projectPartnerMunicipalities: t.projectPartnerMunicipality.written,
        projectPartnerOrganizations: t.projectPartnerOrganization.written,
        schools: t.school.written,
        projectSchools: t.projectSchool.written,
        schoolCompositions: t.schoolComposition.written,
        areaCompositions: t.areaComposition.written,
        events: t.event.written,
        eventSchools: t.eventSchool.written,
        households: t.household.written,
        attendances: t.attendance.written,
        enrollments: t.enrollment.written,
        users: t.user.written,
      };
      return { counts, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Generates the scale data set into the bulk tables, project by project, with the shared
 * generators (generators.ts). Exported for the tests, which run it at a smaller `size` into tables
 * that only count.
 */
export async function generateScale(
  t: ScaleTables,
  seed: number,
  passwordHash: string,
  log: (m: string) => void,
  started: number,
  size: ScaleSize = SCALE_SIZE,
): Promise<void> {
  const rng = new Random(seed);
  // A separate stream for ids, so that ids do not shift when a data rule draws one more number.
  const ids = new Random(seed ^ 0x5ca1e);
  const elapsed = () => `${Math.round(performance.now() - started)} ms`;

  // Municipalities: every code of the reference data, successors first (mergedInto FK).
  const reference = loadMunicipalityRows();
  const { rows: municipalities, idOf: municipalityIds } = municipalityRows(ids, reference);
  for (const m of municipalities) {
    await t.municipality.add([m.id, m.createdAt, m.updatedAt, m.nisCode, m.name, m.province, m.arrondissement, m.population, m.postcode, m.validFrom, m.validTo, m.mergedInto]);
  }

  const periodIds = new Map<number, string>();
  for (const p of fundingPeriodRows(ids)) {
    periodIds.set(p.number, p.id);
    await t.fundingPeriod.add([
      p.id, p.createdAt, p.updatedAt, 1, p.number, p.label,
      // OPEN while its activity is loaded: the frozen-figures triggers refuse writes into a FINAL period.
      p.startsOn, p.endsOn, p.ratePerHouseholdCents, p.maxHouseholds, p.maxSubsidyCents, 'OPEN',
      p.applicationsOpenOn, p.applicationsCloseOn, p.finalReportDueOn, p.advanceSharePercent,
    ]);
  }

  // The 300 municipalities of 2019–2024 host the schools, organisations and projects (every
  // period starts before the mergers); the 2025 codes see them through the crosswalk roll-up.
  const places: Place[] = reference
    .filter((r) => r.validFrom === PRE_2025_VALID_FROM && PERIODS.every((p) => isValidOn(r, p.startsOn)))
    .map((row) => {
      const base = clamp(0.1 + 0.09 * Math.log(Math.max(row.population ?? 0, 3000) / 10_000) + rng.float(-0.06, 0.06), 0.05, 0.7);
      const drift = shareDrift(rng);
      return { row, id: municipalityIds.get(row.nisCode)!, shares: yearShares(() => base, drift, [0.04, 0.85]), organizations: [], schools: [] };
    });

  // Organisations: five per municipality; the parents' committee mostly does not promote the mix.
  for (const place of places) {
    const name = organizationNames(rng, place.row.name);
    const own: [string, OrganizationKind, boolean][] = [
      [name.lop, 'LOCAL_CONSULTATION_PLATFORM', true],
      [name.schoolBoard, 'SCHOOL_BOARD', true],
      [name.nonProfit, 'NON_PROFIT', true],
      [name.service, 'MUNICIPAL_SERVICE', true],
      [name.parents, 'OTHER', rng.chance(0.3)],
    ];
    for (const [orgName, kind, promotesSocialMix] of own.slice(0, size.organizationsPerMunicipality)) {
      const o = organizationRow(ids, orgName, kind, place.id, promotesSocialMix);
      place.organizations.push({ id: o.id, promotesSocialMix, kind });
      await t.organization.add([o.id, o.createdAt, o.updatedAt, o.name, o.kind, o.municipality, o.promotesSocialMix]);
    }
  }
  log(`municipalities, periods, organisations generated (${elapsed()})`);

  // Schools: three per municipality, the rest by population; three years of composition each.
  const perPlace = allocate(size.schools - 3 * places.length, places.map((p) => p.row.population ?? 0)).map((n) => n + 3);
  const institutionNumbers = new Set<string>();
  const areaTotals = new Map<string, PupilTotals>();
  for (const [i, place] of places.entries()) {
    const city = (place.row.population ?? 0) > 60_000;
    const totals = emptyTotals();
    for (let n = 0; n < perPlace[i]!; n++) {
      const { level, network } = schoolKind(rng, [['PRIMARY', 70], ['NURSERY', 14], ['SECONDARY', 16]]);
      const number = institutionNumber(rng, institutionNumbers);
      const sid = ids.uuid();
      const capacity = schoolCapacity(rng, level);
      place.schools.push({ id: sid, young: level !== 'SECONDARY' });
      await t.school.add([
        sid, LOADED_AT, LOADED_AT, number, schoolName(level, network, city, rng.pick(SCHOOL_NAMES)), place.id, place.row.postcode, level, network, capacity,
      ]);
      for (const c of schoolCompositionRows(rng, ids, { id: sid, capacity }, compositionShares(rng, place.shares), totals)) {
        await t.schoolComposition.add([
          c.id, c.createdAt, c.updatedAt, c.school, c.schoolYear, c.pupils, c.indicatorPupils, c.lowEducatedMother, c.schoolAllowance,
          c.homeLanguageNotDutch, c.pupilsWithSpecialNeeds,
        ]);
      }
    }
    areaTotals.set(place.row.nisCode, totals);
  }

  // Areas: each municipality's resident pupils resemble its schools'; a 2025 code sums the codes
  // merged into it.
  const areaRows = new Map<string, { pupils: number; indicator: number }[]>();
  for (const place of places) areaRows.set(place.row.nisCode, areaResidents(rng, place.shares, areaTotals.get(place.row.nisCode)!));
  for (const r of reference) {
    if (areaRows.has(r.nisCode)) continue;
    const sources = reference.filter((s) => s.mergedInto === r.nisCode).map((s) => areaRows.get(s.nisCode));
    if (sources.length === 0 || sources.some((s) => !s)) continue;
    areaRows.set(r.nisCode, SCHOOL_YEARS.map((_, k) => ({
      pupils: sources.reduce((n, s) => n + s![k]!.pupils, 0),
      indicator: sources.reduce((n, s) => n + s![k]!.indicator, 0),
    })));
  }
  for (const [areaCode, years] of areaRows) {
    for (const a of areaCompositionRows(ids, areaCode, years)) {
      await t.areaComposition.add([a.id, a.createdAt, a.updatedAt, a.areaCode, a.schoolYear, a.pupilsResident, a.indicatorPupilsResident]);
    }
  }
  log(`schools and compositions generated (${elapsed()})`);

  // Projects: 150 leads per period (the 100 most populous every time, 50 others drawn per
  // period), a third with one partner municipality of the same arrondissement that neither leads
  // nor partners in that period.
  const byPopulation = [...places].sort((a, b) => (b.row.population ?? 0) - (a.row.population ?? 0) || a.row.nisCode.localeCompare(b.row.nisCode));
  const core = byPopulation.slice(0, Math.min(100, size.leadsPerPeriod));
  const others = byPopulation.slice(core.length);
  const planned: PlannedProject[] = [];
  for (const period of PERIODS) {
    const leads = [...core, ...rng.sample(others, size.leadsPerPeriod - core.length)].sort((a, b) => a.row.nisCode.localeCompare(b.row.nisCode));
    const taken = new Set(leads.map((l) => l.row.nisCode));
    for (const lead of leads) {
      let partner: Place | null = null;
      if (rng.chance(1 / 3)) {
        const candidates = places.filter((p) => p.row.arrondissement === lead.row.arrondissement && !taken.has(p.row.nisCode));
        if (candidates.length > 0) {
          partner = rng.pick(candidates);
          taken.add(partner.row.nisCode);
        }
      }
      const status: ProjectStatus = ALWAYS_FUNDED.has(lead.row.nisCode)
        ? period.reportStatus === 'FINAL' ? 'CLOSED' : 'APPROVED'
        : period.reportStatus === 'FINAL'
          ? rng.weighted<ProjectStatus>([['CLOSED', 93], ['REJECTED', 7]])
          : rng.weighted<ProjectStatus>([['APPROVED', 85], ['SUBMITTED', 6], ['REJECTED', 5], ['DRAFT', 4]]);
      const organizations = [
        ...projectOrganizations(rng, lead.organizations, 0.5),
        ...(partner && rng.chance(0.5) ? [partner.organizations[0]!] : []),
      ].slice(0, 4);
      const schools = projectSchools(rng, lead.schools, partner ? [partner.schools] : [], 8);
      const p = projectRow(rng, ids, {
        lead: { id: lead.id, name: lead.row.name },
        period,
        fundingPeriodId: periodIds.get(period.number)!,
        status,
        big: (lead.row.population ?? 0) > 200_000,
        targetMax: 260,
      });
      await t.project.add([
        p.id, p.createdAt, p.updatedAt, p.version, p.title, p.leadMunicipality, p.fundingPeriod,
        // APPROVED while its activity is loaded; closed at the end with its period.
        p.status === 'CLOSED' ? 'APPROVED' : p.status,
        p.baselineHouseholds, p.targetHouseholds, p.priority, p.subsidyRequestedCents, p.subsidyGrantedCents, p.coFinancingCents, p.submittedAt,
        p.reviewedAt, p.reviewNote,
      ]);
      if (partner) await t.projectPartnerMunicipality.add([p.id, partner.id]);
      for (const o of organizations) await t.projectPartnerOrganization.add([p.id, o.id]);
      for (const s of schools) await t.projectSchool.add([p.id, s.id]);
      planned.push({ id: p.id, period, lead, partner, status, target: p.targetHouseholds, reviewedAt: p.reviewedAt, organizations, schools });
    }
  }
  log(`projects generated (${elapsed()})`);

  // Activity of the funded projects only: a draft, submitted or rejected file has none.
  const funded = planned.filter((p) => FUNDED.includes(p.status));
  const eventCounts = allocate(size.events, funded.map((p) => p.target * rng.float(0.8, 1.2)));
  const householdCounts = allocate(size.households, funded.map((p) => p.target * rng.float(0.9, 1.4)));
  const attendanceCounts = allocate(size.attendances, householdCounts);
  const days = new Map(PERIODS.map((p) => [p.number, schoolDays(p.startsOn, p.endsOn)]));
  const eveningDays = new Map([...days].map(([n, d]) => [n, d.filter((day) => dayOf(day).getUTCDay() <= 4)]));
  const youngSchoolsByArrondissement = new Map<string, Place['schools']>();
  for (const place of places) {
    const key = place.row.arrondissement ?? place.row.province;
    youngSchoolsByArrondissement.set(key, [...(youngSchoolsByArrondissement.get(key) ?? []), ...place.schools.filter((s) => s.young)]);
  }

  for (const [j, project] of funded.entries()) {
    // Events, about 4 % cancelled.
    const context = {
      projectId: project.id,
      reviewedAt: project.reviewedAt!,
      days: days.get(project.period.number)!,
      eveningDays: eveningDays.get(project.period.number)!,
      promoting: project.organizations.filter((o) => o.promotesSocialMix),
      notPromoting: project.organizations.filter((o) => !o.promotesSocialMix),
      schools: project.schools,
    };
    const lead = project.lead.row.name;
    const profile: EventProfile = {
      ...SCALE_EVENTS,
      venues: () => ({ visit: `Schoolbezoek ${lead} ${SYNTHETIC}`, evening: [`Ontmoetingscentrum ${lead}`, `Bibliotheek ${lead}`, `Huis van het Kind ${lead}`, `Refter ${SYNTHETIC}`] }),
    };
    const open: EventData[] = [];
    const promotes = new Set<string>();
    for (let i = 0; i < eventCounts[j]!; i++) {
      const { row: e, schools, promotesSocialMix } = eventRow(rng, ids, context, profile);
      await t.event.add([
        e.id, e.createdAt, e.updatedAt, e.version, e.type, e.project, e.organizer, e.startsAt, e.endsAt, e.venue, e.capacity, e.languages.join(','),
        e.cancelledAt, e.cancellationReason,
      ]);
      for (const s of schools) await t.eventSchool.add([e.id, s.id]);
      if (e.cancelledAt === null) {
        open.push(e);
        if (promotesSocialMix) promotes.add(e.id);
      }
    }

    // Attendances per household: at least one, the project's total spread at random (at most 12
    // distinct events each), so the totals match exactly.
    const households = householdCounts[j]!;
    const cap = Math.min(12, open.length);
    const perHousehold = new Array<number>(households).fill(1);
    let extra = Math.min(attendanceCounts[j]!, households * cap) - households;
    while (extra > 0) {
      const h = rng.int(0, households - 1);
      if (perHousehold[h]! < cap) {
        perHousehold[h]! += 1;
        extra -= 1;
      }
    }

    for (let n = 0; n < households; n++) {
      const residence = project.partner && rng.chance(0.25) ? project.partner : project.lead;
      const chosen = sampleIndices(rng, open.length, perHousehold[n]!).map((i) => open[i]!);
      const first = chosen.reduce((a, b) => (b.startsAt < a.startsAt ? b : a));
      const registeredAt = registrationTime(rng, first);
      const h = householdRow(rng, ids, {
        projectId: project.id,
        reference: `SCL-${project.lead.row.nisCode}-${project.period.number}-${String(n + 1).padStart(5, '0')}`,
        residence: { nisCode: residence.row.nisCode, shares: residence.shares },
        postcode: () => residence.row.postcode!,
        registeredAt,
        fallbackIndicator: 'schoolAllowance',
      });
      await t.household.add([
        h.id, h.createdAt, h.updatedAt, h.project, h.reference, h.residenceNisCode, h.postcode, h.children, h.lowEducatedMother, h.schoolAllowance,
        h.homeLanguageNotDutch, h.childWithSpecialNeeds, h.preferredLanguage, h.consentAt,
      ]);
      let reached = false;
      for (const e of chosen) {
        const status = attendanceStatus(rng, project.period.number);
        if (status === 'ATTENDED' && promotes.has(e.id)) reached = true;
        const a = attendanceRow(ids, h.id, registeredAt, e, status);
        await t.attendance.add([a.id, a.createdAt, a.updatedAt, a.household, a.event, a.status, a.recordedAt]);
      }
      // About 30 % report the school they enrolled in; nearby: the young schools of the arrondissement.
      if (rng.chance(size.enrollmentShare)) {
        const local = residence.schools.filter((s) => s.young);
        const school = enrollmentSchool(rng, local, reached, () => {
          const nearby = youngSchoolsByArrondissement.get(residence.row.arrondissement ?? residence.row.province) ?? local;
          return nearby.length > 0 ? nearby : residence.schools;
        });
        const en = enrollmentRow(rng, ids, h.id, school.id, first.startsAt, registeredAt);
        await t.enrollment.add([en.id, en.createdAt, en.updatedAt, en.household, en.school, en.schoolYear]);
      }
    }
    if ((j + 1) % 50 === 0 || j === funded.length - 1) {
      log(`activity of ${j + 1}/${funded.length} funded projects written (${t.attendance.written} attendances so far, ${elapsed()})`);
    }
  }

  for (const u of userRows(ids, DEMO_LOGINS, passwordHash, (nis) => municipalityIds.get(nis)!)) {
    await t.user.add([u.id, u.createdAt, u.updatedAt, u.email, u.passwordHash, u.role, u.municipality]);
  }
}
