/**
 * List cursors are offsets, `base64url("o:<offset>")`: stable for a given filter and order, so a
 * page number in a URL can be turned into the `after` cursor of that page. The server reads and
 * writes them with these two functions; the SPA uses `cursorForPage`.
 */
/** What a cursor's text starts with, before its offset (the server's one-statement reads write cursors in SQL). */
export const CURSOR_PREFIX = 'o:';
const PREFIX = CURSOR_PREFIX;

function toBase64Url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    return atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
}

export function encodeCursor(offset: number): string {
  return toBase64Url(`${PREFIX}${offset}`);
}

/** The offset a cursor stands for, or null when it is not a cursor this API gives out. */
export function decodeCursor(cursor: string): number | null {
  const text = fromBase64Url(cursor);
  if (text === null || !text.startsWith(PREFIX)) return null;
  const digits = text.slice(PREFIX.length);
  if (!/^\d+$/.test(digits)) return null;
  const offset = Number(digits);
  return Number.isSafeInteger(offset) ? offset : null;
}

/** The `after` argument that starts page `page` (1-based) of `pageSize` rows; null for page 1. */
export function cursorForPage(page: number, pageSize: number): string | null {
  return page <= 1 ? null : encodeCursor((page - 1) * pageSize - 1);
}
