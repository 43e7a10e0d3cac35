import { useSearchParams } from 'react-router';
import { Pager } from '../../ui/Pager';

/** The page of a list inside a detail screen, kept in the URL under its own name (`?gezinnen=2`). */
export function useSubPage(param: string): number {
  const [params] = useSearchParams();
  const page = Number(params.get(param) ?? '1');
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** ui/Pager for a list inside a detail screen: its own URL parameter and its own landmark name. */
export function SubPager({ total, page, pageSize, param, label }: { total: number; page: number; pageSize: number; param: string; label: string }) {
  const [params] = useSearchParams();
  if (total <= pageSize) return null;
  const searchForPage = (target: number) => {
    const next = new URLSearchParams(params);
    if (target <= 1) next.delete(param);
    else next.set(param, String(target));
    const text = next.toString();
    return text ? `?${text}` : '';
  };
  return <Pager total={total} page={page} pageSize={pageSize} searchForPage={searchForPage} label={label} preventScrollReset />;
}
