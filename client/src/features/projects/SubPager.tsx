import { Link, useSearchParams } from 'react-router';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';

/** The page of a list inside a detail screen, kept in the URL under its own name (`?gezinnen=2`). */
export function useSubPage(param: string): number {
  const [params] = useSearchParams();
  const page = Number(params.get(param) ?? '1');
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/**
 * Previous/next links for a list inside a detail screen. Like ui/Pager, but with its own name, so
 * two lists on one screen have two distinguishable navigation landmarks.
 */
export function SubPager({ total, page, pageSize, param, label }: { total: number; page: number; pageSize: number; param: string; label: string }) {
  const { t } = useT();
  const [params] = useSearchParams();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const searchFor = (target: number) => {
    const next = new URLSearchParams(params);
    if (target <= 1) next.delete(param);
    else next.set(param, String(target));
    const text = next.toString();
    return text ? `?${text}` : '';
  };
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pager" aria-label={label}>
      <span aria-live="polite">{t('list.range', { from: fmt.int(from), to: fmt.int(to), total: fmt.int(total) })}</span>
      {page > 1 ? (
        <Link to={{ search: searchFor(page - 1) }} rel="prev" preventScrollReset>
          ← {t('list.previous')}
        </Link>
      ) : (
        <span className="disabled" aria-disabled="true">
          ← {t('list.previous')}
        </span>
      )}
      <span>{t('list.page', { page, pages })}</span>
      {page < pages ? (
        <Link to={{ search: searchFor(page + 1) }} rel="next" preventScrollReset>
          {t('list.next')} →
        </Link>
      ) : (
        <span className="disabled" aria-disabled="true">
          {t('list.next')} →
        </span>
      )}
    </nav>
  );
}
