import 'reflect-metadata';
import { type GraphQLSchema, isObjectType } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
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
 * A field without a field resolver reads its property with graphql-js's default resolver
 * (type-graphql's `simple` fields). Otherwise type-graphql wraps each such field in a resolver
 * that builds a middleware context on every call, though this schema has no type-graphql
 * middleware: the guards are put on the fields that need them afterwards (field-guards.ts).
 * A field named apart from its property (`@Field({ name: 'subsidyRequested' })` on
 * `subsidyRequestedCents`) keeps type-graphql's resolver, which reads the property; so does any
 * field whose decorator says otherwise. Fields with a field resolver are not affected. Set before
 * the schema is built, where type-graphql reads it.
 */
function plainFieldsReadProperties(): void {
  for (const field of getMetadataStorage().fields) field.simple ??= field.schemaName === field.name;
}

/**
 * The executable schema, built once per process from the resolver classes. The guards (deadline,
 * audit operation name, input rules, row rules) are put on the fields that need them once the
 * schema is built (field-guards.ts), not on every field as type-graphql's global middlewares would.
 */
export function getSchema(): Promise<GraphQLSchema> {
  if (!cached) {
    plainFieldsReadProperties();
    cached = buildSchema({ resolvers, validate: false, emitSchemaFile: false }).then((schema) => {
      applyFieldGuards(schema);
      declareInputRules(schema);
      resolveLazyCounts(schema);
      return schema;
    });
  }
  return cached;
}

/**
 * A connection's `totalCount` may be a promise (counted the first time it is read, connection.ts).
 * graphql-js awaits what a field without a resolver reads; graphql-jit does not, so the field gets
 * a resolver that reads the property, and both executors await its promise.
 */
function resolveLazyCounts(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const field = type.getFields().totalCount;
    if (field && !field.resolve) field.resolve = (source: { totalCount: unknown }) => source.totalCount;
  }
}
