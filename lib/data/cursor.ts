// Opaque keyset cursors: base64url JSON of the sort key, the last row's sort value and its id.
// Decoding validates every field strictly, because the values end up in a PostgREST filter.
import { ApiError } from '@/lib/api/errors';

export type SortKey = 'started_at' | 'duration' | 'cost' | 'status' | 'agent' | 'number';
export type SortOrder = 'asc' | 'desc';

export interface Cursor {
  s: SortKey;
  o: SortOrder;
  v: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const INTEGER = /^\d{1,9}$/;
const DECIMAL = /^\d{1,8}(\.\d{1,6})?$/;

// Text keys: any text a column can hold (no NUL), bounded; it is escaped wherever it enters a filter.
const TEXT = /^[^\u0000]{0,600}$/;
const STATUS = /^[a-z_]{1,32}$/;

const VALUE_PATTERN: Record<SortKey, RegExp> = { started_at: TIMESTAMP, duration: INTEGER, cost: DECIMAL, status: STATUS, agent: TEXT, number: TEXT };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string, expected: { s: SortKey; o: SortOrder }): Cursor {
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
    (expected.s === 'started_at' && Number.isNaN(Date.parse(c.v))) ||
    typeof c.id !== 'string' || !UUID.test(c.id)
  ) {
    throw bad();
  }
  return c as Cursor;
}
