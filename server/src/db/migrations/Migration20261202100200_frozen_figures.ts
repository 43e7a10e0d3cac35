import { Migration } from '@mikro-orm/migrations';

/**
 * Frozen figures (SPEC §9 step 7, issue 13): a figure is frozen when its project is CLOSED or its
 * funding period's report is FINAL. These triggers refuse every write that could change one, so
 * no code path and no manual SQL changes a closed period unnoticed. The service refuses first,
 * with a friendly userError (`project/frozen.ts`); this is the last line of defence.
 *
 * Every refusal raises SQLSTATE `SM001` (constraint name `frozen_figures`), message
 * "<period label> is final …" or "Project "<title>" is closed …"; `graphql/user-errors.ts` maps it
 * to the user error code `PERIOD_CLOSED`.
 *
 * What is refused (statement-level AFTER triggers with transition tables, so a bulk write is
 * checked once per statement, like the project_kpi triggers):
 * - attendance, event, event_school, household, enrollment: any INSERT, UPDATE or DELETE of a row
 *   that belongs (before or after the write) to a frozen project;
 * - project_partner_municipality, project_partner_organization, project_school: the same for the
 *   project's partners and schools;
 * - project: INSERT into a FINAL period or as CLOSED; DELETE of a frozen project; UPDATE of a
 *   project that is frozen before or after the write, unless it changes no figure column (title,
 *   lead, period, baseline, target, priority, requested, granted, co-financing) and its status
 *   moves, if at all, only APPROVED → CLOSED (closing) or CLOSED → APPROVED (reopening);
 * - organization: a change of `promotes_social_mix` of an organisation that organised events of a
 *   frozen project (it decides whether those events count);
 * - funding_period: while FINAL (before or after the write), a change of its dates, rate or
 *   maxima; DELETE of a FINAL period.
 * Status transitions themselves stay possible: closeFundingPeriodReport (OPEN → FINAL, APPROVED →
 * CLOSED) and a reopening (FINAL → OPEN, CLOSED → APPROVED), in either order. The maintained KPI
 * counts (`project_kpi`) have no trigger here, so `pnpm db:recount` still rebuilds them.
 */
export class Migration20261202100200_frozen_figures extends Migration {
  override up(): void {
    // The reason the first frozen project among `project_ids` is frozen, or null when none is.
    this.addSql(`create function "frozen_reason"(project_ids uuid[]) returns text language sql stable as $$
      select case when fp."report_status" = 'FINAL'
                  then format('%s is final: its figures can no longer change', fp."label")
                  else format('Project "%s" is closed: its figures can no longer change', p."title") end
        from "project" p join "funding_period" fp on fp."id" = p."funding_period_id"
       where p."id" = any(project_ids) and (p."status" = 'CLOSED' or fp."report_status" = 'FINAL')
       order by (fp."report_status" = 'FINAL') desc, fp."number", p."title"
       limit 1
    $$;`);

    this.addSql(`create function "frozen_refuse"(reason text, tbl text) returns void language plpgsql as $$
      begin
        if reason is not null then
          raise exception using errcode = 'SM001', message = reason, detail = reason, constraint = 'frozen_figures', table = tbl,
                hint = 'Reopening the period is an administrator''s act (SPEC section 9).';
        end if;
      end $$;`);

    // Rows that point at a project directly (household) or through an event or a household.
    this.addSql(`create function "frozen_after_row"() returns trigger language plpgsql as $$
      declare ids uuid[];
      begin
        if TG_TABLE_NAME in ('household', 'project_partner_municipality', 'project_partner_organization', 'project_school') then
          if TG_OP in ('UPDATE', 'DELETE') then ids := array(select o."project_id" from old_rows o); end if;
          if TG_OP in ('UPDATE', 'INSERT') then ids := coalesce(ids, '{}') || array(select n."project_id" from new_rows n); end if;
        elsif TG_TABLE_NAME = 'event' then
          if TG_OP in ('UPDATE', 'DELETE') then ids := array(select o."project_id" from old_rows o); end if;
          if TG_OP in ('UPDATE', 'INSERT') then ids := coalesce(ids, '{}') || array(select n."project_id" from new_rows n); end if;
        elsif TG_TABLE_NAME in ('attendance', 'event_school') then
          if TG_OP in ('UPDATE', 'DELETE') then
            ids := array(select e."project_id" from old_rows o join "event" e on e."id" = o."event_id");
          end if;
          if TG_OP in ('UPDATE', 'INSERT') then
            ids := coalesce(ids, '{}') || array(select e."project_id" from new_rows n join "event" e on e."id" = n."event_id");
          end if;
        elsif TG_TABLE_NAME = 'enrollment' then
          if TG_OP in ('UPDATE', 'DELETE') then
            ids := array(select h."project_id" from old_rows o join "household" h on h."id" = o."household_id");
          end if;
          if TG_OP in ('UPDATE', 'INSERT') then
            ids := coalesce(ids, '{}') || array(select h."project_id" from new_rows n join "household" h on h."id" = n."household_id");
          end if;
        end if;
        if ids is not null and cardinality(ids) > 0 then
          perform "frozen_refuse"("frozen_reason"(ids), TG_TABLE_NAME);
        end if;
        return null;
      end $$;`);
    for (const table of ['attendance', 'event', 'event_school', 'household', 'enrollment', 'project_partner_municipality', 'project_partner_organization', 'project_school']) {
      this.addSql(`create trigger "frozen_${table}_insert" after insert on "${table}"
        referencing new table as new_rows for each statement execute function "frozen_after_row"();`);
      this.addSql(`create trigger "frozen_${table}_update" after update on "${table}"
        referencing old table as old_rows new table as new_rows for each statement execute function "frozen_after_row"();`);
      this.addSql(`create trigger "frozen_${table}_delete" after delete on "${table}"
        referencing old table as old_rows for each statement execute function "frozen_after_row"();`);
    }

    // Projects: the figures of a frozen project stay; only closing and reopening move its status.
    this.addSql(`create function "frozen_after_project"() returns trigger language plpgsql as $$
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
          select case when fo."report_status" = 'FINAL' then format('%s is final: its figures can no longer change', fo."label")
                      when fn."report_status" = 'FINAL' then format('%s is final: its figures can no longer change', fn."label")
                      else format('Project "%s" is closed: its figures can no longer change', o."title") end
            into reason
            from old_rows o join new_rows n on n."id" = o."id"
            join "funding_period" fo on fo."id" = o."funding_period_id"
            join "funding_period" fn on fn."id" = n."funding_period_id"
           where (o."status" = 'CLOSED' or n."status" = 'CLOSED' or fo."report_status" = 'FINAL' or fn."report_status" = 'FINAL')
             and ((o."title", o."lead_municipality_id", o."funding_period_id", o."baseline_households", o."target_households", o."priority",
                   o."subsidy_requested_cents", o."subsidy_granted_cents", o."co_financing_cents")
                  is distinct from
                  (n."title", n."lead_municipality_id", n."funding_period_id", n."baseline_households", n."target_households", n."priority",
                   n."subsidy_requested_cents", n."subsidy_granted_cents", n."co_financing_cents")
                  or (o."status" <> n."status" and (o."status", n."status") not in (('APPROVED', 'CLOSED'), ('CLOSED', 'APPROVED'))))
           limit 1;
        end if;
        perform "frozen_refuse"(reason, 'project');
        return null;
      end $$;`);
    this.addSql(`create trigger "frozen_project_insert" after insert on "project"
      referencing new table as new_rows for each statement execute function "frozen_after_project"();`);
    this.addSql(`create trigger "frozen_project_update" after update on "project"
      referencing old table as old_rows new table as new_rows for each statement execute function "frozen_after_project"();`);
    this.addSql(`create trigger "frozen_project_delete" after delete on "project"
      referencing old table as old_rows for each statement execute function "frozen_after_project"();`);

    // An organisation's flag decides whether its events count for the KPI.
    this.addSql(`create function "frozen_after_organization"() returns trigger language plpgsql as $$
      begin
        perform "frozen_refuse"("frozen_reason"(array(
          select distinct e."project_id"
            from old_rows o join new_rows n on n."id" = o."id"
            join "event" e on e."organizer_id" = n."id"
           where o."promotes_social_mix" is distinct from n."promotes_social_mix")), 'organization');
        return null;
      end $$;`);
    this.addSql(`create trigger "frozen_organization_update" after update on "organization"
      referencing old table as old_rows new table as new_rows for each statement execute function "frozen_after_organization"();`);

    // A FINAL period keeps the dates, rate and maxima its figures were computed with.
    this.addSql(`create function "frozen_after_funding_period"() returns trigger language plpgsql as $$
      declare reason text;
      begin
        if TG_OP = 'DELETE' then
          select format('%s is final: it cannot be deleted', o."label") into reason from old_rows o where o."report_status" = 'FINAL' limit 1;
        else
          select format('%s is final: its dates, rate and maxima can no longer change', n."label")
            into reason
            from old_rows o join new_rows n on n."id" = o."id"
           where (o."report_status" = 'FINAL' or n."report_status" = 'FINAL')
             and (o."starts_on", o."ends_on", o."rate_per_household_cents", o."max_households", o."max_subsidy_cents")
                 is distinct from (n."starts_on", n."ends_on", n."rate_per_household_cents", n."max_households", n."max_subsidy_cents")
           limit 1;
        end if;
        perform "frozen_refuse"(reason, 'funding_period');
        return null;
      end $$;`);
    this.addSql(`create trigger "frozen_funding_period_update" after update on "funding_period"
      referencing old table as old_rows new table as new_rows for each statement execute function "frozen_after_funding_period"();`);
    this.addSql(`create trigger "frozen_funding_period_delete" after delete on "funding_period"
      referencing old table as old_rows for each statement execute function "frozen_after_funding_period"();`);
  }

  /** Drops the triggers with their functions (CASCADE removes each function's triggers). */
  override down(): void {
    for (const fn of ['frozen_after_row', 'frozen_after_project', 'frozen_after_organization', 'frozen_after_funding_period', 'frozen_refuse', 'frozen_reason']) {
      this.addSql(`drop function if exists "${fn}" cascade;`);
    }
  }
}
