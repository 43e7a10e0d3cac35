import { LIMITS } from '@schoolmix/shared';
import type { AttendanceImportRow, AttendanceStatus } from '../../gql/graphql';

/**
 * Reading an attendance CSV for the import: the columns of AttendanceImportRow (eventId,
 * householdId, householdReference, status) under their English or Dutch names, separated by `;`
 * (Excel with Belgian settings) or `,`. Nothing here talks to the server: the rows go to the
 * dry run, which checks them exactly as the real import will.
 */

export type Column = 'eventId' | 'householdId' | 'householdReference' | 'status';

/** Header names as written (any case, spaces, dashes, underscores or accents) → the column. */
const HEADERS: Record<string, Column> = {};
const add = (column: Column, names: string[]) => names.forEach((n) => (HEADERS[n] = column));
add('eventId', ['eventid', 'event', 'activiteit', 'activiteitid', 'activiteitsid', 'evenement', 'evenementid']);
add('householdId', ['householdid', 'gezinid', 'gezinsid']);
add('householdReference', ['householdreference', 'reference', 'referentie', 'gezinsreferentie', 'gezinreferentie', 'referentiegezin', 'gezin', 'household', 'ref']);
add('status', ['status', 'attendancestatus', 'aanwezigheid', 'aanwezigheidsstatus', 'attendance']);

/** Status words in either language (and the API's own names). An empty cell means ATTENDED, as in the API. */
const STATUSES: Record<string, AttendanceStatus> = {};
const addStatus = (status: AttendanceStatus, words: string[]) => words.forEach((w) => (STATUSES[w] = status));
addStatus('ATTENDED', ['attended', 'aanwezig', 'present', 'gekomen']);
addStatus('NO_SHOW', ['noshow', 'nietgekomen', 'afwezig', 'absent', 'nietaanwezig', 'didnotcome']);
addStatus('REGISTERED', ['registered', 'ingeschreven', 'aangemeld', 'inschreven']);

const squash = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

export function columnOf(header: string): Column | null {
  return HEADERS[squash(header)] ?? null;
}

export function statusOf(cell: string): AttendanceStatus | null {
  const word = squash(cell);
  if (word === '') return 'ATTENDED';
  return STATUSES[word] ?? null;
}

/**
 * The separator of the header line: the most frequent of `;`, `,` and tab (`;` when none). Read
 * from the header alone, so a short file or empty lines do not mislead it.
 */
function guessDelimiter(text: string): string {
  const header = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const count = (d: string) => header.split(d).length - 1;
  return [';', ',', '\t'].reduce((best, d) => (count(d) > count(best) ? d : best), ';');
}

/** One data row of the file, as read. */
export interface CsvRow {
  /** The line in the file (1 = the header line), as a spreadsheet numbers it. */
  line: number;
  eventId: string;
  householdId: string;
  householdReference: string;
  /** The cell as written. */
  statusText: string;
  /** null when the word is not a status: the row cannot be sent and says why. */
  status: AttendanceStatus | null;
}

export type FileProblem =
  | { kind: 'empty' }
  | { kind: 'noHouseholdColumn'; headers: string[] }
  | { kind: 'tooManyRows'; count: number; max: number }
  | { kind: 'unreadable'; message: string };

export interface ParsedFile {
  rows: CsvRow[];
  /** Headers that are not a column of the import (ignored). */
  ignored: string[];
  delimiter: string;
  problem: FileProblem | null;
}

/**
 * Parses the text of a CSV file (papaparse, loaded only when a file is chosen). A row without an
 * event takes `defaultEventId` (the activity on screen). Empty lines are skipped; line numbers
 * stay those of the file.
 */
export async function parseAttendanceCsv(text: string, defaultEventId: string): Promise<ParsedFile> {
  const Papa = (await import('papaparse')).default;
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = guessDelimiter(body);
  const lines = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false }).data;
  const headerIndex = lines.findIndex((cells) => cells.some((c) => c.trim() !== ''));
  if (headerIndex < 0) return { rows: [], ignored: [], delimiter, problem: { kind: 'empty' } };
  const headers = lines[headerIndex]!.map((h) => h.trim());
  const columns = headers.map(columnOf);
  const ignored = headers.filter((h, i) => h !== '' && columns[i] === null);
  if (!columns.includes('householdReference') && !columns.includes('householdId')) {
    return { rows: [], ignored, delimiter, problem: { kind: 'noHouseholdColumn', headers: headers.filter(Boolean) } };
  }
  const rows: CsvRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const cells = lines[i]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const cell = (column: Column) => {
      const at = columns.indexOf(column);
      return at < 0 ? '' : (cells[at] ?? '').trim();
    };
    const statusText = cell('status');
    rows.push({
      line: i + 1,
      eventId: cell('eventId') || defaultEventId,
      householdId: cell('householdId'),
      householdReference: cell('householdReference'),
      statusText,
      status: statusOf(statusText),
    });
  }
  if (rows.length === 0) return { rows, ignored, delimiter, problem: { kind: 'empty' } };
  if (rows.length > LIMITS.importMaxRows) return { rows: [], ignored, delimiter, problem: { kind: 'tooManyRows', count: rows.length, max: LIMITS.importMaxRows } };
  return { rows, ignored, delimiter, problem: null };
}

/** A row as the API takes it (only for rows whose status was understood). */
export function toImportRow(row: CsvRow): AttendanceImportRow {
  return {
    eventId: row.eventId,
    householdId: row.householdId || null,
    householdReference: row.householdReference || null,
    status: row.status ?? 'ATTENDED',
  };
}

/**
 * The column names and status words of the example file, in the user's language. These are not
 * UI text but machine-readable names: each is one the parser above accepts (HEADERS, STATUSES),
 * so the file reads back as it was written. That is why they live here and not in
 * attendance.i18n.ts; change them only together with HEADERS and STATUSES.
 */
export const TEMPLATE_WORDS: Record<'nl' | 'en', { headers: readonly [string, string, string]; statuses: readonly [string, string, string] }> = {
  nl: { headers: ['activiteit', 'gezinsreferentie', 'status'], statuses: ['aanwezig', 'niet gekomen', 'ingeschreven'] },
  en: { headers: ['eventId', 'householdReference', 'status'], statuses: ['ATTENDED', 'NO_SHOW', 'REGISTERED'] },
};

/** The example file offered for download: `;`-separated, with a BOM so Excel reads it as UTF-8. */
export function templateCsv(eventId: string, headers: readonly [string, string, string], statuses: readonly [string, string, string]): string {
  const lines = [headers.join(';'), `${eventId};VOORBEELD-001;${statuses[0]}`, `${eventId};VOORBEELD-002;${statuses[1]}`, `${eventId};VOORBEELD-003;${statuses[2]}`];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
