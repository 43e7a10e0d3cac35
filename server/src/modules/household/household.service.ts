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
import { Household } from './household.entity.js';
import { checkNoIdentifier, checkResidenceNisCode } from '../privacy/privacy.service.js';
import { brusselsDate } from '../funding-period/funding-period.service.js';
import type { HouseholdFilter, RegisterHouseholdInput } from './household.inputs.js';

export function householdWhere(filter: HouseholdFilter | null | undefined): FilterQuery<Household> {
  const and: FilterQuery<Household>[] = [];
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

const CHARACTERISTICS = ['lowEducatedMother', 'schoolAllowance', 'homeLanguageNotDutch', 'childWithSpecialNeeds', 'preferredLanguage'] as const;

/** Registers a family in a project; characteristics are kept only with the family's consent. */
export async function registerHousehold(em: EntityManager, input: RegisterHouseholdInput, viewer: Viewer, now: Date): Promise<Household> {
  const p = new Problems();
  const project = await findById(em, p, Project, 'projectId', input.projectId, 'Project');
  if (project) assertOwnsProject(viewer, project);
  if (project && (await refuseIfFrozen(em, p, 'projectId', project.id))) p.throwIfAny();
  if (project?.status === 'REJECTED') p.add('projectId', 'The project is rejected', 'INVALID_TRANSITION');
  checkReference(p, 'reference', input.reference);
  if (check.nisCode(p, 'residenceNisCode', input.residenceNisCode)) {
    // A Flemish (municipality table) or Brussels municipality valid on the registration date.
    await checkResidenceNisCode(em, p, 'residenceNisCode', input.residenceNisCode, brusselsDate(now));
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
