import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import { brusselsDate, formatCents, LIMITS, PROJECT_TRANSITIONS, type ProjectStatus } from '@schoolmix/shared';
import { assertId } from '../../graphql/errors.js';
import { findAllById, findById } from '../../graphql/lookup.js';
import { likePattern } from '../../graphql/order.js';
import { checkNoIdentifier } from '../privacy/privacy.service.js';
import { Problems } from '../../graphql/user-errors.js';
import { check } from '../../graphql/validate.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { School } from '../school/school.entity.js';
import { assertOwns, assertOwnsProject } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { closedToNewProjects, frozenReason, refuseIfFrozen } from './frozen.js';
import { FinalReport } from '../final-report/final-report.entity.js';
import { Project } from './project.entity.js';
import { ProjectTransition } from './project-transition.entity.js';
import { recordTransition } from './transitions.js';
import type { CreateProjectInput, ProjectFilter, ReviewProjectInput, SubmitProjectInput, UpdateProjectInput } from './project.inputs.js';
import { municipalityWithMerged } from '../municipality/roll-up.js';

export function projectWhere(filter: ProjectFilter | null | undefined): FilterQuery<Project> {
  const and: FilterQuery<Project>[] = [];
  if (filter?.search?.trim()) and.push({ title: { $ilike: likePattern(filter.search) } });
  if (filter?.fundingPeriodId) and.push({ fundingPeriod: assertId(filter.fundingPeriodId, 'filter.fundingPeriodId') });
  if (filter?.statuses) and.push({ status: { $in: filter.statuses } });
  if (filter?.municipalityId) {
    const id = assertId(filter.municipalityId, 'filter.municipalityId');
    // A 2025 municipality's projects include those of the pre-2025 municipalities merged into it (roll-up.ts).
    and.push({ $or: [{ leadMunicipality: municipalityWithMerged(id) }, { partnerMunicipalities: municipalityWithMerged(id) }] });
  }
  return and.length > 0 ? { $and: and } : {};
}

interface Figures {
  baselineHouseholds: number;
  targetHouseholds: number;
  priority: number;
  subsidyRequestedCents: number;
  coFinancingCents: number;
}

/** The money and household rules of a project against its period (SPEC: € 170 × at most 300). */
function checkFigures(p: Problems, f: Figures, period: FundingPeriod): void {
  check.int(p, 'baselineHouseholds', f.baselineHouseholds, 0, 1_000_000);
  if (!Number.isInteger(f.targetHouseholds) || f.targetHouseholds < 1) {
    p.add('targetHouseholds', 'Must be at least 1', 'OUT_OF_RANGE');
  } else if (f.targetHouseholds > period.maxHouseholds) {
    p.add('targetHouseholds', `At most ${period.maxHouseholds} households in ${period.label}`, 'EXCEEDS_MAX_HOUSEHOLDS');
  }
  check.int(p, 'priority', f.priority, 1, 24);
  const perTarget = f.targetHouseholds * period.ratePerHouseholdCents;
  if (check.cents(p, 'subsidyRequested', f.subsidyRequestedCents, period.maxSubsidyCents, `the period’s maximum of ${formatCents(period.maxSubsidyCents)}`)) {
    if (f.subsidyRequestedCents > perTarget && f.targetHouseholds >= 1) {
      p.add('subsidyRequested', `At most target × ${formatCents(period.ratePerHouseholdCents)} = ${formatCents(perTarget)}`, 'EXCEEDS_MAX_SUBSIDY');
    }
  }
  if (f.coFinancingCents < 0) p.add('coFinancing', 'Must not be negative', 'OUT_OF_RANGE');
  else if (f.coFinancingCents < f.subsidyRequestedCents) {
    p.add('coFinancing', 'The local government matches the subsidy 1:1: co-financing must be at least the requested subsidy', 'OUT_OF_RANGE');
  }
}

/** A local government takes part in at most one partnership per period. */
async function checkPartners(em: EntityManager, p: Problems, period: FundingPeriod, lead: Municipality | null, partners: Municipality[], projectId: string | null): Promise<void> {
  if (lead && partners.some((m) => m.id === lead.id)) p.add('partnerMunicipalityIds', 'The lead municipality cannot also be a partner', 'INVALID');
  const ids = partners.map((m) => m.id);
  if (ids.length === 0) return;
  const taken = await em.find(Project, {
    fundingPeriod: period,
    ...(projectId ? { id: { $ne: projectId } } : {}),
    $or: [{ leadMunicipality: { $in: ids } }, { partnerMunicipalities: { $in: ids } }],
  });
  if (taken.length > 0) p.add('partnerMunicipalityIds', 'A partner already takes part in another project of this period', 'CONFLICT');
}

function checkOrganizations(p: Problems, organizations: Organization[], municipalityIds: string[]): void {
  const outside = organizations.filter((o) => !municipalityIds.includes(o.municipality.id));
  if (outside.length > 0) p.add('partnerOrganizationIds', `Not in the lead or a partner municipality: ${outside.map((o) => o.name).join(', ')}`, 'INVALID');
}

/**
 * Schools of the lead or a partner municipality. A pre-2025 municipality and the 2025 municipality
 * it merged into count as one place (as the programme table rolls them up).
 */
async function checkSchools(em: EntityManager, p: Problems, schools: School[], municipalities: Municipality[]): Promise<void> {
  if (schools.length === 0) return;
  const place = (m: Municipality) => m.mergedInto?.id ?? m.id;
  const allowed = new Set(municipalities.map(place));
  const homes = await em.find(Municipality, { id: { $in: [...new Set(schools.map((s) => s.municipality.id))] } });
  const placeOf = new Map(homes.map((m) => [m.id, place(m)]));
  const outside = schools.filter((s) => !allowed.has(placeOf.get(s.municipality.id) ?? s.municipality.id));
  if (outside.length > 0) p.add('schoolIds', `Not in the lead or a partner municipality: ${outside.map((s) => s.name).join(', ')}`, 'INVALID');
}

function checkValidIn(p: Problems, field: string, m: Municipality, period: FundingPeriod): void {
  if (m.validTo && m.validTo < period.startsOn) p.add(field, `${m.name} (${m.nisCode}) no longer existed when ${period.label} started`, 'INVALID');
  if (m.validFrom > period.endsOn) p.add(field, `${m.name} (${m.nisCode}) did not exist yet during ${period.label}`, 'INVALID');
}

/**
 * Applications (create and submit) only inside the period's application window, by the Brussels
 * calendar day of `now`. The database checks the same day from the row's created_at/submitted_at.
 */
function checkApplicationWindow(p: Problems, period: FundingPeriod, now: Date): void {
  const today = brusselsDate(now);
  if (today < period.applicationsOpenOn || today > period.applicationsCloseOn) {
    p.add(
      'fundingPeriodId',
      `Applications for ${period.label} are accepted from ${period.applicationsOpenOn} to ${period.applicationsCloseOn}`,
      'OUTSIDE_APPLICATION_WINDOW',
    );
  }
}

/** Creates a DRAFT project after checking every rule; answers each broken rule with its field. */
export async function createProject(em: EntityManager, input: CreateProjectInput, viewer: Viewer, now: Date): Promise<Project> {
  const p = new Problems();
  check.text(p, 'title', input.title, LIMITS.titleMaxLength);
  const period = await findById(em, p, FundingPeriod, 'fundingPeriodId', input.fundingPeriodId, 'Funding period');
  const lead = await findById(em, p, Municipality, 'leadMunicipalityId', input.leadMunicipalityId, 'Municipality');
  const partners = await findAllById(em, p, Municipality, 'partnerMunicipalityIds', input.partnerMunicipalityIds);
  const organizations = await findAllById(em, p, Organization, 'partnerOrganizationIds', input.partnerOrganizationIds);
  const schools = await findAllById(em, p, School, 'schoolIds', input.schoolIds);
  if (lead) assertOwns(viewer, lead.id, 'projects');
  if (!period) return p.throwIfAny() as never;
  const closed = closedToNewProjects(period);
  if (closed) p.add('fundingPeriodId', closed, 'PERIOD_CLOSED');
  else checkApplicationWindow(p, period, now);
  if (lead) {
    checkValidIn(p, 'leadMunicipalityId', lead, period);
    if (await em.count(Project, { leadMunicipality: lead, fundingPeriod: period })) {
      p.add('leadMunicipalityId', `${lead.name} already has a project in ${period.label}`, 'DUPLICATE');
    }
  }
  partners.forEach((m) => checkValidIn(p, 'partnerMunicipalityIds', m, period));
  await checkPartners(em, p, period, lead, partners, null);
  checkOrganizations(p, organizations, [lead?.id ?? '', ...partners.map((m) => m.id)]);
  if (lead) await checkSchools(em, p, schools, [lead, ...partners]);
  const subsidyRequestedCents = input.subsidyRequested ?? Math.max(0, input.targetHouseholds) * period.ratePerHouseholdCents;
  const figures: Figures = {
    baselineHouseholds: input.baselineHouseholds,
    targetHouseholds: input.targetHouseholds,
    priority: input.priority,
    subsidyRequestedCents,
    coFinancingCents: input.coFinancing ?? subsidyRequestedCents,
  };
  checkFigures(p, figures, period);
  p.throwIfAny();

  const project = em.create(Project, { title: input.title.trim(), leadMunicipality: lead!, fundingPeriod: period, ...figures, createdAt: now, updatedAt: now });
  project.partnerMunicipalities.set(partners);
  project.partnerOrganizations.set(organizations);
  project.schools.set(schools);
  await em.flush();
  return project;
}

/**
 * Loads a project for a change and checks the version the change is based on; `byOwner` (the
 * default) also requires the viewer to own it — a review is the administration's, not the owner's.
 */
async function loadForChange(em: EntityManager, p: Problems, id: string, version: number, viewer: Viewer, { byOwner = true } = {}): Promise<Project> {
  const project = await findById(em, p, Project, 'id', id, 'Project');
  p.throwIfAny();
  if (byOwner) assertOwnsProject(viewer, project!);
  if (project!.version !== version) {
    p.add('version', `The project changed since you loaded it (version ${version}, now ${project!.version}); reload and try again`, 'STALE_VERSION').throwIfAny();
  }
  return project!;
}

const FIGURE_FIELDS = ['baselineHouseholds', 'targetHouseholds', 'priority', 'subsidyRequested', 'coFinancing'] as const;

/**
 * Changes a project. Figures (households and money) only change while it is a draft; partners
 * and schools may follow the work until the project is closed or rejected.
 */
export async function updateProject(em: EntityManager, input: UpdateProjectInput, viewer: Viewer): Promise<Project> {
  const p = new Problems();
  const project = await loadForChange(em, p, input.id, input.version, viewer);
  const period = await em.findOneOrFail(FundingPeriod, project.fundingPeriod.id);
  const frozen = frozenReason(project, period);
  if (frozen) p.add('id', frozen, 'PERIOD_CLOSED').throwIfAny();
  if (project.status === 'REJECTED') p.add('id', 'A rejected project cannot change', 'INVALID_TRANSITION').throwIfAny();
  for (const field of FIGURE_FIELDS) {
    if (input[field] != null && project.status !== 'DRAFT') p.add(field, 'Can only change while the project is a draft', 'INVALID_TRANSITION');
  }
  if (input.title != null) check.text(p, 'title', input.title, LIMITS.titleMaxLength);
  await project.partnerMunicipalities.init();
  const partners = input.partnerMunicipalityIds ? await findAllById(em, p, Municipality, 'partnerMunicipalityIds', input.partnerMunicipalityIds) : project.partnerMunicipalities.getItems();
  if (input.partnerMunicipalityIds) {
    partners.forEach((m) => checkValidIn(p, 'partnerMunicipalityIds', m, period));
    await checkPartners(em, p, period, await em.findOneOrFail(Municipality, project.leadMunicipality.id), partners, project.id);
  }
  const organizations = input.partnerOrganizationIds ? await findAllById(em, p, Organization, 'partnerOrganizationIds', input.partnerOrganizationIds) : null;
  if (organizations) checkOrganizations(p, organizations, [project.leadMunicipality.id, ...partners.map((m) => m.id)]);
  const schools = input.schoolIds ? await findAllById(em, p, School, 'schoolIds', input.schoolIds) : null;
  if (schools) await checkSchools(em, p, schools, [await em.findOneOrFail(Municipality, project.leadMunicipality.id), ...partners]);
  const figures: Figures = {
    baselineHouseholds: input.baselineHouseholds ?? project.baselineHouseholds,
    targetHouseholds: input.targetHouseholds ?? project.targetHouseholds,
    priority: input.priority ?? project.priority,
    subsidyRequestedCents: input.subsidyRequested ?? project.subsidyRequestedCents,
    coFinancingCents: input.coFinancing ?? project.coFinancingCents,
  };
  // The requested amount defaults to target × rate: while it still is that default, it follows a new target.
  if (input.subsidyRequested == null && input.targetHouseholds != null && project.subsidyRequestedCents === project.targetHouseholds * period.ratePerHouseholdCents) {
    figures.subsidyRequestedCents = Math.max(0, input.targetHouseholds) * period.ratePerHouseholdCents;
    if (input.coFinancing == null && project.coFinancingCents < figures.subsidyRequestedCents) figures.coFinancingCents = figures.subsidyRequestedCents;
  }
  if (project.status === 'DRAFT') checkFigures(p, figures, period);
  p.throwIfAny();

  if (input.title != null) project.title = input.title.trim();
  if (project.status === 'DRAFT') Object.assign(project, figures);
  if (input.partnerMunicipalityIds) project.partnerMunicipalities.set(partners);
  if (organizations) project.partnerOrganizations.set(organizations);
  if (schools) project.schools.set(schools);
  project.updatedAt = new Date();
  await em.flush();
  return project;
}

function move(p: Problems, project: Project, to: ProjectStatus): void {
  if (!PROJECT_TRANSITIONS[project.status as ProjectStatus].includes(to)) {
    p.add('id', `A ${project.status} project cannot become ${to}`, 'INVALID_TRANSITION').throwIfAny();
  }
  project.status = to;
}

/** DRAFT → SUBMITTED: the municipality hands the file in for review, inside the application window. */
export async function submitProject(em: EntityManager, input: SubmitProjectInput, viewer: Viewer, now: Date): Promise<Project> {
  const p = new Problems();
  const project = await loadForChange(em, p, input.id, input.version, viewer);
  if (await refuseIfFrozen(em, p, 'id', project.id)) p.throwIfAny();
  if (input.note != null && check.text(p, 'note', input.note, LIMITS.noteMaxLength, false)) checkNoIdentifier(p, 'note', input.note);
  const period = await em.findOneOrFail(FundingPeriod, project.fundingPeriod.id);
  if (project.status === 'DRAFT') checkApplicationWindow(p, period, now);
  p.throwIfAny();
  move(p, project, 'SUBMITTED');
  project.submittedAt = now;
  recordTransition(em, project, 'DRAFT', input.note, viewer, now);
  await em.flush();
  return project;
}

/**
 * SUBMITTED → APPROVED (with the granted subsidy), REJECTED, or DRAFT (SEND_BACK: sent back for
 * changes, with a required note that stays on the project as its review note), by a reviewer.
 */
export async function reviewProject(em: EntityManager, input: ReviewProjectInput, viewer: Viewer, now: Date): Promise<Project> {
  const p = new Problems();
  // Reviewers decide on every municipality's projects (access.ts lets only ADMIN and REVIEWER call this).
  const project = await loadForChange(em, p, input.id, input.version, viewer, { byOwner: false });
  const period = await em.findOneOrFail(FundingPeriod, project.fundingPeriod.id);
  const frozen = frozenReason(project, period);
  if (frozen) p.add('id', frozen, 'PERIOD_CLOSED').throwIfAny();
  if (input.note != null && check.text(p, 'note', input.note, 2000, false)) checkNoIdentifier(p, 'note', input.note);
  if (project.status !== 'SUBMITTED') p.add('id', `A ${project.status} project cannot be reviewed`, 'INVALID_TRANSITION').throwIfAny();
  const from = project.status;
  if (input.decision === 'SEND_BACK') {
    if (!input.note?.trim()) p.add('note', 'Say what must change before the application can be approved', 'REQUIRED');
    if (input.subsidyGranted != null) p.add('subsidyGranted', 'An application sent back is granted nothing yet', 'INVALID');
    p.throwIfAny();
    move(p, project, 'DRAFT');
  } else if (input.decision === 'APPROVE') {
    const granted = input.subsidyGranted ?? project.subsidyRequestedCents;
    check.cents(p, 'subsidyGranted', granted, Math.min(period.maxSubsidyCents, project.subsidyRequestedCents), `the requested ${formatCents(project.subsidyRequestedCents)}`);
    p.throwIfAny();
    move(p, project, 'APPROVED');
    project.subsidyGrantedCents = granted;
    // Every funded project owes a final report: an empty draft from the start puts it on the reviewers' list.
    if (!(await em.count(FinalReport, { project: project.id }))) em.create(FinalReport, { project });
  } else {
    if (input.subsidyGranted != null) p.add('subsidyGranted', 'A rejected project is granted nothing', 'INVALID');
    p.throwIfAny();
    move(p, project, 'REJECTED');
  }
  project.reviewNote = input.note?.trim() || null;
  project.reviewedAt = now;
  recordTransition(em, project, from, input.note, viewer, now);
  await em.flush();
  return project;
}

/** The status changes of these projects, oldest first, in one statement (Project.transitions). */
export function transitionsOfProjects(em: EntityManager, projectIds: readonly string[]): Promise<ProjectTransition[]> {
  return em.find(ProjectTransition, { project: { $in: [...projectIds] } }, { orderBy: { at: 'ASC', seq: 'ASC' } });
}
