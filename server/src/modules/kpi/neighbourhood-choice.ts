import type { EntityManager } from '@mikro-orm/sql';
import { LIMITS } from '@schoolmix/shared';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { sqlArray } from '../../db/sql.js';
import { suppressParts } from '../disclosure/disclosure.js';
import { reachedAttendancesSql } from './kpi.js';

@ObjectType({ description: 'Households with an enrollment, and how many chose a neighbourhood school' })
export class ChoiceGroup {
  @Field(() => Int, { nullable: true }) households!: number | null;
  @Field(() => Int, { nullable: true }) neighbourhoodSchool!: number | null;
  @Field(() => Float, { nullable: true }) share!: number | null;
  @Field(() => String, { nullable: true, description: 'BELOW_THRESHOLD when the group has fewer than 5 households (households null) or one side of its split is 1–4 (split null)' })
  suppressedReason!: string | null;
}

@ObjectType({ description: 'Neighbourhood school choice of reached households against registered households that were not reached' })
export class NeighbourhoodChoice {
  @Field(() => ChoiceGroup) reached!: ChoiceGroup;
  @Field(() => ChoiceGroup) notReached!: ChoiceGroup;
}

/**
 * THE neighbourhood-school rule (SPEC: the school lies in the household's municipality or
 * postcode), over `h` household, `s` school and `ms` the school's municipality.
 */
export const NEIGHBOURHOOD_SCHOOL_SQL = '(ms.nis_code = h.residence_nis_code or s.postcode = h.postcode)';

/** Whether each enrollment is in a neighbourhood school, in one statement. */
export async function loadIsNeighbourhoodSchool(em: EntityManager, enrollmentIds: readonly string[]): Promise<boolean[]> {
  const rows = await em.execute<{ id: string; neighbourhood: boolean }[]>(
    `select e.id, ${NEIGHBOURHOOD_SCHOOL_SQL} as neighbourhood
       from enrollment e
       join household h on h.id = e.household_id
       join school s on s.id = e.school_id
       join municipality ms on ms.id = s.municipality_id
      where e.id = any(?::uuid[])`,
    [sqlArray(enrollmentIds)],
  );
  const byId = new Map(rows.map((r) => [r.id, r.neighbourhood]));
  return enrollmentIds.map((id) => byId.get(id) ?? false);
}

/**
 * A group with disclosure control: a group under the threshold shows nothing; a larger one shows
 * its split into neighbourhood / other school only when neither side is a count of 1–4.
 */
function group(households: number, neighbourhood: number, threshold: number): ChoiceGroup {
  if (households < threshold) return { households: null, neighbourhoodSchool: null, share: null, suppressedReason: 'BELOW_THRESHOLD' };
  const { parts } = suppressParts([neighbourhood, households - neighbourhood], households, threshold);
  if (parts[0]!.value === null) return { households, neighbourhoodSchool: null, share: null, suppressedReason: 'BELOW_THRESHOLD' };
  return { households, neighbourhoodSchool: neighbourhood, share: neighbourhood / households, suppressedReason: null };
}

/**
 * For each key (a project id or a lead municipality id): households with an enrollment (in
 * `schoolYear` when given), split by reached or not, and how many enrolled a child in a school
 * of their own municipality or postcode. One statement for all keys.
 */
export async function loadNeighbourhoodChoice(
  em: EntityManager,
  by: 'project' | 'leadMunicipality',
  keys: readonly string[],
  schoolYear: string | null,
  threshold: number = LIMITS.disclosureThreshold,
): Promise<NeighbourhoodChoice[]> {
  const keyColumn = by === 'project' ? 'p.id' : 'p.lead_municipality_id';
  const rows = await em.execute<{ key: string; reached: boolean; households: number; neighbourhood: number }[]>(
    `with scope as (select p.id, ${keyColumn} as key from project p where ${keyColumn} = any(?::uuid[])),
     reached as (
       select distinct r.project_id, r.household_id from (${reachedAttendancesSql('p.id in (select id from scope)')}) r
     ),
     enrolled as (
       select h.project_id, h.id as household_id,
              bool_or(${NEIGHBOURHOOD_SCHOOL_SQL}) as neighbourhood
         from household h
         join enrollment e on e.household_id = h.id
         join school s on s.id = e.school_id
         join municipality ms on ms.id = s.municipality_id
        where h.project_id in (select id from scope) and (?::text is null or e.school_year = ?::text)
        group by h.project_id, h.id
     )
     select sc.key, (r.household_id is not null) as reached, count(*)::int as households,
            count(*) filter (where en.neighbourhood)::int as neighbourhood
       from enrolled en
       join scope sc on sc.id = en.project_id
       left join reached r on r.project_id = en.project_id and r.household_id = en.household_id
      group by sc.key, (r.household_id is not null)`,
    [sqlArray(keys), schoolYear, schoolYear],
  );
  return keys.map((key) => {
    const of = (reached: boolean) => rows.find((r) => r.key === key && r.reached === reached);
    const yes = of(true);
    const no = of(false);
    return {
      reached: group(yes?.households ?? 0, yes?.neighbourhood ?? 0, threshold),
      notReached: group(no?.households ?? 0, no?.neighbourhood ?? 0, threshold),
    };
  });
}
