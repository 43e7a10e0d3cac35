import { Migration } from '@mikro-orm/migrations';

/**
 * A family's rights outweigh a frozen breakdown (issue 15, deliverable 4). The frozen-figures
 * triggers (migration frozen_figures) refuse every household write of a frozen project; this
 * migration lets exactly ONE kind of household UPDATE through: a consent withdrawal, i.e. a row
 * whose consented columns (low_educated_mother, school_allowance, home_language_not_dutch,
 * child_with_special_needs, preferred_language, consent_at) are all null afterwards and whose
 * other columns are unchanged (apart from the bookkeeping version and updated_at). Any other
 * household update of a frozen project (and every insert/delete) is still refused with SM001.
 *
 * Effect on frozen figures: reached households, reached per event type, realised households and
 * the earned subsidy do not depend on these columns and stay as they were. The maintained
 * breakdown (project_kpi) is recounted, so in that project the household moves from "with" or
 * "without indicator" to "indicator unknown" (and out of "with special needs"): the totals of the
 * indicator breakdown stay, its parts shift by one. That is intended: the figure no longer rests
 * on data the family withdrew.
 *
 * The household UPDATE trigger gets its own function; INSERT and DELETE keep frozen_after_row.
 */
export class Migration20261202110000_consent_withdrawal extends Migration {
  override up(): void {
    this.addSql(`create function "frozen_after_household_update"() returns trigger language plpgsql as $$
      declare
        consented constant text[] := array['low_educated_mother', 'school_allowance', 'home_language_not_dutch',
                                           'child_with_special_needs', 'preferred_language', 'consent_at', 'version', 'updated_at'];
        ids uuid[];
      begin
        ids := array(
          select distinct unnest(array[o."project_id", n."project_id"])
            from old_rows o join new_rows n on n."id" = o."id"
           where not ((to_jsonb(o) - consented) = (to_jsonb(n) - consented)
                      and n."low_educated_mother" is null and n."school_allowance" is null and n."home_language_not_dutch" is null
                      and n."child_with_special_needs" is null and n."preferred_language" is null and n."consent_at" is null));
        if cardinality(ids) > 0 then
          perform "frozen_refuse"("frozen_reason"(ids), 'household');
        end if;
        return null;
      end $$;`);
    this.addSql(`drop trigger "frozen_household_update" on "household";`);
    this.addSql(`create trigger "frozen_household_update" after update on "household"
      referencing old table as old_rows new table as new_rows for each statement execute function "frozen_after_household_update"();`);
  }

  override down(): void {
    this.addSql(`drop trigger "frozen_household_update" on "household";`);
    this.addSql(`create trigger "frozen_household_update" after update on "household"
      referencing old table as old_rows new table as new_rows for each statement execute function "frozen_after_row"();`);
    this.addSql(`drop function "frozen_after_household_update"();`);
  }
}
