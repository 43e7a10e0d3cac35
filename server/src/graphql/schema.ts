import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { applyFieldGuards } from './field-guards.js';
import { declareInputRules } from './input-rules.js';
import { AuditEventResolver } from '../modules/audit/audit.resolver.js';
import { AttendanceResolver, EventAttendancesResolver, HouseholdAttendancesResolver } from '../modules/attendance/attendance.resolver.js';
import { ApiKeyResolver, AuthResolver, UserResolver } from '../modules/auth/auth.resolver.js';
import { EventResolver, ProjectEventsResolver } from '../modules/event/event.resolver.js';
import { FinalReportResolver, ProjectFinalReportResolver } from '../modules/final-report/final-report.resolver.js';
import { FundingPeriodResolver } from '../modules/funding-period/funding-period.resolver.js';
import { DeadlineExtensionResolver, ProjectDeadlineResolver } from '../modules/deadline/deadline.resolver.js';
import { NotificationResolver, ViewerNotificationsResolver } from '../modules/notification/notification.resolver.js';
import { EnrollmentResolver, HouseholdResolver, ProjectHouseholdsResolver } from '../modules/household/household.resolver.js';
import { RetentionResolver } from '../modules/household/retention.resolver.js';
import { NodeResolver } from '../modules/node/node.resolver.js';
import { MunicipalityResolver } from '../modules/municipality/municipality.resolver.js';
import { MunicipalityOrganizationsResolver, OrganizationResolver } from '../modules/organization/organization.resolver.js';
import { MunicipalityProjectsResolver, ProjectResolver } from '../modules/project/project.resolver.js';
import { ConsequencesResolver } from '../modules/project/consequences.resolver.js';
import { MunicipalityProgressResolver } from '../modules/kpi/municipality-progress.js';
import { FundingPeriodReportResolver, ProgramSummaryResolver, ProgramReportResolver } from '../modules/report/report.resolver.js';
import { ProgramReportSettlementResolver, ProjectSettlementFieldResolver, ProjectSettlementResolver, SettlementResolver } from '../modules/report/settlement.resolver.js';
import { MunicipalitySocialMixResolver, ProjectNeighbourhoodChoiceResolver, SocialMixReportResolver } from '../modules/report/social-mix.resolver.js';
import { MunicipalitySchoolsResolver, SchoolResolver } from '../modules/school/school.resolver.js';

export const resolvers = [
  AuthResolver,
  UserResolver,
  ApiKeyResolver,
  MunicipalityResolver,
  MunicipalityProjectsResolver,
  MunicipalitySchoolsResolver,
  FundingPeriodResolver,
  OrganizationResolver,
  MunicipalityOrganizationsResolver,
  ProjectResolver,
  ConsequencesResolver,
  ProjectDeadlineResolver,
  DeadlineExtensionResolver,
  NotificationResolver,
  ViewerNotificationsResolver,
  ProjectEventsResolver,
  ProjectHouseholdsResolver,
  SchoolResolver,
  EventResolver,
  EventAttendancesResolver,
  HouseholdResolver,
  RetentionResolver,
  HouseholdAttendancesResolver,
  EnrollmentResolver,
  AttendanceResolver,
  ProgramReportResolver,
  FundingPeriodReportResolver,
  ProgramSummaryResolver,
  MunicipalityProgressResolver,
  SocialMixReportResolver,
  MunicipalitySocialMixResolver,
  ProjectNeighbourhoodChoiceResolver,
  AuditEventResolver,
  SettlementResolver,
  ProjectSettlementResolver,
  ProjectSettlementFieldResolver,
  ProgramReportSettlementResolver,
  FinalReportResolver,
  ProjectFinalReportResolver,
  NodeResolver,
] as const;

let cached: Promise<GraphQLSchema> | null = null;

/**
 * The executable schema, built once per process from the resolver classes. The guards (deadline,
 * audit operation name, input rules, row rules) are put on the fields that need them once the
 * schema is built (field-guards.ts), not on every field as type-graphql's global middlewares would.
 */
export function getSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({ resolvers, validate: false, emitSchemaFile: false }).then((schema) => {
    applyFieldGuards(schema);
    declareInputRules(schema);
    return schema;
  });
  return cached;
}
