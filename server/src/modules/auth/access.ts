import type { Role } from '@schoolmix/shared';
import { ROLES } from '@schoolmix/shared';

/**
 * WHO MAY CALL WHAT: every root query and mutation with the roles allowed to call it (SPEC
 * section 5). A root field missing here is refused for everyone, and the access matrix test
 * fails, so a new operation cannot ship without a decision. Row rules (whose municipality)
 * are in policy.ts.
 */
export type Audience = 'anyone' | readonly Role[];

const ALL: readonly Role[] = ROLES;
const READ_FAMILIES: readonly Role[] = ['ADMIN', 'REVIEWER', 'COORDINATOR', 'INTEGRATOR'];
const REPORTS: readonly Role[] = ['ADMIN', 'REVIEWER', 'ANALYST', 'COORDINATOR'];
const MUNICIPALITY_STAFF: readonly Role[] = ['ADMIN', 'COORDINATOR'];
const FIELD_WORK: readonly Role[] = ['ADMIN', 'COORDINATOR', 'INTEGRATOR'];
const REVIEW: readonly Role[] = ['ADMIN', 'REVIEWER'];
const AUDIT: readonly Role[] = ['ADMIN', 'REVIEWER', 'COORDINATOR'];

export const QUERY_ACCESS: Readonly<Record<string, Audience>> = {
  viewer: 'anyone',
  demoLogins: 'anyone',
  municipalities: ALL,
  municipality: ALL,
  municipalityByNisCode: ALL,
  fundingPeriods: ALL,
  organizations: ALL,
  organization: ALL,
  schools: ALL,
  school: ALL,
  projects: ALL,
  project: ALL,
  events: ALL,
  event: ALL,
  households: READ_FAMILIES,
  household: READ_FAMILIES,
  programReport: REPORTS,
  programSummary: REPORTS,
  socialMixReport: REPORTS,
  // Coordinators: their municipality's projects; analysts: money that follows from a withheld reach is withheld (settlement.ts).
  settlement: REPORTS,
  users: ['ADMIN'],
  apiKeys: MUNICIPALITY_STAFF,
  // Coordinators see their own municipality's rows (audit.service.ts).
  auditEvents: AUDIT,
  // Previews of a change: whoever may make the change (project/consequences.resolver.ts).
  previewCancelEvent: FIELD_WORK,
  previewRecordAttendance: FIELD_WORK,
  previewUpdateOrganization: MUNICIPALITY_STAFF,
  finalReports: REVIEW,
  // Any object by global id: each type then needs the audience of the query that serves it
  // (modules/node/node.resolver.ts NODE_TYPES), and the row rules apply as usual.
  node: ALL,
  nodes: ALL,
  // Coordinators see their own municipality's overdue reports (project scope).
  overdueFinalReports: ALL,
  // The signed-in user's own reminders (an API key has none: an empty list).
  notifications: ALL,
  // Counts only, but the retention plan is an operations matter (jobs/retention.ts).
  retentionReport: ['ADMIN'],
};

export const MUTATION_ACCESS: Readonly<Record<string, Audience>> = {
  login: 'anyone',
  logout: ALL,
  unlockLogin: ['ADMIN'],
  createProject: MUNICIPALITY_STAFF,
  updateProject: MUNICIPALITY_STAFF,
  submitProject: MUNICIPALITY_STAFF,
  reviewProject: REVIEW,
  closeFundingPeriodReport: REVIEW,
  createFundingPeriod: ['ADMIN'],
  updateFundingPeriod: ['ADMIN'],
  reopenFundingPeriod: ['ADMIN'],
  createOrganization: MUNICIPALITY_STAFF,
  updateOrganization: MUNICIPALITY_STAFF,
  createEvent: FIELD_WORK,
  updateEvent: FIELD_WORK,
  cancelEvent: FIELD_WORK,
  registerHousehold: FIELD_WORK,
  updateHousehold: FIELD_WORK,
  withdrawConsent: FIELD_WORK,
  eraseHousehold: FIELD_WORK,
  recordAttendance: FIELD_WORK,
  importAttendances: FIELD_WORK,
  createApiKey: MUNICIPALITY_STAFF,
  revokeApiKey: MUNICIPALITY_STAFF,
  createUser: ['ADMIN'],
  updateUser: ['ADMIN'],
  saveFinalReport: MUNICIPALITY_STAFF,
  submitFinalReport: MUNICIPALITY_STAFF,
  reviewFinalReport: REVIEW,
  waiveFinalReport: REVIEW,
  grantDeadlineExtension: REVIEW,
  withdrawDeadlineExtension: REVIEW,
  markNotificationsRead: ALL,
};

/** GET /export/<report>.csv|.ndjson: the same decisions for the file exports (row scopes apply too). */
export const EXPORT_ACCESS: Readonly<Record<string, readonly Role[]>> = {
  'program-report': REPORTS,
  'project-kpis': ALL,
  events: ALL,
  'school-compositions': ALL,
  'social-mix': REPORTS,
  audit: AUDIT,
  settlement: REPORTS,
};

/** Roles that see every row (family rows aside, see policy.ts); the others see their municipality's. */
export const UNSCOPED_ROLES: readonly Role[] = ['ADMIN', 'REVIEWER', 'ANALYST'];
