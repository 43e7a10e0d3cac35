import type { EntityManager } from '@mikro-orm/sql';
import type { Problems } from '../../graphql/user-errors.js';
import { findIdentifier, IDENTIFIER_LABEL } from './identifiers.js';

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

/**
 * A household's residence must be a Flemish municipality (in the municipality table) valid on
 * `date` (ISO day), or a Brussels municipality. A pre-2025 code used after 2024 is refused, with
 * the hint to use the municipality it merged into.
 */
export async function checkResidenceNisCode(em: EntityManager, p: Problems, field: string, nisCode: string, date: string): Promise<boolean> {
  if (BRUSSELS_NIS_CODES.has(nisCode)) return true;
  const [m] = await em.execute<{ valid_from: string; valid_to: string | null; merged: string | null }[]>(
    `select m.valid_from::text as valid_from, m.valid_to::text as valid_to, t.nis_code as merged
       from municipality m left join municipality t on t.id = m.merged_into_id where m.nis_code = ?`,
    [nisCode],
  );
  if (!m) {
    p.add(field, 'Not the NIS code of a Flemish or Brussels municipality', 'INVALID');
    return false;
  }
  if (m.valid_from > date || (m.valid_to !== null && m.valid_to < date)) {
    const successor = m.merged && m.valid_to ? ` (from ${nextDay(m.valid_to)}: ${m.merged})` : '';
    p.add(field, `This NIS code is not valid on ${date}${successor}`, 'INVALID');
    return false;
  }
  return true;
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
