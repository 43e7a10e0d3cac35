import { registerEnumType } from 'type-graphql';
import {
  ATTENDANCE_STATUSES,
  AUDIT_ACTIONS,
  AUDIT_ACTOR_KINDS,
  EVENT_TYPES,
  ORGANIZATION_KINDS,
  PROJECT_STATUSES,
  REPORT_STATUSES,
  ROLES,
  SCHOOL_LEVELS,
  SCHOOL_NETWORKS,
} from '@schoolmix/shared';

/** type-graphql wants an enum object; the values themselves live in @schoolmix/shared. */
function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const RoleEnum = enumObject(ROLES);
export const OrganizationKindEnum = enumObject(ORGANIZATION_KINDS);
export const ProjectStatusEnum = enumObject(PROJECT_STATUSES);
export const ReportStatusEnum = enumObject(REPORT_STATUSES);
export const SchoolLevelEnum = enumObject(SCHOOL_LEVELS);
export const SchoolNetworkEnum = enumObject(SCHOOL_NETWORKS);
export const EventTypeEnum = enumObject(EVENT_TYPES);
export const AttendanceStatusEnum = enumObject(ATTENDANCE_STATUSES);
export const AuditActorKindEnum = enumObject(AUDIT_ACTOR_KINDS);
export const AuditActionEnum = enumObject(AUDIT_ACTIONS);
export const OrderDirectionEnum = enumObject(['ASC', 'DESC'] as const);

registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(OrganizationKindEnum, {
  name: 'OrganizationKind',
  valuesConfig: { LOCAL_CONSULTATION_PLATFORM: { description: 'Lokaal overlegplatform (LOP)' } },
});
registerEnumType(ProjectStatusEnum, { name: 'ProjectStatus' });
registerEnumType(ReportStatusEnum, { name: 'ReportStatus' });
registerEnumType(SchoolLevelEnum, { name: 'SchoolLevel' });
registerEnumType(SchoolNetworkEnum, { name: 'SchoolNetwork' });
registerEnumType(EventTypeEnum, { name: 'EventType' });
registerEnumType(AttendanceStatusEnum, { name: 'AttendanceStatus' });
registerEnumType(OrderDirectionEnum, { name: 'OrderDirection' });
registerEnumType(AuditActorKindEnum, { name: 'AuditActorKind', description: 'Who wrote: a user, an API key, or the system (manual SQL, the CLI, boot)' });
registerEnumType(AuditActionEnum, { name: 'AuditAction' });
