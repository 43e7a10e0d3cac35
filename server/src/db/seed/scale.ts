import type { EntityManager } from '@mikro-orm/sql';
import type {
  AttendanceStatus,
  EventType,
  OrganizationKind,
  ProjectStatus,
  SchoolLevel,
  SchoolNetwork,
} from '@schoolmix/shared';
import { schoolYearOf } from '@schoolmix/shared';
import { PgliteDriver } from '@mikro-orm/pglite';
import { CompiledQuery } from 'kysely';
import { hashPassword } from '../../modules/auth/password.js';
import { DEMO_LOGINS, DEMO_PASSWORD, type DemoSummary } from './demo.js';
import { Random } from './random.js';
import { isValidOn, loadMunicipalityRows, type MunicipalityRow, PRE_2025_VALID_FROM } from './reference-data.js';
import { addDays, addMinutes, belgianTime, clamp, dayOf, isoDay, nextSchoolYear, round, schoolDays } from './calendar.js';
import { CANCELLATION_REASONS, HOME_LANGUAGES, OTHER_LANGUAGES, SCHOOL_NAMES, TITLE_TEMPLATES } from './vocabulary.js';
import { ADVANCE_SHARE_PERCENT, LOADED_AT, MAX_HOUSEHOLDS, PERIODS, periodSchedule, RATE_PER_HOUSEHOLD_CENTS, SCHOOL_YEARS, type PeriodPlan } from './programme.js';

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

export interface ScaleOptions {
  seed?: number;
  /** Rows per INSERT statement (default 10,000). */
  chunkSize?: number;
  /** Progress lines; silent by default. */
  log?: (message: string) => void;
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
const SYNTHETIC = '(synthetisch)';


/** Composition figures of a school year are published in the following winter. */
function compositionPublishedAt(schoolYear: string): Date {
  return belgianTime(`${Number(schoolYear.slice(0, 4)) + 1}-02-01`, 8);
}

function schoolPrefix(level: SchoolLevel, network: SchoolNetwork, city: boolean): string {
  if (level === 'NURSERY') return network === 'FREE_SUBSIDISED' ? 'Vrije Kleuterschool' : network === 'GO' ? 'GO! Kleuterschool' : 'Kleuterschool';
  if (level === 'SECONDARY') {
    return { GO: 'GO! Atheneum', OFFICIAL_SUBSIDISED: city ? 'Stedelijk Lyceum' : 'Gemeentelijke Middenschool', FREE_SUBSIDISED: 'College', OTHER: 'Secundaire school' }[network];
  }
  return { GO: 'GO! Basisschool', OFFICIAL_SUBSIDISED: city ? 'Stedelijke Basisschool' : 'Gemeentelijke Basisschool', FREE_SUBSIDISED: 'Vrije Basisschool', OTHER: 'Methodeschool' }[network];
}

/** A school's indicator share per year against its area's: most mirror it, some sit far above or below. */
function compositionShares(rng: Random, areaShares: readonly number[]): number[] {
  const profile = rng.weighted([['mirror', 56], ['above', 21], ['below', 23]] as const);
  const offset = profile === 'above' ? rng.float(0.12, 0.3) : profile === 'below' ? -rng.float(0.1, 0.28) : rng.float(-0.07, 0.07);
  const pull = profile !== 'mirror' && rng.chance(0.4) ? rng.float(0.2, 0.35) : 0;
  let gap = offset;
  return areaShares.map((area, k) => {
    if (k > 0) gap *= 1 - pull;
    return clamp(area + gap + rng.float(-0.015, 0.015), 0.03, 0.95);
  });
}

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

interface OpenEvent {
  id: string;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  promotesSocialMix: boolean;
}

function attendanceStatus(rng: Random, period: number): AttendanceStatus {
  return period === 3
    ? rng.weighted<AttendanceStatus>([['ATTENDED', 80], ['NO_SHOW', 8], ['REGISTERED', 12]])
    : rng.weighted<AttendanceStatus>([['ATTENDED', 86], ['NO_SHOW', 10], ['REGISTERED', 4]]);
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
      // The KPI triggers would recount the touched projects after every chunk of attendances;
      // in this transaction they are off and every project is counted once at the end instead.
      await client.query('alter table attendance disable trigger user');
      const t = tables(new StatementQueue(client), chunk);
      await generate(t, options.seed ?? SCALE_SEED, passwordHash, log, started);
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
      log(`KPI counts of every project after ${Math.round(performance.now() - started)} ms`);
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

async function generate(t: ReturnType<typeof tables>, seed: number, passwordHash: string, log: (m: string) => void, started: number): Promise<void> {
  const rng = new Random(seed);
  // A separate stream for ids, so that ids do not shift when a data rule draws one more number.
  const ids = new Random(seed ^ 0x5ca1e);
  const elapsed = () => `${Math.round(performance.now() - started)} ms`;

  // Municipalities: every code of the reference data, successors first (mergedInto FK).
  const reference = loadMunicipalityRows();
  const municipalityIds = new Map(reference.map((r) => [r.nisCode, ids.uuid()]));
  const ordered = [...reference].sort((a, b) => Number(a.mergedInto !== null) - Number(b.mergedInto !== null) || a.nisCode.localeCompare(b.nisCode));
  for (const r of ordered) {
    await t.municipality.add([
      municipalityIds.get(r.nisCode), LOADED_AT, LOADED_AT, r.nisCode, r.name, r.province, r.arrondissement, r.population, r.postcode,
      r.validFrom, r.validTo, r.mergedInto === null ? null : municipalityIds.get(r.mergedInto),
    ]);
  }

  const periodIds = new Map<number, string>();
  for (const p of PERIODS) {
    const pid = ids.uuid();
    periodIds.set(p.number, pid);
    const createdAt = belgianTime(isoDay(addDays(dayOf(p.startsOn), -183)), 9);
    const updatedAt = p.reportStatus === 'FINAL' ? belgianTime(isoDay(addDays(dayOf(p.endsOn), 45)), 11) : createdAt;
    await t.fundingPeriod.add([
      pid, createdAt, updatedAt, 1, p.number, `Projectperiode ${p.number} (${p.startsOn.slice(0, 4)}–${p.endsOn.slice(0, 4)})`,
      // OPEN while its activity is loaded: the frozen-figures triggers refuse writes into a FINAL period.
      p.startsOn, p.endsOn, RATE_PER_HOUSEHOLD_CENTS, MAX_HOUSEHOLDS, RATE_PER_HOUSEHOLD_CENTS * MAX_HOUSEHOLDS, 'OPEN',
      ...Object.values(periodSchedule(p.startsOn, p.endsOn)), ADVANCE_SHARE_PERCENT,
    ]);
  }

  // The 300 municipalities of 2019–2024 host the schools, organisations and projects (every
  // period starts before the mergers); the 2025 codes see them through the crosswalk roll-up.
  const places: Place[] = reference
    .filter((r) => r.validFrom === PRE_2025_VALID_FROM && PERIODS.every((p) => isValidOn(r, p.startsOn)))
    .map((row) => {
      const base = clamp(0.1 + 0.09 * Math.log(Math.max(row.population ?? 0, 3000) / 10_000) + rng.float(-0.06, 0.06), 0.05, 0.7);
      const drift = rng.float(-0.01, 0.012);
      return { row, id: municipalityIds.get(row.nisCode)!, shares: SCHOOL_YEARS.map((_, k) => round(clamp(base + k * drift, 0.04, 0.85), 4)), organizations: [], schools: [] };
    });
  const placeByNis = new Map(places.map((p) => [p.row.nisCode, p]));

  // Organisations: five per municipality; the parents' committee mostly does not promote the mix.
  for (const place of places) {
    const m = place.row.name;
    const own: [string, OrganizationKind, boolean][] = [
      [`LOP Basisonderwijs ${m}`, 'LOCAL_CONSULTATION_PLATFORM', true],
      [rng.pick([`Scholengroep ${m}`, `Stedelijk Onderwijs ${m}`, `Katholiek Onderwijs ${m} vzw`]), 'SCHOOL_BOARD', true],
      [rng.pick([`Huis van het Kind ${m}`, `Buurtwerk ${m} vzw`, `Ouders en School ${m} vzw`]), 'NON_PROFIT', true],
      [`Dienst Onderwijs ${m}`, 'MUNICIPAL_SERVICE', true],
      [`Oudercomité Centrumscholen ${m}`, 'OTHER', rng.chance(0.3)],
    ];
    for (const [name, kind, promotesSocialMix] of own.slice(0, SCALE_SIZE.organizationsPerMunicipality)) {
      const oid = ids.uuid();
      place.organizations.push({ id: oid, promotesSocialMix, kind });
      await t.organization.add([oid, LOADED_AT, LOADED_AT, name, kind, place.id, promotesSocialMix]);
    }
  }
  log(`municipalities, periods, organisations generated (${elapsed()})`);

  // Schools: three per municipality, the rest by population; three years of composition each.
  const perPlace = allocate(SCALE_SIZE.schools - 3 * places.length, places.map((p) => p.row.population ?? 0)).map((n) => n + 3);
  const institutionNumbers = new Set<string>();
  const areaTotals = new Map<string, { pupils: number[]; indicator: number[] }>();
  for (const [i, place] of places.entries()) {
    const city = (place.row.population ?? 0) > 60_000;
    const totals = { pupils: SCHOOL_YEARS.map(() => 0), indicator: SCHOOL_YEARS.map(() => 0) };
    for (let n = 0; n < perPlace[i]!; n++) {
      const level = rng.weighted<SchoolLevel>([['PRIMARY', 70], ['NURSERY', 14], ['SECONDARY', 16]]);
      const network = rng.weighted<SchoolNetwork>([['FREE_SUBSIDISED', 50], ['OFFICIAL_SUBSIDISED', 25], ['GO', 20], ['OTHER', 5]]);
      let institutionNumber: string;
      do institutionNumber = String(rng.int(10_000, 999_999)).padStart(6, '0');
      while (institutionNumbers.has(institutionNumber));
      institutionNumbers.add(institutionNumber);
      const sid = ids.uuid();
      const capacity = level === 'SECONDARY' ? rng.int(450, 900) : level === 'NURSERY' ? rng.int(150, 280) : rng.int(180, 600);
      place.schools.push({ id: sid, young: level !== 'SECONDARY' });
      await t.school.add([
        sid, LOADED_AT, LOADED_AT, institutionNumber, `${schoolPrefix(level, network, city)} ${rng.pick(SCHOOL_NAMES)} ${SYNTHETIC}`,
        place.id, place.row.postcode, level, network, capacity,
      ]);
      const shares = compositionShares(rng, place.shares);
      const occupancy = rng.float(0.72, 0.97);
      const languageFactor = rng.float(0.35, 0.9);
      for (const [k, schoolYear] of SCHOOL_YEARS.entries()) {
        const pupils = Math.min(capacity, Math.round(capacity * occupancy * rng.float(0.97, 1.03)));
        const indicatorPupils = clamp(Math.round(pupils * shares[k]!), 0, pupils);
        totals.pupils[k]! += pupils;
        totals.indicator[k]! += indicatorPupils;
        const at = compositionPublishedAt(schoolYear);
        await t.schoolComposition.add([
          ids.uuid(), at, at, sid, schoolYear, pupils, indicatorPupils,
          Math.round(indicatorPupils * rng.float(0.5, 0.75)),
          Math.round(indicatorPupils * rng.float(0.55, 0.85)),
          Math.round(indicatorPupils * clamp(languageFactor + rng.float(-0.05, 0.05), 0, 1)),
          Math.round(pupils * rng.float(0.01, 0.05)),
        ]);
      }
    }
    areaTotals.set(place.row.nisCode, totals);
  }

  // Areas: each municipality's resident pupils resemble its schools' (share halfway between the
  // planned share and the schools' pooled share); a 2025 code sums the codes merged into it.
  const areaRows = new Map<string, { pupils: number; indicator: number }[]>();
  for (const place of places) {
    const totals = areaTotals.get(place.row.nisCode)!;
    areaRows.set(
      place.row.nisCode,
      SCHOOL_YEARS.map((_, k) => {
        const pupils = Math.round(totals.pupils[k]! * rng.float(0.9, 1.15));
        const share = (place.shares[k]! + totals.indicator[k]! / totals.pupils[k]!) / 2;
        return { pupils, indicator: Math.round(pupils * share) };
      }),
    );
  }
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
    for (const [k, schoolYear] of SCHOOL_YEARS.entries()) {
      const at = compositionPublishedAt(schoolYear);
      await t.areaComposition.add([ids.uuid(), at, at, areaCode, schoolYear, years[k]!.pupils, years[k]!.indicator]);
    }
  }
  log(`schools and compositions generated (${elapsed()})`);

  // Projects: 150 leads per period (the 100 most populous every time, 50 others drawn per
  // period), a third with one partner municipality of the same arrondissement that neither leads
  // nor partners in that period.
  const byPopulation = [...places].sort((a, b) => (b.row.population ?? 0) - (a.row.population ?? 0) || a.row.nisCode.localeCompare(b.row.nisCode));
  const core = byPopulation.slice(0, 100);
  const others = byPopulation.slice(100);
  const planned: PlannedProject[] = [];
  for (const period of PERIODS) {
    const leads = [...core, ...rng.sample(others, SCALE_SIZE.leadsPerPeriod - core.length)].sort((a, b) => a.row.nisCode.localeCompare(b.row.nisCode));
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
      const [lop, ...rest] = lead.organizations;
      const promoting = rest.filter((o) => o.promotesSocialMix);
      const notPromoting = rest.filter((o) => !o.promotesSocialMix);
      const organizations = [
        lop!,
        ...rng.sample(promoting, rng.int(1, 2)),
        ...(rng.chance(0.5) ? notPromoting : []),
        ...(partner && rng.chance(0.5) ? [partner.organizations[0]!] : []),
      ].slice(0, 4);
      const schools = [
        ...rng.sample(lead.schools, rng.int(3, Math.min(8, lead.schools.length))),
        ...(partner ? [rng.pick(partner.schools)] : []),
      ];
      const big = (lead.row.population ?? 0) > 200_000;
      const target = big ? rng.int(250, 300) : rng.int(40, 260);
      const requested = target * RATE_PER_HOUSEHOLD_CENTS;
      const funded = status === 'APPROVED' || status === 'CLOSED';
      const granted = !funded ? null : rng.chance(0.25) ? requested - rng.int(100, 1500) * 100 : requested;
      const periodStart = dayOf(period.startsOn);
      const submittedAt = status === 'DRAFT' ? null : belgianTime(isoDay(addDays(periodStart, -rng.int(100, 140))), rng.int(9, 16));
      const reviewedAt = submittedAt && status !== 'SUBMITTED' ? belgianTime(isoDay(addDays(submittedAt, rng.int(30, 60))), rng.int(9, 16)) : null;
      const createdAt = submittedAt ? addDays(submittedAt, -rng.int(10, 30)) : belgianTime(isoDay(addDays(periodStart, -rng.int(40, 70))), 14);
      const closedAt = status === 'CLOSED' ? belgianTime(isoDay(addDays(dayOf(period.endsOn), rng.int(30, 60))), 10) : null;
      const pid = ids.uuid();
      await t.project.add([
        pid, createdAt, closedAt ?? reviewedAt ?? submittedAt ?? createdAt, { DRAFT: 1, SUBMITTED: 2, APPROVED: 3, REJECTED: 3, CLOSED: 4 }[status],
        // APPROVED while its activity is loaded; closed at the end with its period (closeAsPlanned).
        `${rng.pick(TITLE_TEMPLATES)} – ${lead.row.name} ${period.endsOn.slice(0, 4)}`, lead.id, periodIds.get(period.number), status === 'CLOSED' ? 'APPROVED' : status,
        rng.int(0, Math.floor(target / 2)), target, rng.int(1, 5), requested, granted, granted ?? requested, submittedAt, reviewedAt,
        status === 'REJECTED' ? 'Niet goedgekeurd: het dossier toont geen samenwerking met scholen en organisaties die de sociale mix bevorderen.' : null,
      ]);
      if (partner) await t.projectPartnerMunicipality.add([pid, partner.id]);
      for (const o of organizations) await t.projectPartnerOrganization.add([pid, o.id]);
      for (const s of schools) await t.projectSchool.add([pid, s.id]);
      planned.push({ id: pid, period, lead, partner, status, target, reviewedAt, organizations, schools });
    }
  }
  log(`projects generated (${elapsed()})`);

  // Activity of the funded projects only: a draft, submitted or rejected file has none.
  const funded = planned.filter((p) => p.status === 'APPROVED' || p.status === 'CLOSED');
  const eventCounts = allocate(SCALE_SIZE.events, funded.map((p) => p.target * rng.float(0.8, 1.2)));
  const householdCounts = allocate(SCALE_SIZE.households, funded.map((p) => p.target * rng.float(0.9, 1.4)));
  const attendanceCounts = allocate(SCALE_SIZE.attendances, householdCounts);
  const days = new Map(PERIODS.map((p) => [p.number, schoolDays(p.startsOn, p.endsOn)]));
  const eveningDays = new Map([...days].map(([n, d]) => [n, d.filter((day) => dayOf(day).getUTCDay() <= 4)]));
  const youngSchoolsByArrondissement = new Map<string, Place['schools']>();
  for (const place of places) {
    const key = place.row.arrondissement ?? place.row.province;
    youngSchoolsByArrondissement.set(key, [...(youngSchoolsByArrondissement.get(key) ?? []), ...place.schools.filter((s) => s.young)]);
  }

  for (const [j, project] of funded.entries()) {
    // Events: parent evenings (Monday–Thursday, 19:00) and school visits (mornings) inside the
    // period, organised by a partner organisation; about 4 % cancelled.
    const promoting = project.organizations.filter((o) => o.promotesSocialMix);
    const notPromoting = project.organizations.filter((o) => !o.promotesSocialMix);
    const open: OpenEvent[] = [];
    for (let i = 0; i < eventCounts[j]!; i++) {
      const type: EventType = rng.chance(0.55) ? 'PARENT_EVENING' : 'SCHOOL_VISIT';
      const day = rng.pick(type === 'PARENT_EVENING' ? eveningDays.get(project.period.number)! : days.get(project.period.number)!);
      const startsAt = type === 'PARENT_EVENING' ? belgianTime(day, 19) : belgianTime(day, rng.pick([8, 9, 9, 10]), rng.pick([30, 0]));
      const endsAt = addMinutes(startsAt, rng.pick([90, 120]));
      const organizer = notPromoting.length > 0 && rng.chance(0.12) ? rng.pick(notPromoting) : rng.pick(promoting);
      const linked = rng.sample(project.schools, type === 'SCHOOL_VISIT' ? rng.weighted([[1, 80], [2, 20]]) : rng.int(1, 3));
      const venue = type === 'SCHOOL_VISIT'
        ? `Schoolbezoek ${project.lead.row.name} ${SYNTHETIC}`
        : rng.pick([`Ontmoetingscentrum ${project.lead.row.name}`, `Bibliotheek ${project.lead.row.name}`, `Huis van het Kind ${project.lead.row.name}`, `Refter ${SYNTHETIC}`]);
      const extra = rng.sample(OTHER_LANGUAGES, type === 'PARENT_EVENING' ? rng.int(0, 3) : rng.weighted([[0, 70], [1, 30]]));
      const languages = ['nl', ...OTHER_LANGUAGES.filter((l) => extra.includes(l))].join(',');
      const cancelled = rng.chance(0.04);
      const createdAt = new Date(Math.max(project.reviewedAt!.getTime(), addDays(startsAt, -rng.int(14, 42)).getTime()));
      const noticeAt = belgianTime(isoDay(addDays(startsAt, -rng.int(1, 10))), 10);
      const cancelledAt = cancelled ? new Date(Math.max(noticeAt.getTime(), createdAt.getTime())) : null;
      const eid = ids.uuid();
      await t.event.add([
        eid, createdAt, cancelledAt ?? createdAt, cancelled ? 2 : 1, type, project.id, organizer.id, startsAt, endsAt, venue,
        type === 'SCHOOL_VISIT' ? rng.int(25, 60) : rng.int(60, 150), languages, cancelledAt, cancelled ? rng.pick(CANCELLATION_REASONS) : null,
      ]);
      for (const s of linked) await t.eventSchool.add([eid, s.id]);
      if (!cancelled) open.push({ id: eid, startsAt, endsAt, createdAt, promotesSocialMix: organizer.promotesSocialMix });
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
      const signedUp = belgianTime(isoDay(addDays(first.startsAt, -rng.int(1, 20))), rng.int(9, 20), rng.pick([0, 15, 30, 45]));
      const registeredAt = new Date(Math.max(signedUp.getTime(), addMinutes(first.createdAt, 60).getTime()));
      // Characteristics only with consent (about 80 %), indicators following the area's share.
      const consent = rng.chance(0.8);
      const k = SCHOOL_YEARS.indexOf(schoolYearOf(registeredAt) as (typeof SCHOOL_YEARS)[number]);
      const areaShare = residence.shares[k < 0 ? residence.shares.length - 1 : k]!;
      let lowEducatedMother: boolean | null = null;
      let schoolAllowance: boolean | null = null;
      let homeLanguageNotDutch: boolean | null = null;
      let childWithSpecialNeeds: boolean | null = null;
      let preferredLanguage: string | null = null;
      if (consent) {
        const indicator = rng.chance(clamp(areaShare + 0.04, 0.12, 0.8));
        lowEducatedMother = indicator && rng.chance(0.55);
        schoolAllowance = indicator && rng.chance(0.65);
        homeLanguageNotDutch = indicator && rng.chance(0.6);
        if (indicator && !lowEducatedMother && !schoolAllowance && !homeLanguageNotDutch) schoolAllowance = true;
        childWithSpecialNeeds = rng.chance(0.06);
        preferredLanguage = homeLanguageNotDutch ? rng.weighted(HOME_LANGUAGES) : 'nl';
      }
      const hid = ids.uuid();
      await t.household.add([
        hid, registeredAt, registeredAt, project.id, `SCL-${project.lead.row.nisCode}-${project.period.number}-${String(n + 1).padStart(5, '0')}`,
        residence.row.nisCode, residence.row.postcode, rng.weighted([[1, 35], [2, 40], [3, 18], [4, 7]]), lowEducatedMother, schoolAllowance,
        homeLanguageNotDutch, childWithSpecialNeeds, preferredLanguage, consent ? registeredAt : null,
      ]);
      let reached = false;
      for (const e of chosen) {
        const status = attendanceStatus(rng, project.period.number);
        if (status === 'ATTENDED' && e.promotesSocialMix) reached = true;
        await t.attendance.add([ids.uuid(), new Date(Math.max(registeredAt.getTime(), e.createdAt.getTime())), e.endsAt, hid, e.id, status, e.endsAt]);
      }
      // About 30 % report the school they enrolled in; reached families choose a school in their
      // own municipality more often than families that were registered but not reached.
      if (rng.chance(SCALE_SIZE.enrollmentShare)) {
        const local = residence.schools.filter((s) => s.young);
        const nearby = youngSchoolsByArrondissement.get(residence.row.arrondissement ?? residence.row.province) ?? local;
        const school = local.length > 0 && rng.chance(reached ? 0.72 : 0.45) ? rng.pick(local) : rng.pick(nearby.length > 0 ? nearby : residence.schools);
        const schoolYear = nextSchoolYear(schoolYearOf(first.startsAt));
        const spring = belgianTime(`${schoolYear.slice(0, 4)}-03-01`, 10);
        const enrolledAt = addDays(new Date(Math.max(spring.getTime(), registeredAt.getTime())), rng.int(1, 90));
        await t.enrollment.add([ids.uuid(), enrolledAt, enrolledAt, hid, school.id, schoolYear]);
      }
    }
    if ((j + 1) % 50 === 0 || j === funded.length - 1) {
      log(`activity of ${j + 1}/${funded.length} funded projects written (${t.attendance.written} attendances so far, ${elapsed()})`);
    }
  }

  for (const login of DEMO_LOGINS) {
    const municipality = login.municipalityNisCode === null ? null : (placeByNis.get(login.municipalityNisCode)?.id ?? municipalityIds.get(login.municipalityNisCode)!);
    await t.user.add([ids.uuid(), LOADED_AT, LOADED_AT, login.email, passwordHash, login.role, municipality]);
  }
}
