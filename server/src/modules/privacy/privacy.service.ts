import type { EntityManager } from '@mikro-orm/sql';
import type { Problems } from '../../graphql/user-errors.js';
import { findIdentifier, IDENTIFIER_LABEL } from './identifiers.js';
import { sqlArray } from '../../db/sql.js';

/**
 * Refuses a text that holds an identifier (CONTAINS_IDENTIFIER), naming its kind and never
 * echoing the value. True when the text is clean (or absent).
 */
export function checkNoIdentifier(p: Problems, field: string | string[], text: string | null | undefined): boolean {
  if (text == null) return true;
  const kind = findIdentifier(text);
  if (!kind) return true;
  p.add(field, `Looks like ${IDENTIFIER_LABEL[kind]} (${kind}); records here are pseudonymous: leave it out`, 'CONTAINS_IDENTIFIER');
  return false;
}

/**
 * The 19 municipalities of the Brussels-Capital Region (NIS 21001 … 21019, unchanged since 1977
 * and not merged in 2025). The municipality table holds the Flemish municipalities only (the
 * programme's reference data), so Brussels codes are accepted from this list (docs/PRIVACY.md).
 */
export const BRUSSELS_NIS_CODES: ReadonlySet<string> = new Set(Array.from({ length: 19 }, (_, i) => String(21001 + i)));

/** A range of ISO days, both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * A household's residence must be a Flemish municipality (in the municipality table) or a
 * Brussels one, valid on the date of an event the family can attend: on at least one day of
 * `range`, the days the project's events can fall on (its funding period). The day it is entered
 * does not matter, so a municipality can backfill a past period with the codes valid then. A code
 * valid only before the range is refused naming the code it merged into; one valid only after it
 * naming the codes it replaced. Attendance checks the code against each event's own date
 * (`residenceProblems`).
 */
export async function checkResidenceNisCode(em: EntityManager, p: Problems, field: string, nisCode: string, range: DayRange): Promise<boolean> {
  if (BRUSSELS_NIS_CODES.has(nisCode)) return true;
  const [m] = await em.execute<{ valid_from: string; valid_to: string | null; merged: string | null; predecessors: string | null }[]>(
    `select m.valid_from::text as valid_from, m.valid_to::text as valid_to, t.nis_code as merged,
            (select string_agg(o.nis_code, ', ' order by o.nis_code) from municipality o where o.merged_into_id = m.id and o.nis_code <> m.nis_code) as predecessors
       from municipality m left join municipality t on t.id = m.merged_into_id where m.nis_code = ?`,
    [nisCode],
  );
  if (!m) {
    p.add(field, 'Not the NIS code of a Flemish or Brussels municipality', 'INVALID');
    return false;
  }
  if (m.valid_from <= range.to && (m.valid_to === null || m.valid_to >= range.from)) return true;
  const during = `during the project’s funding period (${range.from} – ${range.to}), when its events take place`;
  if (m.valid_to !== null && m.valid_to < range.from) {
    const successor = m.merged ? `: from ${nextDay(m.valid_to)} it is ${m.merged}` : `: it ended on ${m.valid_to}`;
    p.add(field, `This NIS code is not valid ${during}${successor}`, 'INVALID');
  } else {
    const before = m.predecessors ? `; before, use the code it replaced (${m.predecessors})` : '';
    p.add(field, `This NIS code is not valid ${during}: it is valid from ${m.valid_from}${before}`, 'INVALID');
  }
  return false;
}

/** One attendance to check: the household's residence code and the event's day (Europe/Brussels). */
export interface ResidenceAtEvent {
  nisCode: string;
  day: string;
}

/**
 * The residence code against each event's date, through the 2025 merger crosswalk: accepted when
 * the code is valid on the event's day, when the municipality it merged into is (an old code at a
 * later event), or when one it replaced is (a new code at an earlier event) — the same territory
 * under the code of that day. Brussels codes are always valid. One query for all pairs; answers a
 * message per refused pair (by index), naming the field `residenceNisCode`.
 */
export async function residenceProblems(em: EntityManager, pairs: readonly ResidenceAtEvent[]): Promise<Map<number, string>> {
  const problems = new Map<number, string>();
  const keyOf = (x: ResidenceAtEvent) => `${x.nisCode}|${x.day}`;
  const distinct = [...new Map(pairs.filter((x) => !BRUSSELS_NIS_CODES.has(x.nisCode)).map((x) => [keyOf(x), x])).values()];
  if (distinct.length === 0) return problems;
  const valid = `%1.valid_from <= r.day and (%1.valid_to is null or %1.valid_to >= r.day)`;
  const on = (alias: string) => valid.replaceAll('%1', alias);
  const refused = await em.execute<{ nis: string; day: string; valid_from: string | null; valid_to: string | null }[]>(
    `select r.nis, r.day::text as day, m.valid_from::text as valid_from, m.valid_to::text as valid_to
       from unnest(?::text[], ?::date[]) as r(nis, day)
       left join municipality m on m.nis_code = r.nis
      where m.id is null
         or not (${on('m')}
                 or exists (select 1 from municipality s where s.id = m.merged_into_id and ${on('s')})
                 or exists (select 1 from municipality o where o.merged_into_id = m.id and ${on('o')}))`,
    [sqlArray(distinct.map((x) => x.nisCode)), sqlArray(distinct.map((x) => x.day))],
  );
  const reasons = new Map(
    refused.map((r) => [
      `${r.nis}|${r.day}`,
      r.valid_from !== null
        ? `The household’s residence code (residenceNisCode ${r.nis}, valid ${r.valid_to ? `${r.valid_from} – ${r.valid_to}` : `from ${r.valid_from}`}) is not valid on the event’s date ${r.day}, nor is a municipality it merged into or from: correct the household’s residenceNisCode`
        : `The household’s residence code (residenceNisCode ${r.nis}) is not the NIS code of a Flemish or Brussels municipality: correct the household’s residenceNisCode`,
    ]),
  );
  pairs.forEach((x, i) => {
    const reason = reasons.get(keyOf(x));
    if (reason) problems.set(i, reason);
  });
  return problems;
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
