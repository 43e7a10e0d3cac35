import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail (SPEC §6, §9): `audit_event`, one row per written row of a domain table, with
 * who (a user, an API key, or SYSTEM = the database role for manual SQL, the CLI and boot-time
 * writes), when, the request id and the GraphQL mutation, the entity and its id, the action and
 * the changed columns `{column: {before, after}}`, plus the municipality and funding period the
 * row belongs to (so filters and the coordinator's scope are an index lookup).
 *
 * Recorded by statement-level AFTER triggers with transition tables, in the transaction of the
 * write: a multi-row statement (importAttendances) costs one trigger call, not one per row, and a
 * rolled-back mutation leaves no audit row. Who and what come from transaction-local settings
 * that graphql/mutation.ts sets as the first statement of every mutation (`schoolmix.actor_*`,
 * `schoolmix.request_id`, `schoolmix.operation`); without them the row says SYSTEM.
 * `schoolmix.audit = off` (transaction-local) skips recording: only the data-set loaders (seeds)
 * use it, since a bulk load is the starting state, not a change someone made.
 *
 * Never recorded: ids and bookkeeping columns (created/updated at, version), password hashes,
 * API-key secret hashes, an API key's last use, session and rate-limit tables, idempotency keys,
 * project_kpi counters. Households and their enrollments (family data) record only WHICH columns
 * changed, never a value, so erasing a household leaves nothing of it in the trail.
 *
 * Append-only: UPDATE, DELETE and TRUNCATE on audit_event raise an error. Another table joins the
 * trail with `select audit_attach('<table>', '<ENTITY>')` (or `audit_attach(…, true)` for family data).
 */
export class Migration20261202100000_audit_trail extends Migration {
  override up(): void {
    this.addSql(`create table "audit_event" (
      "id" uuid not null default gen_random_uuid() primary key,
      "seq" bigint generated always as identity,
      "occurred_at" timestamptz not null default clock_timestamp(),
      "actor_kind" text not null check ("actor_kind" in ('USER', 'API_KEY', 'SYSTEM')),
      "actor_id" uuid null,
      "actor_label" varchar(255) not null,
      "request_id" varchar(64) null,
      "operation" varchar(100) null,
      "entity" varchar(40) not null,
      "entity_id" uuid not null,
      "action" text not null check ("action" in ('INSERT', 'UPDATE', 'DELETE')),
      "changes" jsonb not null,
      "municipality_id" uuid null,
      "funding_period_id" uuid null
    );`);
    this.addSql(`create index "audit_event_occurred_at_index" on "audit_event" ("occurred_at" desc, "seq" desc);`);
    this.addSql(`create index "audit_event_entity_index" on "audit_event" ("entity", "entity_id", "occurred_at" desc);`);
    this.addSql(`create index "audit_event_entity_id_index" on "audit_event" ("entity_id");`);
    this.addSql(`create index "audit_event_actor_index" on "audit_event" ("actor_id", "occurred_at" desc);`);
    this.addSql(`create index "audit_event_operation_index" on "audit_event" ("operation", "occurred_at" desc);`);
    this.addSql(`create index "audit_event_municipality_index" on "audit_event" ("municipality_id", "occurred_at" desc);`);
    this.addSql(`create index "audit_event_funding_period_index" on "audit_event" ("funding_period_id", "occurred_at" desc);`);
    this.addSql(`create index "audit_event_request_index" on "audit_event" ("request_id");`);

    // Append-only.
    this.addSql(`create function "audit_event_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_event is append-only: % is not allowed', TG_OP using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(`create trigger "audit_event_no_update_delete" before update or delete on "audit_event"
      for each statement execute function "audit_event_append_only"();`);
    this.addSql(`create trigger "audit_event_no_truncate" before truncate on "audit_event"
      for each statement execute function "audit_event_append_only"();`);

    // The municipality and funding period a row belongs to: its own columns, else its project's
    // (directly, through its event or through its household).
    this.addSql(`create function "audit_scope"(p_entity text, p_id uuid, p_row jsonb, out municipality_id uuid, out funding_period_id uuid)
      language plpgsql stable as $$
      declare pid uuid;
      begin
        if p_entity = 'PROJECT' then pid := p_id; else pid := (p_row->>'project_id')::uuid; end if;
        if pid is null and p_entity = 'EVENT' then select e."project_id" into pid from "event" e where e."id" = p_id; end if;
        if pid is null and p_row ? 'event_id' then select e."project_id" into pid from "event" e where e."id" = (p_row->>'event_id')::uuid; end if;
        if pid is null and p_row ? 'household_id' then select h."project_id" into pid from "household" h where h."id" = (p_row->>'household_id')::uuid; end if;
        if pid is null and p_entity = 'HOUSEHOLD' then select h."project_id" into pid from "household" h where h."id" = p_id; end if;
        if pid is not null then
          select p."lead_municipality_id", p."funding_period_id" into municipality_id, funding_period_id from "project" p where p."id" = pid;
        end if;
        municipality_id := coalesce((p_row->>'lead_municipality_id')::uuid, (p_row->>'municipality_id')::uuid, municipality_id,
                                    case when p_entity = 'MUNICIPALITY' then p_id end);
        funding_period_id := coalesce((p_row->>'funding_period_id')::uuid, funding_period_id,
                                      case when p_entity = 'FUNDING_PERIOD' then p_id end);
      end $$;`);

    // Writes the audit rows of one statement: pairs = [[before, after], …] (null for an insert's before / a delete's after).
    this.addSql(`create function "audit_write"(p_entity text, p_redact boolean, p_action text, pairs jsonb) returns void language plpgsql as $$
      begin
        insert into "audit_event" ("actor_kind", "actor_id", "actor_label", "request_id", "operation", "entity", "entity_id",
                                   "action", "changes", "municipality_id", "funding_period_id")
        select coalesce(nullif(current_setting('schoolmix.actor_kind', true), ''), 'SYSTEM'),
               nullif(current_setting('schoolmix.actor_id', true), '')::uuid,
               left(coalesce(nullif(current_setting('schoolmix.actor_label', true), ''), current_user), 255),
               nullif(current_setting('schoolmix.request_id', true), ''),
               nullif(current_setting('schoolmix.operation', true), ''),
               p_entity, (r.row->>'id')::uuid, p_action, ch.changes, s.municipality_id, s.funding_period_id
          from (select nullif(p->0, 'null'::jsonb) as b, nullif(p->1, 'null'::jsonb) as a,
                       coalesce(nullif(p->1, 'null'::jsonb), p->0) as row
                  from jsonb_array_elements(pairs) p) r
          cross join lateral (
            select jsonb_object_agg(k.key, case when p_redact then 'null'::jsonb
                                               else jsonb_build_object('before', coalesce(r.b->k.key, 'null'::jsonb), 'after', coalesce(r.a->k.key, 'null'::jsonb)) end
                                    order by k.key) as changes
              from jsonb_object_keys(r.row) k(key)
             where k.key not in ('id', 'created_at', 'updated_at', 'version', 'password_hash', 'secret_hash', 'last_used_at')
               and coalesce(r.b->k.key, 'null'::jsonb) is distinct from coalesce(r.a->k.key, 'null'::jsonb)
          ) ch
          cross join lateral "audit_scope"(p_entity, (r.row->>'id')::uuid, r.row) s
         where ch.changes is not null;
      end $$;`);

    // Rows with an id: TG_ARGV[0] = entity, TG_ARGV[1] = 'redact' for family data.
    this.addSql(`create function "audit_record"() returns trigger language plpgsql as $$
      declare pairs jsonb;
      begin
        if current_setting('schoolmix.audit', true) = 'off' then return null; end if;
        if TG_OP = 'INSERT' then
          select jsonb_agg(jsonb_build_array(null, to_jsonb(n))) into pairs from new_rows n;
        elsif TG_OP = 'DELETE' then
          select jsonb_agg(jsonb_build_array(to_jsonb(o), null)) into pairs from old_rows o;
        else
          select jsonb_agg(jsonb_build_array(to_jsonb(o), to_jsonb(n))) into pairs from old_rows o join new_rows n on n."id" = o."id";
        end if;
        if pairs is not null then
          perform "audit_write"(TG_ARGV[0], coalesce(TG_ARGV[1], '') = 'redact', TG_OP, pairs);
        end if;
        return null;
      end $$;`);

    // Link tables (a project's schools, partners; an event's schools): an UPDATE of the parent
    // with the whole list before and after. TG_ARGV = entity, parent column, child column, field.
    this.addSql(`create function "audit_record_link"() returns trigger language plpgsql as $$
      declare
        changed jsonb;
        parent record;
        now_ids jsonb;
        before_ids jsonb;
      begin
        if current_setting('schoolmix.audit', true) = 'off' then return null; end if;
        execute format('select jsonb_object_agg(parent, kids) from (select %1$I as parent, jsonb_agg(%2$I) as kids from %3$I group by %1$I) x',
                       TG_ARGV[1], TG_ARGV[2], case TG_OP when 'INSERT' then 'new_rows' else 'old_rows' end) into changed;
        if changed is null then return null; end if;
        for parent in select key, value from jsonb_each(changed) loop
          execute format('select coalesce(jsonb_agg(%2$I order by %2$I), ''[]'') from %3$I.%4$I where %1$I = $1',
                         TG_ARGV[1], TG_ARGV[2], TG_TABLE_SCHEMA, TG_TABLE_NAME) using parent.key::uuid into now_ids;
          if TG_OP = 'INSERT' then
            select coalesce(jsonb_agg(x order by x), '[]') into before_ids from jsonb_array_elements(now_ids) x where not parent.value @> jsonb_build_array(x);
          else
            select coalesce(jsonb_agg(x order by x), '[]') into before_ids from (select x from jsonb_array_elements(now_ids) x union select y from jsonb_array_elements(parent.value) y) u(x);
          end if;
          perform "audit_write"(TG_ARGV[0], false, 'UPDATE', jsonb_build_array(jsonb_build_array(
            jsonb_build_object('id', parent.key, TG_ARGV[3], before_ids),
            jsonb_build_object('id', parent.key, TG_ARGV[3], now_ids))));
        end loop;
        return null;
      end $$;`);

    // Attaches the trail to a table (three statement-level triggers).
    this.addSql(`create function "audit_attach"(p_table text, p_entity text, p_redact boolean default false) returns void language plpgsql as $$
      declare redact text := case when p_redact then ', ''redact''' else '' end;
      begin
        execute format('create trigger %I after insert on %I referencing new table as new_rows for each statement execute function "audit_record"(%L%s)',
                       'audit_' || p_table || '_insert', p_table, p_entity, redact);
        execute format('create trigger %I after update on %I referencing old table as old_rows new table as new_rows for each statement execute function "audit_record"(%L%s)',
                       'audit_' || p_table || '_update', p_table, p_entity, redact);
        execute format('create trigger %I after delete on %I referencing old table as old_rows for each statement execute function "audit_record"(%L%s)',
                       'audit_' || p_table || '_delete', p_table, p_entity, redact);
      end $$;`);
    this.addSql(`create function "audit_attach_link"(p_table text, p_entity text, p_parent text, p_child text, p_field text) returns void language plpgsql as $$
      begin
        execute format('create trigger %I after insert on %I referencing new table as new_rows for each statement execute function "audit_record_link"(%L, %L, %L, %L)',
                       'audit_' || p_table || '_insert', p_table, p_entity, p_parent, p_child, p_field);
        execute format('create trigger %I after delete on %I referencing old table as old_rows for each statement execute function "audit_record_link"(%L, %L, %L, %L)',
                       'audit_' || p_table || '_delete', p_table, p_entity, p_parent, p_child, p_field);
      end $$;`);

    for (const [table, entity] of [
      ['municipality', 'MUNICIPALITY'],
      ['funding_period', 'FUNDING_PERIOD'],
      ['organization', 'ORGANIZATION'],
      ['project', 'PROJECT'],
      ['school', 'SCHOOL'],
      ['school_composition', 'SCHOOL_COMPOSITION'],
      ['area_composition', 'AREA_COMPOSITION'],
      ['event', 'EVENT'],
      ['attendance', 'ATTENDANCE'],
      ['app_user', 'USER'],
      ['api_key', 'API_KEY'],
    ] as const) {
      this.addSql(`select "audit_attach"('${table}', '${entity}');`);
    }
    this.addSql(`select "audit_attach"('household', 'HOUSEHOLD', true);`);
    this.addSql(`select "audit_attach"('enrollment', 'ENROLLMENT', true);`);
    this.addSql(`select "audit_attach_link"('project_school', 'PROJECT', 'project_id', 'school_id', 'school_ids');`);
    this.addSql(`select "audit_attach_link"('project_partner_municipality', 'PROJECT', 'project_id', 'municipality_id', 'partner_municipality_ids');`);
    this.addSql(`select "audit_attach_link"('project_partner_organization', 'PROJECT', 'project_id', 'organization_id', 'partner_organization_ids');`);
    this.addSql(`select "audit_attach_link"('event_school', 'EVENT', 'event_id', 'school_id', 'school_ids');`);
  }

  /** Drops the trail: the recording functions with their triggers (CASCADE), then the table. */
  override down(): void {
    for (const fn of ['audit_record', 'audit_record_link', 'audit_attach', 'audit_attach_link', 'audit_write', 'audit_scope']) {
      this.addSql(`drop function if exists "${fn}" cascade;`);
    }
    this.addSql(`drop table if exists "audit_event";`);
    this.addSql(`drop function if exists "audit_event_append_only" cascade;`);
  }
}
