// The one keyset-cursor module for every list (calls, access log). A cursor is base64url JSON of the
// sort key, the order, the last row's sort value and its id; it is opaque to clients. Decoding
// validates every field strictly, because the values end up in a PostgREST filter, and
// `afterCursor` is the one place that turns a cursor into that filter.
import { ApiError } from '@/lib/api/errors';
import type { SortKey, SortOrder } from '@/lib/api/contract';
import { UUID_PATTERN } from '@/lib/uuid';

/** Sort keys of every keyset list: the calls list's, and the access log's creation time. */
export type CursorKey = SortKey | 'created_at';

export interface Cursor<K extends CursorKey = CursorKey> {
  s: K;
  o: SortOrder;
  v: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const INTEGER = /^\d{1,9}$/;
const DECIMAL = /^\d{1,8}(\.\d{1,6})?$/;

// Text keys: any text a column can hold (no NUL), bounded; it is escaped wherever it enters a filter.
const TEXT = /^[^\u0000]{0,600}$/;
const STATUS = /^[a-z_]{1,32}$/;

const VALUE_PATTERN: Record<CursorKey, RegExp> = {
  started_at: TIMESTAMP,
  created_at: TIMESTAMP,
  duration: INTEGER,
  cost: DECIMAL,
  status: STATUS,
  agent: TEXT,
  number: TEXT,
};
const TIMESTAMP_KEYS: readonly CursorKey[] = ['started_at', 'created_at'];

export function encodeCursor<K extends CursorKey>(c: Cursor<K>): string {
  return Buffer.from(JSON.stringify({ s: c.s, o: c.o, v: c.v, id: c.id })).toString('base64url');
}

export function decodeCursor<K extends CursorKey>(raw: string, expected: { s: K; o: SortOrder }): Cursor<K> {
  const bad = () => new ApiError('invalid_request', 'cursor: not a valid cursor for this sort order');
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,2048}$/.test(raw)) throw bad();
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const c = parsed as Partial<Cursor>;
  if (
    !c || typeof c !== 'object' || Array.isArray(c) ||
    Object.keys(c).sort().join(',') !== 'id,o,s,v' ||
    c.s !== expected.s || c.o !== expected.o ||
    typeof c.v !== 'string' || !VALUE_PATTERN[expected.s].test(c.v) ||
    // A timestamp of the right shape can still be impossible (month 13): Postgres would refuse it.
    (TIMESTAMP_KEYS.includes(expected.s) && Number.isNaN(Date.parse(c.v))) ||
    typeof c.id !== 'string' || !UUID_PATTERN.test(c.id)
  ) {
    throw bad();
  }
  return { s: expected.s, o: expected.o, v: c.v, id: c.id.toLowerCase() };
}

/** A value inside a double-quoted PostgREST filter value: backslash and quote are escaped. */
export const quoted = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

// The typed builder's overloads do not survive a generic helper; the calls below are plain filters.
type AnyBuilder = any;

/**
 * Rows strictly after the cursor in (column, idColumn) order: the row-value comparison
 * (col, id) > (v, id) spelled for PostgREST, plus a plain bound on the sort column so an index range
 * scan starts at the cursor. Values were validated by decodeCursor and are double-quoted with
 * escapes, so they cannot change the filter's structure.
 */
export function afterCursor<T>(query: T, cursor: Cursor, columns: { sort: string; id: string }): T {
  const ascending = cursor.o === 'asc';
  const op = ascending ? 'gt' : 'lt';
  const { sort, id } = columns;
  return (query as AnyBuilder)
    .or(`${sort}.${op}.${quoted(cursor.v)},and(${sort}.eq.${quoted(cursor.v)},${id}.${op}.${cursor.id})`)
    [ascending ? 'gte' : 'lte'](sort, cursor.v) as T;
}
