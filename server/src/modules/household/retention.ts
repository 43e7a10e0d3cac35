import type { EntityManager } from '@mikro-orm/sql';
import { tombstoneHouseholds } from './household.service.js';

/**
 * Household retention (issue 15, deliverable 5; SPEC §9; docs/PRIVACY.md "How long"): a
 * household is erased HOUSEHOLD_RETENTION_MONTHS after its period's settlement, the moment the
 * period's report became FINAL (`funding_period.finalized_at`). One plan — `retentionPlan` — is
 * read by the job (jobs/retention.ts), by `pnpm retention:dry-run` and by the `retentionReport`
 * query, so what the dry run announces is what the job does.
 */

/** One settled (FINAL) period: when its households become due, and how many are still to erase. */
export interface RetentionPeriodRow {
  fundingPeriodId: string;
  number: number;
  label: string;
  finalizedAt: Date;
  /** finalized_at + the retention: from this instant on its households are erased. */
  eraseFrom: Date;
  /** eraseFrom has been reached: the job erases this period's households now. */
  due: boolean;
  /** Households of the period's projects not erased yet. */
  households: number;
  /** Their enrollments (deleted with them); their attendance rows stay as anonymous counts. */
  enrollments: number;
}

/** The plan at `now` for every FINAL period, oldest first. Counts only, never a family's data. */
export async function retentionPlan(em: EntityManager, now: Date, months: number): Promise<RetentionPeriodRow[]> {
  const rows = await em.execute<
    { id: string; number: number; label: string; finalized_at: string | Date; erase_from: string | Date; due: boolean; households: number; enrollments: number }[]
  >(
    `select fp."id", fp."number", fp."label", fp."finalized_at",
            fp."finalized_at" + make_interval(months => ?::int) as erase_from,
            fp."finalized_at" + make_interval(months => ?::int) <= ?::timestamptz as due,
            count(distinct h."id")::int as households,
            count(en."id")::int as enrollments
       from "funding_period" fp
       left join "project" p on p."funding_period_id" = fp."id"
       left join "household" h on h."project_id" = p."id" and h."erased_at" is null
       left join "enrollment" en on en."household_id" = h."id"
      where fp."finalized_at" is not null
      group by fp."id"
      order by fp."finalized_at", fp."number"`,
    [months, months, now.toISOString()],
  );
  return rows.map((r) => ({
    fundingPeriodId: r.id,
    number: r.number,
    label: r.label,
    finalizedAt: new Date(r.finalized_at),
    eraseFrom: new Date(r.erase_from),
    due: r.due,
    households: r.households,
    enrollments: r.enrollments,
  }));
}

/** What is due now: the periods whose households the job erases, with the totals. */
export function dueOf(plan: readonly RetentionPeriodRow[]): { periods: RetentionPeriodRow[]; households: number; enrollments: number } {
  const periods = plan.filter((r) => r.due && r.households > 0);
  return {
    periods,
    households: periods.reduce((n, r) => n + r.households, 0),
    enrollments: periods.reduce((n, r) => n + r.enrollments, 0),
  };
}

/** The erasure reason kept on every stub the job makes: no personal data, only the rule. */
export function retentionReason(months: number): string {
  return `Retention: ${months} months after the period's settlement (HOUSEHOLD_RETENTION_MONTHS)`;
}

/**
 * Erases every household that is due, with THE tombstone of eraseHousehold (tombstoneHouseholds),
 * in batches of at most `limit` households per call (a bounded transaction: on PGlite, one
 * connection, the app waits for it); the next run continues. Runs in the caller's transaction;
 * already erased households are never selected again, so a second run erases nothing.
 */
export async function eraseDueHouseholds(
  em: EntityManager,
  now: Date,
  months: number,
  limit = 5_000,
): Promise<{ erased: number; enrollments: number; periods: { number: number; label: string; erased: number }[] }> {
  const { periods } = dueOf(await retentionPlan(em, now, months));
  const reason = retentionReason(months);
  const done: { number: number; label: string; erased: number }[] = [];
  let erased = 0;
  let enrollments = 0;
  for (const period of periods) {
    if (erased >= limit) break;
    const rows = await em.execute<{ id: string; enrollments: number }[]>(
      `select h."id", (select count(*)::int from "enrollment" en where en."household_id" = h."id") as enrollments
         from "household" h join "project" p on p."id" = h."project_id"
        where p."funding_period_id" = ? and h."erased_at" is null
        order by h."id"
        limit ?`,
      [period.fundingPeriodId, limit - erased],
    );
    const ids = new Set(await tombstoneHouseholds(em, rows.map((r) => r.id), now, reason));
    erased += ids.size;
    enrollments += rows.filter((r) => ids.has(r.id)).reduce((n, r) => n + r.enrollments, 0);
    done.push({ number: period.number, label: period.label, erased: ids.size });
  }
  return { erased, enrollments, periods: done };
}

/** The dry run's text: one line per settled period, then the totals the job would erase now. */
export function formatRetentionPlan(plan: readonly RetentionPeriodRow[], now: Date, months: number): string {
  const due = dueOf(plan);
  const lines = [`Household retention: ${months} months after the period's settlement (HOUSEHOLD_RETENTION_MONTHS); as of ${now.toISOString()} — dry run, nothing erased.`];
  if (plan.length === 0) lines.push('No settled (FINAL) period: nothing is due.');
  for (const r of plan) {
    const what = r.due ? (r.households > 0 ? 'DUE: would erase' : 'due, nothing left:') : 'not due yet, then';
    lines.push(
      `  ${r.label} (period ${r.number}): settled ${r.finalizedAt.toISOString()}, erasable from ${r.eraseFrom.toISOString()} — ${what} ${r.households} household(s), ${r.enrollments} enrollment(s)`,
    );
  }
  lines.push(`Would erase now: ${due.households} household(s) and ${due.enrollments} enrollment(s) in ${due.periods.length} period(s); their attendance stays as anonymous counts.`);
  return lines.join('\n');
}
