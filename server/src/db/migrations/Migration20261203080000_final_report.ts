import { Migration } from '@mikro-orm/migrations';

/**
 * Final reports (Eindrapport, issue 14 deliverable 1): one per project. The coordinator writes the
 * narrative and submits; submitting freezes `snapshot` (reached households with their breakdowns,
 * events held, the earned subsidy) as the live figures were then; the reviewer accepts it (the
 * project becomes CLOSED), asks for changes with a note, or waives it with a reason.
 * closeFundingPeriodReport requires every funded project's report ACCEPTED or WAIVED.
 *
 * The CHECKs keep the states honest: a submitted, accepted or changes-requested report has a
 * snapshot and a submission time; changes requested carries its note; a waiver its reason.
 * Changes are recorded in the audit trail (entity FINAL_REPORT, scoped through project_id).
 */
export class Migration20261203080000_final_report extends Migration {
  override up(): void {
    this.addSql(`create table "final_report" (
      "id" uuid not null primary key,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "version" integer not null default 1,
      "project_id" uuid not null references "project" ("id") on update cascade on delete cascade,
      "status" text not null default 'DRAFT'
        check ("status" in ('DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED', 'ACCEPTED', 'WAIVED')),
      "what_was_done" text not null default '',
      "what_worked" text not null default '',
      "obstacles" text not null default '',
      "snapshot" jsonb null,
      "submitted_at" timestamptz null,
      "submitted_by_id" uuid null references "app_user" ("id") on update cascade on delete set null,
      "submitted_by_label" varchar(255) null,
      "reviewed_at" timestamptz null,
      "reviewed_by_id" uuid null references "app_user" ("id") on update cascade on delete set null,
      "reviewed_by_label" varchar(255) null,
      "review_note" text null,
      "waiver_reason" text null,
      constraint "final_report_project_unique" unique ("project_id"),
      constraint "final_report_submitted_has_snapshot" check (
        "status" not in ('SUBMITTED', 'CHANGES_REQUESTED', 'ACCEPTED') or ("snapshot" is not null and "submitted_at" is not null)),
      constraint "final_report_changes_have_note" check ("status" <> 'CHANGES_REQUESTED' or "review_note" is not null),
      constraint "final_report_waiver_has_reason" check ("status" <> 'WAIVED' or "waiver_reason" is not null)
    );`);
    this.addSql(`create index "final_report_status_index" on "final_report" ("status");`);
    this.addSql(`select "audit_attach"('final_report', 'FINAL_REPORT');`);
  }

  override down(): void {
    // The audit triggers go with the table; the trail's rows about it stay (append-only).
    this.addSql(`drop table if exists "final_report";`);
  }
}
