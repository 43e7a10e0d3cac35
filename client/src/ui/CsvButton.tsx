import { useState } from 'react';
import { useT } from '../i18n';
import { type CsvColumn, saveFile, toCsv } from './csv';

/**
 * Downloads a list as CSV with its current filters: `load` fetches every page of the same query
 * the screen shows (at most 100 rows a request).
 */
export function CsvButton<T>({ name, columns, load }: { name: string; columns: readonly CsvColumn<T>[]; load: () => Promise<readonly T[]> }) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  async function download() {
    setBusy(true);
    setFailed(false);
    try {
      const rows = await load();
      saveFile(`schoolmix-${name}-${new Date().toISOString().slice(0, 10)}.csv`, await toCsv(rows, columns));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="csv">
      <button type="button" onClick={() => void download()} disabled={busy} aria-busy={busy}>
        {busy ? t('list.downloading') : t('list.downloadCsv')}
      </button>
      {failed && <span role="alert">{t('state.offline')}</span>}
    </span>
  );
}

/** Fetches every page of a connection: `page(after)` returns nodes and the next cursor. */
export async function allPages<T>(page: (after: string | null) => Promise<{ nodes: readonly T[]; endCursor: string | null; hasNextPage: boolean }>): Promise<T[]> {
  const rows: T[] = [];
  let after: string | null = null;
  for (;;) {
    const result = await page(after);
    rows.push(...result.nodes);
    if (!result.hasNextPage || !result.endCursor) return rows;
    after = result.endCursor;
  }
}
