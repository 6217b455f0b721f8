// The calls list's state (filters, sort, page) lives in the URL. These helpers parse it strictly:
// anything unknown or malformed is dropped, so a hand-edited URL never makes the API answer 400
// and never sends a parameter the handler does not know.
import { CALL_STATUSES, DIRECTION_FILTERS, SORT_KEYS, type CallStatus, type DirectionFilter, type SortKey, type SortOrder } from '@/lib/api/contract';
import { firstPage, parsePaging, writePaging, type Paging } from './paging';

export { CALL_STATUSES, SORT_KEYS, type DirectionFilter, type SortKey, type SortOrder };

/** Text columns read naturally A→Z first; times and amounts largest first. */
const TEXT_SORT_KEYS: readonly SortKey[] = ['number', 'agent', 'status'];

export const DEFAULT_SORT: SortKey = 'started_at';
export const DEFAULT_ORDER: SortOrder = 'desc';
export const PAGE_SIZE = 25;
export const MAX_QUERY_LENGTH = 200;

export interface CallFilters {
  direction: DirectionFilter;
  statuses: CallStatus[];
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from: string | null;
  to: string | null;
  q: string;
  /** Exact provider assistant id, or '' for any. */
  assistant: string;
  /** Exact ended reason, or '' for any. */
  endedReason: string;
  sort: SortKey;
  order: SortOrder;
}

export interface CallsListState extends CallFilters, Paging {}

export const DEFAULT_FILTERS: CallFilters = {
  direction: 'all',
  statuses: [],
  from: null,
  to: null,
  q: '',
  assistant: '',
  endedReason: '',
  sort: DEFAULT_SORT,
  order: DEFAULT_ORDER,
};

export const MAX_EXACT_FILTER_LENGTH = 200;
/** An exact-match filter value: trimmed; anything too long is dropped rather than cut (a cut id matches nothing). */
export function normalizeExact(value: string | null | undefined): string {
  const v = (value ?? '').trim();
  return v.length <= MAX_EXACT_FILTER_LENGTH ? v : '';
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): value is T =>
  value !== null && (values as readonly string[]).includes(value);

/** A real calendar date in YYYY-MM-DD form, or null. */
export function parseIsoDate(value: string | null): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return value;
}

export function normalizeQuery(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
}

type ParamsLike = Pick<URLSearchParams, 'get' | 'getAll' | 'toString'>;

export function parseCallsListState(input: ParamsLike | string): CallsListState {
  const params = new URLSearchParams(typeof input === 'string' ? input : input.toString());
  const direction = params.get('direction');
  const wanted = new Set(params.getAll('status'));
  const statuses = CALL_STATUSES.filter((s) => wanted.has(s));
  let from = parseIsoDate(params.get('from'));
  let to = parseIsoDate(params.get('to'));
  // A reversed range is a typo, not a request for nothing.
  if (from && to && from > to) [from, to] = [to, from];
  const sort = params.get('sort');
  const order = params.get('order');
  return {
    direction: oneOf(DIRECTION_FILTERS, direction) ? direction : 'all',
    statuses,
    from,
    to,
    q: normalizeQuery(params.get('q')),
    assistant: normalizeExact(params.get('assistant')),
    endedReason: normalizeExact(params.get('ended_reason')),
    sort: oneOf(SORT_KEYS, sort) ? sort : DEFAULT_SORT,
    order: order === 'asc' || order === 'desc' ? order : DEFAULT_ORDER,
    ...parsePaging(params),
  };
}

/** The URL search string for a state, defaults left out, in a stable order. */
export function serializeCallsListState(state: CallsListState): string {
  const params = new URLSearchParams();
  if (state.direction !== 'all') params.set('direction', state.direction);
  for (const s of CALL_STATUSES) if (state.statuses.includes(s)) params.append('status', s);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.q) params.set('q', state.q);
  if (state.assistant) params.set('assistant', state.assistant);
  if (state.endedReason) params.set('ended_reason', state.endedReason);
  if (state.sort !== DEFAULT_SORT || state.order !== DEFAULT_ORDER) {
    params.set('sort', state.sort);
    params.set('order', state.order);
  }
  writePaging(params, state);
  return params.toString();
}

export function callsListHref(state: CallsListState): string {
  const search = serializeCallsListState(state);
  return search ? `/calls?${search}` : '/calls';
}

/** Query parameters for GET /api/calls-dashboard. Only parameters the handler knows. */
export function toApiSearchParams(state: CallFilters & Pick<Paging, 'cursor'>, limit = PAGE_SIZE): URLSearchParams {
  const params = new URLSearchParams();
  params.set('direction', state.direction);
  for (const s of CALL_STATUSES) if (state.statuses.includes(s)) params.append('status', s);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.q) params.set('q', state.q);
  if (state.assistant) params.set('assistant', state.assistant);
  if (state.endedReason) params.set('ended_reason', state.endedReason);
  params.set('sort', state.sort);
  params.set('order', state.order);
  if (state.cursor) params.set('cursor', state.cursor);
  params.set('limit', String(limit));
  return params;
}

/** Any filter change starts again at page 1: a cursor only makes sense for the query it came from. */
export function withFilters(state: CallsListState, patch: Partial<CallFilters>): CallsListState {
  const next = { ...state, ...patch, ...firstPage };
  if (patch.q !== undefined) next.q = normalizeQuery(patch.q);
  if (patch.assistant !== undefined) next.assistant = normalizeExact(patch.assistant);
  if (patch.endedReason !== undefined) next.endedReason = normalizeExact(patch.endedReason);
  return next;
}

/** Clicking a column header: a new column sorts descending first (largest, latest), the same one flips. */
export function toggleSort(state: CallsListState, key: SortKey): CallsListState {
  const first: SortOrder = TEXT_SORT_KEYS.includes(key) ? 'asc' : 'desc';
  const order: SortOrder = state.sort === key ? (state.order === 'desc' ? 'asc' : 'desc') : first;
  return withFilters(state, { sort: key, order });
}

/** Status, dates, search, assistant or ended reason set. The direction is a tab, not a filter, and is not counted. */
export function hasActiveFilters(state: CallFilters): boolean {
  return state.statuses.length > 0 || !!state.from || !!state.to || !!state.q || !!state.assistant || !!state.endedReason;
}

/** Filters reset, but the tab (direction) and sort the user picked are kept. */
export function clearFilters(state: CallsListState): CallsListState {
  return { ...state, statuses: [], from: null, to: null, q: '', assistant: '', endedReason: '', ...firstPage };
}

// The detail page carries the list's state in `list`, so its back link returns to the same view.
export function detailHref(callId: string, listState: CallsListState): string {
  const list = serializeCallsListState(listState);
  return list ? `/calls/${encodeURIComponent(callId)}?list=${encodeURIComponent(list)}` : `/calls/${encodeURIComponent(callId)}`;
}

export function backHrefFromDetail(params: ParamsLike): string {
  // Re-parsed and re-serialized: the `list` value is user-editable and must not become an open redirect.
  return callsListHref(parseCallsListState(params.get('list') ?? ''));
}
