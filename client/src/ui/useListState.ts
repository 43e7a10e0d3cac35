import { cursorForPage } from '@schoolmix/shared';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { rememberList } from './list-memory';

export type Direction = 'ASC' | 'DESC';

export interface ListSpec<F extends string, S extends string> {
  /** Filter names kept in the URL (`?search=gent&province=…`). */
  filters: readonly F[];
  defaultSort: { field: S; direction: Direction };
  sortFields: readonly S[];
  pageSize?: number;
}

export interface ListState<F extends string, S extends string> {
  filters: Record<F, string>;
  sort: { field: S; direction: Direction };
  page: number;
  pageSize: number;
  /** `first`, `after` and `orderBy` for the list query. */
  paging: { first: number; after: string | null; orderBy: { field: S; direction: Direction }[] };
  setFilters: (changes: Partial<Record<F, string>>) => void;
  /** One filter's value and setter, for its control: `<FilterSelect {...list.bind('kind')} … />`. */
  bind: (name: F) => { value: string; onChange: (value: string) => void };
  toggleSort: (field: S) => void;
  /** The URL search of another page (for real, bookmarkable links). */
  searchForPage: (page: number) => string;
  hasFilters: boolean;
  clearFilters: () => void;
}

/**
 * The state of a list — filters, sort and page — lives in the URL, so every view can be
 * bookmarked, shared and restored with the back button. Changing a filter or the sort goes back
 * to page 1.
 */
export function useListState<F extends string, S extends string>(spec: ListSpec<F, S>): ListState<F, S> {
  const [params, setParams] = useSearchParams();
  const pageSize = spec.pageSize ?? 20;
  const { pathname, search } = useLocation();
  // Kept per tab for the back links (ui/list-memory.ts).
  useEffect(() => rememberList(pathname, search), [pathname, search]);

  const filters = useMemo(
    () => Object.fromEntries(spec.filters.map((name) => [name, params.get(name) ?? ''])) as Record<F, string>,
    [params],
  );
  const sortParam = params.get('sort') as S | null;
  const field = sortParam && spec.sortFields.includes(sortParam) ? sortParam : spec.defaultSort.field;
  const direction: Direction = params.get('dir') === 'DESC' ? 'DESC' : params.get('dir') === 'ASC' ? 'ASC' : spec.defaultSort.direction;
  const pageParam = Number(params.get('page') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam >= 1 ? pageParam : 1;

  // The URL this list last asked for. Each change starts from it, not from the params of the last
  // render: two controls changed before the router renders again (a fast user, a test driver) both
  // land, instead of the second rebuilding the URL without the first. Synced from the router
  // whenever its URL changes (back button, links).
  const latest = useRef(params);
  useEffect(() => {
    latest.current = params;
  }, [params]);
  const update = useCallback(
    (mutate: (next: URLSearchParams) => void) => {
      const next = new URLSearchParams(latest.current);
      mutate(next);
      latest.current = next;
      setParams(next);
    },
    [setParams],
  );

  const setFilters = (changes: Partial<Record<F, string>>) =>
    update((next) => {
      for (const [name, value] of Object.entries<string | undefined>(changes)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      next.delete('page');
    });

  return {
    filters,
    sort: { field, direction },
    page,
    pageSize,
    paging: { first: pageSize, after: cursorForPage(page, pageSize), orderBy: [{ field, direction }] },
    setFilters,
    bind: (name) => ({ value: filters[name], onChange: (value) => setFilters({ [name]: value } as Partial<Record<F, string>>) }),
    toggleSort: (name) =>
      update((next) => {
        const flip = name === field ? (direction === 'ASC' ? 'DESC' : 'ASC') : 'ASC';
        next.set('sort', name);
        next.set('dir', flip);
        next.delete('page');
      }),
    searchForPage: (target) => {
      const next = new URLSearchParams(params);
      if (target <= 1) next.delete('page');
      else next.set('page', String(target));
      const text = next.toString();
      return text ? `?${text}` : '';
    },
    hasFilters: spec.filters.some((name) => Boolean(params.get(name))),
    clearFilters: () =>
      update((next) => {
        for (const name of spec.filters) next.delete(name);
        next.delete('page');
      }),
  };
}
