import type { Ref } from 'react';
import { useT } from '../../i18n';
import { DataTable } from '../../ui/DataTable';
import { fmt } from '../../ui/format';
import type { Column } from './csv-import';
import type { Check, PreviewRow } from './useAttendanceImport';

const MAX_ROW_ERRORS_SHOWN = 3;

/** What a file may hold: its columns and separators. */
export function ImportHelp() {
  const { t } = useT('attendance');
  return (
    <details className="import-help">
      <summary>{t('import.columnsTitle')}</summary>
      <ul>
        {(['eventId', 'householdReference', 'householdId', 'status'] as Column[]).map((c) => (
          <li key={c}>{t(`import.columns.${c}`)}</li>
        ))}
      </ul>
      <p>{t('import.separators')}</p>
    </details>
  );
}

/** The verdict on the rows: being checked, the check failed, what is wrong, or what an import would do. */
export function ImportVerdict({ check, count, ready, ref }: { check: Check; count: number; ready: boolean; ref: Ref<HTMLDivElement> }) {
  const { t } = useT('attendance');
  return (
    <div className={`import-summary ${ready ? 'ok' : check.state === 'checked' || check.state === 'failed' ? 'bad' : ''}`.trim()} ref={ref} tabIndex={-1} aria-live="polite">
      {check.state === 'checking' && <p>{t('import.checking', { count })}</p>}
      {check.state === 'failed' && <p>{t('import.failed')}</p>}
      {check.state === 'checked' && (
        <>
          {check.fileErrors.map((m) => (
            <p key={m}>{m}</p>
          ))}
          {check.rowErrors > 0 ? (
            <p>{t('import.rowErrors', { count: check.rowErrors, total: fmt.int(count) })}</p>
          ) : (
            check.fileErrors.length === 0 && (
              <p>
                {t('import.ready', {
                  count,
                  formatted: fmt.int(count),
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
  );
}

/** Every row as read, with what is wrong with it and a button to leave it out (a stacked table on a phone). */
export function ImportPreview({ eventId, fileName, rows, check, onRemove }: { eventId: string; fileName: string | null; rows: readonly PreviewRow[]; check: Check; onRemove: (key: number) => void }) {
  const { t } = useT('attendance');
  const label = (column: string) => t(`import.col.${column}`);
  return (
    <DataTable
      caption={t('import.caption', { file: fileName ?? '', count: rows.length, formatted: fmt.int(rows.length) })}
      className="import-preview stacked"
      rows={rows}
      rowKey={(row) => String(row.key)}
      rowClassName={(row) => (row.errors.length > 0 ? 'row-error' : undefined)}
      columns={[
        { key: 'line', header: label('line'), label: label('line'), numeric: true, rowHeader: true, cell: (row) => row.line },
        { key: 'event', header: label('event'), label: label('event'), cell: (row) => (row.eventId === eventId ? t('import.thisEvent') : <code>{row.eventId}</code>) },
        {
          key: 'household',
          header: label('household'),
          label: label('household'),
          className: 'reference',
          cell: (row) => row.householdReference || (row.householdId ? <code>{row.householdId}</code> : <span className="muted">{t('none')}</span>),
        },
        { key: 'status', header: label('status'), label: label('status'), cell: (row) => (row.status ? t(`attendanceStatus.${row.status}`) : row.statusText) },
        { key: 'check', header: label('check'), label: label('check'), cell: (row) => <RowCheck row={row} check={check} /> },
        {
          key: 'actions',
          header: <span className="visually-hidden">{label('actions')}</span>,
          cell: (row) => (
            <button type="button" className="link" onClick={() => onRemove(row.key)} aria-label={t('import.remove', { line: row.line })}>
              {t('import.removeShort')}
            </button>
          ),
        },
      ]}
    />
  );
}

function RowCheck({ row, check }: { row: PreviewRow; check: Check }) {
  const { t } = useT('attendance');
  if (row.errors.length > 0) {
    return (
      <ul className="row-errors">
        {row.errors.slice(0, MAX_ROW_ERRORS_SHOWN).map((m) => (
          <li key={m}>
            <span aria-hidden="true">✗ </span>
            {m}
          </li>
        ))}
      </ul>
    );
  }
  if (check.state === 'checked') {
    return (
      <span className="row-ok">
        <span aria-hidden="true">✓ </span>
        {t('import.rowOk')}
      </span>
    );
  }
  return <span className="muted">{check.state === 'checking' ? t('import.rowChecking') : t('none')}</span>;
}
