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
 * `project_kpi_recount`, FOR NO KEY UPDATE, in id order: the counting function of migration
 * 20261202000000 is kept, renamed `project_kpi_count`, and `project_kpi_recount`, which every
 * trigger calls by name, becomes the lock followed by it). Without it two transactions writing
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

    this.addSql('alter function "project_kpi_recount"(uuid[]) rename to "project_kpi_count";');
    // The count runs as the next statement, so under READ COMMITTED it takes its snapshot after the lock.
    this.addSql(`create function "project_kpi_recount"(project_ids uuid[]) returns void language plpgsql as $$
      begin
        if project_ids is null or cardinality(project_ids) = 0 then return; end if;
        perform 1 from "project" where "id" = any(project_ids) order by "id" for no key update;
        perform "project_kpi_count"(project_ids);
      end $$;`);
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
    this.addSql('drop function if exists "project_kpi_recount"(uuid[]);');
    this.addSql('alter function "project_kpi_count"(uuid[]) rename to "project_kpi_recount";');
  }
}
