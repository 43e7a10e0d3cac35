import { Migration } from '@mikro-orm/migrations';

export class Migration20261128000000_initial extends Migration {

  override up(): void {
    this.addSql(`create table "area_composition" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "area_code" varchar(5) not null, "school_year" varchar(9) not null, "pupils_resident" int not null, "indicator_pupils_resident" int not null, constraint "area_composition_pkey" primary key ("id"));`);
    this.addSql(`alter table "area_composition" add constraint "area_composition_area_year_unique" unique ("area_code", "school_year");`);

    this.addSql(`create table "funding_period" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "number" int not null, "label" varchar(255) not null, "starts_on" date not null, "ends_on" date not null, "rate_per_household_cents" int not null, "max_households" int not null, "max_subsidy_cents" int not null, "report_status" text check ("report_status" in ('OPEN', 'FINAL')) not null default 'OPEN', constraint "funding_period_pkey" primary key ("id"));`);
    this.addSql(`alter table "funding_period" add constraint "funding_period_number_unique" unique ("number");`);

    this.addSql(`create table "municipality" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "nis_code" varchar(5) not null, "name" varchar(255) not null, "province" varchar(255) not null, "arrondissement" varchar(255) null, "population" int null, "postcode" varchar(4) null, "valid_from" date not null, "valid_to" date null, "merged_into_id" uuid null, constraint "municipality_pkey" primary key ("id"));`);
    this.addSql(`alter table "municipality" add constraint "municipality_nis_code_unique" unique ("nis_code");`);

    this.addSql(`create table "organization" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "name" varchar(255) not null, "kind" text check ("kind" in ('LOCAL_CONSULTATION_PLATFORM', 'SCHOOL_BOARD', 'NON_PROFIT', 'MUNICIPAL_SERVICE', 'OTHER')) not null, "municipality_id" uuid not null, "promotes_social_mix" boolean not null, constraint "organization_pkey" primary key ("id"));`);
    this.addSql(`alter table "organization" add constraint "organization_municipality_name_unique" unique ("municipality_id", "name");`);

    this.addSql(`create table "project" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "title" varchar(255) not null, "lead_municipality_id" uuid not null, "funding_period_id" uuid not null, "status" text check ("status" in ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'CLOSED')) not null default 'DRAFT', "baseline_households" int not null, "target_households" int not null, "priority" int not null, "subsidy_requested_cents" int not null, "subsidy_granted_cents" int null, "co_financing_cents" int not null, "submitted_at" timestamptz null, "reviewed_at" timestamptz null, "review_note" text null, constraint "project_pkey" primary key ("id"));`);
    this.addSql(`alter table "project" add constraint "project_lead_period_unique" unique ("lead_municipality_id", "funding_period_id");`);

    this.addSql(`create table "household" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "project_id" uuid not null, "reference" varchar(255) not null, "residence_nis_code" varchar(5) not null, "postcode" varchar(4) not null, "children" int not null, "low_educated_mother" boolean null, "school_allowance" boolean null, "home_language_not_dutch" boolean null, "child_with_special_needs" boolean null, "preferred_language" varchar(8) null, "consent_at" timestamptz null, constraint "household_pkey" primary key ("id"));`);
    this.addSql(`alter table "household" add constraint "household_project_reference_unique" unique ("project_id", "reference");`);

    this.addSql(`create table "event" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "type" text check ("type" in ('PARENT_EVENING', 'SCHOOL_VISIT')) not null, "project_id" uuid not null, "organizer_id" uuid not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "venue" varchar(255) not null, "capacity" int null, "languages" text[] not null, "cancelled_at" timestamptz null, "cancellation_reason" text null, constraint "event_pkey" primary key ("id"));`);

    this.addSql(`create table "attendance" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "household_id" uuid not null, "event_id" uuid not null, "status" text check ("status" in ('REGISTERED', 'ATTENDED', 'NO_SHOW')) not null, "recorded_at" timestamptz not null, constraint "attendance_pkey" primary key ("id"));`);
    this.addSql(`alter table "attendance" add constraint "attendance_household_event_unique" unique ("household_id", "event_id");`);

    this.addSql(`create table "project_partner_municipality" ("project_id" uuid not null, "municipality_id" uuid not null, constraint "project_partner_municipality_pkey" primary key ("project_id", "municipality_id"));`);

    this.addSql(`create table "project_partner_organization" ("project_id" uuid not null, "organization_id" uuid not null, constraint "project_partner_organization_pkey" primary key ("project_id", "organization_id"));`);

    this.addSql(`create table "school" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "institution_number" varchar(255) not null, "name" varchar(255) not null, "municipality_id" uuid not null, "postcode" varchar(4) not null, "level" text check ("level" in ('NURSERY', 'PRIMARY', 'SECONDARY')) not null, "network" text check ("network" in ('GO', 'OFFICIAL_SUBSIDISED', 'FREE_SUBSIDISED', 'OTHER')) not null, "capacity" int not null, "latitude" double precision null, "longitude" double precision null, constraint "school_pkey" primary key ("id"));`);
    this.addSql(`alter table "school" add constraint "school_institution_number_unique" unique ("institution_number");`);

    this.addSql(`create table "project_school" ("project_id" uuid not null, "school_id" uuid not null, constraint "project_school_pkey" primary key ("project_id", "school_id"));`);

    this.addSql(`create table "event_school" ("event_id" uuid not null, "school_id" uuid not null, constraint "event_school_pkey" primary key ("event_id", "school_id"));`);

    this.addSql(`create table "enrollment" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "household_id" uuid not null, "school_id" uuid not null, "school_year" varchar(9) not null, constraint "enrollment_pkey" primary key ("id"));`);
    this.addSql(`alter table "enrollment" add constraint "enrollment_household_school_year_unique" unique ("household_id", "school_id", "school_year");`);

    this.addSql(`create table "school_composition" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "school_id" uuid not null, "school_year" varchar(9) not null, "pupils" int not null, "indicator_pupils" int not null, "low_educated_mother" int not null, "school_allowance" int not null, "home_language_not_dutch" int not null, "pupils_with_special_needs" int not null, constraint "school_composition_pkey" primary key ("id"));`);
    this.addSql(`alter table "school_composition" add constraint "school_composition_school_year_unique" unique ("school_id", "school_year");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "email" varchar(255) not null, "password_hash" varchar(255) not null, "role" text check ("role" in ('ADMIN', 'REVIEWER', 'ANALYST', 'COORDINATOR', 'INTEGRATOR')) not null, "municipality_id" uuid null, "active" boolean not null default true, "token_version" int not null default 1, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "api_key" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(255) not null, "prefix" varchar(255) not null, "secret_hash" varchar(255) not null, "municipality_id" uuid not null, "created_by_id" uuid null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);

    this.addSql(`alter table "municipality" add constraint "municipality_merged_into_id_foreign" foreign key ("merged_into_id") references "municipality" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "organization" add constraint "organization_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "project" add constraint "project_lead_municipality_id_foreign" foreign key ("lead_municipality_id") references "municipality" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "project" add constraint "project_funding_period_id_foreign" foreign key ("funding_period_id") references "funding_period" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "household" add constraint "household_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "event" add constraint "event_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "event" add constraint "event_organizer_id_foreign" foreign key ("organizer_id") references "organization" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "attendance" add constraint "attendance_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "attendance" add constraint "attendance_event_id_foreign" foreign key ("event_id") references "event" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "project_partner_municipality" add constraint "project_partner_municipality_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "project_partner_municipality" add constraint "project_partner_municipality_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "project_partner_organization" add constraint "project_partner_organization_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "project_partner_organization" add constraint "project_partner_organization_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "school" add constraint "school_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "project_school" add constraint "project_school_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "project_school" add constraint "project_school_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "event_school" add constraint "event_school_event_id_foreign" foreign key ("event_id") references "event" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "event_school" add constraint "event_school_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "enrollment" add constraint "enrollment_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "enrollment" add constraint "enrollment_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "school_composition" add constraint "school_composition_school_id_foreign" foreign key ("school_id") references "school" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "app_user" add constraint "app_user_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "api_key" add constraint "api_key_municipality_id_foreign" foreign key ("municipality_id") references "municipality" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "api_key" add constraint "api_key_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`);
  }

  override down(): void {
    this.addSql(`alter table "project" drop constraint "project_funding_period_id_foreign";`);

    this.addSql(`alter table "municipality" drop constraint "municipality_merged_into_id_foreign";`);

    this.addSql(`alter table "organization" drop constraint "organization_municipality_id_foreign";`);

    this.addSql(`alter table "project" drop constraint "project_lead_municipality_id_foreign";`);

    this.addSql(`alter table "project_partner_municipality" drop constraint "project_partner_municipality_municipality_id_foreign";`);

    this.addSql(`alter table "school" drop constraint "school_municipality_id_foreign";`);

    this.addSql(`alter table "app_user" drop constraint "app_user_municipality_id_foreign";`);

    this.addSql(`alter table "api_key" drop constraint "api_key_municipality_id_foreign";`);

    this.addSql(`alter table "event" drop constraint "event_organizer_id_foreign";`);

    this.addSql(`alter table "project_partner_organization" drop constraint "project_partner_organization_organization_id_foreign";`);

    this.addSql(`alter table "household" drop constraint "household_project_id_foreign";`);

    this.addSql(`alter table "event" drop constraint "event_project_id_foreign";`);

    this.addSql(`alter table "project_partner_municipality" drop constraint "project_partner_municipality_project_id_foreign";`);

    this.addSql(`alter table "project_partner_organization" drop constraint "project_partner_organization_project_id_foreign";`);

    this.addSql(`alter table "project_school" drop constraint "project_school_project_id_foreign";`);

    this.addSql(`alter table "attendance" drop constraint "attendance_household_id_foreign";`);

    this.addSql(`alter table "enrollment" drop constraint "enrollment_household_id_foreign";`);

    this.addSql(`alter table "attendance" drop constraint "attendance_event_id_foreign";`);

    this.addSql(`alter table "event_school" drop constraint "event_school_event_id_foreign";`);

    this.addSql(`alter table "project_school" drop constraint "project_school_school_id_foreign";`);

    this.addSql(`alter table "event_school" drop constraint "event_school_school_id_foreign";`);

    this.addSql(`alter table "enrollment" drop constraint "enrollment_school_id_foreign";`);

    this.addSql(`alter table "school_composition" drop constraint "school_composition_school_id_foreign";`);

    this.addSql(`alter table "api_key" drop constraint "api_key_created_by_id_foreign";`);

    this.addSql(`drop table if exists "area_composition" cascade;`);

    this.addSql(`drop table if exists "funding_period" cascade;`);

    this.addSql(`drop table if exists "municipality" cascade;`);

    this.addSql(`drop table if exists "organization" cascade;`);

    this.addSql(`drop table if exists "project" cascade;`);

    this.addSql(`drop table if exists "household" cascade;`);

    this.addSql(`drop table if exists "event" cascade;`);

    this.addSql(`drop table if exists "attendance" cascade;`);

    this.addSql(`drop table if exists "project_partner_municipality" cascade;`);

    this.addSql(`drop table if exists "project_partner_organization" cascade;`);

    this.addSql(`drop table if exists "school" cascade;`);

    this.addSql(`drop table if exists "project_school" cascade;`);

    this.addSql(`drop table if exists "event_school" cascade;`);

    this.addSql(`drop table if exists "enrollment" cascade;`);

    this.addSql(`drop table if exists "school_composition" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "api_key" cascade;`);
  }

}
