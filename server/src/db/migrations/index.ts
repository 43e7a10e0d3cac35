import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000_initial } from './Migration20261128000000_initial.js';
import { Migration20261128000100_domain_rules } from './Migration20261128000100_domain_rules.js';
import { Migration20261128000200_access } from './Migration20261128000200_access.js';
import { Migration20261202000000_project_kpi } from './Migration20261202000000_project_kpi.js';
import { Migration20261202000100_idempotency } from './Migration20261202000100_idempotency.js';
import { Migration20261202000200_sessions_rate_limits } from './Migration20261202000200_sessions_rate_limits.js';
import { Migration20261202100000_audit_trail } from './Migration20261202100000_audit_trail.js';
import { Migration20261202100100_applications } from './Migration20261202100100_applications.js';
import { Migration20261202100200_frozen_figures } from './Migration20261202100200_frozen_figures.js';
import { Migration20261202110000_consent_erasure } from './Migration20261202110000_consent_erasure.js';
import { Migration20261203080000_final_report } from './Migration20261203080000_final_report.js';
import { Migration20261203080100_deadlines_reminders } from './Migration20261203080100_deadlines_reminders.js';
import { Migration20261203090000_household_retention } from './Migration20261203090000_household_retention.js';
import { Migration20261204200000_event_attendance_count } from './Migration20261204200000_event_attendance_count.js';
import { Migration20261206220000_published_stamp } from './Migration20261206220000_published_stamp.js';
import { Migration20261207020000_trigger_plans } from './Migration20261207020000_trigger_plans.js';

/** Migrations in order; listed explicitly so tsx, vitest and built JS run the same set. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128000000_initial', class: Migration20261128000000_initial },
  { name: 'Migration20261128000100_domain_rules', class: Migration20261128000100_domain_rules },
  { name: 'Migration20261128000200_access', class: Migration20261128000200_access },
  { name: 'Migration20261202000000_project_kpi', class: Migration20261202000000_project_kpi },
  { name: 'Migration20261202000100_idempotency', class: Migration20261202000100_idempotency },
  { name: 'Migration20261202000200_sessions_rate_limits', class: Migration20261202000200_sessions_rate_limits },
  { name: 'Migration20261202100000_audit_trail', class: Migration20261202100000_audit_trail },
  { name: 'Migration20261202100100_applications', class: Migration20261202100100_applications },
  { name: 'Migration20261202100200_frozen_figures', class: Migration20261202100200_frozen_figures },
  { name: 'Migration20261202110000_consent_erasure', class: Migration20261202110000_consent_erasure },
  { name: 'Migration20261203080000_final_report', class: Migration20261203080000_final_report },
  { name: 'Migration20261203080100_deadlines_reminders', class: Migration20261203080100_deadlines_reminders },
  { name: 'Migration20261203090000_household_retention', class: Migration20261203090000_household_retention },
  { name: 'Migration20261204200000_event_attendance_count', class: Migration20261204200000_event_attendance_count },
  { name: 'Migration20261206220000_published_stamp', class: Migration20261206220000_published_stamp },
  { name: 'Migration20261207020000_trigger_plans', class: Migration20261207020000_trigger_plans },
];
