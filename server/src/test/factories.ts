import type { EntityManager } from '@mikro-orm/sql';
import { Attendance } from '../modules/attendance/attendance.entity.js';
import { Event } from '../modules/event/event.entity.js';
import { FundingPeriod } from '../modules/funding-period/funding-period.entity.js';
import { Household } from '../modules/household/household.entity.js';
import { Municipality } from '../modules/municipality/municipality.entity.js';
import { Organization } from '../modules/organization/organization.entity.js';
import { Project } from '../modules/project/project.entity.js';
import { School, SchoolComposition } from '../modules/school/school.entity.js';
import type { TestServer } from './harness.js';

/**
 * Builds rows straight through the ORM, with overrides, for fixtures whose answer is known by
 * construction. Each call makes its own municipality etc., so tests do not step on each other.
 * (Rules the API enforces can be bypassed here on purpose, e.g. an event outside its period.)
 */
let counter = 0;
const next = () => ++counter;

export function em(server: TestServer): EntityManager {
  return server.app.db.orm.em.fork();
}

export async function municipality(e: EntityManager, over: Partial<Municipality> = {}): Promise<Municipality> {
  const n = next();
  const m = e.create(Municipality, {
    nisCode: String(90000 + n),
    name: `Testgemeente ${n}`,
    province: 'Oost-Vlaanderen',
    population: 50_000,
    postcode: '9000',
    validFrom: '2019-01-01',
    ...over,
  });
  await e.flush();
  return m;
}

/**
 * The period of the tests: 2024-10-01 … 2025-09-30 (period 3), created once per database. Unless
 * overridden, its application window runs from a year before it starts until its last day, so
 * the test clock (2025-04-01) is inside period 3's window and outside those of earlier periods.
 */
export async function period(e: EntityManager, over: Partial<FundingPeriod> = {}): Promise<FundingPeriod> {
  const existing = await e.findOne(FundingPeriod, { number: over.number ?? 3 });
  if (existing) return existing;
  const startsOn = over.startsOn ?? '2024-10-01';
  const endsOn = over.endsOn ?? '2025-09-30';
  const p = e.create(FundingPeriod, {
    number: 3,
    label: 'Projectperiode 3 (2024–2025)',
    startsOn,
    endsOn,
    ratePerHouseholdCents: 17_000,
    maxHouseholds: 300,
    maxSubsidyCents: 5_100_000,
    applicationsOpenOn: `${Number(startsOn.slice(0, 4)) - 1}${startsOn.slice(4)}`,
    applicationsCloseOn: endsOn,
    finalReportDueOn: `${endsOn.slice(0, 4)}-10-31` > endsOn ? `${endsOn.slice(0, 4)}-10-31` : `${Number(endsOn.slice(0, 4)) + 1}-10-31`,
    advanceSharePercent: 60,
    ...over,
  });
  await e.flush();
  return p;
}

export async function organization(e: EntityManager, m: Municipality, over: Partial<Organization> = {}): Promise<Organization> {
  const o = e.create(Organization, { name: `Organisatie ${next()}`, kind: 'LOCAL_CONSULTATION_PLATFORM', municipality: m, promotesSocialMix: true, ...over });
  await e.flush();
  return o;
}

export async function project(
  e: EntityManager,
  over: Omit<Partial<Project>, 'partnerMunicipalities'> & { lead?: Municipality; period?: FundingPeriod; partners?: Organization[]; partnerMunicipalities?: Municipality[] } = {},
): Promise<Project> {
  const { lead, period: p, partners, partnerMunicipalities, ...rest } = over;
  const m = lead ?? (await municipality(e));
  const fp = p ?? (await period(e));
  const pr = e.create(Project, {
    // Filed inside the period's application window, as the database requires (one second apart, so creation order holds).
    createdAt: new Date(Date.parse(`${fp.applicationsOpenOn}T12:00:00Z`) + next() * 1000),
    title: `Project ${next()}`,
    leadMunicipality: m,
    fundingPeriod: fp,
    status: 'APPROVED',
    baselineHouseholds: 10,
    targetHouseholds: 100,
    priority: 1,
    subsidyRequestedCents: 1_700_000,
    subsidyGrantedCents: 1_700_000,
    coFinancingCents: 1_700_000,
    ...rest,
  });
  if (partners) pr.partnerOrganizations.set(partners);
  if (partnerMunicipalities) pr.partnerMunicipalities.set(partnerMunicipalities);
  await e.flush();
  return pr;
}

export async function event(e: EntityManager, pr: Project, organizer: Organization, over: Partial<Event> = {}): Promise<Event> {
  const startsAt = over.startsAt ?? new Date('2025-02-10T18:00:00Z');
  const ev = e.create(Event, {
    type: 'PARENT_EVENING',
    project: pr,
    organizer,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
    venue: 'Buurthuis',
    languages: ['nl'],
    ...over,
  });
  await e.flush();
  return ev;
}

export async function household(e: EntityManager, pr: Project, over: Partial<Household> = {}): Promise<Household> {
  const h = e.create(Household, { project: pr, reference: `H-${next()}`, residenceNisCode: '44021', postcode: '9000', children: 2, ...over });
  await e.flush();
  return h;
}

export async function attendance(e: EntityManager, h: Household, ev: Event, status: Attendance['status'] = 'ATTENDED'): Promise<Attendance> {
  const a = e.create(Attendance, { household: h, event: ev, status, recordedAt: ev.endsAt });
  await e.flush();
  return a;
}

export async function school(e: EntityManager, m: Municipality, over: Partial<School> = {}): Promise<School> {
  const n = next();
  const s = e.create(School, {
    institutionNumber: String(900000 + n),
    name: `School ${n}`,
    municipality: m,
    postcode: '9000',
    level: 'PRIMARY',
    network: 'GO',
    capacity: 400,
    ...over,
  });
  await e.flush();
  return s;
}

export async function composition(e: EntityManager, s: School, over: Partial<SchoolComposition> = {}): Promise<SchoolComposition> {
  const c = e.create(SchoolComposition, {
    school: s,
    schoolYear: '2024-2025',
    pupils: 200,
    indicatorPupils: 50,
    lowEducatedMother: 20,
    schoolAllowance: 30,
    homeLanguageNotDutch: 25,
    pupilsWithSpecialNeeds: 5,
    ...over,
  });
  await e.flush();
  return c;
}

/**
 * Waives the final report of every funded project of a period that has no ACCEPTED or WAIVED one,
 * as a reviewer's waiveFinalReport does: what closeFundingPeriodReport requires before FINAL.
 */
export async function waiveFinalReports(e: EntityManager, p: FundingPeriod, reason = 'Vrijgesteld (test)'): Promise<void> {
  await e.execute(
    `insert into final_report (id, project_id, status, waiver_reason, reviewed_at)
     select gen_random_uuid(), pr.id, 'WAIVED', ?, now() from project pr
      where pr.funding_period_id = ? and pr.status in ('APPROVED', 'CLOSED')
     on conflict (project_id) do update set status = 'WAIVED', waiver_reason = excluded.waiver_reason, reviewed_at = excluded.reviewed_at
      where final_report.status not in ('ACCEPTED', 'WAIVED')`,
    [reason, p.id],
    'run',
  );
}

/**
 * Closes a period as closeFundingPeriodReport does (its APPROVED projects CLOSED, its report
 * FINAL), with plain status changes: from then on its figures are frozen, so a test records the
 * period's activity first and closes it afterwards.
 */
export async function closePeriod(e: EntityManager, p: FundingPeriod): Promise<void> {
  await e.execute(`update project set status = 'CLOSED' where funding_period_id = ? and status = 'APPROVED'`, [p.id], 'run');
  await e.execute(`update funding_period set report_status = 'FINAL' where id = ?`, [p.id], 'run');
}
