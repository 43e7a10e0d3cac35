import { Migration } from '@mikro-orm/migrations';

/**
 * The KPI counts of every project, maintained by the database instead of recomputed on read:
 * `project_kpi` holds one row per project with its reached households and their breakdowns
 * (by event type, by indicator, special needs). `project_kpi_recount(ids)` computes rows from
 * scratch with the KPI rule of kpi/kpi.ts (`reachedAttendancesSql`); statement-level
 * triggers call it for the projects a write touches, in the same transaction as the write:
 * attendances recorded, changed or removed; events cancelled, moved, re-typed, given another
 * organiser or project, or deleted; an organisation's "promotes the social mix" flag; a
 * household's characteristics; a period's dates; a project's period. Each statement recounts
 * each touched project once, however many rows it wrote (an import of 500 attendances of one
 * project recounts it once). `pnpm db:recount` rebuilds every row.
 */
export class Migration20261202000000_project_kpi extends Migration {
  override up(): void {
    this.addSql(`create table "project_kpi" (
      "project_id" uuid not null primary key references "project" ("id") on update cascade on delete cascade,
      "reached" int not null default 0,
      "reached_parent_evening" int not null default 0,
      "reached_school_visit" int not null default 0,
      "with_indicator" int not null default 0,
      "without_indicator" int not null default 0,
      "indicator_unknown" int not null default 0,
      "with_special_needs" int not null default 0,
      "counted_at" timestamptz not null default now()
    );`);

    // The KPI rule, as in kpi/kpi.ts: ATTENDED, at a parent evening or school visit of the
    // project, not cancelled, organised by an organisation that promotes the social mix, starting
    // (Belgian date) inside the project's funding period. Households counted once per project.
    this.addSql(`create function "project_kpi_recount"(project_ids uuid[]) returns void language plpgsql as $$
      begin
        if project_ids is null or cardinality(project_ids) = 0 then return; end if;
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
      end $$;`);

    // Attendances: the projects of the events of the rows written (transition tables: once per statement).
    this.addSql(`create function "project_kpi_after_attendance"() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'INSERT' then
          perform "project_kpi_recount"(array(select distinct e."project_id" from new_rows n join "event" e on e."id" = n."event_id"));
        elsif TG_OP = 'DELETE' then
          perform "project_kpi_recount"(array(select distinct e."project_id" from old_rows o join "event" e on e."id" = o."event_id"));
        else
          perform "project_kpi_recount"(array(
            select distinct e."project_id"
              from (select o."event_id" from old_rows o join new_rows n on n."id" = o."id"
                     where (o."status", o."event_id", o."household_id") is distinct from (n."status", n."event_id", n."household_id")
                    union
                    select n."event_id" from old_rows o join new_rows n on n."id" = o."id"
                     where (o."status", o."event_id", o."household_id") is distinct from (n."status", n."event_id", n."household_id")) x
              join "event" e on e."id" = x."event_id"));
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger "project_kpi_attendance_insert" after insert on "attendance"
      referencing new table as new_rows for each statement execute function "project_kpi_after_attendance"();`);
    this.addSql(`create trigger "project_kpi_attendance_update" after update on "attendance"
      referencing old table as old_rows new table as new_rows for each statement execute function "project_kpi_after_attendance"();`);
    this.addSql(`create trigger "project_kpi_attendance_delete" after delete on "attendance"
      referencing old table as old_rows for each statement execute function "project_kpi_after_attendance"();`);

    // Events: cancelled, moved, re-typed, another organiser or project, or deleted (an insert has no attendances yet).
    this.addSql(`create function "project_kpi_after_event"() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'DELETE' then
          perform "project_kpi_recount"(array(select distinct o."project_id" from old_rows o));
        else
          perform "project_kpi_recount"(array(
            select x.project_id from (
              select o."project_id" from old_rows o join new_rows n on n."id" = o."id"
               where (o."type", o."starts_at", o."cancelled_at", o."organizer_id", o."project_id")
                     is distinct from (n."type", n."starts_at", n."cancelled_at", n."organizer_id", n."project_id")
              union
              select n."project_id" from old_rows o join new_rows n on n."id" = o."id"
               where (o."type", o."starts_at", o."cancelled_at", o."organizer_id", o."project_id")
                     is distinct from (n."type", n."starts_at", n."cancelled_at", n."organizer_id", n."project_id")) x));
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger "project_kpi_event_update" after update on "event"
      referencing old table as old_rows new table as new_rows for each statement execute function "project_kpi_after_event"();`);
    this.addSql(`create trigger "project_kpi_event_delete" after delete on "event"
      referencing old table as old_rows for each statement execute function "project_kpi_after_event"();`);

    // An organisation's flag decides whether its events count.
    this.addSql(`create function "project_kpi_after_organization"() returns trigger language plpgsql as $$
      begin
        perform "project_kpi_recount"(array(
          select distinct e."project_id"
            from old_rows o join new_rows n on n."id" = o."id"
            join "event" e on e."organizer_id" = n."id"
           where o."promotes_social_mix" is distinct from n."promotes_social_mix"));
        return null;
      end $$;`);
    this.addSql(`create trigger "project_kpi_organization_update" after update on "organization"
      referencing old table as old_rows new table as new_rows for each statement execute function "project_kpi_after_organization"();`);

    // A household's characteristics decide its breakdown.
    this.addSql(`create function "project_kpi_after_household"() returns trigger language plpgsql as $$
      begin
        perform "project_kpi_recount"(array(
          select distinct e."project_id"
            from old_rows o join new_rows n on n."id" = o."id"
            join "attendance" a on a."household_id" = n."id"
            join "event" e on e."id" = a."event_id"
           where (o."low_educated_mother", o."school_allowance", o."home_language_not_dutch", o."child_with_special_needs")
                 is distinct from (n."low_educated_mother", n."school_allowance", n."home_language_not_dutch", n."child_with_special_needs")));
        return null;
      end $$;`);
    this.addSql(`create trigger "project_kpi_household_update" after update on "household"
      referencing old table as old_rows new table as new_rows for each statement execute function "project_kpi_after_household"();`);

    // A period's dates decide which events fall inside it.
    this.addSql(`create function "project_kpi_after_funding_period"() returns trigger language plpgsql as $$
      begin
        perform "project_kpi_recount"(array(
          select p."id"
            from old_rows o join new_rows n on n."id" = o."id"
            join "project" p on p."funding_period_id" = n."id"
           where (o."starts_on", o."ends_on") is distinct from (n."starts_on", n."ends_on")));
        return null;
      end $$;`);
    this.addSql(`create trigger "project_kpi_funding_period_update" after update on "funding_period"
      referencing old table as old_rows new table as new_rows for each statement execute function "project_kpi_after_funding_period"();`);

    // Projects: a new one starts at zero; another period changes which events count.
    this.addSql(`create function "project_kpi_after_project"() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'INSERT' then
          insert into "project_kpi" ("project_id") select n."id" from new_rows n on conflict do nothing;
        else
          perform "project_kpi_recount"(array(
            select n."id" from old_rows o join new_rows n on n."id" = o."id"
             where o."funding_period_id" is distinct from n."funding_period_id"));
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger "project_kpi_project_insert" after insert on "project"
      referencing new table as new_rows for each statement execute function "project_kpi_after_project"();`);
    this.addSql(`create trigger "project_kpi_project_update" after update on "project"
      referencing old table as old_rows new table as new_rows for each statement execute function "project_kpi_after_project"();`);

    this.addSql(`select "project_kpi_recount"(array(select "id" from "project"));`);
  }
}
