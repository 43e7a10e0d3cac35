import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import { LIMITS } from '@schoolmix/shared';
import { assertId } from '../../graphql/errors.js';
import { likePattern } from '../../graphql/order.js';
import { Problems } from '../../graphql/user-errors.js';
import { check } from '../../graphql/validate.js';
import { findById } from '../../graphql/lookup.js';
import { Project } from '../project/project.entity.js';
import { assertOwnsProject } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { refuseIfFrozen } from '../project/frozen.js';
import { Enrollment, Household } from './household.entity.js';
import { sqlArray } from '../../db/sql.js';
import { checkNoIdentifier, checkResidenceNisCode, type DayRange } from '../privacy/privacy.service.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import type { HouseholdFilter, RegisterHouseholdInput, UpdateHouseholdInput, WithdrawConsentInput, EraseHouseholdInput } from './household.inputs.js';

export function householdWhere(filter: HouseholdFilter | null | undefined): FilterQuery<Household> {
  // An erased household is an anonymous stub: it can no longer be found in a list.
  const and: FilterQuery<Household>[] = [{ erasedAt: null }];
  if (filter?.projectId) and.push({ project: assertId(filter.projectId, 'filter.projectId') });
  if (filter?.search?.trim()) and.push({ reference: { $ilike: likePattern(filter.search) } });
  if (filter?.residenceNisCode) and.push({ residenceNisCode: filter.residenceNisCode });
  return and.length > 0 ? { $and: and } : {};
}

const REFERENCE = /^[A-Za-z0-9._-]+$/;

/**
 * A reference must stay pseudonymous: no identifier (privacy/identifiers.ts: national number,
 * phone, e-mail, IBAN, with or without separators; CONTAINS_IDENTIFIER naming the kind), plain
 * code characters only, and no run of nine or more digits.
 */
export function checkReference(p: Problems, field: string, reference: string): boolean {
  if (!check.text(p, field, reference, LIMITS.referenceMaxLength)) return false;
  const ref = reference.trim();
  // National number, phone, e-mail, IBAN — with separators and spaces too (85.07.31-001.23, 0470-12-34-56).
  if (!checkNoIdentifier(p, field, ref)) return false;
  if (!REFERENCE.test(ref)) {
    p.add(field, 'Use letters, digits and . _ - only: a code, never a name, e-mail or address', 'INVALID');
    return false;
  }
  if (/\d{9,}/.test(ref)) {
    p.add(field, 'Looks like a phone or national number; use a pseudonymous code', 'INVALID');
    return false;
  }
  return true;
}

/**
 * The days a project's events can fall on: its funding period (event.service.ts refuses an event
 * starting outside it, OUTSIDE_PERIOD, and the KPI counts only events inside it). Without a
 * project (not found) any day: the residence check then only asks for a known code.
 */
async function eventDaysOf(em: EntityManager, project: Project | null | undefined): Promise<DayRange> {
  if (!project) return { from: '0001-01-01', to: '9999-12-31' };
  const period = await em.findOneOrFail(FundingPeriod, project.fundingPeriod.id);
  return { from: period.startsOn, to: period.endsOn };
}

const CHARACTERISTICS = ['lowEducatedMother', 'schoolAllowance', 'homeLanguageNotDutch', 'childWithSpecialNeeds', 'preferredLanguage'] as const;
/** Their columns, for the set-based erasure. */
const CHARACTERISTIC_COLUMNS = ['low_educated_mother', 'school_allowance', 'home_language_not_dutch', 'child_with_special_needs', 'preferred_language'] as const;

/** Registers a family in a project; characteristics are kept only with the family's consent. */
export async function registerHousehold(em: EntityManager, input: RegisterHouseholdInput, viewer: Viewer, now: Date): Promise<Household> {
  const p = new Problems();
  const project = await findById(em, p, Project, 'projectId', input.projectId, 'Project');
  if (project) assertOwnsProject(viewer, project);
  if (project && (await refuseIfFrozen(em, p, 'projectId', project.id))) p.throwIfAny();
  if (project?.status === 'REJECTED') p.add('projectId', 'The project is rejected', 'INVALID_TRANSITION');
  checkReference(p, 'reference', input.reference);
  if (check.nisCode(p, 'residenceNisCode', input.residenceNisCode)) {
    // A Flemish (municipality table) or Brussels municipality valid on some day of the project's
    // funding period (the days its events fall on), whatever the day of registration.
    await checkResidenceNisCode(em, p, 'residenceNisCode', input.residenceNisCode, await eventDaysOf(em, project));
  }
  check.postcode(p, 'postcode', input.postcode);
  check.int(p, 'children', input.children, 0, LIMITS.childrenMax);
  const given = CHARACTERISTICS.filter((c) => input[c] != null);
  if (!input.consent) given.forEach((c) => p.add(c, 'Only with the family’s consent: set consent to true', 'REQUIRED'));
  if (input.preferredLanguage != null && !/^[a-z]{2,3}$/.test(input.preferredLanguage)) p.add('preferredLanguage', 'Use an ISO 639-1 code, e.g. nl, fr, ar', 'INVALID');
  p.throwIfAny();
  const reference = input.reference.trim();
  if (await em.count(Household, { project: project!, reference })) {
    p.add('reference', 'A household with this reference is already registered in this project', 'DUPLICATE').throwIfAny();
  }
  const household = em.create(Household, {
    project: project!,
    reference,
    residenceNisCode: input.residenceNisCode,
    postcode: input.postcode,
    children: input.children,
    lowEducatedMother: input.lowEducatedMother ?? null,
    schoolAllowance: input.schoolAllowance ?? null,
    homeLanguageNotDutch: input.homeLanguageNotDutch ?? null,
    childWithSpecialNeeds: input.childWithSpecialNeeds ?? null,
    preferredLanguage: input.preferredLanguage ?? null,
    consentAt: input.consent ? now : null,
  });
  await em.flush();
  return household;
}

/**
 * Loads a household for a change by the viewer: NOT_FOUND / forbidden (not the viewer's
 * municipality) / STALE_VERSION when `version` is given and differs. Frozen checks are the caller's.
 */
async function loadForChange(em: EntityManager, p: Problems, id: string, viewer: Viewer, version?: number | null): Promise<Household> {
  const household = await findById(em, p, Household, 'id', id, 'Household');
  p.throwIfAny();
  assertOwnsProject(viewer, await em.findOneOrFail(Project, household!.project.id));
  if (household!.erasedAt) p.add('id', 'This household was erased', 'NOT_FOUND').throwIfAny();
  if (version != null && household!.version !== version) {
    p.add('version', `The household changed since you loaded it (now version ${household!.version}); reload and try again`, 'STALE_VERSION').throwIfAny();
  }
  return household!;
}

/**
 * Changes a family's record with the same rules as registerHousehold (identifier checks,
 * residence code, consent for characteristics). An omitted field stays; a characteristic given
 * as null is removed. Refused with PERIOD_CLOSED while the project's figures are frozen.
 */
export async function updateHousehold(em: EntityManager, input: UpdateHouseholdInput, viewer: Viewer, now: Date): Promise<Household> {
  const p = new Problems();
  const household = await loadForChange(em, p, input.id, viewer, input.version);
  if (await refuseIfFrozen(em, p, 'id', household.project.id)) p.throwIfAny();
  if (input.reference != null) checkReference(p, 'reference', input.reference);
  if (input.residenceNisCode != null && check.nisCode(p, 'residenceNisCode', input.residenceNisCode)) {
    await checkResidenceNisCode(em, p, 'residenceNisCode', input.residenceNisCode, await eventDaysOf(em, await em.findOneOrFail(Project, household.project.id)));
  }
  if (input.postcode != null) check.postcode(p, 'postcode', input.postcode);
  if (input.children != null) check.int(p, 'children', input.children, 0, LIMITS.childrenMax);
  if (input.consent === false) p.add('consent', 'To withdraw consent use withdrawConsent: it removes every characteristic at once', 'INVALID');
  const consented = input.consent === true || household.consentAt != null;
  const given = CHARACTERISTICS.filter((c) => input[c] != null);
  if (!consented) given.forEach((c) => p.add(c, 'Only with the family’s consent: set consent to true', 'REQUIRED'));
  if (input.preferredLanguage != null && !/^[a-z]{2,3}$/.test(input.preferredLanguage)) p.add('preferredLanguage', 'Use an ISO 639-1 code, e.g. nl, fr, ar', 'INVALID');
  p.throwIfAny();
  if (input.reference != null) {
    const reference = input.reference.trim();
    if (reference !== household.reference && (await em.count(Household, { project: household.project.id, reference, id: { $ne: household.id } }))) {
      p.add('reference', 'A household with this reference is already registered in this project', 'DUPLICATE').throwIfAny();
    }
    household.reference = reference;
  }
  if (input.residenceNisCode != null) household.residenceNisCode = input.residenceNisCode;
  if (input.postcode != null) household.postcode = input.postcode;
  if (input.children != null) household.children = input.children;
  if (input.consent === true && household.consentAt == null) household.consentAt = now;
  for (const c of CHARACTERISTICS) {
    if (input[c] !== undefined) (household as unknown as Record<string, unknown>)[c] = input[c] ?? null;
  }
  await em.flush();
  return household;
}

/**
 * The family withdraws its consent: every consented characteristic and the consent date become
 * null in one statement. Allowed even while the project's figures are frozen (a family's right
 * outweighs a frozen breakdown): the database lets exactly this update through (migration
 * consent_erasure). The household keeps counting as reached; in the indicator breakdown it
 * moves to "indicator unknown". Idempotent: withdrawing twice changes nothing.
 */
export async function withdrawConsent(em: EntityManager, input: WithdrawConsentInput, viewer: Viewer): Promise<Household> {
  const p = new Problems();
  const household = await loadForChange(em, p, input.id, viewer);
  const consented = household.consentAt != null || CHARACTERISTICS.some((c) => household[c] != null);
  if (!consented) return household;
  for (const c of CHARACTERISTICS) (household as unknown as Record<string, unknown>)[c] = null;
  household.consentAt = null;
  await em.flush();
  return household;
}

/**
 * Erases a family (issue 15): the row becomes an anonymous stub — reference `erased-<uuid>`,
 * residence code, postcode, children and every consented characteristic null, `erasedAt` set —
 * and its enrollments are deleted. The stub keeps its id and project, so its attendance rows stay
 * as anonymous counts: reached, realised and the earned subsidy do not change, also in a frozen
 * period (the database lets exactly this write through, migration consent_erasure). The audit
 * trail records which columns changed (family data: never a value). `reason` is checked for
 * identifiers and kept on the stub.
 */
export async function eraseHousehold(em: EntityManager, input: EraseHouseholdInput, viewer: Viewer, now: Date): Promise<Household> {
  const p = new Problems();
  const household = await loadForChange(em, p, input.id, viewer);
  const reason = input.reason?.trim() || null;
  if (reason != null && check.text(p, 'reason', reason, LIMITS.reasonMaxLength)) checkNoIdentifier(p, 'reason', reason);
  p.throwIfAny();
  await tombstoneHouseholds(em, [household.id], now, reason);
  return em.findOneOrFail(Household, household.id, { refresh: true });
}

/**
 * THE erasure (the tombstone): what eraseHousehold (one household) and the retention job
 * (jobs/retention.ts, a batch) both do, after their own checks. One UPDATE turns every given
 * household not yet erased into an anonymous stub — reference `erased-<uuid>` (a fresh uuid per
 * row), residence code, postcode, children, every consented characteristic and the consent date
 * null, `erasedAt` and `reason` set — and one DELETE removes their enrollments; attendance rows
 * stay as anonymous counts. Set-based, so the frozen-figures and audit triggers (statement-level)
 * run once per batch. The caller's transaction tells the audit trail who erases (recordActor, or
 * the job's SYSTEM settings). Returns the ids erased now (an already erased one is left alone).
 */
export async function tombstoneHouseholds(em: EntityManager, ids: readonly string[], now: Date, reason: string | null): Promise<string[]> {
  if (ids.length === 0) return [];
  const erased = await em.execute<{ id: string }[]>(
    `update "household" set
        "reference" = 'erased-' || gen_random_uuid()::text,
        "residence_nis_code" = null, "postcode" = null, "children" = null,
        ${CHARACTERISTIC_COLUMNS.map((c) => `"${c}" = null`).join(', ')},
        "consent_at" = null, "erased_at" = ?, "erasure_reason" = ?,
        "version" = "version" + 1, "updated_at" = ?
      where "id" = any(?::uuid[]) and "erased_at" is null
      returning "id"`,
    [now.toISOString(), reason, now.toISOString(), sqlArray(ids)],
  );
  const done = erased.map((r) => r.id);
  if (done.length > 0) await em.execute(`delete from "enrollment" where "household_id" = any(?::uuid[])`, [sqlArray(done)], 'run');
  return done;
}

/** The enrollments of these households, oldest school year first, in one statement. */
export function enrollmentsOfHouseholds(em: EntityManager, householdIds: readonly string[]): Promise<Enrollment[]> {
  return em.find(Enrollment, { household: { $in: [...householdIds] } }, { orderBy: { schoolYear: 'ASC' } });
}
