import type { AttendanceStatus, EventType, OrganizationKind, ProjectStatus, Role, SchoolLevel, SchoolNetwork } from '@schoolmix/shared';
import { schoolYearOf } from '@schoolmix/shared';
import { addDays, addMinutes, belgianTime, clamp, dayOf, isoDay, nextSchoolYear, round } from './calendar.js';
import { ADVANCE_SHARE_PERCENT, LOADED_AT, MAX_HOUSEHOLDS, PERIODS, periodSchedule, RATE_PER_HOUSEHOLD_CENTS, SCHOOL_YEARS, type PeriodPlan } from './programme.js';
import type { Random } from './random.js';
import type { MunicipalityRow } from './reference-data.js';
import type {
  AreaCompositionData,
  AttendanceData,
  EnrollmentData,
  EventData,
  FundingPeriodData,
  HouseholdData,
  MunicipalityData,
  OrganizationData,
  ProjectData,
  SchoolCompositionData,
  UserData,
} from './rows.js';
import { CANCELLATION_REASONS, HOME_LANGUAGES, OTHER_LANGUAGES, TITLE_TEMPLATES } from './vocabulary.js';

/**
 * The generators both synthetic data sets are made of: the demo set (demo.ts, a few dozen planned
 * projects) and the scale set (scale.ts, SPEC section 8's volumes). Each takes the data set's two
 * seeded streams — `rng` for values, `ids` for row ids, so ids do not shift when a rule draws one
 * more number — and, where the two sets differ, a parameter (a size, a range, a share), and draws
 * from the streams in a fixed order: the same seed gives the same rows. generators.test.ts checks
 * that both data sets are built with them.
 */

/** Marks every synthetic school name and venue. */
export const SYNTHETIC = '(synthetisch)';

/** An inclusive range of whole numbers. */
export type Range = readonly [number, number];

// ---------------------------------------------------------------------------------------------
// Reference data, periods and accounts
// ---------------------------------------------------------------------------------------------

/** Every code of the reference data, successors first (a row's `mergedInto` exists when it is written). */
export function municipalityRows(ids: Random, reference: readonly MunicipalityRow[]): { rows: MunicipalityData[]; idOf: ReadonlyMap<string, string> } {
  const idOf = new Map(reference.map((r) => [r.nisCode, ids.uuid()]));
  const rows = [...reference]
    .sort((a, b) => Number(a.mergedInto !== null) - Number(b.mergedInto !== null) || a.nisCode.localeCompare(b.nisCode))
    .map((r) => ({
      id: idOf.get(r.nisCode)!,
      createdAt: LOADED_AT,
      updatedAt: LOADED_AT,
      nisCode: r.nisCode,
      name: r.name,
      province: r.province,
      arrondissement: r.arrondissement,
      population: r.population,
      postcode: r.postcode,
      validFrom: r.validFrom,
      validTo: r.validTo,
      mergedInto: r.mergedInto === null ? null : idOf.get(r.mergedInto)!,
    }));
  return { rows, idOf };
}

/** The three real periods with their money rules; a FINAL period was last updated 45 days after its end. */
export function fundingPeriodRows(ids: Random): FundingPeriodData[] {
  return PERIODS.map((p) => {
    const createdAt = belgianTime(isoDay(addDays(dayOf(p.startsOn), -183)), 9);
    return {
      id: ids.uuid(),
      createdAt,
      updatedAt: p.reportStatus === 'FINAL' ? belgianTime(isoDay(addDays(dayOf(p.endsOn), 45)), 11) : createdAt,
      number: p.number,
      label: `Projectperiode ${p.number} (${p.startsOn.slice(0, 4)}–${p.endsOn.slice(0, 4)})`,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      ratePerHouseholdCents: RATE_PER_HOUSEHOLD_CENTS,
      maxHouseholds: MAX_HOUSEHOLDS,
      maxSubsidyCents: RATE_PER_HOUSEHOLD_CENTS * MAX_HOUSEHOLDS,
      ...periodSchedule(p.startsOn, p.endsOn),
      advanceSharePercent: ADVANCE_SHARE_PERCENT,
      reportStatus: p.reportStatus,
    };
  });
}

/** The demo logins, with the coordinators' municipality ids. */
export function userRows(
  ids: Random,
  logins: readonly { email: string; role: Role; municipalityNisCode: string | null }[],
  passwordHash: string,
  municipalityId: (nisCode: string) => string,
): UserData[] {
  return logins.map((login) => ({
    id: ids.uuid(),
    createdAt: LOADED_AT,
    updatedAt: LOADED_AT,
    email: login.email,
    passwordHash,
    role: login.role,
    municipality: login.municipalityNisCode === null ? null : municipalityId(login.municipalityNisCode),
  }));
}

// ---------------------------------------------------------------------------------------------
// Places and organisations
// ---------------------------------------------------------------------------------------------

/** Indicator share of resident pupils per school year: a base that drifts a little every year. */
export function yearShares(base: (k: number) => number, drift: number, bounds: Range): number[] {
  return SCHOOL_YEARS.map((_, k) => round(clamp(base(k) + k * drift, bounds[0], bounds[1]), 4));
}

/** A municipality's yearly drift of its indicator share. */
export function shareDrift(rng: Random): number {
  return rng.float(-0.01, 0.012);
}

/** The names of a municipality's organisations (two of them drawn from local variants). */
export function organizationNames(rng: Random, municipality: string) {
  return {
    lop: `LOP Basisonderwijs ${municipality}`,
    schoolBoard: rng.pick([`Scholengroep ${municipality}`, `Stedelijk Onderwijs ${municipality}`, `Katholiek Onderwijs ${municipality} vzw`]),
    nonProfit: rng.pick([`Huis van het Kind ${municipality}`, `Buurtwerk ${municipality} vzw`, `Ouders en School ${municipality} vzw`]),
    service: `Dienst Onderwijs ${municipality}`,
    bridge: `Brugfiguren ${municipality}`,
    parents: `Oudercomité Centrumscholen ${municipality}`,
  };
}

export function organizationRow(ids: Random, name: string, kind: OrganizationKind, municipality: string, promotesSocialMix: boolean): OrganizationData {
  return { id: ids.uuid(), createdAt: LOADED_AT, updatedAt: LOADED_AT, name, kind, municipality, promotesSocialMix };
}

// ---------------------------------------------------------------------------------------------
// Schools and compositions
// ---------------------------------------------------------------------------------------------

/** Level (by the data set's weights) and network of a school. */
export function schoolKind(rng: Random, levels: readonly (readonly [SchoolLevel, number])[]): { level: SchoolLevel; network: SchoolNetwork } {
  const level = rng.weighted<SchoolLevel>(levels);
  const network = rng.weighted<SchoolNetwork>([['FREE_SUBSIDISED', 50], ['OFFICIAL_SUBSIDISED', 25], ['GO', 20], ['OTHER', 5]]);
  return { level, network };
}

/** A six-digit institution number not in `taken` (added to it). */
export function institutionNumber(rng: Random, taken: Set<string>): string {
  let number: string;
  do number = String(rng.int(10_000, 999_999)).padStart(6, '0');
  while (taken.has(number));
  taken.add(number);
  return number;
}

export function schoolCapacity(rng: Random, level: SchoolLevel): number {
  return level === 'SECONDARY' ? rng.int(450, 900) : level === 'NURSERY' ? rng.int(150, 280) : rng.int(180, 600);
}

/** "Vrije Basisschool De Regenboog (synthetisch)". */
export function schoolName(level: SchoolLevel, network: SchoolNetwork, city: boolean, baseName: string): string {
  return `${schoolPrefix(level, network, city)} ${baseName} ${SYNTHETIC}`;
}

function schoolPrefix(level: SchoolLevel, network: SchoolNetwork, city: boolean): string {
  if (level === 'NURSERY') return network === 'FREE_SUBSIDISED' ? 'Vrije Kleuterschool' : network === 'GO' ? 'GO! Kleuterschool' : 'Kleuterschool';
  if (level === 'SECONDARY') {
    return { GO: 'GO! Atheneum', OFFICIAL_SUBSIDISED: city ? 'Stedelijk Lyceum' : 'Gemeentelijke Middenschool', FREE_SUBSIDISED: 'College', OTHER: 'Secundaire school' }[network];
  }
  return {
    GO: 'GO! Basisschool',
    OFFICIAL_SUBSIDISED: city ? 'Stedelijke Basisschool' : 'Gemeentelijke Basisschool',
    FREE_SUBSIDISED: 'Vrije Basisschool',
    OTHER: 'Methodeschool',
  }[network];
}

/** Composition figures of a school year are published in the following winter. */
function compositionPublishedAt(schoolYear: string): Date {
  return belgianTime(`${Number(schoolYear.slice(0, 4)) + 1}-02-01`, 8);
}

/**
 * A school's indicator share per school year, set against its area's: most schools roughly
 * mirror their neighbourhood, some are far above (concentration) or far below it, and some of
 * those drift back toward the area share over the years.
 */
export function compositionShares(rng: Random, areaShares: readonly number[]): number[] {
  const profile = rng.weighted([['mirror', 56], ['above', 21], ['below', 23]] as const);
  const offset = profile === 'above' ? rng.float(0.12, 0.3) : profile === 'below' ? -rng.float(0.1, 0.28) : rng.float(-0.07, 0.07);
  const converging = profile !== 'mirror' && rng.chance(0.4);
  const pull = converging ? rng.float(0.2, 0.35) : 0;
  let gap = offset;
  return areaShares.map((area, k) => {
    if (k > 0) gap *= 1 - pull;
    return clamp(area + gap + rng.float(-0.015, 0.015), 0.03, 0.95);
  });
}

/** Pupils and indicator pupils per school year, summed over an area's schools. */
export interface PupilTotals {
  pupils: number[];
  indicator: number[];
}

export function emptyTotals(): PupilTotals {
  return { pupils: SCHOOL_YEARS.map(() => 0), indicator: SCHOOL_YEARS.map(() => 0) };
}

/** A school's composition in each school year (within its capacity); adds its pupils to `totals`. */
export function schoolCompositionRows(rng: Random, ids: Random, school: { id: string; capacity: number }, shares: readonly number[], totals: PupilTotals): SchoolCompositionData[] {
  const occupancy = rng.float(0.72, 0.97);
  const languageFactor = rng.float(0.35, 0.9);
  return SCHOOL_YEARS.map((schoolYear, k) => {
    const pupils = Math.min(school.capacity, Math.round(school.capacity * occupancy * rng.float(0.97, 1.03)));
    const indicatorPupils = clamp(Math.round(pupils * shares[k]!), 0, pupils);
    totals.pupils[k]! += pupils;
    totals.indicator[k]! += indicatorPupils;
    const at = compositionPublishedAt(schoolYear);
    return {
      id: ids.uuid(),
      createdAt: at,
      updatedAt: at,
      school: school.id,
      schoolYear,
      pupils,
      indicatorPupils,
      lowEducatedMother: Math.round(indicatorPupils * rng.float(0.5, 0.75)),
      schoolAllowance: Math.round(indicatorPupils * rng.float(0.55, 0.85)),
      homeLanguageNotDutch: Math.round(indicatorPupils * clamp(languageFactor + rng.float(-0.05, 0.05), 0, 1)),
      pupilsWithSpecialNeeds: Math.round(pupils * rng.float(0.01, 0.05)),
    };
  });
}

/**
 * An area's resident pupils per school year resemble its schools' (some children go to school
 * elsewhere): its indicator share sits halfway between the planned share and the schools' pooled one.
 */
export function areaResidents(rng: Random, shares: readonly number[], totals: PupilTotals): { pupils: number; indicator: number }[] {
  return SCHOOL_YEARS.map((_, k) => {
    const pupils = Math.round(totals.pupils[k]! * rng.float(0.9, 1.15));
    const share = (shares[k]! + totals.indicator[k]! / totals.pupils[k]!) / 2;
    return { pupils, indicator: Math.round(pupils * share) };
  });
}

export function areaCompositionRows(ids: Random, areaCode: string, years: readonly { pupils: number; indicator: number }[]): AreaCompositionData[] {
  return SCHOOL_YEARS.map((schoolYear, k) => ({
    id: ids.uuid(),
    createdAt: compositionPublishedAt(schoolYear),
    updatedAt: compositionPublishedAt(schoolYear),
    areaCode,
    schoolYear,
    pupilsResident: years[k]!.pupils,
    indicatorPupilsResident: years[k]!.indicator,
  }));
}

// ---------------------------------------------------------------------------------------------
// Projects
// ---------------------------------------------------------------------------------------------

export const FUNDED: readonly ProjectStatus[] = ['APPROVED', 'CLOSED'];

const REJECTION_NOTE = 'Niet goedgekeurd: het dossier toont geen samenwerking met scholen en organisaties die de sociale mix bevorderen.';

export interface ProjectPlan {
  lead: { id: string; name: string };
  period: PeriodPlan;
  fundingPeriodId: string;
  status: ProjectStatus;
  /** A large city: its target is 250–300 households. */
  big: boolean;
  /** The largest target of the others. */
  targetMax: number;
  /** Use the first title template instead of drawing one. */
  firstTitle?: boolean;
}

/** A project's application and review: target, money, dates of submission, review and closing. */
export function projectRow(rng: Random, ids: Random, plan: ProjectPlan): ProjectData {
  const { status, period } = plan;
  const target = plan.big ? rng.int(250, 300) : rng.int(40, plan.targetMax);
  const requested = target * RATE_PER_HOUSEHOLD_CENTS;
  const funded = FUNDED.includes(status);
  const granted = !funded ? null : rng.chance(0.25) ? requested - rng.int(100, 1500) * 100 : requested;
  const periodStart = dayOf(period.startsOn);
  const submittedAt = status === 'DRAFT' ? null : belgianTime(isoDay(addDays(periodStart, -rng.int(100, 140))), rng.int(9, 16));
  const reviewedAt = submittedAt && status !== 'SUBMITTED' ? belgianTime(isoDay(addDays(submittedAt, rng.int(30, 60))), rng.int(9, 16)) : null;
  const createdAt = submittedAt ? addDays(submittedAt, -rng.int(10, 30)) : belgianTime(isoDay(addDays(periodStart, -rng.int(40, 70))), 14);
  const closedAt = status === 'CLOSED' ? belgianTime(isoDay(addDays(dayOf(period.endsOn), rng.int(30, 60))), 10) : null;
  return {
    id: ids.uuid(),
    createdAt,
    updatedAt: closedAt ?? reviewedAt ?? submittedAt ?? createdAt,
    version: { DRAFT: 1, SUBMITTED: 2, APPROVED: 3, REJECTED: 3, CLOSED: 4 }[status],
    title: `${plan.firstTitle ? TITLE_TEMPLATES[0]! : rng.pick(TITLE_TEMPLATES)} – ${plan.lead.name} ${period.endsOn.slice(0, 4)}`,
    leadMunicipality: plan.lead.id,
    fundingPeriod: plan.fundingPeriodId,
    status,
    baselineHouseholds: rng.int(0, Math.floor(target / 2)),
    targetHouseholds: target,
    priority: rng.int(1, 5),
    subsidyRequestedCents: requested,
    subsidyGrantedCents: granted,
    coFinancingCents: granted ?? requested,
    submittedAt,
    reviewedAt,
    reviewNote: status === 'REJECTED' ? REJECTION_NOTE : null,
  };
}

/**
 * A project's partner organisations from its lead's own (the first is the LOP): the LOP, one or
 * two that promote the social mix, and with `notPromotingShare` those that do not.
 */
export function projectOrganizations<O extends { promotesSocialMix: boolean }>(rng: Random, own: readonly O[], notPromotingShare: number): O[] {
  const [lop, ...others] = own;
  const notPromoting = others.filter((o) => !o.promotesSocialMix);
  const promoting = others.filter((o) => o.promotesSocialMix);
  return [lop!, ...rng.sample(promoting, rng.int(1, 2)), ...(rng.chance(notPromotingShare) ? notPromoting : [])];
}

/** A project's schools: three to `maxFromLead` of its lead's, and one of each partner's. */
export function projectSchools<S>(rng: Random, leadSchools: readonly S[], partnerSchools: readonly (readonly S[])[], maxFromLead: number): S[] {
  return [...rng.sample(leadSchools, rng.int(3, Math.min(maxFromLead, leadSchools.length))), ...partnerSchools.map((schools) => rng.pick(schools))];
}

// ---------------------------------------------------------------------------------------------
// Events, households, attendance and enrollments
// ---------------------------------------------------------------------------------------------

/** Where the data sets' events differ. */
export interface EventProfile {
  /** Share of the events that were cancelled. */
  cancelledShare: number;
  capacity: Readonly<Record<EventType, Range>>;
  /** Most other languages than Dutch at a parent evening. */
  maxEveningLanguages: number;
  /** An organiser that does not promote the social mix: the first such partner, or any. */
  notPromotingOrganizer: 'first' | 'any';
  /** Where a school visit takes place, and the places a parent evening is drawn from. */
  venues: (hostSchool: string | undefined) => { visit: string; evening: readonly string[] };
}

export interface EventContext<S extends { id: string; name?: string }> {
  projectId: string;
  /** When the project was approved: no event was created before. */
  reviewedAt: Date;
  /** The school days of the period, and those from Monday to Thursday (parent evenings). */
  days: readonly string[];
  eveningDays: readonly string[];
  promoting: readonly { id: string; promotesSocialMix: boolean }[];
  notPromoting: readonly { id: string; promotesSocialMix: boolean }[];
  schools: readonly S[];
}

/**
 * A parent evening (Monday–Thursday, 19:00) or a school visit (mornings) inside the period,
 * organised by a partner organisation, with one to three of the project's schools.
 */
export function eventRow<S extends { id: string; name?: string }>(
  rng: Random,
  ids: Random,
  context: EventContext<S>,
  profile: EventProfile,
): { row: EventData; schools: S[]; promotesSocialMix: boolean } {
  const type: EventType = rng.chance(0.55) ? 'PARENT_EVENING' : 'SCHOOL_VISIT';
  const day = rng.pick(type === 'PARENT_EVENING' ? context.eveningDays : context.days);
  const startsAt = type === 'PARENT_EVENING' ? belgianTime(day, 19) : belgianTime(day, rng.pick([8, 9, 9, 10]), rng.pick([30, 0]));
  const endsAt = addMinutes(startsAt, rng.pick([90, 120]));
  const { promoting, notPromoting } = context;
  const organizer =
    notPromoting.length > 0 && rng.chance(0.12) ? (profile.notPromotingOrganizer === 'first' ? notPromoting[0]! : rng.pick(notPromoting)) : rng.pick(promoting);
  const schools = rng.sample(context.schools, type === 'SCHOOL_VISIT' ? rng.weighted([[1, 80], [2, 20]]) : rng.int(1, 3));
  const venues = profile.venues(schools[0]?.name?.replace(` ${SYNTHETIC}`, ''));
  const venue = type === 'SCHOOL_VISIT' ? venues.visit : rng.pick(venues.evening);
  const extra = rng.sample(OTHER_LANGUAGES, type === 'PARENT_EVENING' ? rng.int(0, profile.maxEveningLanguages) : rng.weighted([[0, 70], [1, 30]]));
  const languages = ['nl', ...OTHER_LANGUAGES.filter((l) => extra.includes(l))];
  const cancelled = rng.chance(profile.cancelledShare);
  const createdAt = new Date(Math.max(context.reviewedAt.getTime(), addDays(startsAt, -rng.int(14, 42)).getTime()));
  const noticeAt = belgianTime(isoDay(addDays(startsAt, -rng.int(1, 10))), 10);
  const cancelledAt = cancelled ? new Date(Math.max(noticeAt.getTime(), createdAt.getTime())) : null;
  const row: EventData = {
    id: ids.uuid(),
    createdAt,
    updatedAt: cancelledAt ?? createdAt,
    version: cancelled ? 2 : 1,
    type,
    project: context.projectId,
    organizer: organizer.id,
    startsAt,
    endsAt,
    venue,
    capacity: rng.int(...profile.capacity[type]),
    languages,
    cancelledAt,
    cancellationReason: cancelled ? rng.pick(CANCELLATION_REASONS) : null,
  };
  return { row, schools, promotesSocialMix: organizer.promotesSocialMix };
}

/** When a family signed up: one to twenty days before its first event, never before the event existed. */
export function registrationTime(rng: Random, first: { startsAt: Date; createdAt: Date }): Date {
  const signedUp = belgianTime(isoDay(addDays(first.startsAt, -rng.int(1, 20))), rng.int(9, 20), rng.pick([0, 15, 30, 45]));
  return new Date(Math.max(signedUp.getTime(), addMinutes(first.createdAt, 60).getTime()));
}

export interface HouseholdPlan {
  projectId: string;
  reference: string;
  residence: { nisCode: string; shares: readonly number[] };
  /** The family's postcode (the demo draws one of the residence's postcodes). */
  postcode: (rng: Random) => string;
  registeredAt: Date;
  /** An indicator family without any of the three drawn: one drawn at random, or school allowance. */
  fallbackIndicator: 'drawn' | 'schoolAllowance';
}

/**
 * A pseudonymous family: characteristics only with consent (about 80 %); among those, the chance
 * of an indicator follows the area's share, so about 45 % have at least one.
 */
export function householdRow(rng: Random, ids: Random, plan: HouseholdPlan): HouseholdData {
  const { registeredAt, residence } = plan;
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
    if (indicator && !lowEducatedMother && !schoolAllowance && !homeLanguageNotDutch) {
      const which = plan.fallbackIndicator === 'drawn' ? rng.int(0, 2) : 1;
      if (which === 0) lowEducatedMother = true;
      else if (which === 1) schoolAllowance = true;
      else homeLanguageNotDutch = true;
    }
    childWithSpecialNeeds = rng.chance(0.06);
    preferredLanguage = homeLanguageNotDutch ? rng.weighted(HOME_LANGUAGES) : 'nl';
  }
  return {
    id: ids.uuid(),
    createdAt: registeredAt,
    updatedAt: registeredAt,
    project: plan.projectId,
    reference: plan.reference,
    residenceNisCode: residence.nisCode,
    postcode: plan.postcode(rng),
    children: rng.weighted([[1, 35], [2, 40], [3, 18], [4, 7]]),
    lowEducatedMother,
    schoolAllowance,
    homeLanguageNotDutch,
    childWithSpecialNeeds,
    preferredLanguage,
    consentAt: consent ? registeredAt : null,
  };
}

/** More families still registered (not yet recorded) in the open period 3. */
export function attendanceStatus(rng: Random, period: number): AttendanceStatus {
  return period === 3
    ? rng.weighted<AttendanceStatus>([['ATTENDED', 80], ['NO_SHOW', 8], ['REGISTERED', 12]])
    : rng.weighted<AttendanceStatus>([['ATTENDED', 86], ['NO_SHOW', 10], ['REGISTERED', 4]]);
}

/** A family's attendance at an event, recorded when the event ended. */
export function attendanceRow(ids: Random, householdId: string, registeredAt: Date, event: { id: string; createdAt: Date; endsAt: Date }, status: AttendanceStatus): AttendanceData {
  return {
    id: ids.uuid(),
    createdAt: new Date(Math.max(registeredAt.getTime(), event.createdAt.getTime())),
    updatedAt: event.endsAt,
    household: householdId,
    event: event.id,
    status,
    recordedAt: event.endsAt,
  };
}

/**
 * The school a family enrolled in: reached families choose a neighbourhood school (`local`, in
 * their own municipality) more often than families that were registered but not reached;
 * otherwise one of `elsewhere()`.
 */
export function enrollmentSchool<S>(rng: Random, local: readonly S[], reached: boolean, elsewhere: () => readonly S[]): S {
  if (local.length > 0 && rng.chance(reached ? 0.72 : 0.45)) return rng.pick(local);
  return rng.pick(elsewhere());
}

/** The enrollment a family reports for the school year after its first event, from 1 March on. */
export function enrollmentRow(rng: Random, ids: Random, householdId: string, schoolId: string, firstEventAt: Date, registeredAt: Date): EnrollmentData {
  const schoolYear = nextSchoolYear(schoolYearOf(firstEventAt));
  const spring = belgianTime(`${schoolYear.slice(0, 4)}-03-01`, 10);
  const enrolledAt = addDays(new Date(Math.max(spring.getTime(), registeredAt.getTime())), rng.int(1, 90));
  return { id: ids.uuid(), createdAt: enrolledAt, updatedAt: enrolledAt, household: householdId, school: schoolId, schoolYear };
}
