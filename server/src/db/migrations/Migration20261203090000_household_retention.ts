import { Migration } from '@mikro-orm/migrations';

/**
 * Household retention (issue 15, deliverable 5): households are erased a configurable time
 * (HOUSEHOLD_RETENTION_MONTHS) after their period's settlement, the moment its report became
 * FINAL. That moment was not kept, so:
 *
 * - `funding_period.finalized_at`: set by closeFundingPeriodReport (the server's clock), cleared
 *   by reopenFundingPeriod. A BEFORE trigger keeps it right for every other write too (manual
 *   SQL, a restore, the seeds): becoming FINAL without a value gives `now()`, leaving FINAL
 *   clears it. A CHECK ties it to the status: set exactly when the report is FINAL.
 * - Backfill of periods already FINAL: the time of the last audited change of `report_status`
 *   to FINAL when the trail has it, else `updated_at` (which is never earlier than the moment the
 *   period became FINAL, because that change set it): a retention never starts too early.
 */
export class Migration20261203090000_household_retention extends Migration {
  override up(): void {
    this.addSql(`alter table "funding_period" add column "finalized_at" timestamptz null;`);
    this.addSql(`update "funding_period" fp
      set "finalized_at" = coalesce(
        (select max(a."occurred_at") from "audit_event" a
          where a."entity" = 'FUNDING_PERIOD' and a."entity_id" = fp."id"
            and a."changes" -> 'report_status' ->> 'after' = 'FINAL'),
        fp."updated_at")
      where fp."report_status" = 'FINAL';`);
    this.addSql(`alter table "funding_period" add constraint "funding_period_finalized_at_check"
      check (("report_status" = 'FINAL') = ("finalized_at" is not null));`);
    this.addSql(`create function "funding_period_finalized_at"() returns trigger language plpgsql as $$
      begin
        if new."report_status" = 'FINAL' then
          new."finalized_at" := coalesce(new."finalized_at", now());
        else
          new."finalized_at" := null;
        end if;
        return new;
      end $$;`);
    this.addSql(`create trigger "funding_period_finalized_at" before insert or update of "report_status", "finalized_at" on "funding_period"
      for each row execute function "funding_period_finalized_at"();`);
    this.addSql(`create index "funding_period_finalized_at_index" on "funding_period" ("finalized_at") where "finalized_at" is not null;`);
  }

  override down(): void {
    this.addSql(`drop trigger if exists "funding_period_finalized_at" on "funding_period";`);
    this.addSql(`drop function if exists "funding_period_finalized_at"();`);
    this.addSql(`alter table "funding_period" drop constraint if exists "funding_period_finalized_at_check";`);
    this.addSql(`drop index if exists "funding_period_finalized_at_index";`);
    this.addSql(`alter table "funding_period" drop column if exists "finalized_at";`);
  }
}
