import { Link } from 'react-router';
import { useT } from '../i18n';
import { fmt } from './format';

/**
 * "21–40 van 312" with previous/next links that keep the list's filters in the URL. A list inside
 * a detail screen passes its own `label` (two pagers, two landmarks) and keeps the scroll position.
 */
export function Pager({
  total,
  page,
  pageSize,
  searchForPage,
  label,
  preventScrollReset,
}: {
  total: number;
  page: number;
  pageSize: number;
  searchForPage: (page: number) => string;
  label?: string;
  preventScrollReset?: boolean;
}) {
  const { t } = useT();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pager" aria-label={label ?? t('list.pagination')}>
      <span aria-live="polite">{t('list.range', { from: fmt.int(from), to: fmt.int(to), total: fmt.int(total) })}</span>
      {page > 1 ? (
        <Link to={{ search: searchForPage(page - 1) }} rel="prev" preventScrollReset={preventScrollReset}>
          ← {t('list.previous')}
        </Link>
      ) : (
        <span className="disabled" aria-disabled="true">← {t('list.previous')}</span>
      )}
      <span>{t('list.page', { page, pages })}</span>
      {page < pages ? (
        <Link to={{ search: searchForPage(page + 1) }} rel="next" preventScrollReset={preventScrollReset}>
          {t('list.next')} →
        </Link>
      ) : (
        <span className="disabled" aria-disabled="true">{t('list.next')} →</span>
      )}
    </nav>
  );
}
