import { describe, expect, it } from 'vitest';
import { columnOf, parseAttendanceCsv, statusOf, TEMPLATE_WORDS, templateCsv, toImportRow } from './csv-import';

describe('reading an attendance CSV', () => {
  it('reads Dutch headers, ; separators (Excel), a BOM and Dutch status words, with the file’s line numbers', async () => {
    const text = '\uFEFFActiviteit;Gezinsreferentie;Status\r\n;SYN-1;aanwezig\r\n\r\ne2; SYN-2 ;Niet gekomen\r\n;SYN-3;\r\n;SYN-4;ingeschreven\r\n';
    const parsed = await parseAttendanceCsv(text, 'e1');
    expect(parsed.problem).toBeNull();
    expect(parsed.delimiter).toBe(';');
    expect(parsed.rows.map((r) => [r.line, r.eventId, r.householdReference, r.status])).toEqual([
      [2, 'e1', 'SYN-1', 'ATTENDED'],
      [4, 'e2', 'SYN-2', 'NO_SHOW'],
      [5, 'e1', 'SYN-3', 'ATTENDED'],
      [6, 'e1', 'SYN-4', 'REGISTERED'],
    ]);
    expect(toImportRow(parsed.rows[1]!)).toEqual({ eventId: 'e2', householdId: null, householdReference: 'SYN-2', status: 'NO_SHOW' });
  });

  it('reads the API’s English column names, , separators and enum values; ignores other columns', async () => {
    const text = 'eventId,householdId,householdReference,status,remark\ne1,h-1,,NO_SHOW,late\ne1,,"SYN,5",REGISTERED,\n';
    const parsed = await parseAttendanceCsv(text, 'e9');
    expect(parsed.delimiter).toBe(',');
    expect(parsed.ignored).toEqual(['remark']);
    expect(parsed.rows.map(toImportRow)).toEqual([
      { eventId: 'e1', householdId: 'h-1', householdReference: null, status: 'NO_SHOW' },
      { eventId: 'e1', householdId: null, householdReference: 'SYN,5', status: 'REGISTERED' },
    ]);
  });

  it('keeps a status it does not know as written, to show as the row’s error', async () => {
    const parsed = await parseAttendanceCsv('referentie;status\nSYN-1;misschien\n', 'e1');
    expect(parsed.rows[0]).toMatchObject({ statusText: 'misschien', status: null });
    expect(statusOf('No show')).toBe('NO_SHOW');
    expect(statusOf('AANWEZIG')).toBe('ATTENDED');
    expect(columnOf('Household reference')).toBe('householdReference');
    expect(columnOf('gezin_id')).toBe('householdId');
    expect(columnOf('opmerking')).toBeNull();
  });

  it('refuses a file without a household column, without rows, or with more than 5000 rows', async () => {
    expect((await parseAttendanceCsv('naam;status\nJan;aanwezig\n', 'e1')).problem).toEqual({ kind: 'noHouseholdColumn', headers: ['naam', 'status'] });
    expect((await parseAttendanceCsv('referentie;status\n\n', 'e1')).problem).toEqual({ kind: 'empty' });
    expect((await parseAttendanceCsv('', 'e1')).problem).toEqual({ kind: 'empty' });
    const big = `referentie\n${Array.from({ length: 5001 }, (_, i) => `R-${i}`).join('\n')}\n`;
    expect((await parseAttendanceCsv(big, 'e1')).problem).toEqual({ kind: 'tooManyRows', count: 5001, max: 5000 });
  });

  it.each(['nl', 'en'] as const)('offers a template (%s) that reads back as three rows of this activity', async (language) => {
    const { headers, statuses } = TEMPLATE_WORDS[language];
    const template = templateCsv('e1', headers, statuses);
    expect(template.startsWith(language === 'nl' ? '\uFEFFactiviteit;gezinsreferentie;status\r\n' : '\uFEFFeventId;householdReference;status\r\n')).toBe(true);
    const parsed = await parseAttendanceCsv(template, 'other');
    expect(parsed.ignored).toEqual([]);
    expect(parsed.rows.map((r) => [r.eventId, r.householdReference, r.status])).toEqual([
      ['e1', 'VOORBEELD-001', 'ATTENDED'],
      ['e1', 'VOORBEELD-002', 'NO_SHOW'],
      ['e1', 'VOORBEELD-003', 'REGISTERED'],
    ]);
  });
});
