import { AuditEvent } from '../modules/audit/audit.entity.js';
import { Attendance } from '../modules/attendance/attendance.entity.js';
import { ApiKey, User } from '../modules/auth/auth.entity.js';
import { Event } from '../modules/event/event.entity.js';
import { FinalReport } from '../modules/final-report/final-report.entity.js';
import { FundingPeriod } from '../modules/funding-period/funding-period.entity.js';
import { Enrollment, Household } from '../modules/household/household.entity.js';
import { Municipality } from '../modules/municipality/municipality.entity.js';
import { Organization } from '../modules/organization/organization.entity.js';
import { Project } from '../modules/project/project.entity.js';
import { ProjectTransition } from '../modules/project/project-transition.entity.js';
import { AreaComposition, School, SchoolComposition } from '../modules/school/school.entity.js';

/** Every entity, listed explicitly so tsx, vitest and built JS discover the same set. */
export const entities = [
  Municipality,
  FundingPeriod,
  Organization,
  Project,
  ProjectTransition,
  School,
  SchoolComposition,
  AreaComposition,
  Event,
  Household,
  Enrollment,
  Attendance,
  User,
  ApiKey,
  AuditEvent,
  FinalReport,
];
