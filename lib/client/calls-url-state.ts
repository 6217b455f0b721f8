// The calls list's state (filters, sort, page) lives in the URL. These helpers parse it strictly:
// anything unknown or malformed is dropped, so a hand-edited URL never makes the API answer 400
// and never sends a parameter the handler does not know.
import {
  BOOLEAN_FILTERS,
  CALL_STATUSES,
  COST_FILTER_PATTERN,
  DIRECTION_FILTERS,
  DURATION_FILTER_PATTERN,
  MAX_COST_FILTER,
  MAX_DURATION_FILTER,
  SENTIMENTS,
  SORT_KEYS,
  type BooleanFilter,
  type CallStatus,
  type DirectionFilter,
  type Sentiment,
  type SortKey,
  type SortOrder,
} from '@/lib/api/contract';
import { firstPage, parsePaging, writePaging, type Paging } from './paging';

export { CALL_STATUSES, SENTIMENTS, SORT_KEYS, type BooleanFilter, type DirectionFilter, type Sentiment, type SortKey, type SortOrder };

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
  sentiments: Sentiment[];
  /** The provider's pass/fail verdict, or '' for any. */
  success: BooleanFilter | '';
  hasRecording: BooleanFilter | '';
  /** Inclusive bounds as the URL spells them ('' = open): whole seconds, and amounts like 1.25. */
  minDuration: string;
  maxDuration: string;
  minCost: string;
  maxCost: string;
  sort: SortKey;
  order: SortOrder;
}

export interface CallsListState extends CallFilters, Paging {}

/** The filters added by issue 15, all unset. */
function noExtraFilters() {
  return { sentiments: [] as Sentiment[], success: '' as const, hasRecording: '' as const, minDuration: '', maxDuration: '', minCost: '', maxCost: '' };
}

export const DEFAULT_FILTERS: CallFilters = {
  direction: 'all',
  statuses: [],
  from: null,
  to: null,
  q: '',
  assistant: '',
  endedReason: '',
  ...noExtraFilters(),
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

/** A range bound as the API accepts it, or '' (malformed or out of range values are dropped). */
export function normalizeDuration(value: string | null | undefined): string {
  const v = (value ?? '').trim();
  return DURATION_FILTER_PATTERN.test(v) && Number(v) <= MAX_DURATION_FILTER ? String(Number(v)) : '';
}
export function normalizeCost(value: string | null | undefined): string {
  const v = (value ?? '').trim();
  return COST_FILTER_PATTERN.test(v) && Number(v) <= MAX_COST_FILTER ? v : '';
}

/** A reversed range is a typo, not a request for nothing: the bounds are swapped. */
function ordered(min: string, max: string): [string, string] {
  return min && max && Number(min) > Number(max) ? [max, min] : [min, max];
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
  const wantedSentiments = new Set(params.getAll('sentiment'));
  const success = params.get('success');
  const hasRecording = params.get('has_recording');
  const [minDuration, maxDuration] = ordered(normalizeDuration(params.get('min_duration')), normalizeDuration(params.get('max_duration')));
  const [minCost, maxCost] = ordered(normalizeCost(params.get('min_cost')), normalizeCost(params.get('max_cost')));
  return {
    direction: oneOf(DIRECTION_FILTERS, direction) ? direction : 'all',
    statuses,
    from,
    to,
    q: normalizeQuery(params.get('q')),
    assistant: normalizeExact(params.get('assistant')),
    endedReason: normalizeExact(params.get('ended_reason')),
    sentiments: SENTIMENTS.filter((x) => wantedSentiments.has(x)),
    success: oneOf(BOOLEAN_FILTERS, success) ? success : '',
    hasRecording: oneOf(BOOLEAN_FILTERS, hasRecording) ? hasRecording : '',
    minDuration,
    maxDuration,
    minCost,
    maxCost,
    sort: oneOf(SORT_KEYS, sort) ? sort : DEFAULT_SORT,
    order: order === 'asc' || order === 'desc' ? order : DEFAULT_ORDER,
    ...parsePaging(params),
  };
}

/** The issue-15 filters, spelled the same in the page URL and the API query. */
function writeExtraFilters(params: URLSearchParams, state: CallFilters) {
  for (const x of SENTIMENTS) if (state.sentiments.includes(x)) params.append('sentiment', x);
  if (state.success) params.set('success', state.success);
  if (state.hasRecording) params.set('has_recording', state.hasRecording);
  if (state.minDuration) params.set('min_duration', state.minDuration);
  if (state.maxDuration) params.set('max_duration', state.maxDuration);
  if (state.minCost) params.set('min_cost', state.minCost);
  if (state.maxCost) params.set('max_cost', state.maxCost);
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
  writeExtraFilters(params, state);
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
  writeExtraFilters(params, state);
  params.set('sort', state.sort);
  params.set('order', state.order);
  if (state.cursor) params.set('cursor', state.cursor);
  params.set('limit', String(limit));
  return params;
}

/** Query parameters for GET /api/calls-dashboard/export: the list's filter and sort, every row (no cursor, no limit). */
export function toExportSearchParams(state: CallFilters): URLSearchParams {
  const params = toApiSearchParams({ ...state, cursor: null });
  params.delete('limit');
  return params;
}

/** Any filter change starts again at page 1: a cursor only makes sense for the query it came from. */
export function withFilters(state: CallsListState, patch: Partial<CallFilters>): CallsListState {
  const next = { ...state, ...patch, ...firstPage };
  if (patch.q !== undefined) next.q = normalizeQuery(patch.q);
  if (patch.assistant !== undefined) next.assistant = normalizeExact(patch.assistant);
  if (patch.endedReason !== undefined) next.endedReason = normalizeExact(patch.endedReason);
  if (patch.minDuration !== undefined) next.minDuration = normalizeDuration(patch.minDuration);
  if (patch.maxDuration !== undefined) next.maxDuration = normalizeDuration(patch.maxDuration);
  if (patch.minCost !== undefined) next.minCost = normalizeCost(patch.minCost);
  if (patch.maxCost !== undefined) next.maxCost = normalizeCost(patch.maxCost);
  [next.minDuration, next.maxDuration] = ordered(next.minDuration, next.maxDuration);
  [next.minCost, next.maxCost] = ordered(next.minCost, next.maxCost);
  return next;
}

/** Clicking a column header: a new column sorts descending first (largest, latest), the same one flips. */
export function toggleSort(state: CallsListState, key: SortKey): CallsListState {
  const first: SortOrder = TEXT_SORT_KEYS.includes(key) ? 'asc' : 'desc';
  const order: SortOrder = state.sort === key ? (state.order === 'desc' ? 'asc' : 'desc') : first;
  return withFilters(state, { sort: key, order });
}

/** Any filter set (status, dates, search, assistant, outcome, ranges…). The direction is a tab, not a filter, and is not counted. */
export function hasActiveFilters(state: CallFilters): boolean {
  return (
    state.statuses.length > 0 || !!state.from || !!state.to || !!state.q || !!state.assistant || !!state.endedReason ||
    state.sentiments.length > 0 || !!state.success || !!state.hasRecording ||
    !!state.minDuration || !!state.maxDuration || !!state.minCost || !!state.maxCost
  );
}

/** Filters reset, but the tab (direction) and sort the user picked are kept. */
export function clearFilters(state: CallsListState): CallsListState {
  return { ...state, statuses: [], from: null, to: null, q: '', assistant: '', endedReason: '', ...noExtraFilters(), ...firstPage };
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
