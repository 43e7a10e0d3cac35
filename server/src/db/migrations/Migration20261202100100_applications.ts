import { Migration } from '@mikro-orm/migrations';

/**
 * The programme lifecycle, steps 1–3 (SPEC §9): a period's application window, final-report
 * deadline, advance share and reopening; the application window enforced by the database; the
 * history of every project status change.
 *
 * Back-fill of the three real periods (1 October – 30 September): the call for applications runs
 * from 1 March to 31 August before the period starts (7 and 1 month before `starts_on`), the final
 * report is due on the last day of the month after the period ends (31 October), and the advance
 * is 60 % of the granted subsidy. The demo seed uses the same values (db/seed/programme.ts).
 *
 * The window trigger learns "today" from the row itself: an insert must have its `created_at`,
 * a move to SUBMITTED its `submitted_at`, on a (Brussels) day inside the period's window. The
 * service sets both from the injected clock (`config.now()`), so tests with a fixed clock work;
 * a hand-written statement gets the column default `now()`, i.e. the real day — so neither a code
 * path that forgets the check nor manual SQL can file an application outside the window without
 * deliberately back-dating the record (which the row then shows).
 */
export class Migration20261202100100_applications extends Migration {
  override up(): void {
    this.addSql(`alter table "funding_period"
      add column "applications_open_on" date null,
      add column "applications_close_on" date null,
      add column "final_report_due_on" date null,
      add column "advance_share_percent" int null,
      add column "reopened_at" timestamptz null,
      add column "reopen_reason" text null;`);
    this.addSql(`update "funding_period" set
      "applications_open_on" = ("starts_on" - interval '7 months')::date,
      "applications_close_on" = ("starts_on" - interval '1 month')::date - 1,
      "final_report_due_on" = (date_trunc('month', "ends_on") + interval '2 months')::date - 1,
      "advance_share_percent" = 60;`);
    this.addSql(`alter table "funding_period"
      alter column "applications_open_on" set not null,
      alter column "applications_close_on" set not null,
      alter column "final_report_due_on" set not null,
      alter column "advance_share_percent" set not null,
      add constraint "funding_period_application_window" check ("applications_open_on" <= "applications_close_on"),
      add constraint "funding_period_applications_close_by_end" check ("applications_close_on" <= "ends_on"),
      add constraint "funding_period_final_report_after_end" check ("final_report_due_on" > "ends_on"),
      add constraint "funding_period_advance_share_range" check ("advance_share_percent" between 0 and 100),
      add constraint "funding_period_reopen_reason" check ("reopened_at" is null or length(btrim("reopen_reason")) > 0);`);

    this.addSql(`create function "project_application_window"() returns trigger language plpgsql as $$
      declare fp record; day date;
      begin
        if TG_OP = 'INSERT' then
          day := (new."created_at" at time zone 'Europe/Brussels')::date;
        elsif new."status" = 'SUBMITTED' and old."status" is distinct from 'SUBMITTED' then
          day := (coalesce(new."submitted_at", now()) at time zone 'Europe/Brussels')::date;
        else
          return new;
        end if;
        select "applications_open_on", "applications_close_on" into fp from "funding_period" where "id" = new."funding_period_id";
        if day < fp."applications_open_on" or day > fp."applications_close_on" then
          raise exception 'application on % outside the window % – %', day, fp."applications_open_on", fp."applications_close_on"
            using errcode = '23514', constraint = 'project_application_window';
        end if;
        return new;
      end $$;`);
    this.addSql(`create trigger "project_application_window" before insert or update of "status" on "project"
      for each row execute function "project_application_window"();`);

    this.addSql(`create table "project_transition" (
      "id" uuid not null primary key,
      "project_id" uuid not null references "project" ("id") on update cascade on delete cascade,
      "from_status" text not null check ("from_status" in ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'CLOSED')),
      "to_status" text not null check ("to_status" in ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'CLOSED')),
      "note" text null,
      "actor_user_id" uuid null references "app_user" ("id") on update cascade on delete set null,
      "actor_label" varchar(255) not null,
      "at" timestamptz not null default now(),
      "seq" bigint generated always as identity,
      constraint "project_transition_moves" check ("from_status" <> "to_status")
    );`);
    this.addSql(`create index "project_transition_project_at_index" on "project_transition" ("project_id", "at", "seq");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "project_transition";`);
    this.addSql(`drop trigger if exists "project_application_window" on "project";`);
    this.addSql(`drop function if exists "project_application_window"();`);
    this.addSql(`alter table "funding_period"
      drop column "applications_open_on", drop column "applications_close_on", drop column "final_report_due_on",
      drop column "advance_share_percent", drop column "reopened_at", drop column "reopen_reason";`);
  }
}
