import { useT } from '../../i18n';
import { saveFile } from '../../ui/csv';
import { fmt } from '../../ui/format';
import { TEMPLATE_WORDS, templateCsv } from './csv-import';
import { ImportHelp, ImportPreview, ImportVerdict } from './ImportSections';
import { useAttendanceImport } from './useAttendanceImport';

/**
 * CSV import with a preview: the file is read in the browser, every row is shown, the server
 * checks them in a dry run (nothing written) and names each bad row; "Importeren" is offered
 * only when no row has an error. Removing a row checks the rest again.
 */
export function ImportAttendances({ eventId, onImported }: { eventId: string; onImported: () => void }) {
  const { t, i18n } = useT('attendance');
  const state = useAttendanceImport(eventId, onImported);
  const { rows, check, done, fileProblem, ignored, importing, ready } = state;

  function downloadTemplate() {
    // Column names and status words the parser reads back (csv-import.ts), not translated UI text.
    const { headers, statuses } = TEMPLATE_WORDS[i18n.language.startsWith('en') ? 'en' : 'nl'];
    saveFile(t('import.templateFile'), templateCsv(eventId, headers, statuses));
  }

  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">{t('import.title')}</h2>
      <p>{t('import.intro')}</p>
      <ImportHelp />
      <div className="form-actions import-actions">
        <label>
          {t('import.file')}
          <input ref={state.input} type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void state.choose(e)} aria-describedby={fileProblem ? 'import-file-error' : undefined} />
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
          <ImportVerdict ref={state.summary} check={check} count={rows.length} ready={ready} />
          <div className="form-actions">
            <button type="button" className="primary" disabled={!ready || importing} aria-busy={importing} onClick={() => void state.importRows()}>
              {importing ? t('import.importing') : t('import.submit', { count: rows.length, formatted: fmt.int(rows.length) })}
            </button>
            <button type="button" onClick={state.reset}>
              {t('import.clear')}
            </button>
          </div>
          <ImportPreview eventId={eventId} fileName={state.fileName} rows={rows} check={check} onRemove={state.remove} />
        </>
      )}
    </section>
  );
}
