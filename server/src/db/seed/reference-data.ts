import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** A municipality as the seed writes it; `mergedInto` is the NIS code of its 2025 successor. */
export interface MunicipalityRow {
  nisCode: string;
  name: string;
  province: string;
  arrondissement: string | null;
  population: number | null;
  postcode: string | null;
  /** ISO date. */
  validFrom: string;
  /** ISO date; null while the code is valid. */
  validTo: string | null;
  mergedInto: string | null;
}

/** The day the 2019–2024 codes start in this data (the crosswalk's effective date for them). */
export const PRE_2025_VALID_FROM = '2019-01-01';
/** The day of the 2025 mergers, and the last day of the absorbed codes. */
export const MERGER_DATE = '2025-01-01';
export const LAST_DAY_BEFORE_MERGER = '2024-12-31';

/**
 * The source file's `zip` is a place named like the municipality; for these four that place lies
 * in another municipality (see reference/SOURCES.md), so the main postcode is set instead.
 */
export const POSTCODE_CORRECTIONS: Readonly<Record<string, string>> = {
  '24020': '3290', // Diest (file: 2100, Deurne)
  '42008': '9220', // Hamme (file: 1785, Hamme in Merchtem)
  '44081': '9870', // Zulte (file: 1830, Machelen)
  '46003': '9120', // Beveren (file: 8791, Beveren-Leie)
};

/**
 * Parses the small, well-formed CSV files under reference/: comma-separated, fields optionally
 * in double quotes with `""` as an escaped quote, one record per line. Not a general CSV reader.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') {
          quoted = false;
        } else {
          field += c;
        }
      } else if (c === '"') {
        quoted = true;
      } else if (c === ',') {
        fields.push(field);
        field = '';
      } else {
        field += c;
      }
    }
    if (quoted) throw new Error(`Unterminated quote in CSV line: ${line}`);
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}

/** CSV rows as objects keyed by the header, checking that the expected columns are there. */
function records(text: string, required: readonly string[]): Record<string, string>[] {
  const [header, ...body] = parseCsv(text);
  if (!header) throw new Error('Empty CSV');
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new Error(`CSV lacks column(s) ${missing.join(', ')}`);
  return body.map((fields) => Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ''])));
}

/**
 * The source a new municipality takes its province, arrondissement and postcode from: the one
 * with its name (Tielt, Lokeren), else the most populous one in its arrondissement (the first two
 * NIS digits), so Beveren-Kruibeke-Zwijndrecht (46030) lands in East Flanders, not with Zwijndrecht
 * in Antwerp.
 */
function primarySource(target: string, targetName: string, sources: MunicipalityRow[]): MunicipalityRow {
  const sameName = sources.find((s) => s.name === targetName);
  if (sameName) return sameName;
  const sameArrondissement = sources.filter((s) => s.nisCode.slice(0, 2) === target.slice(0, 2));
  const candidates = sameArrondissement.length > 0 ? sameArrondissement : sources;
  return candidates.reduce((best, s) => ((s.population ?? 0) > (best.population ?? 0) ? s : best));
}

/**
 * Builds every municipality row from the two reference files: the 300 codes of 2019–2024, the
 * absorbed ones closed on 2024-12-31 with `mergedInto` their successor, and the new codes of
 * 1 January 2025, so that exactly 285 are valid from that day. A successor's population is the
 * sum of its sources; its province, arrondissement and postcode come from its primary source (see
 * `primarySource`), which matters when a merger crosses a province line. Pure: the same files
 * give the same rows, in NIS code order.
 */
export function buildMunicipalityRows(municipalitiesCsv: string, crosswalkCsv: string): MunicipalityRow[] {
  const rows = new Map<string, MunicipalityRow>();
  for (const r of records(municipalitiesCsv, ['NIS_code', 'municipality_NL', 'arrondissement_NL', 'province_NL', 'inhabitants', 'zip'])) {
    const nisCode = r.NIS_code!.trim();
    if (rows.has(nisCode)) throw new Error(`Duplicate NIS code ${nisCode}`);
    const population = Number(r.inhabitants);
    rows.set(nisCode, {
      nisCode,
      name: r.municipality_NL!.trim(),
      province: r.province_NL!.trim(),
      arrondissement: r.arrondissement_NL!.trim() || null,
      population: r.inhabitants!.trim() !== '' && Number.isInteger(population) ? population : null,
      postcode: POSTCODE_CORRECTIONS[nisCode] ?? (r.zip!.trim() || null),
      validFrom: PRE_2025_VALID_FROM,
      validTo: null,
      mergedInto: null,
    });
  }

  // Sources per merger target, in file order, without the duplicated rows the crosswalk has.
  const sourcesByTarget = new Map<string, { target: string; targetName: string; sources: string[] }>();
  for (const r of records(crosswalkCsv, ['source_nis', 'target_nis', 'target_name', 'relationship'])) {
    if (r.relationship !== 'merged') continue;
    const source = r.source_nis!.trim();
    const target = r.target_nis!.trim();
    if (!rows.has(source)) throw new Error(`Crosswalk source ${source} is not a known municipality`);
    const entry = sourcesByTarget.get(target) ?? { target, targetName: r.target_name!.trim(), sources: [] };
    if (!entry.sources.includes(source)) entry.sources.push(source);
    sourcesByTarget.set(target, entry);
  }

  const preMerger = new Map(rows);
  for (const { target, targetName, sources } of sourcesByTarget.values()) {
    const sourceRows = sources.map((s) => preMerger.get(s)!);
    const population = sourceRows.reduce((sum, s) => sum + (s.population ?? 0), 0);
    const primary = primarySource(target, targetName, sourceRows);
    const existing = rows.get(target);
    if (existing) {
      // The code survives the merger (Antwerpen absorbing Borsbeek): it stays valid and grows.
      rows.set(target, { ...existing, population });
    } else {
      rows.set(target, {
        nisCode: target,
        name: targetName,
        province: primary.province,
        arrondissement: primary.arrondissement,
        population,
        postcode: primary.postcode,
        validFrom: MERGER_DATE,
        validTo: null,
        mergedInto: null,
      });
    }
    for (const source of sources) {
      if (source === target) continue;
      rows.set(source, { ...rows.get(source)!, validTo: LAST_DAY_BEFORE_MERGER, mergedInto: target });
    }
  }
  return [...rows.values()].sort((a, b) => a.nisCode.localeCompare(b.nisCode));
}

/** Whether a municipality row is valid on an ISO date. */
export function isValidOn(row: Pick<MunicipalityRow, 'validFrom' | 'validTo'>, date: string): boolean {
  return row.validFrom <= date && (row.validTo === null || date <= row.validTo);
}

export const MUNICIPALITIES_FILE = 'municipalities-flanders-2020.csv';
export const CROSSWALK_FILE = 'nis-2025-crosswalk-flanders.csv';

/** The reference folder, next to this module: in src/ under tsx/vitest, copied into dist/ by the build. */
function referenceDir(): string {
  const dir = resolve(import.meta.dirname, 'reference');
  if (!existsSync(resolve(dir, MUNICIPALITIES_FILE))) throw new Error(`Reference data not found in ${dir}`);
  return dir;
}

/** Reads the reference files shipped with the server and builds the municipality rows. */
export function loadMunicipalityRows(): MunicipalityRow[] {
  const dir = referenceDir();
  return buildMunicipalityRows(readFileSync(resolve(dir, MUNICIPALITIES_FILE), 'utf8'), readFileSync(resolve(dir, CROSSWALK_FILE), 'utf8'));
}
