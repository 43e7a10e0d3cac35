import { Migration } from '@mikro-orm/migrations';

/**
 * Final-report deadlines and reminders (issue 14, deliverables 2 and 3).
 *
 * - `deadline_extension`: a reviewer's later final-report date for one municipality in one
 *   period (at most one per pair; granting again replaces it). Programme data: audited
 *   (DEADLINE_EXTENSION; the trail's scope columns come from the row itself).
 * - `job_lease`: one row per scheduled job; a runner takes it with `FOR UPDATE SKIP LOCKED`,
 *   so of several instances only one runs a job at a time (jobs/runner.ts).
 * - `notification` + `notification_recipient`: every reminder ever planned and to whom. The
 *   unique keys (project, kind, due date, reminder day) and (notification, user) make the
 *   reminder job idempotent: running it twice, from two instances or after a restart never
 *   records, and so never sends, the same reminder twice to the same person.
 */
export class Migration20261203080100_deadlines_reminders extends Migration {
  override up(): void {
    this.addSql(`create table "deadline_extension" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "version" integer not null default 1,
      "municipality_id" uuid not null references "municipality" ("id") on update cascade on delete restrict,
      "funding_period_id" uuid not null references "funding_period" ("id") on update cascade on delete restrict,
      "due_on" date not null,
      "reason" varchar(500) not null check (length(btrim("reason")) > 0),
      "granted_by_user_id" uuid null references "app_user" ("id") on update cascade on delete set null,
      "granted_by_label" varchar(255) not null,
      "granted_at" timestamptz not null,
      constraint "deadline_extension_municipality_period_unique" unique ("municipality_id", "funding_period_id")
    );`);
    this.addSql(`create index "deadline_extension_funding_period_index" on "deadline_extension" ("funding_period_id");`);
    this.addSql(`select "audit_attach"('deadline_extension', 'DEADLINE_EXTENSION');`);

    this.addSql(`create table "job_lease" (
      "name" varchar(100) not null primary key,
      "last_started_at" timestamptz null,
      "last_finished_at" timestamptz null,
      "last_instance" varchar(100) null
    );`);

    this.addSql(`create table "notification" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null default now(),
      "kind" varchar(20) not null check ("kind" in ('DUE_IN_30', 'DUE_IN_7', 'DUE_IN_1', 'OVERDUE')),
      "project_id" uuid not null references "project" ("id") on update cascade on delete cascade,
      "due_on" date not null,
      "remind_on" date not null,
      "subject" varchar(255) not null,
      "body" text not null,
      "link" varchar(500) not null,
      constraint "notification_reminder_unique" unique ("project_id", "kind", "due_on", "remind_on")
    );`);
    this.addSql(`create table "notification_recipient" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null default now(),
      "notification_id" uuid not null references "notification" ("id") on update cascade on delete cascade,
      "user_id" uuid not null references "app_user" ("id") on update cascade on delete cascade,
      "email" varchar(255) not null,
      "read_at" timestamptz null,
      "delivery" varchar(10) not null default 'PENDING' check ("delivery" in ('PENDING', 'SENT', 'LOGGED', 'FAILED')),
      "delivered_at" timestamptz null,
      "attempts" integer not null default 0,
      "last_error" varchar(500) null,
      constraint "notification_recipient_unique" unique ("notification_id", "user_id")
    );`);
    this.addSql(`create index "notification_recipient_user_index" on "notification_recipient" ("user_id", "created_at" desc);`);
    this.addSql(`create index "notification_recipient_pending_index" on "notification_recipient" ("created_at") where "delivery" = 'PENDING';`);
  }

  override down(): void {
    this.addSql(`drop table if exists "notification_recipient";`);
    this.addSql(`drop table if exists "notification";`);
    this.addSql(`drop table if exists "job_lease";`);
    this.addSql(`drop table if exists "deadline_extension";`);
  }
}
