import type { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import type { CsvRow, FileProblem } from './csv-import';

type T = ReturnType<typeof useT>['t'];

/** A userError of a row in words: the screen's wording of its field and code, else of its code, else the server's text. */
export function rowError(t: T, row: CsvRow, field: string, code: string, message: string): string {
  const vars = { reference: row.householdReference, id: row.householdId, event: row.eventId };
  return t(`import.errors.${field}.${code}`, { ...vars, defaultValue: '' }) || t(`import.errors.${code}`, { ...vars, defaultValue: '' }) || message;
}

/** What the browser finds wrong with a row before sending it: a status it does not understand. */
export function localErrors(t: T, row: CsvRow): string[] {
  return row.status === null ? [t('import.errors.status.UNKNOWN', { value: row.statusText })] : [];
}

/** Why a file cannot be previewed. */
export function describeProblem(t: T, problem: FileProblem): string {
  switch (problem.kind) {
    case 'empty':
      return t('import.fileEmpty');
    case 'noHouseholdColumn':
      return t('import.fileNoHousehold', { headers: problem.headers.join(', ') || t('none') });
    case 'tooManyRows':
      return t('import.fileTooMany', { count: fmt.int(problem.count), max: fmt.int(problem.max) });
    case 'unreadable':
      return t('import.fileUnreadable');
  }
}
