import { createHash } from 'node:crypto';
import type { EntityName, RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { OrganizationKind, ProjectStatus, Role } from '@schoolmix/shared';
import { Attendance } from '../../modules/attendance/attendance.entity.js';
import { User } from '../../modules/auth/auth.entity.js';
import { hashPassword } from '../../modules/auth/password.js';
import { Event } from '../../modules/event/event.entity.js';
import { liveFigures } from '../../modules/final-report/final-report.service.js';
import { FundingPeriod } from '../../modules/funding-period/funding-period.entity.js';
import { Enrollment, Household } from '../../modules/household/household.entity.js';
import { Municipality } from '../../modules/municipality/municipality.entity.js';
import { Organization } from '../../modules/organization/organization.entity.js';
import { Project } from '../../modules/project/project.entity.js';
import { ProjectTransition } from '../../modules/project/project-transition.entity.js';
import { AreaComposition, School, SchoolComposition } from '../../modules/school/school.entity.js';
import { Random } from './random.js';
import { loadMunicipalityRows, type MunicipalityRow } from './reference-data.js';
import { clamp, dayOf, round, schoolDays } from './calendar.js';
import { areaCompositionRows, areaResidents, attendanceRow, attendanceStatus, compositionShares, emptyTotals, enrollmentRow, enrollmentSchool, eventRow, type EventProfile, FUNDED, fundingPeriodRows, householdRow, institutionNumber, municipalityRows, organizationNames, organizationRow, projectOrganizations, projectRow, projectSchools, type PupilTotals, registrationTime, schoolCapacity, schoolCompositionRows, schoolKind, schoolName, shareDrift, SYNTHETIC, userRows, yearShares } from './generators.js';
import type { AreaCompositionData, AttendanceData, EnrollmentData, EventData, FundingPeriodData, HouseholdData, MunicipalityData, OrganizationData, Pair, ProjectData, SchoolCompositionData, SchoolData, TransitionData, UserData } from './rows.js';
import { SCHOOL_NAMES } from './vocabulary.js';
import { sqlArray } from '../sql.js';
import { LOADED_AT, MAX_HOUSEHOLDS, PERIODS, type PeriodPlan } from './programme.js';

// ---------------------------------------------------------------------------------------------
// Public surface
// ---------------------------------------------------------------------------------------------

/** The fixed seed of the demo data set: change it and every synthetic row changes. */
export const DEMO_SEED = 20_221_001;

/** The password of every demo login (SPEC section 8); the data set is refused in production. */
export const DEMO_PASSWORD = 'schoolmix-demo';

export interface DemoLogin {
  email: string;
  role: Role;
  /** NIS code of the coordinator's municipality; null for programme-wide roles. */
  municipalityNisCode: string | null;
}

/** The demo logins (SPEC section 8), printed by the server on first start. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { email: 'admin@schoolmix.demo', role: 'ADMIN', municipalityNisCode: null },
  { email: 'reviewer@schoolmix.demo', role: 'REVIEWER', municipalityNisCode: null },
  { email: 'analyst@schoolmix.demo', role: 'ANALYST', municipalityNisCode: null },
  { email: 'coordinator.gent@schoolmix.demo', role: 'COORDINATOR', municipalityNisCode: '44021' },
  { email: 'coordinator.antwerpen@schoolmix.demo', role: 'COORDINATOR', municipalityNisCode: '11002' },
];

/** Rows written per table (pivot tables included). */
export interface DemoSummary {
  municipalities: number;
  fundingPeriods: number;
  organizations: number;
  projects: number;
  projectPartnerMunicipalities: number;
  projectPartnerOrganizations: number;
  schools: number;
  projectSchools: number;
  schoolCompositions: number;
  areaCompositions: number;
  events: number;
  eventSchools: number;
  households: number;
  attendances: number;
  enrollments: number;
  users: number;
  /** Demo only (the scale set writes no history). */
  transitions?: number;
}

/** The whole demo data set, in memory, before it is written. */
export interface DemoData {
  municipalities: MunicipalityData[];
  fundingPeriods: FundingPeriodData[];
  organizations: OrganizationData[];
  projects: ProjectData[];
  /** (project id, municipality id) */
  projectPartnerMunicipalities: Pair[];
  /** (project id, organization id) */
  projectPartnerOrganizations: Pair[];
  schools: SchoolData[];
  /** (project id, school id) */
  projectSchools: Pair[];
  schoolCompositions: SchoolCompositionData[];
  areaCompositions: AreaCompositionData[];
  events: EventData[];
  /** (event id, school id) */
  eventSchools: Pair[];
  households: HouseholdData[];
  attendances: AttendanceData[];
  enrollments: EnrollmentData[];
  users: UserData[];
  transitions: TransitionData[];
}

// ---------------------------------------------------------------------------------------------
// The plan: which real municipalities run a project in which period
// ---------------------------------------------------------------------------------------------

interface LeadPlan {
  nis: string;
  /** Checked against the reference data so a typo in a code cannot slip through. */
  name: string;
  /** Approximate town centre, for synthetic school coordinates. */
  lat: number;
  lon: number;
  /** Share of resident pupils with an indicator characteristic (synthetic, plausible). */
  share: number;
  /** Funding period number → status of its project. */
  projects: Partial<Record<1 | 2 | 3, ProjectStatus>>;
  /** Postcodes within the municipality for schools and households; default its main postcode. */
  postcodes?: readonly string[];
}

/**
 * Gent and Antwerpen run a project in every period (SPEC section 8). The others are large and
 * diverse municipalities; Borsbeek, Lokeren, Kruibeke, Hasselt, Tongeren and Beveren merged on
 * 1 January 2025 and keep their pre-2025 codes, period 3 included (applied for in 2024).
 */
const LEADS: readonly LeadPlan[] = [
  { nis: '44021', name: 'Gent', lat: 51.054, lon: 3.717, share: 0.46, projects: { 1: 'CLOSED', 2: 'CLOSED', 3: 'APPROVED' },
    postcodes: ['9000', '9030', '9031', '9032', '9040', '9041', '9042', '9050', '9051', '9052'] },
  { nis: '11002', name: 'Antwerpen', lat: 51.219, lon: 4.402, share: 0.55, projects: { 1: 'CLOSED', 2: 'CLOSED', 3: 'APPROVED' },
    postcodes: ['2000', '2018', '2020', '2030', '2040', '2050', '2060', '2100', '2140', '2170', '2180', '2600', '2610', '2660'] },
  { nis: '12025', name: 'Mechelen', lat: 51.026, lon: 4.478, share: 0.42, projects: { 1: 'CLOSED', 3: 'APPROVED' } },
  { nis: '71016', name: 'Genk', lat: 50.965, lon: 5.5, share: 0.56, projects: { 1: 'CLOSED', 2: 'CLOSED' } },
  { nis: '35013', name: 'Oostende', lat: 51.216, lon: 2.927, share: 0.43, projects: { 1: 'CLOSED' } },
  { nis: '41002', name: 'Aalst', lat: 50.937, lon: 4.04, share: 0.37, projects: { 1: 'CLOSED' } },
  { nis: '23088', name: 'Vilvoorde', lat: 50.928, lon: 4.425, share: 0.5, projects: { 1: 'CLOSED', 2: 'CLOSED', 3: 'APPROVED' } },
  { nis: '13040', name: 'Turnhout', lat: 51.322, lon: 4.945, share: 0.38, projects: { 1: 'CLOSED', 3: 'APPROVED' } },
  { nis: '46014', name: 'Lokeren', lat: 51.104, lon: 3.991, share: 0.34, projects: { 1: 'CLOSED', 2: 'CLOSED' } },
  { nis: '11007', name: 'Borsbeek', lat: 51.192, lon: 4.486, share: 0.3, projects: { 1: 'CLOSED' } },
  { nis: '45041', name: 'Ronse', lat: 50.745, lon: 3.6, share: 0.52, projects: { 1: 'CLOSED' } },
  { nis: '12021', name: 'Lier', lat: 51.131, lon: 4.57, share: 0.26, projects: { 1: 'CLOSED' } },
  { nis: '71004', name: 'Beringen', lat: 51.049, lon: 5.226, share: 0.44, projects: { 1: 'CLOSED', 2: 'CLOSED' } },
  { nis: '34027', name: 'Menen', lat: 50.797, lon: 3.122, share: 0.46, projects: { 1: 'CLOSED' } },
  { nis: '41048', name: 'Ninove', lat: 50.828, lon: 4.025, share: 0.33, projects: { 1: 'REJECTED' } },
  { nis: '24062', name: 'Leuven', lat: 50.879, lon: 4.701, share: 0.28, projects: { 2: 'CLOSED', 3: 'APPROVED' } },
  { nis: '46021', name: 'Sint-Niklaas', lat: 51.165, lon: 4.143, share: 0.41, projects: { 2: 'CLOSED', 3: 'APPROVED' } },
  { nis: '34022', name: 'Kortrijk', lat: 50.828, lon: 3.265, share: 0.36, projects: { 2: 'CLOSED' } },
  { nis: '71022', name: 'Hasselt', lat: 50.931, lon: 5.338, share: 0.31, projects: { 2: 'CLOSED', 3: 'APPROVED' } },
  { nis: '11005', name: 'Boom', lat: 51.088, lon: 4.366, share: 0.5, projects: { 2: 'CLOSED', 3: 'APPROVED' } },
  { nis: '46013', name: 'Kruibeke', lat: 51.17, lon: 4.31, share: 0.25, projects: { 2: 'CLOSED' } },
  { nis: '42006', name: 'Dendermonde', lat: 51.029, lon: 4.101, share: 0.31, projects: { 2: 'CLOSED' } },
  { nis: '71053', name: 'Sint-Truiden', lat: 50.816, lon: 5.186, share: 0.33, projects: { 2: 'CLOSED' } },
  { nis: '73083', name: 'Tongeren', lat: 50.781, lon: 5.464, share: 0.3, projects: { 2: 'CLOSED' } },
  { nis: '23027', name: 'Halle', lat: 50.734, lon: 4.234, share: 0.38, projects: { 2: 'REJECTED' } },
  { nis: '31005', name: 'Brugge', lat: 51.209, lon: 3.225, share: 0.28, projects: { 3: 'APPROVED' } },
  { nis: '46003', name: 'Beveren', lat: 51.212, lon: 4.256, share: 0.23, projects: { 3: 'APPROVED' } },
  { nis: '36015', name: 'Roeselare', lat: 50.946, lon: 3.123, share: 0.31, projects: { 3: 'SUBMITTED' } },
  { nis: '24107', name: 'Tienen', lat: 50.807, lon: 4.938, share: 0.36, projects: { 3: 'REJECTED' } },
  { nis: '73107', name: 'Maasmechelen', lat: 50.965, lon: 5.694, share: 0.47, projects: { 3: 'APPROVED' } },
  { nis: '23047', name: 'Machelen', lat: 50.91, lon: 4.44, share: 0.49, projects: { 3: 'SUBMITTED' } },
  { nis: '13025', name: 'Mol', lat: 51.191, lon: 5.116, share: 0.27, projects: { 3: 'DRAFT' } },
];

/** The two cities that run a project in every period, with the largest targets. */
const BIG_CITIES = new Set(['44021', '11002']);

/** Whether a postcode lies in the province's postcode ranges (guards the noisy source column). */
function postcodeFitsProvince(postcode: string | null, province: string): boolean {
  const p = Number(postcode);
  switch (province) {
    case 'Antwerpen':
      return p >= 2000 && p <= 2999;
    case 'Vlaams-Brabant':
      return (p >= 1500 && p <= 1999) || (p >= 3000 && p <= 3499);
    case 'Limburg':
      return p >= 3500 && p <= 3999;
    case 'West-Vlaanderen':
      return p >= 8000 && p <= 8999;
    case 'Oost-Vlaanderen':
      return p >= 9000 && p <= 9999;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Generation: named steps over the shared generators (generators.ts), in a fixed order — each
// draws from the same two streams, so reordering them would change every later row.
// ---------------------------------------------------------------------------------------------

/** A municipality that hosts schools in the demo: a lead or a partner of a project. */
interface Place {
  row: MunicipalityData;
  lat: number;
  lon: number;
  /** Indicator share of resident pupils per school year. */
  shares: number[];
  postcodes: readonly string[];
  isLead: boolean;
}

interface PlannedProject {
  row: ProjectData;
  period: PeriodPlan;
  lead: LeadPlan;
  partners: Place[];
  organizations: OrganizationData[];
  schools: SchoolData[];
}

/** The two seeded streams of a build: values, and ids (so ids do not shift when a rule draws one more number). */
interface Streams {
  rng: Random;
  ids: Random;
}

/**
 * Builds the demo data set in memory from a seed and the municipality reference rows. Pure and
 * deterministic: the same seed and rows give the same rows and ids (only `passwordHash` varies,
 * as it carries a random salt), so two loads can be compared and a bug can be reproduced.
 */
export function generateDemoData(passwordHash: string, seed: number = DEMO_SEED, reference: readonly MunicipalityRow[] = loadMunicipalityRows()): DemoData {
  const s: Streams = { rng: new Random(seed), ids: new Random(seed ^ 0x5eed1d5) };
  const { rows: municipalities, idOf: municipalityIds } = municipalityRows(s.ids, reference);
  const municipality = municipalityLookup(municipalities);
  const fundingPeriods = fundingPeriodRows(s.ids);
  const { places, partnersOf } = planPlaces(s, municipalities, municipality);
  const { organizations, organizationsOf } = generateOrganizations(s, municipalityIds);
  const { schools, schoolsOf, schoolShares } = generateSchools(s, places);
  const { schoolCompositions, areaCompositions } = generateCompositions(s, schools, schoolShares, places);
  const projectSet = generateProjects(s, fundingPeriods, municipalityIds, partnersOf, organizationsOf, schoolsOf);
  const activity = generateActivity(s, projectSet.planned, places, schools);
  const users = userRows(s.ids, DEMO_LOGINS, passwordHash, (nis) => municipality(nis).id);
  const nameById = new Map(municipalities.map((m) => [m.id, m.name]));
  const transitions = projectHistory(s.ids, projectSet.projects, users, (id) => nameById.get(id) ?? '');
  return {
    municipalities,
    fundingPeriods,
    organizations,
    projects: projectSet.projects,
    projectPartnerMunicipalities: projectSet.projectPartnerMunicipalities,
    projectPartnerOrganizations: projectSet.projectPartnerOrganizations,
    schools,
    projectSchools: projectSet.projectSchools,
    schoolCompositions,
    areaCompositions,
    ...activity,
    users,
    transitions,
  };
}

function municipalityLookup(municipalities: readonly MunicipalityData[]): (nis: string) => MunicipalityData {
  const byNis = new Map(municipalities.map((m) => [m.nisCode, m]));
  return (nis) => {
    const m = byNis.get(nis);
    if (!m) throw new Error(`Demo plan names unknown municipality ${nis}`);
    return m;
  };
}

/**
 * Places: every lead, and for some smaller leads one or two neighbours in the same
 * arrondissement as partners (together they pass the eligibility threshold). A municipality is
 * in at most one partnership and never partners while it leads.
 */
function planPlaces({ rng }: Streams, municipalities: readonly MunicipalityData[], municipality: (nis: string) => MunicipalityData) {
  const taken = new Set(LEADS.map((l) => l.nis));
  const places = new Map<string, Place>();
  const partnersOf = new Map<string, Place[]>();
  for (const lead of LEADS) {
    const row = municipality(lead.nis);
    if (row.name !== lead.name) throw new Error(`Demo plan: ${lead.nis} is ${row.name}, not ${lead.name}`);
    const drift = shareDrift(rng);
    places.set(lead.nis, { row, lat: lead.lat, lon: lead.lon, shares: yearShares(() => lead.share, drift, [0.05, 0.9]), postcodes: lead.postcodes ?? [row.postcode!], isLead: true });
    const partners: Place[] = [];
    if ((row.population ?? 0) < 100_000 && rng.chance(0.4)) {
      const neighbours = municipalities.filter(
        (m) => m.arrondissement === row.arrondissement && m.validFrom === row.validFrom && !taken.has(m.nisCode) && postcodeFitsProvince(m.postcode, m.province),
      );
      for (const n of rng.sample(neighbours, rng.int(1, 2))) {
        taken.add(n.nisCode);
        const angle = rng.float(0, 2 * Math.PI);
        const distance = rng.float(0.04, 0.08);
        const place: Place = {
          row: n,
          lat: round(clamp(lead.lat + distance * Math.sin(angle), 50.72, 51.38), 5),
          lon: round(clamp(lead.lon + 1.5 * distance * Math.cos(angle), 2.62, 5.88), 5),
          shares: yearShares(() => lead.share * rng.float(0.45, 0.75), drift, [0.05, 0.9]),
          postcodes: [n.postcode!],
          isLead: false,
        };
        places.set(n.nisCode, place);
        partners.push(place);
      }
    }
    partnersOf.set(lead.nis, partners);
  }
  return { places, partnersOf };
}

/**
 * Organisations of every lead: the LOP, one that does not promote the social mix (its events
 * never count for the KPI) and one to three others.
 */
function generateOrganizations({ rng, ids }: Streams, municipalityIds: ReadonlyMap<string, string>) {
  const organizations: OrganizationData[] = [];
  const organizationsOf = new Map<string, OrganizationData[]>();
  for (const lead of LEADS) {
    const name = organizationNames(rng, lead.name);
    const org = (orgName: string, kind: OrganizationKind, promotesSocialMix: boolean) => organizationRow(ids, orgName, kind, municipalityIds.get(lead.nis)!, promotesSocialMix);
    const optional = rng.sample(
      [org(name.schoolBoard, 'SCHOOL_BOARD', true), org(name.nonProfit, 'NON_PROFIT', true), org(name.service, 'MUNICIPAL_SERVICE', true), org(name.bridge, 'OTHER', true)],
      rng.int(1, 3),
    );
    const own = [org(name.lop, 'LOCAL_CONSULTATION_PLATFORM', true), ...optional, org(name.parents, 'OTHER', false)];
    organizations.push(...own);
    organizationsOf.set(lead.nis, own);
  }
  return { organizations, organizationsOf };
}

/** Schools: about 40 in Gent and in Antwerpen, 5 to 12 in the other leads, 2 in each partner. */
function generateSchools({ rng, ids }: Streams, places: ReadonlyMap<string, Place>) {
  const schools: SchoolData[] = [];
  const schoolsOf = new Map<string, SchoolData[]>();
  const schoolShares = new Map<string, number[]>();
  const institutionNumbers = new Set<string>();
  for (const place of places.values()) {
    const population = place.row.population ?? 0;
    const count = !place.isLead ? 2 : population > 200_000 ? rng.int(39, 42) : population > 60_000 ? rng.int(9, 12) : rng.int(5, 8);
    const city = population > 60_000;
    const own: SchoolData[] = [];
    for (const baseName of rng.sample(SCHOOL_NAMES, count)) {
      const { level, network } = schoolKind(rng, [['PRIMARY', 74], ['NURSERY', 14], ['SECONDARY', 12]]);
      const number = institutionNumber(rng, institutionNumbers);
      const school: SchoolData = {
        id: ids.uuid(),
        createdAt: LOADED_AT,
        updatedAt: LOADED_AT,
        institutionNumber: number,
        name: schoolName(level, network, city, baseName),
        municipality: place.row.id,
        postcode: rng.pick(place.postcodes),
        level,
        network,
        capacity: schoolCapacity(rng, level),
        latitude: round(clamp(place.lat + rng.float(-0.025, 0.025), 50.7, 51.4), 5),
        longitude: round(clamp(place.lon + rng.float(-0.04, 0.04), 2.6, 5.9), 5),
      };
      own.push(school);
      schools.push(school);
      schoolShares.set(school.id, compositionShares(rng, place.shares));
    }
    schoolsOf.set(place.row.nisCode, own);
  }
  return { schools, schoolsOf, schoolShares };
}

/** Compositions of every school and of every place, for the three school years. */
function generateCompositions({ rng, ids }: Streams, schools: readonly SchoolData[], schoolShares: ReadonlyMap<string, number[]>, places: ReadonlyMap<string, Place>) {
  const schoolCompositions: SchoolCompositionData[] = [];
  const pupilTotals = new Map<string, PupilTotals>();
  for (const school of schools) {
    const totals = pupilTotals.get(school.municipality) ?? emptyTotals();
    schoolCompositions.push(...schoolCompositionRows(rng, ids, school, schoolShares.get(school.id)!, totals));
    pupilTotals.set(school.municipality, totals);
  }
  const areaCompositions: AreaCompositionData[] = [];
  for (const place of places.values()) {
    areaCompositions.push(...areaCompositionRows(ids, place.row.nisCode, areaResidents(rng, place.shares, pupilTotals.get(place.row.id)!)));
  }
  return { schoolCompositions, areaCompositions };
}

/** Projects, with their partner municipalities, partner organisations and schools. */
function generateProjects(
  { rng, ids }: Streams,
  fundingPeriods: readonly FundingPeriodData[],
  municipalityIds: ReadonlyMap<string, string>,
  partnersOf: ReadonlyMap<string, Place[]>,
  organizationsOf: ReadonlyMap<string, OrganizationData[]>,
  schoolsOf: ReadonlyMap<string, SchoolData[]>,
) {
  const projects: ProjectData[] = [];
  const planned: PlannedProject[] = [];
  const projectPartnerMunicipalities: Pair[] = [];
  const projectPartnerOrganizations: Pair[] = [];
  const projectSchoolPairs: Pair[] = [];
  for (const period of PERIODS) {
    const fundingPeriodId = fundingPeriods.find((p) => p.number === period.number)!.id;
    for (const lead of LEADS) {
      const status = lead.projects[period.number];
      if (!status) continue;
      const big = BIG_CITIES.has(lead.nis);
      const row = projectRow(rng, ids, {
        lead: { id: municipalityIds.get(lead.nis)!, name: lead.name },
        period,
        fundingPeriodId,
        status,
        big,
        targetMax: 220,
        firstTitle: big && period.number === 1,
      });
      const partners = partnersOf.get(lead.nis)!;
      const partnerOrgs = projectOrganizations(rng, organizationsOf.get(lead.nis)!, 0.6).slice(0, 4);
      const linkedSchools = projectSchools(rng, schoolsOf.get(lead.nis)!, partners.map((p) => schoolsOf.get(p.row.nisCode)!), 7).slice(0, 8);
      projects.push(row);
      planned.push({ row, period, lead, partners, organizations: partnerOrgs, schools: linkedSchools });
      for (const p of partners) projectPartnerMunicipalities.push([row.id, p.row.id]);
      for (const o of partnerOrgs) projectPartnerOrganizations.push([row.id, o.id]);
      for (const s of linkedSchools) projectSchoolPairs.push([row.id, s.id]);
    }
  }
  return { projects, planned, projectPartnerMunicipalities, projectPartnerOrganizations, projectSchools: projectSchoolPairs };
}

const DEMO_EVENTS: Omit<EventProfile, 'maxEveningLanguages' | 'venues'> = {
  cancelledShare: 0.05,
  capacity: { SCHOOL_VISIT: [20, 40], PARENT_EVENING: [40, 120] },
  notPromotingOrganizer: 'first',
};

/**
 * Events, households, attendance and enrollments of the funded projects only: a draft,
 * submitted or rejected file has no activity on record.
 */
function generateActivity(s: Streams, planned: readonly PlannedProject[], places: ReadonlyMap<string, Place>, schools: readonly SchoolData[]) {
  const { rng, ids } = s;
  const events: EventData[] = [];
  const eventSchools: Pair[] = [];
  const households: HouseholdData[] = [];
  const attendances: AttendanceData[] = [];
  const enrollments: EnrollmentData[] = [];
  const placeById = new Map([...places.values()].map((p) => [p.row.id, p]));
  for (const project of planned) {
    if (!FUNDED.includes(project.row.status)) continue;
    const projectEvents = generateEvents(s, project, events, eventSchools);
    const open = projectEvents.filter((e) => e.row.cancelledAt === null);
    const reachedBy = new Set(open.filter((e) => e.promotesSocialMix).map((e) => e.row.id));
    const leadPlace = places.get(project.lead.nis)!;
    const count = Math.round(project.row.targetHouseholds * rng.float(0.6, 1.3));
    const seats = new Map(open.map((e) => [e.row.id, 0]));
    for (let n = 1; n <= count; n++) {
      const residence = project.partners.length > 0 && rng.chance(0.25) ? rng.pick(project.partners) : leadPlace;
      // Each household attends one to three events that still have room.
      const wanted = rng.weighted([[1, 55], [2, 30], [3, 15]]);
      const withRoom = open.filter((e) => seats.get(e.row.id)! < e.row.capacity);
      const chosen = rng.sample(withRoom.length > 0 ? withRoom : open, wanted).sort((a, b) => a.row.startsAt.getTime() - b.row.startsAt.getTime());
      const first = chosen[0]!;
      const registeredAt = registrationTime(rng, first.row);
      const household = householdRow(rng, ids, {
        projectId: project.row.id,
        reference: `SYN-${project.lead.nis}-${project.period.number}-${String(n).padStart(4, '0')}`,
        residence: { nisCode: residence.row.nisCode, shares: residence.shares },
        postcode: (r) => r.pick(residence.postcodes),
        registeredAt,
        fallbackIndicator: 'drawn',
      });
      households.push(household);
      let reached = false;
      for (const e of chosen) {
        seats.set(e.row.id, seats.get(e.row.id)! + 1);
        const status = attendanceStatus(rng, project.period.number);
        if (status === 'ATTENDED' && reachedBy.has(e.row.id)) reached = true;
        attendances.push(attendanceRow(ids, household.id, registeredAt, e.row, status));
      }
      // About 40 % of the families of the finished periods report the school they enrolled in.
      if (project.period.number <= 2 && rng.chance(0.4)) {
        const school = demoEnrollmentSchool(rng, residence, reached, schools, placeById);
        enrollments.push(enrollmentRow(rng, ids, household.id, school.id, first.row.startsAt, registeredAt));
      }
    }
  }
  return { events, eventSchools, households, attendances, enrollments };
}

/** 8 to 25 parent evenings and school visits inside the project's period; about 5 % cancelled. */
function generateEvents({ rng, ids }: Streams, project: PlannedProject, events: EventData[], eventSchools: Pair[]) {
  const days = schoolDays(project.period.startsOn, project.period.endsOn);
  const context = {
    projectId: project.row.id,
    reviewedAt: project.row.reviewedAt!,
    days,
    // Parent evenings fall on Monday to Thursday; school visits on any school day.
    eveningDays: days.filter((d) => dayOf(d).getUTCDay() <= 4),
    promoting: project.organizations.filter((o) => o.promotesSocialMix),
    notPromoting: project.organizations.filter((o) => !o.promotesSocialMix),
    schools: project.schools,
  };
  const lead = project.lead.name;
  const profile: EventProfile = {
    ...DEMO_EVENTS,
    maxEveningLanguages: project.lead.share >= 0.4 ? 4 : 2,
    venues: (host) => ({
      visit: `${host} ${SYNTHETIC}`,
      evening: [`Refter ${host} ${SYNTHETIC}`, `Ontmoetingscentrum ${lead}`, `Bibliotheek ${lead}`, `Huis van het Kind ${lead}`],
    }),
  };
  const count = clamp(Math.round(8 + (project.row.targetHouseholds / MAX_HOUSEHOLDS) * 15 + rng.int(-2, 3)), 8, 25);
  const generated: { row: EventData; promotesSocialMix: boolean }[] = [];
  for (let i = 0; i < count; i++) {
    const { row, schools, promotesSocialMix } = eventRow(rng, ids, context, profile);
    events.push(row);
    for (const s of schools) eventSchools.push([row.id, s.id]);
    generated.push({ row, promotesSocialMix });
  }
  return generated;
}

/**
 * The school a family enrolled in: a neighbourhood school (its own municipality) or, failing
 * that, one in the same arrondissement or else the same province.
 */
function demoEnrollmentSchool(rng: Random, residence: Place, reached: boolean, schools: readonly SchoolData[], placeById: ReadonlyMap<string, Place>): SchoolData {
  const young = (s: SchoolData) => s.level !== 'SECONDARY';
  const local = schools.filter((s) => s.municipality === residence.row.id && young(s));
  return enrollmentSchool(rng, local, reached, () => {
    const elsewhere = schools.filter((s) => s.municipality !== residence.row.id && young(s));
    const sameArrondissement = elsewhere.filter((s) => placeById.get(s.municipality)?.row.arrondissement === residence.row.arrondissement);
    const sameProvince = elsewhere.filter((s) => placeById.get(s.municipality)?.row.province === residence.row.province);
    return sameArrondissement.length > 0 ? sameArrondissement : sameProvince.length > 0 ? sameProvince : local;
  });
}

/**
 * The history (project_transition) the demo projects' own dates imply: submitted (by the lead's
 * coordinator), reviewed (by the reviewer), closed with the period's report (by the reviewer).
 * Generated after everything else, so no other row's id or value changes.
 */
function projectHistory(ids: Random, projects: readonly ProjectData[], users: readonly UserData[], leadNameOf: (id: string) => string): TransitionData[] {
  const reviewer = users.find((u) => u.role === 'REVIEWER')!;
  const coordinatorOf = new Map(users.filter((u) => u.role === 'COORDINATOR' && u.municipality).map((u) => [u.municipality!, u]));
  const rows: TransitionData[] = [];
  const add = (project: ProjectData, fromStatus: ProjectStatus, toStatus: ProjectStatus, at: Date, actor: { id: string | null; label: string }, note: string | null = null) =>
    rows.push({ id: ids.uuid(), project: project.id, fromStatus, toStatus, note, actorUserId: actor.id, actorLabel: actor.label, at });
  for (const project of projects) {
    if (!project.submittedAt) continue;
    const coordinator = coordinatorOf.get(project.leadMunicipality);
    add(project, 'DRAFT', 'SUBMITTED', project.submittedAt, coordinator ? { id: coordinator.id, label: coordinator.email } : { id: null, label: `coördinator ${leadNameOf(project.leadMunicipality)}` });
    if (!project.reviewedAt) continue;
    const decided = project.status === 'REJECTED' ? 'REJECTED' : 'APPROVED';
    add(project, 'SUBMITTED', decided, project.reviewedAt, { id: reviewer.id, label: reviewer.email }, project.reviewNote);
    if (project.status === 'CLOSED') add(project, 'APPROVED', 'CLOSED', project.updatedAt, { id: reviewer.id, label: reviewer.email }, 'Eindrapport aanvaard');
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

/** Rows per INSERT statement: large enough to be fast, small enough to keep statements modest. */
const CHUNK = 1000;

async function insertChunked<T extends object>(em: EntityManager, entity: EntityName<T>, rows: readonly RequiredEntityData<T>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await em.insertMany<T>(entity, rows.slice(i, i + CHUNK));
  }
}

/** Many-to-many rows go straight into their pivot table: the ORM would write them one by one. */
async function insertPairs(em: EntityManager, table: string, columns: readonly [string, string], pairs: readonly Pair[]): Promise<void> {
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const chunk = pairs.slice(i, i + CHUNK);
    await em.execute(
      `insert into "${table}" ("${columns[0]}", "${columns[1]}") values ${chunk.map(() => '(?, ?)').join(', ')}`,
      chunk.flat(),
      'run',
    );
  }
}

/**
 * Closes the projects and periods the demo plans as CLOSED and FINAL, after their activity was
 * loaded: status changes only (the frozen-figures triggers allow closing), so versions and
 * timestamps stay as generated.
 */
async function closeAsPlanned(em: EntityManager, data: DemoData): Promise<void> {
  const closed = data.projects.filter((p) => p.status === 'CLOSED').map((p) => p.id);
  const final = data.fundingPeriods.filter((p) => p.reportStatus === 'FINAL').map((p) => p.id);
  await em.execute(`update "project" set "status" = 'CLOSED' where "id" = any(?::uuid[])`, [sqlArray(closed)], 'run');
  // Settled when last updated (45 days after the period's end): household retention counts from it.
  await em.execute(`update "funding_period" set "report_status" = 'FINAL', "finalized_at" = "updated_at" where "id" = any(?::uuid[])`, [sqlArray(final)], 'run');
}

/**
 * The final reports the demo's funded projects owe (issue 14): ACCEPTED for the CLOSED ones (so
 * periods 1–2 hold what their FINAL state requires), with the snapshot of their figures as loaded,
 * submitted two weeks before the project closed and accepted by the reviewer on the day it closed;
 * an empty DRAFT for the APPROVED ones. Ids derive from the project's id, so the set stays
 * deterministic; generated last, so no other row changes.
 */
async function insertFinalReports(em: EntityManager, data: DemoData): Promise<void> {
  const funded = data.projects.filter((p) => p.status === 'CLOSED' || p.status === 'APPROVED');
  if (funded.length === 0) return;
  const reviewer = data.users.find((u) => u.role === 'REVIEWER')!;
  const coordinatorOf = new Map(data.users.filter((u) => u.role === 'COORDINATOR' && u.municipality).map((u) => [u.municipality!, u]));
  const closed = funded.filter((p) => p.status === 'CLOSED');
  // Every activity of a closed project lies before the day it closed: the latest one sees them all.
  const asOf = new Date(Math.max(...closed.map((p) => p.updatedAt.getTime()), 0));
  const figures = await liveFigures(em, closed.map((p) => p.id), asOf);
  for (let i = 0; i < funded.length; i += CHUNK) {
    const rows = funded.slice(i, i + CHUNK).map((p) => {
      const id = `${createHash('md5').update(`final_report:${p.id}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')}`;
      if (p.status !== 'CLOSED') return [id, p.id, 'DRAFT', '', '', '', null, null, null, null, null, null, null, p.updatedAt, p.updatedAt];
      const coordinator = coordinatorOf.get(p.leadMunicipality);
      const submittedAt = new Date(p.updatedAt.getTime() - 14 * 86_400_000);
      return [
        id, p.id, 'ACCEPTED',
        'Ouderavonden en schoolbezoeken met de partnerorganisaties, verspreid over het schooljaar.',
        'Schoolbezoeken in kleine groepen, met een tolk waar nodig.',
        'Ouders bereiken die nog geen band met een school hebben vroeg veel tijd.',
        JSON.stringify(figures.get(p.id)), submittedAt, coordinator?.id ?? null, coordinator?.email ?? 'coördinator',
        p.updatedAt, reviewer.id, reviewer.email, submittedAt, p.updatedAt,
      ];
    });
    await em.execute(
      `insert into "final_report" ("id", "project_id", "status", "what_was_done", "what_worked", "obstacles", "snapshot", "submitted_at", "submitted_by_id",
         "submitted_by_label", "reviewed_at", "reviewed_by_id", "reviewed_by_label", "created_at", "updated_at")
       values ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flat(),
      'run',
    );
  }
}

/**
 * Loads the demo data set (SPEC section 8) into an empty database: all Flemish municipalities,
 * the three funding periods, a few dozen projects with synthetic schools, events, households,
 * attendance and enrollments, and the demo logins. One transaction of multi-row inserts, so it
 * takes seconds even on embedded PGlite and leaves nothing half-written. Returns null without
 * writing when the database already holds municipalities (a second start, or real data).
 */
export async function seedDemo(em: EntityManager): Promise<DemoSummary | null> {
  if ((await em.count(Municipality)) > 0) return null;
  const data = generateDemoData(await hashPassword(DEMO_PASSWORD));
  return em.transactional(async (tx) => {
    // Two servers starting together on one empty database: the second waits, then sees data.
    await tx.execute('select pg_advisory_xact_lock(hashtext(?))', ['schoolmix:seed'], 'all');
    if ((await tx.count(Municipality)) > 0) return null;
    // A data set is the starting state, not a change someone made: not in the audit trail
    // (transaction-local; the trail starts with the first write after the load).
    await tx.execute(`select set_config('schoolmix.audit', 'off', true)`);
    await insertChunked(tx, Municipality, data.municipalities);
    // Figures of a FINAL period or a CLOSED project are frozen (migration frozen_figures): the
    // periods and projects go in OPEN and APPROVED, and are closed once their activity is loaded.
    await insertChunked(tx, FundingPeriod, data.fundingPeriods.map((p) => ({ ...p, reportStatus: 'OPEN' as const })));
    await insertChunked(tx, Organization, data.organizations);
    await insertChunked(tx, Project, data.projects.map((p) => (p.status === 'CLOSED' ? { ...p, status: 'APPROVED' as const } : p)));
    await insertPairs(tx, 'project_partner_municipality', ['project_id', 'municipality_id'], data.projectPartnerMunicipalities);
    await insertPairs(tx, 'project_partner_organization', ['project_id', 'organization_id'], data.projectPartnerOrganizations);
    await insertChunked(tx, School, data.schools);
    await insertPairs(tx, 'project_school', ['project_id', 'school_id'], data.projectSchools);
    await insertChunked(tx, SchoolComposition, data.schoolCompositions);
    await insertChunked(tx, AreaComposition, data.areaCompositions);
    await insertChunked(tx, Event, data.events);
    await insertPairs(tx, 'event_school', ['event_id', 'school_id'], data.eventSchools);
    await insertChunked(tx, Household, data.households);
    await insertChunked(tx, Attendance, data.attendances);
    await insertChunked(tx, Enrollment, data.enrollments);
    await insertChunked(tx, User, data.users);
    await insertChunked(tx, ProjectTransition, data.transitions);
    await insertFinalReports(tx, data);
    await closeAsPlanned(tx, data);
    return {
      municipalities: data.municipalities.length,
      fundingPeriods: data.fundingPeriods.length,
      organizations: data.organizations.length,
      projects: data.projects.length,
      projectPartnerMunicipalities: data.projectPartnerMunicipalities.length,
      projectPartnerOrganizations: data.projectPartnerOrganizations.length,
      schools: data.schools.length,
      projectSchools: data.projectSchools.length,
      schoolCompositions: data.schoolCompositions.length,
      areaCompositions: data.areaCompositions.length,
      events: data.events.length,
      eventSchools: data.eventSchools.length,
      households: data.households.length,
      attendances: data.attendances.length,
      enrollments: data.enrollments.length,
      users: data.users.length,
      transitions: data.transitions.length,
    };
  });
}
