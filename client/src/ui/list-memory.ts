/**
 * The last state (query string) of each list, per tab, so a back link from a detail page returns
 * to the list as the user left it — filters, sort and page (issue 18: the back link from a
 * project dropped the list's filters). useListState writes it; back links read it via listHref.
 */
const KEY = 'schoolmix.list:';

export function rememberList(pathname: string, search: string): void {
  try {
    if (search && search !== '?') sessionStorage.setItem(KEY + pathname, search.startsWith('?') ? search : `?${search}`);
    else sessionStorage.removeItem(KEY + pathname);
  } catch {
    // Storage full or blocked: the link then simply opens the list fresh.
  }
}

/** The list's URL as the user left it in this tab (`/projecten?search=gent&page=2`), else the bare path. */
export function listHref(pathname: string): string {
  try {
    return pathname + (sessionStorage.getItem(KEY + pathname) ?? '');
  } catch {
    return pathname;
  }
}
