import { Migration } from '@mikro-orm/migrations';

/** The statement-level triggers that bump a project's stamp, by table and operation. */
const TRIGGERS = [
  ['event', 'insert', 'referencing new table as new_rows'],
  ['event', 'update', 'referencing old table as old_rows new table as new_rows'],
  ['event', 'delete', 'referencing old table as old_rows'],
  ['event_attendance_count', 'insert', 'referencing new table as new_rows'],
  ['event_attendance_count', 'update', 'referencing old table as old_rows new table as new_rows'],
  ['event_attendance_count', 'delete', 'referencing old table as old_rows'],
  ['project_kpi', 'insert', 'referencing new table as new_rows'],
  ['project_kpi', 'update', 'referencing old table as old_rows new table as new_rows'],
  ['project_kpi', 'delete', 'referencing old table as old_rows'],
] as const;

/** A `project_kpi` row's counts (an input of the published table; `counted_at` is not). */
const KPI_COUNTS =
  '"project_id", "reached", "reached_parent_evening", "reached_school_visit", "with_indicator", "without_indicator", "indicator_unknown", "with_special_needs"';

/** A trigger function that bumps the projects named by its operation's select (over `new_rows` / `old_rows`). */
function bumpAfter(name: string, projects: { insert: string; delete: string; update: string }): string {
  return `create function "${name}"() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'INSERT' then
          perform "published_stamp_bump"(array(${projects.insert}));
        elsif TG_OP = 'DELETE' then
          perform "published_stamp_bump"(array(${projects.delete}));
        else
          perform "published_stamp_bump"(array(${projects.update}));
        end if;
        return null;
      end $$;`;
}

/** The tables whose TRUNCATE bumps every project (no transition table says which ones changed). */
const TRUNCATED = ['event', 'event_attendance_count', 'project_kpi'] as const;

/**
 * A stamp per project that changes with every write that can change its published KPI table
 * (kpi/kpi-table.ts): the project's `project_kpi` counts, and the id, type and attended count of
 * each of its events. The server keeps the tables it computed in memory under that stamp, and a
 * report reads the stamps (one row a project) and only the events of the projects whose stamp it
 * has not seen: a page of unchanged projects costs 100 rows, not its thousands of events.
 *
 * - **Never given twice.** Stamps come from a sequence, so not even a transaction that rolls back
 *   gives one twice: a table kept under a stamp is the table of the one database state that stamp
 *   names. `published_stamp_renew()` (here, and in `pnpm db:recount`) moves the sequence to at
 *   least the current time in microseconds and bumps every project, so a database whose sequence
 *   went back (a restore, a `down` and `up` of this migration) does not give a stamp a running
 *   server has seen. A project without a row has stamp 0: created after this migration, unchanged.
 * - **Which writes bump.** Statement-level triggers with transition tables on `event`,
 *   `event_attendance_count` and `project_kpi` (and their TRUNCATE, which bumps every project). An
 *   update bumps only when a published input changed (an event's type or project, an attended
 *   count, a KPI count), so registrations and `counted_at` do not. The changed rows are found with
 *   EXCEPT between the new and the old rows, not with a join: a trigger's plan is cached per
 *   connection, and a generic plan that joined two transition tables by nested loop took over 10 s
 *   on the 30,000 rows of a full recount.
 * - **Lock order.** A bump first locks the projects' rows (FOR NO KEY UPDATE, id order, as
 *   `project_kpi_recount` does), then their stamp rows. Recording an attendance reaches the stamp
 *   through `event_attendance_count` before `project_kpi_recount` locks the project; an event's
 *   update reaches it after. Without the project lock first, the two would wait for each other.
 * - No foreign key: a deleted project's stamp row is harmless, and the bump that follows its
 *   deletion would otherwise fail.
 */
export class Migration20261206220000_published_stamp extends Migration {
  override up(): void {
    this.addSql('create sequence "published_stamp_seq";');
    this.addSql(`create table "published_stamp" (
      "project_id" uuid not null primary key,
      "stamp" bigint not null
    );`);
    this.addSql(`create function "published_stamp_bump"(project_ids uuid[]) returns void language plpgsql as $$
      begin
        if project_ids is null or cardinality(project_ids) = 0 then return; end if;
        perform 1 from "project" where "id" = any(project_ids) order by "id" for no key update;
        insert into "published_stamp" as s ("project_id", "stamp")
        select p, nextval('published_stamp_seq') from (select distinct unnest(project_ids) as p order by 1) x
        on conflict ("project_id") do update set "stamp" = excluded."stamp";
      end $$;`);

    this.addSql(
      bumpAfter('published_stamp_after_event', {
        insert: 'select n."project_id" from new_rows n',
        delete: 'select o."project_id" from old_rows o',
        // Moved events: the old project and the new one.
        update: `select x."project_id" from (select "id", "type", "project_id" from new_rows except select "id", "type", "project_id" from old_rows) x
                 union
                 select x."project_id" from (select "id", "type", "project_id" from old_rows except select "id", "type", "project_id" from new_rows) x`,
      }),
    );
    this.addSql(
      bumpAfter('published_stamp_after_event_count', {
        insert: 'select e."project_id" from new_rows n join "event" e on e."id" = n."event_id"',
        // A count deleted with its event finds no event here: the event's own trigger bumped its project.
        delete: 'select e."project_id" from old_rows o join "event" e on e."id" = o."event_id"',
        update: `select e."project_id" from (select "event_id", "attended" from new_rows except select "event_id", "attended" from old_rows) x
                   join "event" e on e."id" = x."event_id"`,
      }),
    );
    this.addSql(
      bumpAfter('published_stamp_after_project_kpi', {
        insert: 'select n."project_id" from new_rows n',
        delete: 'select o."project_id" from old_rows o',
        update: `select x."project_id" from (select ${KPI_COUNTS} from new_rows except select ${KPI_COUNTS} from old_rows) x`,
      }),
    );
    this.addSql(`create function "published_stamp_after_truncate"() returns trigger language plpgsql as $$
      begin
        perform "published_stamp_bump"(array(select "id" from "project"));
        return null;
      end $$;`);

    for (const [table, op, transition] of TRIGGERS) {
      const fn = table === 'event' ? 'published_stamp_after_event' : table === 'event_attendance_count' ? 'published_stamp_after_event_count' : 'published_stamp_after_project_kpi';
      this.addSql(`create trigger "published_stamp_${table}_${op}" after ${op} on "${table}"
        ${transition} for each statement execute function "${fn}"();`);
    }
    for (const table of TRUNCATED) {
      this.addSql(`create trigger "published_stamp_${table}_truncate" after truncate on "${table}"
        for each statement execute function "published_stamp_after_truncate"();`);
    }

    this.addSql(`create function "published_stamp_renew"() returns void language plpgsql as $$
      begin
        perform setval('published_stamp_seq', greatest(
          (select "last_value" from "published_stamp_seq"), (extract(epoch from clock_timestamp()) * 1000000)::bigint));
        perform "published_stamp_bump"(array(select "id" from "project"));
      end $$;`);
    this.addSql('select "published_stamp_renew"();');
  }

  override down(): void {
    for (const table of TRUNCATED) this.addSql(`drop trigger if exists "published_stamp_${table}_truncate" on "${table}";`);
    for (const [table, op] of TRIGGERS) this.addSql(`drop trigger if exists "published_stamp_${table}_${op}" on "${table}";`);
    for (const fn of ['renew', 'after_truncate', 'after_project_kpi', 'after_event_count', 'after_event']) this.addSql(`drop function if exists "published_stamp_${fn}"();`);
    this.addSql('drop function if exists "published_stamp_bump"(uuid[]);');
    this.addSql('drop table if exists "published_stamp";');
    this.addSql('drop sequence if exists "published_stamp_seq";');
  }
}
