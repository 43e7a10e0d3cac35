import { useApolloClient } from '@apollo/client/react';
import { LIMITS } from '@schoolmix/shared';
import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import type { AttendanceImportMutation as ImportData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { saveFile } from '../../ui/csv';
import { fmt } from '../../ui/format';
import { TableWrap } from '../../ui/TableWrap';
import { useToast } from '../../ui/Toast';
import { AttendanceImportMutation } from './attendance-import.mutation';
import { type Column, type CsvRow, type FileProblem, parseAttendanceCsv, TEMPLATE_WORDS, templateCsv, toImportRow } from './csv-import';

type Payload = ImportData['importAttendances'];
type Counts = Pick<Payload, 'created' | 'updated' | 'unchanged'>;

/** A row of the preview: the row as read, and what is wrong with it (client or dry run). */
interface PreviewRow extends CsvRow {
  key: number;
  errors: string[];
}

type Check =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'checked'; counts: Counts; rowErrors: number; fileErrors: string[] }
  | { state: 'failed' };

const MAX_ROW_ERRORS_SHOWN = 3;

/**
 * CSV import with a preview: the file is read in the browser, every row is shown, the server
 * checks them in a dry run (nothing written) and names each bad row; "Importeren" is offered
 * only when no row has an error. Removing a row checks the rest again.
 */
export function ImportAttendances({ eventId, onImported }: { eventId: string; onImported: () => void }) {
  const { t, i18n } = useT('attendance');
  const client = useApolloClient();
  const toast = useToast();
  const [fileName, setFileName] = useState<string | null>(null);
  const [rows, setRows] = useState<PreviewRow[]>([]);
  const [ignored, setIgnored] = useState<string[]>([]);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [importing, setImporting] = useState(false);
  const [done, setDone] = useState<Counts | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const runs = useRef(0);
  // After a row is removed its button is gone: focus goes to the new verdict instead.
  const summary = useRef<HTMLDivElement>(null);
  const focusVerdict = useRef(false);

  /** Which rows the server sees: those whose status was understood (the others cannot be sent). */
  const sendable = (list: PreviewRow[]) => list.filter((r) => r.status !== null);

  function rowError(row: CsvRow, field: string, code: string, message: string): string {
    const vars = { reference: row.householdReference, id: row.householdId, event: row.eventId };
    return t(`import.errors.${field}.${code}`, { ...vars, defaultValue: '' }) || t(`import.errors.${code}`, { ...vars, defaultValue: '' }) || message;
  }

  function localErrors(row: CsvRow): string[] {
    return row.status === null ? [t('import.errors.status.UNKNOWN', { value: row.statusText })] : [];
  }

  /** Sends the rows with dryRun (or for real) and puts each userError next to its row. */
  async function send(list: PreviewRow[], dryRun: boolean): Promise<{ payload: Payload; rows: PreviewRow[]; fileErrors: string[] }> {
    const sent = sendable(list);
    const { data } = await client.mutate({ mutation: AttendanceImportMutation, variables: { input: { rows: sent.map(toImportRow), dryRun } } });
    const payload = data!.importAttendances;
    const byKey = new Map<number, string[]>();
    const fileErrors: string[] = [];
    for (const error of payload.userErrors) {
      const path = error.field[0] === 'input' ? error.field.slice(1) : error.field;
      const row = path[0] === 'rows' && path[1] !== undefined ? sent[Number(path[1])] : undefined;
      if (!row) {
        fileErrors.push(t(`import.errors.file.${error.code}`, { max: fmt.int(LIMITS.importMaxRows), defaultValue: error.message }));
        continue;
      }
      byKey.set(row.key, [...(byKey.get(row.key) ?? []), rowError(row, path[2] ?? '', error.code, error.message)]);
    }
    return { payload, fileErrors, rows: list.map((r) => ({ ...r, errors: [...localErrors(r), ...(byKey.get(r.key) ?? [])] })) };
  }

  async function dryRun(list: PreviewRow[]) {
    const run = ++runs.current;
    setRows(list);
    if (sendable(list).length === 0) {
      setCheck({ state: 'checked', counts: { created: 0, updated: 0, unchanged: 0 }, rowErrors: list.length, fileErrors: [] });
      return;
    }
    setCheck({ state: 'checking' });
    try {
      const result = await send(list, true);
      if (run !== runs.current) return;
      setRows(result.rows);
      setCheck({ state: 'checked', counts: result.payload, rowErrors: result.rows.filter((r) => r.errors.length > 0).length, fileErrors: result.fileErrors });
    } catch {
      if (run === runs.current) setCheck({ state: 'failed' });
    }
  }

  function describe(problem: FileProblem): string {
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

  function reset() {
    runs.current++;
    setFileName(null);
    setRows([]);
    setIgnored([]);
    setFileProblem(null);
    setCheck({ state: 'idle' });
    if (input.current) input.current.value = '';
  }

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    runs.current++;
    setDone(null);
    setRows([]);
    setCheck({ state: 'idle' });
    setFileProblem(null);
    if (!file) return setFileName(null);
    setFileName(file.name);
    let parsed;
    try {
      parsed = await parseAttendanceCsv(await file.text(), eventId);
    } catch {
      return setFileProblem(describe({ kind: 'unreadable', message: '' }));
    }
    setIgnored(parsed.ignored);
    if (parsed.problem) return setFileProblem(describe(parsed.problem));
    await dryRun(parsed.rows.map((r, key) => ({ ...r, key, errors: localErrors(r) })));
  }

  function remove(key: number) {
    setDone(null);
    const next = rows.filter((r) => r.key !== key);
    if (next.length === 0) return reset();
    focusVerdict.current = true;
    void dryRun(next.map((r) => ({ ...r, errors: localErrors(r) })));
  }

  async function importRows() {
    setImporting(true);
    try {
      const result = await send(rows, false);
      if (result.payload.userErrors.length > 0) {
        // Something changed since the dry run: show the errors as the dry run would.
        setRows(result.rows);
        setCheck({ state: 'checked', counts: result.payload, rowErrors: result.rows.filter((r) => r.errors.length > 0).length, fileErrors: result.fileErrors });
        return;
      }
      setDone(result.payload);
      toast(t('import.toast', { created: fmt.int(result.payload.created), updated: fmt.int(result.payload.updated), unchanged: fmt.int(result.payload.unchanged) }));
      reset();
      onImported();
    } catch {
      setCheck({ state: 'failed' });
    } finally {
      setImporting(false);
    }
  }

  function downloadTemplate() {
    // Column names and status words the parser reads back (csv-import.ts), not translated UI text.
    const { headers, statuses } = TEMPLATE_WORDS[i18n.language.startsWith('en') ? 'en' : 'nl'];
    saveFile(t('import.templateFile'), templateCsv(eventId, headers, statuses));
  }

  const ready = check.state === 'checked' && check.rowErrors === 0 && check.fileErrors.length === 0 && rows.length > 0;
  useEffect(() => {
    if (check.state !== 'checked' || !focusVerdict.current) return;
    focusVerdict.current = false;
    summary.current?.focus({ preventScroll: true });
  }, [check.state]);

  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">{t('import.title')}</h2>
      <p>{t('import.intro')}</p>
      <details className="import-help">
        <summary>{t('import.columnsTitle')}</summary>
        <ul>
          {(['eventId', 'householdReference', 'householdId', 'status'] as Column[]).map((c) => (
            <li key={c}>{t(`import.columns.${c}`)}</li>
          ))}
        </ul>
        <p>{t('import.separators')}</p>
      </details>
      <div className="form-actions import-actions">
        <label>
          {t('import.file')}
          <input ref={input} type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void choose(e)} aria-describedby={fileProblem ? 'import-file-error' : undefined} />
        </label>
        <button type="button" onClick={downloadTemplate}>
          {t('import.template')}
        </button>
      </div>

      {done && (
        <p className="import-done" role="status">
          {t('import.done', { created: fmt.int(done.created), updated: fmt.int(done.updated), unchanged: fmt.int(done.unchanged) })}
        </p>
      )}
      {fileProblem && (
        <p id="import-file-error" role="alert">
          {fileProblem}
        </p>
      )}
      {ignored.length > 0 && !fileProblem && <p className="notice">{t('import.ignored', { columns: ignored.join(', ') })}</p>}

      {rows.length > 0 && (
        <>
          <div className={`import-summary ${ready ? 'ok' : check.state === 'checked' || check.state === 'failed' ? 'bad' : ''}`.trim()} ref={summary} tabIndex={-1} aria-live="polite">
            {check.state === 'checking' && <p>{t('import.checking', { count: rows.length })}</p>}
            {check.state === 'failed' && <p>{t('import.failed')}</p>}
            {check.state === 'checked' && (
              <>
                {check.fileErrors.map((m) => (
                  <p key={m}>{m}</p>
                ))}
                {check.rowErrors > 0 ? (
                  <p>{t('import.rowErrors', { count: check.rowErrors, total: fmt.int(rows.length) })}</p>
                ) : (
                  check.fileErrors.length === 0 && (
                    <p>
                      {t('import.ready', {
                        count: rows.length,
                        formatted: fmt.int(rows.length),
                        created: fmt.int(check.counts.created),
                        updated: fmt.int(check.counts.updated),
                        unchanged: fmt.int(check.counts.unchanged),
                      })}
                    </p>
                  )
                )}
              </>
            )}
          </div>
          <div className="form-actions">
            <button type="button" className="primary" disabled={!ready || importing} aria-busy={importing} onClick={() => void importRows()}>
              {importing ? t('import.importing') : t('import.submit', { count: rows.length, formatted: fmt.int(rows.length) })}
            </button>
            <button type="button" onClick={reset}>
              {t('import.clear')}
            </button>
          </div>
          <TableWrap label={t('import.caption', { file: fileName ?? '', count: rows.length, formatted: fmt.int(rows.length) })}>
            <table className="import-preview stacked">
              <caption>{t('import.caption', { file: fileName ?? '', count: rows.length, formatted: fmt.int(rows.length) })}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('import.col.line')}
                  </th>
                  <th scope="col">{t('import.col.event')}</th>
                  <th scope="col">{t('import.col.household')}</th>
                  <th scope="col">{t('import.col.status')}</th>
                  <th scope="col">{t('import.col.check')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('import.col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.key} className={row.errors.length > 0 ? 'row-error' : undefined}>
                    <th scope="row" className="num" data-label={t('import.col.line')}>
                      {row.line}
                    </th>
                    <td data-label={t('import.col.event')}>{row.eventId === eventId ? t('import.thisEvent') : <code>{row.eventId}</code>}</td>
                    <td className="reference" data-label={t('import.col.household')}>{row.householdReference || (row.householdId ? <code>{row.householdId}</code> : <span className="muted">{t('none')}</span>)}</td>
                    <td data-label={t('import.col.status')}>{row.status ? t(`attendanceStatus.${row.status}`) : row.statusText}</td>
                    <td data-label={t('import.col.check')}>
                      {row.errors.length > 0 ? (
                        <ul className="row-errors">
                          {row.errors.slice(0, MAX_ROW_ERRORS_SHOWN).map((m) => (
                            <li key={m}>
                              <span aria-hidden="true">✗ </span>
                              {m}
                            </li>
                          ))}
                        </ul>
                      ) : check.state === 'checked' ? (
                        <span className="row-ok">
                          <span aria-hidden="true">✓ </span>
                          {t('import.rowOk')}
                        </span>
                      ) : (
                        <span className="muted">{check.state === 'checking' ? t('import.rowChecking') : t('none')}</span>
                      )}
                    </td>
                    <td>
                      <button type="button" className="link" onClick={() => remove(row.key)} aria-label={t('import.remove', { line: row.line })}>
                        {t('import.removeShort')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
