/**
 * A PostgreSQL array literal for one bound parameter, e.g. `= any(?::uuid[])`. Needed because
 * knex expands a JavaScript array bound to `?` into a comma list, which `any()` cannot take
 * and which breaks on an empty list. Elements are quoted, so any text is safe.
 */
export function sqlArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}
