import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import type { Logger } from 'pino';
import { formatDate } from '@schoolmix/shared';
import { addDays, daysBetween, deadlineSelectSql, REPORT_PENDING_SQL, reportScreenPath } from '../modules/deadline/deadline.js';
import { brusselsDate } from '../modules/funding-period/funding-period.service.js';
import type { Mailer } from './mailer.js';
import type { Job } from './runner.js';

export const REMINDER_JOB = 'final-report-reminders';

export type ReminderKind = 'DUE_IN_30' | 'DUE_IN_7' | 'DUE_IN_1' | 'OVERDUE';

/** Days before the effective deadline at which a reminder goes out, latest first. */
const BEFORE: readonly [ReminderKind, number][] = [
  ['DUE_IN_1', 1],
  ['DUE_IN_7', 7],
  ['DUE_IN_30', 30],
];

/**
 * How often the reminder job runs (across all instances), given JOB_INTERVAL_MS — how often each
 * instance looks: every fourth look, at most hourly. The default 15-minute look gives the hourly
 * run; a short look (the e2e suite's 1.5 s) lets a changed deadline's reminder go out within
 * seconds instead of waiting out an hour that a fixed cadence would impose.
 */
export function reminderEveryMs(jobIntervalMs: number): number {
  return Math.min(60 * 60_000, 4 * jobIntervalMs);
}

/**
 * The reminder that is due on `today` for a report due on `dueOn`: the latest schedule point
 * that has been reached — 30, 7 and 1 day before, then the day after the deadline and every
 * 7 days after that while it stays overdue. Only the latest point counts, so a job that did not
 * run for a while sends one reminder, not a backlog; a moved deadline (an extension) gives new
 * points, and so new reminders. Null: nothing due yet (more than 30 days left).
 */
export function reminderDue(dueOn: string, today: string): { kind: ReminderKind; remindOn: string } | null {
  const left = daysBetween(today, dueOn);
  if (left < 0) {
    const late = -left;
    return { kind: 'OVERDUE', remindOn: addDays(dueOn, 1 + 7 * Math.floor((late - 1) / 7)) };
  }
  for (const [kind, days] of BEFORE) if (left <= days) return { kind, remindOn: addDays(dueOn, -days) };
  return null;
}

interface PendingRow {
  project_id: string;
  title: string;
  municipality_id: string;
  due_on: string;
  extension_id: string | null;
  municipality_name: string;
  period_label: string;
}

/** The Dutch e-mail (and in-app text) of one reminder. */
export function reminderText(row: PendingRow, kind: ReminderKind, today: string, link: string): { subject: string; body: string } {
  const due = formatDate(row.due_on);
  const left = daysBetween(today, row.due_on);
  const subject =
    kind === 'OVERDUE'
      ? `Eindrapportage te laat: ${row.title} (verwacht op ${due})`
      : `Herinnering: eindrapportage ${row.title} uiterlijk op ${due}`;
  const status =
    kind === 'OVERDUE'
      ? `De eindrapportage van het project "${row.title}" (${row.municipality_name}, ${row.period_label}) moest uiterlijk op ${due} ingediend zijn en is nog niet ontvangen (${-left} ${-left === 1 ? 'dag' : 'dagen'} te laat).`
      : `De eindrapportage van het project "${row.title}" (${row.municipality_name}, ${row.period_label}) moet uiterlijk op ${due} ingediend zijn (${left === 0 ? 'vandaag' : `nog ${left} ${left === 1 ? 'dag' : 'dagen'}`}).`;
  const lines = [
    'Beste coördinator,',
    '',
    status,
    ...(row.extension_id ? ['Deze datum is de verlenging die aan uw gemeente werd toegekend.'] : []),
    '',
    `Dien de eindrapportage in via: ${link}`,
    '',
    'Met vriendelijke groeten,',
    'Schoolmix',
  ];
  return { subject, body: lines.join('\n') };
}

/**
 * Plans the reminders due today (one notification per project and schedule point, one recipient
 * row per coordinator of the lead municipality — the unique keys make a second run a no-op),
 * then delivers every recipient row still PENDING: by e-mail with SMTP_URL, to the log without.
 */
export function reminderJob(options: { mailer: Mailer; publicUrl: string; logger: Logger; everyMs: number }): Job {
  return {
    name: REMINDER_JOB,
    everyMs: options.everyMs,
    async run(em: EntityManager, now: Date) {
      const today = brusselsDate(now);
      const pending = await em.execute<PendingRow[]>(
        `select d.project_id, d.title, d.municipality_id, d.due_on, d.extension_id, m."name" as municipality_name, fp."label" as period_label
           from (${deadlineSelectSql(REPORT_PENDING_SQL)}) d
           join "municipality" m on m."id" = d.municipality_id
           join "funding_period" fp on fp."id" = d.funding_period_id
          order by d.due_on, d.project_id`,
      );
      let planned = 0;
      for (const row of pending) {
        const due = reminderDue(row.due_on, today);
        if (!due) continue;
        const path = reportScreenPath(row.project_id);
        const { subject, body } = reminderText(row, due.kind, today, `${options.publicUrl}${path}`);
        await em.execute(
          `insert into "notification" ("id", "created_at", "kind", "project_id", "due_on", "remind_on", "subject", "body", "link")
           values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict ("project_id", "kind", "due_on", "remind_on") do nothing`,
          [randomUUID(), now.toISOString(), due.kind, row.project_id, row.due_on, due.remindOn, subject, body, path],
        );
        // Coordinators of the lead municipality, or of the 2025 municipality it merged into.
        const added = await em.execute<{ id: string }[]>(
          `insert into "notification_recipient" ("id", "created_at", "notification_id", "user_id", "email")
           select gen_random_uuid(), ?::timestamptz, n."id", u."id", u."email"
             from "notification" n
             join "app_user" u on u."active" and u."role" = 'COORDINATOR'
                  and (u."municipality_id" = ? or u."municipality_id" = (select "merged_into_id" from "municipality" where "id" = ?))
            where n."project_id" = ? and n."kind" = ? and n."due_on" = ? and n."remind_on" = ?
           on conflict ("notification_id", "user_id") do nothing
           returning "id"`,
          [now.toISOString(), row.municipality_id, row.municipality_id, row.project_id, due.kind, row.due_on, due.remindOn],
        );
        planned += added.length;
      }

      // Delivery: rows locked with SKIP LOCKED, so even outside the lease no two instances take the same one.
      const outbox = await em.execute<{ id: string; email: string; subject: string; body: string; attempts: number }[]>(
        `select r."id", r."email", n."subject", n."body", r."attempts"
           from "notification_recipient" r join "notification" n on n."id" = r."notification_id"
          where r."delivery" = 'PENDING'
          order by r."created_at", r."id"
          limit 500
          for update of r skip locked`,
      );
      let sent = 0;
      let failed = 0;
      for (const mail of outbox) {
        try {
          const delivery = await options.mailer.send({ to: mail.email, subject: mail.subject, text: mail.body });
          await em.execute(`update "notification_recipient" set "delivery" = ?, "delivered_at" = ?, "attempts" = "attempts" + 1 where "id" = ?`, [delivery, now.toISOString(), mail.id]);
          sent += 1;
        } catch (error) {
          failed += 1;
          const message = error instanceof Error ? error.message : String(error);
          options.logger.warn({ err: error, recipient: mail.id }, 'reminder e-mail failed');
          // Retried on the next runs; after 5 attempts it stays in the in-app list only.
          await em.execute(
            `update "notification_recipient" set "attempts" = "attempts" + 1, "last_error" = left(?, 500),
                    "delivery" = case when "attempts" + 1 >= 5 then 'FAILED' else 'PENDING' end where "id" = ?`,
            [message, mail.id],
          );
        }
      }
      return { today, pendingReports: pending.length, planned, sent, failed };
    },
  };
}
