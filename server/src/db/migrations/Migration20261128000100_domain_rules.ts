import { Migration } from '@mikro-orm/migrations';

/**
 * The domain rules that can live in the database, so it stays the last line of defence even
 * when a bug or a hand-written script slips past the service layer (which gives the friendly
 * error). Constraint names are stable: the service layer maps them to user errors.
 */
export class Migration20261128000100_domain_rules extends Migration {
  override up(): void {
    this.addSql(`alter table "municipality"
      add constraint "municipality_nis_code_format" check ("nis_code" ~ '^[0-9]{5}$'),
      add constraint "municipality_validity" check ("valid_to" is null or "valid_to" >= "valid_from"),
      add constraint "municipality_population_positive" check ("population" is null or "population" >= 0);`);

    this.addSql(`alter table "funding_period"
      add constraint "funding_period_dates" check ("starts_on" < "ends_on"),
      add constraint "funding_period_rate_positive" check ("rate_per_household_cents" > 0),
      add constraint "funding_period_max_households_positive" check ("max_households" > 0),
      add constraint "funding_period_max_subsidy" check ("max_subsidy_cents" = "rate_per_household_cents" * "max_households"),
      add constraint "funding_period_no_overlap" exclude using gist (daterange("starts_on", "ends_on", '[]') with &&);`);

    this.addSql(`alter table "project"
      add constraint "project_baseline_households_non_negative" check ("baseline_households" >= 0),
      add constraint "project_target_households_positive" check ("target_households" >= 1),
      add constraint "project_priority_positive" check ("priority" >= 1),
      add constraint "project_subsidy_requested_non_negative" check ("subsidy_requested_cents" >= 0),
      add constraint "project_subsidy_granted_non_negative" check ("subsidy_granted_cents" is null or "subsidy_granted_cents" >= 0),
      add constraint "project_co_financing_non_negative" check ("co_financing_cents" >= 0);`);
    // A CHECK cannot look at another table: the period's limits are kept by a trigger.
    this.addSql(`create function "project_within_period_limits"() returns trigger language plpgsql as $$
      declare p record;
      begin
        select "max_households", "max_subsidy_cents" into p from "funding_period" where "id" = new."funding_period_id";
        if new."target_households" > p."max_households" then
          raise exception 'target households % exceed the period maximum %', new."target_households", p."max_households"
            using errcode = '23514', constraint = 'project_target_households_max';
        end if;
        if new."subsidy_requested_cents" > p."max_subsidy_cents" then
          raise exception 'requested subsidy exceeds the period maximum'
            using errcode = '23514', constraint = 'project_subsidy_requested_max';
        end if;
        if new."subsidy_granted_cents" > p."max_subsidy_cents" then
          raise exception 'granted subsidy exceeds the period maximum'
            using errcode = '23514', constraint = 'project_subsidy_granted_max';
        end if;
        return new;
      end $$;`);
    this.addSql(`create trigger "project_within_period_limits" before insert or update on "project"
      for each row execute function "project_within_period_limits"();`);

    this.addSql(`alter table "school"
      add constraint "school_postcode_format" check ("postcode" ~ '^[1-9][0-9]{3}$'),
      add constraint "school_capacity_non_negative" check ("capacity" >= 0),
      add constraint "school_latitude_range" check ("latitude" is null or "latitude" between -90 and 90),
      add constraint "school_longitude_range" check ("longitude" is null or "longitude" between -180 and 180);`);

    this.addSql(`alter table "school_composition"
      add constraint "school_composition_school_year_format" check ("school_year" ~ '^[0-9]{4}-[0-9]{4}$'),
      add constraint "school_composition_pupils_non_negative" check ("pupils" >= 0),
      add constraint "school_composition_counts_within_pupils" check (
        "indicator_pupils" between 0 and "pupils"
        and "low_educated_mother" between 0 and "pupils"
        and "school_allowance" between 0 and "pupils"
        and "home_language_not_dutch" between 0 and "pupils"
        and "pupils_with_special_needs" between 0 and "pupils");`);

    this.addSql(`alter table "area_composition"
      add constraint "area_composition_counts" check ("pupils_resident" >= 0 and "indicator_pupils_resident" between 0 and "pupils_resident");`);

    this.addSql(`alter table "event"
      add constraint "event_ends_after_start" check ("ends_at" > "starts_at"),
      add constraint "event_capacity_positive" check ("capacity" is null or "capacity" > 0);`);

    this.addSql(`alter table "household"
      add constraint "household_children_range" check ("children" between 0 and 20),
      add constraint "household_residence_nis_code_format" check ("residence_nis_code" ~ '^[0-9]{5}$'),
      add constraint "household_postcode_format" check ("postcode" ~ '^[1-9][0-9]{3}$');`);

    this.addSql(`alter table "app_user" add constraint "app_user_email_lowercase" check ("email" = lower("email"));`);

    // Foreign keys that no unique index already leads with: the nested reports join on them.
    this.addSql(`create index "project_funding_period_id_index" on "project" ("funding_period_id");`);
    this.addSql(`create index "event_project_id_starts_at_index" on "event" ("project_id", "starts_at");`);
    this.addSql(`create index "event_organizer_id_index" on "event" ("organizer_id");`);
    this.addSql(`create index "attendance_event_id_index" on "attendance" ("event_id");`);
    this.addSql(`create index "school_municipality_id_index" on "school" ("municipality_id");`);
    this.addSql(`create index "municipality_merged_into_id_index" on "municipality" ("merged_into_id");`);
    this.addSql(`create index "project_partner_municipality_municipality_id_index" on "project_partner_municipality" ("municipality_id");`);
    this.addSql(`create index "project_partner_organization_organization_id_index" on "project_partner_organization" ("organization_id");`);
    this.addSql(`create index "project_school_school_id_index" on "project_school" ("school_id");`);
    this.addSql(`create index "event_school_school_id_index" on "event_school" ("school_id");`);
    this.addSql(`create index "enrollment_school_id_index" on "enrollment" ("school_id");`);
    this.addSql(`create index "app_user_municipality_id_index" on "app_user" ("municipality_id");`);
    this.addSql(`create index "api_key_municipality_id_index" on "api_key" ("municipality_id");`);
  }
}
