import type { OrderSpec } from './connection.js';

/** The client's orderBy, or the list's default; `id` is appended later as the tiebreaker. */
export function orderSpecs(orderBy: { field: string; direction: 'ASC' | 'DESC' }[] | null | undefined, fallback: OrderSpec[]): OrderSpec[] {
  if (!orderBy || orderBy.length === 0) return fallback;
  return orderBy.map((o) => ({ field: o.field, direction: o.direction }));
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
export function likePattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
