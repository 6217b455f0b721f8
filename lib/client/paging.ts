// Forward-only keyset cursors plus a stack of the cursors already passed, all in the URL, so
// "Previous", reload and back/forward work without the server knowing about pages.
// Page 1 has no cursor. Page n > 1 has `cursor` and n - 2 earlier cursors in `prev`.

export interface Paging {
  cursor: string | null;
  prev: string[];
}

export const MAX_CURSOR_LENGTH = 2048;
/** Past this many pages the oldest entries fall off; "Previous" then ends at a later page. */
export const MAX_PREV_DEPTH = 50;

const validCursor = (value: string | null): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_CURSOR_LENGTH;

export function parsePaging(params: URLSearchParams): Paging {
  const cursor = params.get('cursor');
  if (!validCursor(cursor)) return { cursor: null, prev: [] };
  const prev = params.getAll('prev').filter(validCursor).slice(-MAX_PREV_DEPTH);
  return { cursor, prev };
}

export function writePaging(params: URLSearchParams, paging: Paging): void {
  if (!paging.cursor) return;
  for (const p of paging.prev) params.append('prev', p);
  params.set('cursor', paging.cursor);
}

export function nextPaging(paging: Paging, nextCursor: string): Paging {
  const prev = paging.cursor ? [...paging.prev, paging.cursor].slice(-MAX_PREV_DEPTH) : [];
  return { cursor: nextCursor, prev };
}

export function previousPaging(paging: Paging): Paging {
  if (!paging.cursor) return paging;
  if (paging.prev.length === 0) return { cursor: null, prev: [] };
  return { cursor: paging.prev[paging.prev.length - 1], prev: paging.prev.slice(0, -1) };
}

export const firstPage: Paging = { cursor: null, prev: [] };

/** 1-based page number, as far as the URL knows it. */
export function pageNumber(paging: Paging): number {
  return paging.cursor ? paging.prev.length + 2 : 1;
}

export function hasPrevious(paging: Paging): boolean {
  return paging.cursor !== null;
}
