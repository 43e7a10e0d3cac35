import { Migration } from '@mikro-orm/migrations';

/**
 * Attendance counts per event, maintained by the database like `project_kpi`:
 * `event_attendance_count` holds one row per event with its households REGISTERED, ATTENDED and
 * NO_SHOW. A statement-level trigger on `attendance` recounts the events a statement touched (from
 * scratch, through the attendance index on event_id: a few dozen rows an event), in the transaction
 * of the write. Reports read a row per event instead of counting 130,000 attendances per request
 * (Event.attendanceCount, the published KPI tables of analysts, the exports).
 *
 * Both recount functions now first lock the rows they count for (events here; projects in
 * `project_kpi_recount`, FOR NO KEY UPDATE, in id order). Without it two transactions writing
 * attendances of the same project at once could each count without the other's uncommitted row,
 * and the later upsert would overwrite the earlier count: one household lost until the next write.
 * With it the second waits for the first to commit, and its count (a new snapshot per statement
 * under READ COMMITTED) sees the first's rows. FOR NO KEY UPDATE does not conflict with the
 * FOR KEY SHARE of foreign-key checks, so inserting attendances or events never waits for it.
 */
export class Migration20261204200000_event_attendance_count extends Migration {
  override up(): void {
    this.addSql(`create table "event_attendance_count" (
      "event_id" uuid not null primary key references "event" ("id") on update cascade on delete cascade,
      "registered" int not null default 0,
      "attended" int not null default 0,
      "no_show" int not null default 0
    );`);

    this.addSql(`create function "event_attendance_recount"(event_ids uuid[]) returns void language plpgsql as $$
      begin
        if event_ids is null or cardinality(event_ids) = 0 then return; end if;
        perform 1 from "event" where "id" = any(event_ids) order by "id" for no key update;
        insert into "event_attendance_count" as c ("event_id", "registered", "attended", "no_show")
        select e."id",
               (count(a."id") filter (where a."status" = 'REGISTERED'))::int,
               (count(a."id") filter (where a."status" = 'ATTENDED'))::int,
               (count(a."id") filter (where a."status" = 'NO_SHOW'))::int
          from "event" e
          left join "attendance" a on a."event_id" = e."id"
         where e."id" = any(event_ids)
         group by e."id"
        on conflict ("event_id") do update set
          "registered" = excluded."registered",
          "attended" = excluded."attended",
          "no_show" = excluded."no_show";
      end $$;`);

    this.addSql(`create function "event_attendance_after_attendance"() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'INSERT' then
          perform "event_attendance_recount"(array(select distinct n."event_id" from new_rows n));
        elsif TG_OP = 'DELETE' then
          perform "event_attendance_recount"(array(select distinct o."event_id" from old_rows o));
        else
          perform "event_attendance_recount"(array(
            select o."event_id" from old_rows o join new_rows n on n."id" = o."id"
             where (o."status", o."event_id") is distinct from (n."status", n."event_id")
            union
            select n."event_id" from old_rows o join new_rows n on n."id" = o."id"
             where (o."status", o."event_id") is distinct from (n."status", n."event_id")));
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger "event_attendance_insert" after insert on "attendance"
      referencing new table as new_rows for each statement execute function "event_attendance_after_attendance"();`);
    this.addSql(`create trigger "event_attendance_update" after update on "attendance"
      referencing old table as old_rows new table as new_rows for each statement execute function "event_attendance_after_attendance"();`);
    this.addSql(`create trigger "event_attendance_delete" after delete on "attendance"
      referencing old table as old_rows for each statement execute function "event_attendance_after_attendance"();`);

    // A new event starts at zero (its row exists, so a read never has to tell "none yet" from "not counted").
    this.addSql(`create function "event_attendance_after_event"() returns trigger language plpgsql as $$
      begin
        insert into "event_attendance_count" ("event_id") select n."id" from new_rows n on conflict do nothing;
        return null;
      end $$;`);
    this.addSql(`create trigger "event_attendance_event_insert" after insert on "event"
      referencing new table as new_rows for each statement execute function "event_attendance_after_event"();`);

    this.addSql(`select "event_attendance_recount"(array(select "id" from "event"));`);

    this.addSql(PROJECT_KPI_RECOUNT_LOCKED);
  }

  override down(): void {
    this.addSql('drop trigger if exists "event_attendance_event_insert" on "event";');
    this.addSql('drop trigger if exists "event_attendance_delete" on "attendance";');
    this.addSql('drop trigger if exists "event_attendance_update" on "attendance";');
    this.addSql('drop trigger if exists "event_attendance_insert" on "attendance";');
    this.addSql('drop function if exists "event_attendance_after_event"();');
    this.addSql('drop function if exists "event_attendance_after_attendance"();');
    this.addSql('drop function if exists "event_attendance_recount"(uuid[]);');
    this.addSql('drop table if exists "event_attendance_count";');
    // project_kpi_recount keeps its lock: without it the function counts the same, with the race described above.
  }
}

/** `project_kpi_recount` of migration 20261202000000, unchanged but for the lock on the projects it counts. */
const PROJECT_KPI_RECOUNT_LOCKED = `create or replace function "project_kpi_recount"(project_ids uuid[]) returns void language plpgsql as $$
  begin
    if project_ids is null or cardinality(project_ids) = 0 then return; end if;
    perform 1 from "project" where "id" = any(project_ids) order by "id" for no key update;
    insert into "project_kpi" as k ("project_id", "reached", "reached_parent_evening", "reached_school_visit",
                                    "with_indicator", "without_indicator", "indicator_unknown", "with_special_needs", "counted_at")
    select p."id",
           coalesce(c.reached, 0), coalesce(c.parent_evening, 0), coalesce(c.school_visit, 0),
           coalesce(c.with_indicator, 0), coalesce(c.without_indicator, 0), coalesce(c.indicator_unknown, 0),
           coalesce(c.with_special_needs, 0), now()
      from "project" p
      join "funding_period" fp on fp."id" = p."funding_period_id"
      left join lateral (
        select count(*)::int as reached,
               count(*) filter (where 'PARENT_EVENING' = any(ph.types))::int as parent_evening,
               count(*) filter (where 'SCHOOL_VISIT' = any(ph.types))::int as school_visit,
               count(*) filter (where (h."low_educated_mother" or h."school_allowance" or h."home_language_not_dutch") is true)::int as with_indicator,
               count(*) filter (where (h."low_educated_mother" or h."school_allowance" or h."home_language_not_dutch") is false)::int as without_indicator,
               count(*) filter (where (h."low_educated_mother" or h."school_allowance" or h."home_language_not_dutch") is null)::int as indicator_unknown,
               count(*) filter (where h."child_with_special_needs" is true)::int as with_special_needs
          from (select a."household_id", array_agg(distinct e."type") as types
                  from "event" e
                  join "attendance" a on a."event_id" = e."id"
                  join "organization" o on o."id" = e."organizer_id"
                 where e."project_id" = p."id"
                   and a."status" = 'ATTENDED'
                   and e."cancelled_at" is null
                   and o."promotes_social_mix"
                   and e."type" in ('PARENT_EVENING', 'SCHOOL_VISIT')
                   and (e."starts_at" at time zone 'Europe/Brussels')::date between fp."starts_on" and fp."ends_on"
                 group by a."household_id") ph
          join "household" h on h."id" = ph."household_id"
      ) c on true
     where p."id" = any(project_ids)
    on conflict ("project_id") do update set
      "reached" = excluded."reached",
      "reached_parent_evening" = excluded."reached_parent_evening",
      "reached_school_visit" = excluded."reached_school_visit",
      "with_indicator" = excluded."with_indicator",
      "without_indicator" = excluded."without_indicator",
      "indicator_unknown" = excluded."indicator_unknown",
      "with_special_needs" = excluded."with_special_needs",
      "counted_at" = excluded."counted_at";
  end $$;`;
