import { useApolloClient } from '@apollo/client/react';
import { LIMITS } from '@schoolmix/shared';
import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import type { AttendanceImportMutation as ImportData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { useToast } from '../../ui/Toast';
import { AttendanceImportMutation } from './attendance-import.mutation';
import { parseAttendanceCsv, type CsvRow, toImportRow } from './csv-import';
import { describeProblem, localErrors, rowError } from './import-messages';

type Payload = ImportData['importAttendances'];
export type Counts = Pick<Payload, 'created' | 'updated' | 'unchanged'>;

/** A row of the preview: the row as read, and what is wrong with it (client or dry run). */
export interface PreviewRow extends CsvRow {
  key: number;
  errors: string[];
}

export type Check =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'checked'; counts: Counts; rowErrors: number; fileErrors: string[] }
  | { state: 'failed' };

/** Which rows the server sees: those whose status was understood (the others cannot be sent). */
const sendable = (list: PreviewRow[]) => list.filter((r) => r.status !== null);

const checked = (payload: Counts, rows: PreviewRow[], fileErrors: string[]): Check => ({
  state: 'checked',
  counts: payload,
  rowErrors: rows.filter((r) => r.errors.length > 0).length,
  fileErrors,
});

/**
 * The state of a CSV import with a preview: the file is read in the browser, the server checks
 * the rows in a dry run (nothing written) and names each bad row; removing a row checks the rest
 * again; `ready` when no row has an error. `summary` takes focus after a removal (its button is gone).
 */
export function useAttendanceImport(eventId: string, onImported: () => void) {
  const { t } = useT('attendance');
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
  const summary = useRef<HTMLDivElement>(null);
  const focusVerdict = useRef(false);

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
      byKey.set(row.key, [...(byKey.get(row.key) ?? []), rowError(t, row, path[2] ?? '', error.code, error.message)]);
    }
    return { payload, fileErrors, rows: list.map((r) => ({ ...r, errors: [...localErrors(t, r), ...(byKey.get(r.key) ?? [])] })) };
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
      setCheck(checked(result.payload, result.rows, result.fileErrors));
    } catch {
      if (run === runs.current) setCheck({ state: 'failed' });
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
      return setFileProblem(describeProblem(t, { kind: 'unreadable', message: '' }));
    }
    setIgnored(parsed.ignored);
    if (parsed.problem) return setFileProblem(describeProblem(t, parsed.problem));
    await dryRun(parsed.rows.map((r, key) => ({ ...r, key, errors: localErrors(t, r) })));
  }

  function remove(key: number) {
    setDone(null);
    const next = rows.filter((r) => r.key !== key);
    if (next.length === 0) return reset();
    focusVerdict.current = true;
    void dryRun(next.map((r) => ({ ...r, errors: localErrors(t, r) })));
  }

  async function importRows() {
    setImporting(true);
    try {
      const result = await send(rows, false);
      if (result.payload.userErrors.length > 0) {
        // Something changed since the dry run: show the errors as the dry run would.
        setRows(result.rows);
        setCheck(checked(result.payload, result.rows, result.fileErrors));
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

  const ready = check.state === 'checked' && check.rowErrors === 0 && check.fileErrors.length === 0 && rows.length > 0;
  useEffect(() => {
    if (check.state !== 'checked' || !focusVerdict.current) return;
    focusVerdict.current = false;
    summary.current?.focus({ preventScroll: true });
  }, [check.state]);

  return { fileName, rows, ignored, fileProblem, check, importing, done, ready, input, summary, choose, remove, reset, importRows };
}
