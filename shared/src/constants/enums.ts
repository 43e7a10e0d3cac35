/** Enumerations of the domain (SPEC section 3). Values are the fixed GraphQL enum values. */

export const ROLES = ['ADMIN', 'REVIEWER', 'ANALYST', 'COORDINATOR', 'INTEGRATOR'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANIZATION_KINDS = [
  'LOCAL_CONSULTATION_PLATFORM',
  'SCHOOL_BOARD',
  'NON_PROFIT',
  'MUNICIPAL_SERVICE',
  'OTHER',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const PROJECT_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'CLOSED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** The only moves a project's status may make. */
export const PROJECT_TRANSITIONS: Readonly<Record<ProjectStatus, readonly ProjectStatus[]>> = {
  DRAFT: ['SUBMITTED'],
  /** DRAFT: sent back for changes, with a note. */
  SUBMITTED: ['APPROVED', 'REJECTED', 'DRAFT'],
  APPROVED: ['CLOSED'],
  REJECTED: [],
  /** APPROVED: its period was reopened (an administrator's act with a reason). */
  CLOSED: ['APPROVED'],
};

/** Statuses whose projects count in the published programme table. */
export const FUNDED_PROJECT_STATUSES: readonly ProjectStatus[] = ['APPROVED', 'CLOSED'];

/**
 * A project's final report (Eindrapport, issue 14): written while DRAFT or CHANGES_REQUESTED,
 * SUBMITTED freezes its snapshot, the reviewer ACCEPTS it (the project becomes CLOSED) or asks
 * for changes; WAIVED is the reviewer's explicit exemption, with a reason.
 */
export const FINAL_REPORT_STATUSES = ['DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED', 'ACCEPTED', 'WAIVED'] as const;
export type FinalReportStatus = (typeof FINAL_REPORT_STATUSES)[number];

/** The final-report statuses that let a period's report become FINAL. */
export const FINAL_REPORT_SETTLED: readonly FinalReportStatus[] = ['ACCEPTED', 'WAIVED'];

export const REPORT_STATUSES = ['OPEN', 'FINAL'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const SCHOOL_LEVELS = ['NURSERY', 'PRIMARY', 'SECONDARY'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export const SCHOOL_NETWORKS = ['GO', 'OFFICIAL_SUBSIDISED', 'FREE_SUBSIDISED', 'OTHER'] as const;
export type SchoolNetwork = (typeof SCHOOL_NETWORKS)[number];

export const EVENT_TYPES = ['PARENT_EVENING', 'SCHOOL_VISIT'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const ATTENDANCE_STATUSES = ['REGISTERED', 'ATTENDED', 'NO_SHOW'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** Audit trail (SPEC §6): who wrote (a user, an API key, or the system: manual SQL, CLI, boot) and how. */
export const AUDIT_ACTOR_KINDS = ['USER', 'API_KEY', 'SYSTEM'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

export const AUDIT_ACTIONS = ['INSERT', 'UPDATE', 'DELETE'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
