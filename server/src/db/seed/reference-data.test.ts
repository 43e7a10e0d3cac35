import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildMunicipalityRows,
  CROSSWALK_FILE,
  isValidOn,
  loadMunicipalityRows,
  MUNICIPALITIES_FILE,
  type MunicipalityRow,
  parseCsv,
} from './reference-data.js';

const dir = resolve(import.meta.dirname, 'reference');
const municipalitiesCsv = readFileSync(resolve(dir, MUNICIPALITIES_FILE), 'utf8');
const crosswalkCsv = readFileSync(resolve(dir, CROSSWALK_FILE), 'utf8');
const rows = buildMunicipalityRows(municipalitiesCsv, crosswalkCsv);
const byNis = new Map(rows.map((r) => [r.nisCode, r]));
const get = (nis: string): MunicipalityRow => {
  const row = byNis.get(nis);
  if (!row) throw new Error(`no municipality ${nis}`);
  return row;
};

/** The merger targets whose code did not exist before 2025, read straight from the crosswalk. */
const newTargetCodes = (() => {
  const [header, ...body] = parseCsv(crosswalkCsv);
  const col = (name: string) => header!.indexOf(name);
  const oldCodes = new Set(parseCsv(municipalitiesCsv).slice(1).map((f) => f[0]));
  return new Set(body.filter((f) => f[col('relationship')] === 'merged').map((f) => f[col('target_nis')]!).filter((c) => !oldCodes.has(c)));
})();

describe('parseCsv', () => {
  it('handles quoted fields, escaped quotes and commas inside quotes', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n1,,3\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', '', '3'],
    ]);
  });
});

describe('buildMunicipalityRows', () => {
  it('keeps the 300 pre-2025 codes and adds each new 2025 code once', () => {
    expect(newTargetCodes.size).toBe(12);
    expect(rows).toHaveLength(300 + newTargetCodes.size);
    expect(rows.filter((r) => r.validFrom === '2019-01-01')).toHaveLength(300);
    expect(new Set(rows.map((r) => r.nisCode)).size).toBe(rows.length);
  });

  it('has exactly 285 municipalities valid on 1 January 2025 and 300 the day before', () => {
    expect(rows.filter((r) => isValidOn(r, '2025-01-01'))).toHaveLength(285);
    expect(rows.filter((r) => isValidOn(r, '2024-12-31'))).toHaveLength(300);
  });

  it('closes Borsbeek into Antwerpen, which keeps its code and gains its population', () => {
    const borsbeek = get('11007');
    expect(borsbeek.name).toBe('Borsbeek');
    expect(borsbeek.mergedInto).toBe('11002');
    expect(borsbeek.validTo).toBe('2024-12-31');
    const antwerpen = get('11002');
    expect(antwerpen).toMatchObject({ name: 'Antwerpen', validTo: null, mergedInto: null, validFrom: '2019-01-01' });
    expect(antwerpen.population).toBe(529247 + borsbeek.population!);
  });

  it('keeps Gent valid and untouched', () => {
    expect(get('44021')).toMatchObject({ name: 'Gent', province: 'Oost-Vlaanderen', validTo: null, mergedInto: null, population: 263927 });
  });

  it('builds new municipalities from their sources, across province lines', () => {
    const bkz = get('46030');
    expect(bkz).toMatchObject({ name: 'Beveren-Kruibeke-Zwijndrecht', province: 'Oost-Vlaanderen', validFrom: '2025-01-01', validTo: null });
    expect(bkz.population).toBe(get('46003').population! + get('46013').population! + get('11056').population!);
    expect(get('11056')).toMatchObject({ province: 'Antwerpen', mergedInto: '46030', validTo: '2024-12-31' });
    expect(get('71072')).toMatchObject({ name: 'Hasselt', province: 'Limburg', postcode: '3500' });
    expect(get('71022')).toMatchObject({ name: 'Hasselt', mergedInto: '71072' });
    expect(get('73040')).toMatchObject({ name: 'Kortessem', mergedInto: '71072' });
    expect(get('37022')).toMatchObject({ name: 'Tielt', postcode: get('37015').postcode });
  });

  it('points every closed code at a municipality that is valid from 2025', () => {
    const closed = rows.filter((r) => r.validTo !== null);
    expect(closed).toHaveLength(27);
    for (const r of closed) {
      expect(r.validTo).toBe('2024-12-31');
      expect(isValidOn(get(r.mergedInto!), '2025-01-01')).toBe(true);
    }
    expect(rows.filter((r) => r.validTo === null).every((r) => r.mergedInto === null)).toBe(true);
  });

  it('corrects the four postcodes that belong to a homonymous place elsewhere', () => {
    expect(get('46003').postcode).toBe('9120');
    expect(get('24020').postcode).toBe('3290');
    expect(rows.every((r) => r.postcode === null || /^[1-9]\d{3}$/.test(r.postcode))).toBe(true);
  });

  it('is what loadMunicipalityRows returns', () => {
    expect(loadMunicipalityRows()).toEqual(rows);
  });
});
