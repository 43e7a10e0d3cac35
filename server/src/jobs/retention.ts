import type { EntityManager } from '@mikro-orm/sql';
import { eraseDueHouseholds } from '../modules/household/retention.js';
import type { Job } from './runner.js';

export const RETENTION_JOB = 'household-retention';

/** What the audit trail records as the writer of the job's erasures (no request, no user). */
export const RETENTION_OPERATION = 'householdRetention';

/**
 * Erases households HOUSEHOLD_RETENTION_MONTHS after their period's settlement
 * (modules/household/retention.ts), with eraseHousehold's tombstone. Several instances: the
 * runner's job_lease row lets one run at a time, and a household erased by one run is never
 * selected again, so the job is idempotent. The audit trail records each erasure as SYSTEM with
 * operation `householdRetention` — column names only, like eraseHousehold.
 */
export function householdRetentionJob(options: { months: number; everyMs: number }): Job {
  return {
    name: RETENTION_JOB,
    everyMs: options.everyMs,
    async run(em: EntityManager, now: Date) {
      await em.execute(
        `select set_config('schoolmix.actor_kind', 'SYSTEM', true), set_config('schoolmix.actor_id', '', true),
                set_config('schoolmix.actor_label', ?, true), set_config('schoolmix.request_id', '', true), set_config('schoolmix.operation', ?, true)`,
        [`job ${RETENTION_JOB}`, RETENTION_OPERATION],
      );
      const result = await eraseDueHouseholds(em, now, options.months);
      return { retentionMonths: options.months, ...result };
    },
  };
}
