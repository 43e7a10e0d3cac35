import { Migration } from '@mikro-orm/migrations';

/**
 * How a trigger function runs its one statement that joins its two transition tables (`old_rows`
 * and `new_rows`, by id): planned where it stands (`static`, as before this migration: PL/pgSQL
 * plans it once per connection and keeps the plan), or so for a few rows and by EXECUTE for more
 * (`dynamic`: planned on that call, with its row counts).
 *
 * `expression` is a value (a `perform` of it); `select` a query whose one value goes `into` a
 * variable. `using` names the function's variables the text refers to as $1, $2….
 */
type Pairing = (
  statement: { perform: string } | { select: string; into: string },
  using?: readonly string[],
) => string;

const staticPairing: Pairing = (statement, using = []) => {
  const text = using.reduce((sql, variable, i) => sql.replaceAll(`$${i + 1}`, variable), 'perform' in statement ? statement.perform : statement.select);
  return 'perform' in statement ? `perform ${text};` : `${text}\n           into ${statement.into};`;
};

const executedPairing: Pairing = (statement, using = []) => {
  const text = 'perform' in statement ? `select ${statement.perform}` : statement.select;
  return `execute $q$${text}$q$${'into' in statement ? ` into ${statement.into}` : ''}${using.length ? ` using ${using.join(', ')}` : ''};`;
};

/**
 * Up to this many rows, the statement planned in place (a nested loop over 100 × 100 rows costs
 * less than planning it); above, planned for the call. Each branch keeps plans for its own sizes.
 */
export const PLANNED_IN_PLACE_ROWS = 100;

const dynamicPairing: Pairing = (statement, using) => `if (select count(*) from new_rows) <= ${PLANNED_IN_PLACE_ROWS} then
          ${staticPairing(statement, using)}
        else
          ${executedPairing(statement, using)}
        end if;`;

/** An update's rows whose `columns` changed, as `old_rows o join new_rows n` (the statement each function pairs). */
const changed = (columns: readonly string[]) =>
  `(${columns.map((c) => `o."${c}"`).join(', ')}) is distinct from (${columns.map((c) => `n."${c}"`).join(', ')})`;

const ATTENDANCE_KPI = changed(['status', 'event_id', 'household_id']);
const EVENT_KPI = changed(['type', 'starts_at', 'cancelled_at', 'organizer_id', 'project_id']);

/** The body of a function whose whole work is its one paired statement, a `perform`. */
const performing = (perform: string) => (pair: Pairing) => `
      begin
        ${pair({ perform })}
        return null;
      end`;

/** The trigger functions with such a statement, in full, as of migration 20261206220000. */
const FUNCTIONS: readonly { name: string; body: (pair: Pairing) => string }[] = [
  {
    name: 'audit_record',
    body: (pair) => `
      declare pairs jsonb;
      begin
        if current_setting('schoolmix.audit', true) = 'off' then return null; end if;
        if TG_OP = 'INSERT' then
          select jsonb_agg(jsonb_build_array(null, to_jsonb(n))) into pairs from new_rows n;
        elsif TG_OP = 'DELETE' then
          select jsonb_agg(jsonb_build_array(to_jsonb(o), null)) into pairs from old_rows o;
        else
          ${pair({ select: 'select jsonb_agg(jsonb_build_array(to_jsonb(o), to_jsonb(n))) from old_rows o join new_rows n on n."id" = o."id"', into: 'pairs' })}
        end if;
        if pairs is not null then
          perform "audit_write"(TG_ARGV[0], coalesce(TG_ARGV[1], '') = 'redact', TG_OP, pairs);
        end if;
        return null;
      end`,
  },
  {
    name: 'event_attendance_after_attendance',
    body: (pair) => `
      begin
        if TG_OP = 'INSERT' then
          perform "event_attendance_recount"(array(select distinct n."event_id" from new_rows n));
        elsif TG_OP = 'DELETE' then
          perform "event_attendance_recount"(array(select distinct o."event_id" from old_rows o));
        else
          ${pair({
            perform: `"event_attendance_recount"(array(
            select o."event_id" from old_rows o join new_rows n on n."id" = o."id"
             where ${changed(['status', 'event_id'])}
            union
            select n."event_id" from old_rows o join new_rows n on n."id" = o."id"
             where ${changed(['status', 'event_id'])}))`,
          })}
        end if;
        return null;
      end`,
  },
  {
    name: 'frozen_after_funding_period',
    body: (pair) => `
      declare reason text;
      begin
        if TG_OP = 'DELETE' then
          select format('%s is final: it cannot be deleted', o."label") into reason from old_rows o where o."report_status" = 'FINAL' limit 1;
        else
          ${pair({
            select: `select format('%s is final: its dates, rate and maxima can no longer change', n."label")
            from old_rows o join new_rows n on n."id" = o."id"
           where (o."report_status" = 'FINAL' or n."report_status" = 'FINAL')
             and ${changed(['starts_on', 'ends_on', 'rate_per_household_cents', 'max_households', 'max_subsidy_cents'])}
           limit 1`,
            into: 'reason',
          })}
        end if;
        perform "frozen_refuse"(reason, 'funding_period');
        return null;
      end`,
  },
  {
    name: 'frozen_after_household_update',
    body: (pair) => `
      declare
        withdrawal constant text[] := array['low_educated_mother', 'school_allowance', 'home_language_not_dutch',
                                            'child_with_special_needs', 'preferred_language', 'consent_at', 'version', 'updated_at'];
        erasure constant text[] := withdrawal || array['reference', 'residence_nis_code', 'postcode', 'children', 'erased_at', 'erasure_reason'];
        ids uuid[];
      begin
        ${pair(
          {
            select: `select array(
          select distinct unnest(array[o."project_id", n."project_id"])
            from old_rows o join new_rows n on n."id" = o."id"
           where not (n."low_educated_mother" is null and n."school_allowance" is null and n."home_language_not_dutch" is null
                      and n."child_with_special_needs" is null and n."preferred_language" is null and n."consent_at" is null
                      and ((to_jsonb(o) - $1) = (to_jsonb(n) - $1)
                           or (o."erased_at" is null and n."erased_at" is not null and (to_jsonb(o) - $2) = (to_jsonb(n) - $2)))))`,
            into: 'ids',
          },
          ['withdrawal', 'erasure'],
        )}
        if cardinality(ids) > 0 then
          perform "frozen_refuse"("frozen_reason"(ids), 'household');
        end if;
        return null;
      end`,
  },
  {
    name: 'frozen_after_organization',
    body: performing(`"frozen_refuse"("frozen_reason"(array(
          select distinct e."project_id"
            from old_rows o join new_rows n on n."id" = o."id"
            join "event" e on e."organizer_id" = n."id"
           where ${changed(['promotes_social_mix'])})), 'organization')`),
  },
  {
    name: 'frozen_after_project',
    body: (pair) => `
      declare reason text;
      begin
        if TG_OP = 'INSERT' then
          select case when fp."report_status" = 'FINAL' then format('%s is final: no project can be added to it', fp."label")
                      else format('Project "%s" cannot be created as closed', n."title") end
            into reason
            from new_rows n join "funding_period" fp on fp."id" = n."funding_period_id"
           where n."status" = 'CLOSED' or fp."report_status" = 'FINAL'
           limit 1;
        elsif TG_OP = 'DELETE' then
          select case when fp."report_status" = 'FINAL' then format('%s is final: its projects cannot be deleted', fp."label")
                      else format('Project "%s" is closed: it cannot be deleted', o."title") end
            into reason
            from old_rows o join "funding_period" fp on fp."id" = o."funding_period_id"
           where o."status" = 'CLOSED' or fp."report_status" = 'FINAL'
           limit 1;
        else
          ${pair({
            select: `select case when fo."report_status" = 'FINAL' then format('%s is final: its figures can no longer change', fo."label")
                      when fn."report_status" = 'FINAL' then format('%s is final: its figures can no longer change', fn."label")
                      else format('Project "%s" is closed: its figures can no longer change', o."title") end
            from old_rows o join new_rows n on n."id" = o."id"
            join "funding_period" fo on fo."id" = o."funding_period_id"
            join "funding_period" fn on fn."id" = n."funding_period_id"
           where (o."status" = 'CLOSED' or n."status" = 'CLOSED' or fo."report_status" = 'FINAL' or fn."report_status" = 'FINAL')
             and (${changed([
               'title', 'lead_municipality_id', 'funding_period_id', 'baseline_households', 'target_households', 'priority',
               'subsidy_requested_cents', 'subsidy_granted_cents', 'co_financing_cents',
             ])}
                  or (o."status" <> n."status" and (o."status", n."status") not in (('APPROVED', 'CLOSED'), ('CLOSED', 'APPROVED'))))
           limit 1`,
            into: 'reason',
          })}
        end if;
        perform "frozen_refuse"(reason, 'project');
        return null;
      end`,
  },
  {
    name: 'project_kpi_after_attendance',
    body: (pair) => `
      begin
        if TG_OP = 'INSERT' then
          perform "project_kpi_recount"(array(select distinct e."project_id" from new_rows n join "event" e on e."id" = n."event_id"));
        elsif TG_OP = 'DELETE' then
          perform "project_kpi_recount"(array(select distinct e."project_id" from old_rows o join "event" e on e."id" = o."event_id"));
        else
          ${pair({
            perform: `"project_kpi_recount"(array(
            select distinct e."project_id"
              from (select o."event_id" from old_rows o join new_rows n on n."id" = o."id"
                     where ${ATTENDANCE_KPI}
                    union
                    select n."event_id" from old_rows o join new_rows n on n."id" = o."id"
                     where ${ATTENDANCE_KPI}) x
              join "event" e on e."id" = x."event_id"))`,
          })}
        end if;
        return null;
      end`,
  },
  {
    name: 'project_kpi_after_event',
    body: (pair) => `
      begin
        if TG_OP = 'DELETE' then
          perform "project_kpi_recount"(array(select distinct o."project_id" from old_rows o));
        else
          ${pair({
            perform: `"project_kpi_recount"(array(
            select x.project_id from (
              select o."project_id" from old_rows o join new_rows n on n."id" = o."id"
               where ${EVENT_KPI}
              union
              select n."project_id" from old_rows o join new_rows n on n."id" = o."id"
               where ${EVENT_KPI}) x))`,
          })}
        end if;
        return null;
      end`,
  },
  {
    name: 'project_kpi_after_funding_period',
    body: performing(`"project_kpi_recount"(array(
          select p."id"
            from old_rows o join new_rows n on n."id" = o."id"
            join "project" p on p."funding_period_id" = n."id"
           where ${changed(['starts_on', 'ends_on'])}))`),
  },
  {
    name: 'project_kpi_after_household',
    body: performing(`"project_kpi_recount"(array(
          select distinct e."project_id"
            from old_rows o join new_rows n on n."id" = o."id"
            join "attendance" a on a."household_id" = n."id"
            join "event" e on e."id" = a."event_id"
           where ${changed(['low_educated_mother', 'school_allowance', 'home_language_not_dutch', 'child_with_special_needs'])}))`),
  },
  {
    name: 'project_kpi_after_organization',
    body: performing(`"project_kpi_recount"(array(
          select distinct e."project_id"
            from old_rows o join new_rows n on n."id" = o."id"
            join "event" e on e."organizer_id" = n."id"
           where ${changed(['promotes_social_mix'])}))`),
  },
  {
    name: 'project_kpi_after_project',
    body: (pair) => `
      begin
        if TG_OP = 'INSERT' then
          insert into "project_kpi" ("project_id") select n."id" from new_rows n on conflict do nothing;
        else
          ${pair({
            perform: `"project_kpi_recount"(array(
            select n."id" from old_rows o join new_rows n on n."id" = o."id"
             where ${changed(['funding_period_id'])}))`,
          })}
        end if;
        return null;
      end`,
  },
];

/**
 * Every trigger function that joins its two transition tables plans that join for the call
 * (EXECUTE) when the statement changed more than PLANNED_IN_PLACE_ROWS rows, no longer once per
 * connection for every size.
 *
 * PL/pgSQL keeps the plan of a static statement for the life of the connection, made with the row
 * counts of its first call. A pooled connection whose first update of a table touched one row keeps
 * a nested loop over `old_rows × new_rows`: its later update of 5,000 attendances (an import, a
 * retention batch of 5,000 households) compares 25 million pairs per such join. Measured on the
 * scale data set: 5,000 attendances updated after seven one-row updates took 11.6 s (the server's
 * statement timeout is 10 s), 0.43 s on a fresh connection; 20,000 rows did not end in 120 s. With
 * EXECUTE the join is planned with the call's own counts (a hash join for thousands of rows). A
 * write of up to 100 rows keeps the plan made in place: planning on every call cost a one-row
 * attendance update about 1.1 ms more in all (300 updates in a row: 2.38 / 2.16 s against 2.05 / 1.82 s).
 *
 * The statements are the same text as before (through EXECUTE, the household check's two constant
 * arrays are passed as $1 and $2). `down` plans them in place for every size again.
 */
export class Migration20261207020000_trigger_plans extends Migration {
  override up(): void {
    for (const f of FUNCTIONS) this.addSql(`create or replace function "${f.name}"() returns trigger language plpgsql as $$${f.body(dynamicPairing)} $$;`);
  }

  override down(): void {
    for (const f of FUNCTIONS) this.addSql(`create or replace function "${f.name}"() returns trigger language plpgsql as $$${f.body(staticPairing)} $$;`);
  }
}
