import { Migration } from '@mikro-orm/migrations';

/**
 * Consent withdrawal and erasure (issue 15, deliverable 4): a family's rights outweigh a frozen
 * breakdown. The frozen-figures triggers (migration frozen_figures) refuse every household and
 * enrollment write of a frozen project; this migration lets exactly these writes through:
 *
 * - a consent withdrawal: a household UPDATE after which the consented columns
 *   (low_educated_mother, school_allowance, home_language_not_dutch, child_with_special_needs,
 *   preferred_language, consent_at) are all null and no other column changed (apart from the
 *   bookkeeping version and updated_at);
 * - an erasure: a household UPDATE that turns the row into an anonymous stub — `erased_at` set,
 *   reference replaced by `erased-<uuid>`, residence code, postcode, children and every consented
 *   column null, the project unchanged — and the DELETE of the enrollments of an erased household.
 *
 * Every other household or enrollment write of a frozen project is still refused with SM001.
 * The stub keeps its id, so attendance rows (and with them reached, reached per event type,
 * realised households and the earned subsidy) stay exactly as they were; a CHECK makes sure an
 * erased row holds nothing else.
 *
 * Effect on the maintained indicator breakdown (project_kpi, recounted by its own trigger): the
 * household moves from "with"/"without indicator" to "indicator unknown" (and out of "with special
 * needs"); the breakdown's total is unchanged.
 */
export class Migration20261202110000_consent_erasure extends Migration {
  override up(): void {
    this.addSql(`alter table "household"
      add column "erased_at" timestamptz null,
      add column "erasure_reason" varchar(500) null,
      alter column "residence_nis_code" drop not null,
      alter column "postcode" drop not null,
      alter column "children" drop not null;`);
    this.addSql(`alter table "household" add constraint "household_erased_stub" check (
      case when "erased_at" is null
           then "residence_nis_code" is not null and "postcode" is not null and "children" is not null and "erasure_reason" is null
           else "reference" like 'erased-%' and "residence_nis_code" is null and "postcode" is null and "children" is null
                and "low_educated_mother" is null and "school_allowance" is null and "home_language_not_dutch" is null
                and "child_with_special_needs" is null and "preferred_language" is null and "consent_at" is null end);`);

    this.addSql(`create function "frozen_after_household_update"() returns trigger language plpgsql as $$
      declare
        withdrawal constant text[] := array['low_educated_mother', 'school_allowance', 'home_language_not_dutch',
                                            'child_with_special_needs', 'preferred_language', 'consent_at', 'version', 'updated_at'];
        erasure constant text[] := withdrawal || array['reference', 'residence_nis_code', 'postcode', 'children', 'erased_at', 'erasure_reason'];
        ids uuid[];
      begin
        ids := array(
          select distinct unnest(array[o."project_id", n."project_id"])
            from old_rows o join new_rows n on n."id" = o."id"
           where not (n."low_educated_mother" is null and n."school_allowance" is null and n."home_language_not_dutch" is null
                      and n."child_with_special_needs" is null and n."preferred_language" is null and n."consent_at" is null
                      and ((to_jsonb(o) - withdrawal) = (to_jsonb(n) - withdrawal)
                           or (o."erased_at" is null and n."erased_at" is not null and (to_jsonb(o) - erasure) = (to_jsonb(n) - erasure)))));
        if cardinality(ids) > 0 then
          perform "frozen_refuse"("frozen_reason"(ids), 'household');
        end if;
        return null;
      end $$;`);
    this.addSql(`drop trigger "frozen_household_update" on "household";`);
    this.addSql(`create trigger "frozen_household_update" after update on "household"
      referencing old table as old_rows new table as new_rows for each statement execute function "frozen_after_household_update"();`);

    this.addSql(`create function "frozen_after_enrollment_delete"() returns trigger language plpgsql as $$
      declare ids uuid[];
      begin
        ids := array(select distinct h."project_id" from old_rows o join "household" h on h."id" = o."household_id" where h."erased_at" is null);
        if cardinality(ids) > 0 then
          perform "frozen_refuse"("frozen_reason"(ids), 'enrollment');
        end if;
        return null;
      end $$;`);
    this.addSql(`drop trigger "frozen_enrollment_delete" on "enrollment";`);
    this.addSql(`create trigger "frozen_enrollment_delete" after delete on "enrollment"
      referencing old table as old_rows for each statement execute function "frozen_after_enrollment_delete"();`);
  }

  override down(): void {
    this.addSql(`drop trigger "frozen_household_update" on "household";`);
    this.addSql(`create trigger "frozen_household_update" after update on "household"
      referencing old table as old_rows new table as new_rows for each statement execute function "frozen_after_row"();`);
    this.addSql(`drop function "frozen_after_household_update"();`);
    this.addSql(`drop trigger "frozen_enrollment_delete" on "enrollment";`);
    this.addSql(`create trigger "frozen_enrollment_delete" after delete on "enrollment"
      referencing old table as old_rows for each statement execute function "frozen_after_row"();`);
    this.addSql(`drop function "frozen_after_enrollment_delete"();`);
    this.addSql(`alter table "household" drop constraint "household_erased_stub", drop column "erased_at", drop column "erasure_reason";`);
  }
}
