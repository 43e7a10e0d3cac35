import type { FilterQuery } from '@mikro-orm/sql';
import { forbidden, isId } from '../../graphql/errors.js';
import type { Loaders } from '../../graphql/loaders.js';
import { Attendance } from '../attendance/attendance.entity.js';
import { Event } from '../event/event.entity.js';
import { FinalReport } from '../final-report/final-report.entity.js';
import { Enrollment, Household } from '../household/household.entity.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { Project } from '../project/project.entity.js';
import { UNSCOPED_ROLES } from './access.js';
import { ApiKey, User } from './auth.entity.js';
import { type DisclosureAudience, disclosureRuleOf } from '../disclosure/disclosure.js';
import type { Viewer } from './viewer.js';

/**
 * ROW RULES (SPEC section 5), the one place that decides whose rows a viewer may see and change.
 * Operation-level rules (which role may call which operation) are in access.ts.
 *
 * - ADMIN sees and changes everything.
 * - REVIEWER sees everything, families only as pseudonymous records (no consented characteristics).
 * - ANALYST sees everything but family rows (households, attendances, enrollments): aggregates only.
 * - COORDINATOR and INTEGRATOR see and change the projects, events and families of their own
 *   municipality (and of the municipalities merged into it); other municipalities only through
 *   aggregates (programme report, social-mix indices).
 */

/** Household fields recorded with consent; shown only to those who work with the family. */
export const CONSENTED_HOUSEHOLD_FIELDS = new Set([
  'lowEducatedMother',
  'schoolAllowance',
  'homeLanguageNotDutch',
  'childWithSpecialNeeds',
  'preferredLanguage',
  'consentAt',
]);

/**
 * THE disclosure decision: whether a viewer sees a field's counts of families only through
 * disclosure control (small counts withheld), for the field's audience (disclosure/disclosure.ts):
 * analysts always; coordinators and integrators for school compositions, and for the figures of
 * a municipality they do not own. Administrators and reviewers see the counts. Applied by the
 * `disclosureGuard` middleware (graphql/access-guard.ts) to every field declared with
 * `disclosedField`; no resolver decides it.
 */
export function seesDisclosed(viewer: Viewer, audience: DisclosureAudience, municipalityId?: string): boolean {
  if (viewer.role === 'ANALYST') return true;
  if (audience === 'ANALYSTS' || !isScoped(viewer)) return false;
  if (audience === 'ANALYSTS_AND_SCOPED') return true;
  return municipalityId === undefined || !viewer.ownedMunicipalityIds.includes(municipalityId);
}

/**
 * Whether `viewer` may get any of the field's figures (`Type.field`) only through its disclosure
 * rule: where `disclosureGuard` acts. Elsewhere (no rule, a viewer outside its audience) the
 * resolver's answer goes out as it is.
 */
export function seesFieldDisclosed(viewer: Viewer, coordinate: string): boolean {
  const rule = disclosureRuleOf(coordinate);
  return rule !== undefined && seesDisclosed(viewer, rule.audience);
}

export function isScoped(viewer: Viewer): boolean {
  return viewer.role !== null && !UNSCOPED_ROLES.includes(viewer.role);
}

export function owns(viewer: Viewer, municipalityId: string): boolean {
  return viewer.role === 'ADMIN' || viewer.ownedMunicipalityIds.includes(municipalityId);
}

/** Refuses a change to a municipality's data by someone who does not own it. */
export function assertOwns(viewer: Viewer, municipalityId: string, what = 'this municipality’s data'): void {
  if (!owns(viewer, municipalityId)) throw forbidden(`Only ${what} of your own municipality can be changed by you`);
}

/** Refuses a change to a project (or its events and families) of another municipality. */
export function assertOwnsProject(viewer: Viewer, project: Project): void {
  assertOwns(viewer, project.leadMunicipality.id, 'projects');
}

/** The rows of the projects list a viewer may see (all, or those of its municipality). */
export function projectScope(viewer: Viewer): FilterQuery<Project> {
  return isScoped(viewer) ? { leadMunicipality: { $in: [...viewer.ownedMunicipalityIds] } } : {};
}

export function eventScope(viewer: Viewer): FilterQuery<Event> {
  return isScoped(viewer) ? { project: { leadMunicipality: { $in: [...viewer.ownedMunicipalityIds] } } } : {};
}

export function householdScope(viewer: Viewer): FilterQuery<Household> {
  assertSeesFamilies(viewer);
  return isScoped(viewer) ? { project: { leadMunicipality: { $in: [...viewer.ownedMunicipalityIds] } } } : {};
}

/** A list filtered on another municipality is refused outright, not answered with nothing. */
export function assertFilterInScope(viewer: Viewer, municipalityId: string | null | undefined): void {
  if (municipalityId && isScoped(viewer) && !viewer.ownedMunicipalityIds.includes(municipalityId)) {
    throw forbidden('You see the projects, events and families of your own municipality only');
  }
}

/** Events or families filtered on a project of another municipality: refused, not answered empty. */
export async function assertProjectFilterInScope(ctx: { viewer: Viewer; loaders: Loaders }, projectId: string | null | undefined): Promise<void> {
  if (!projectId || !isScoped(ctx.viewer) || !isId(projectId)) return;
  const project = await ctx.loaders.byId(Project).load(projectId);
  if (project && !ctx.viewer.ownedMunicipalityIds.includes(project.leadMunicipality.id)) {
    throw forbidden('You see the events and families of your own municipality’s projects only');
  }
}

export function assertSeesFamilies(viewer: Viewer): void {
  if (viewer.role === 'ANALYST') throw forbidden('Analysts see families only as aggregates');
}

/**
 * Whether a project's final report is shown to this viewer at all: not to analysts (it holds one
 * project's household counts) nor to integrators. To them `Project.finalReport` is null.
 */
export function seesFinalReports(viewer: Viewer): boolean {
  return viewer.role !== 'ANALYST' && viewer.role !== 'INTEGRATOR';
}

/** Family rows and the lists of them: even a list's count is refused to an analyst, before anything loads. */
const FAMILY_TYPES = new Set(['Household', 'HouseholdConnection', 'HouseholdEdge', 'Attendance', 'AttendanceConnection', 'AttendanceEdge', 'Enrollment']);

export function assertSeesFamilyType(viewer: Viewer, typeName: string): void {
  if (FAMILY_TYPES.has(typeName)) assertSeesFamilies(viewer);
}

/** A consented characteristic of a family, asked for by a viewer who may not see it. */
export function assertSeesConsentedField(viewer: Viewer, field: string): void {
  if (viewer.role === 'REVIEWER' && CONSENTED_HOUSEHOLD_FIELDS.has(field)) {
    throw forbidden('Reviewers see families as pseudonymous records, without their characteristics');
  }
}

/** The row rules read nothing of the rows they load but their keys (read-model.ts always reads those). */
const KEYS_ONLY: readonly string[] = [];

async function projectOf(loaders: Loaders, row: Event | Household): Promise<Project | null> {
  return loaders.byId(Project, KEYS_ONLY).load(row.project.id);
}

/** The entities whose rows are families' (canSee refuses them to analysts). */
const FAMILY_ENTITIES: ReadonlySet<string> = new Set([Household.name, Attendance.name, Enrollment.name]);
/** The entities whose rows canSee alone decides for non-administrators (others have rules of their own, e.g. seesFinalReports). */
const ROW_RULED_ENTITIES: ReadonlySet<string> = new Set([Municipality.name, Project.name, Event.name, ...FAMILY_ENTITIES]);

/**
 * Whether every row of an entity is the viewer's to see, whatever the row: canSee (below) says yes
 * to each, and no other rule decides that entity's rows. False when canSee says no to some or to
 * all (a scoped viewer's projects, events and families; families to an analyst), for an entity this
 * does not name (users, API keys, final reports, …), and for anonymous callers (the operation rules
 * refuse them first). `entity` is the entity's class name. pushdown.ts's one statement reads rows
 * without asking canSee, so it takes a viewer's read only when this holds for each of its entities
 * (access-guard.ts `rowsForStatement`); policy.test.ts checks it against canSee.
 */
export function seesEveryRowOf(viewer: Viewer, entity: string): boolean {
  if (viewer.role === 'ADMIN') return true;
  if (viewer.role === null || !ROW_RULED_ENTITIES.has(entity)) return false;
  if (FAMILY_ENTITIES.has(entity) && viewer.role === 'ANALYST') return false;
  if (entity === Municipality.name) return true;
  return !isScoped(viewer);
}

/**
 * The condition a scoped viewer's rows of an entity meet, where canSee's verdict on a row of it is
 * exactly that condition: projects (`projectScope`: led by an owned municipality) and events
 * (`eventScope`: of such a project). Undefined for every other entity and viewer. pushdown.ts's one
 * statement reads such rows `where` this condition holds (access-guard.ts `rowsForStatement`);
 * policy.test.ts checks that the rows it selects are exactly those canSee says yes to.
 */
export function rowScopeOf(viewer: Viewer, entity: string): FilterQuery<object> | undefined {
  if (!isScoped(viewer)) return undefined;
  if (entity === Project.name) return projectScope(viewer);
  if (entity === Event.name) return eventScope(viewer);
  return undefined;
}

/**
 * May the viewer see this row? Checked on every object a resolver returns, at any depth, so a
 * nested path (municipality → projects → households) is refused exactly like a direct query.
 */
export async function canSee(viewer: Viewer, loaders: Loaders, row: object): Promise<boolean> {
  if (viewer.role === 'ADMIN') return true;
  const family = row instanceof Household || row instanceof Attendance || row instanceof Enrollment;
  if (family && viewer.role === 'ANALYST') return false;
  if (row instanceof User) return false;
  if (row instanceof ApiKey) return owns(viewer, row.municipality.id) && viewer.role === 'COORDINATOR';
  // Reference data: every municipality is public, also in a coordinator's programme report.
  if (row instanceof Municipality) return true;
  if (!isScoped(viewer)) return true;
  const ownsProject = (p: Project | null) => !!p && viewer.ownedMunicipalityIds.includes(p.leadMunicipality.id);
  if (row instanceof Project) return ownsProject(row);
  if (row instanceof FinalReport) return ownsProject(await loaders.byId(Project, KEYS_ONLY).load(row.project.id));
  if (row instanceof Event || row instanceof Household) return ownsProject(await projectOf(loaders, row));
  if (row instanceof Attendance || row instanceof Enrollment) {
    const household = await loaders.byId(Household, KEYS_ONLY).load(row.household.id);
    return !!household && ownsProject(await projectOf(loaders, household));
  }
  return true;
}
