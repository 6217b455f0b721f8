// Data access for calls. Every query names the org explicitly (.eq('org_id', orgId)) and runs with
// the caller's token, so the database's request gate and RLS decide a second time. Detail and
// recording go through open_call() / open_recording(), which write the access ledger in the same
// transaction (supabase/migrations/20261130000300_ledgered_reads.sql). No HTTP concerns here.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import type { CallDetail, CallListItem, CallStatus, CallTotal, DirectionFilter, RecordingPipeline, Sentiment, SortKey, SortOrder, TranscriptTurn } from '@/lib/api/contract';
import { afterCursor, decodeCursor, encodeCursor } from './cursor';

type Client = SupabaseClient<Database>;

export type { CallDetail, CallListItem, CallTotal };

export interface ListCallsInput {
  direction: DirectionFilter;
  statuses: CallStatus[];
  /** Inclusive lower bound, ISO timestamp. */
  startedFrom?: string;
  /** Exclusive upper bound, ISO timestamp. */
  startedBefore?: string;
  q?: string;
  /** Exact provider assistant id (Vapi assistantId, Retell agent_id). */
  assistantId?: string;
  /** Exact ended reason as the provider reported it. */
  endedReason?: string;
  /** Any of these sentiments (none: any sentiment, or none at all). */
  sentiments?: Sentiment[];
  /** The provider's pass/fail verdict (calls without one match neither). */
  succeeded?: boolean;
  hasRecording?: boolean;
  /** Inclusive duration bounds, seconds. */
  minDuration?: number;
  maxDuration?: number;
  /** Inclusive cost bounds, as decimal text. */
  minCost?: string;
  maxCost?: string;
  sort: SortKey;
  order: SortOrder;
  cursor?: string;
  limit: number;
}

/** The columns of a list row (what staff may read), as the page query selects them. */
export const LIST_COLUMNS =
  'id, call_type, status, from_number, to_number, contact_name, agent_name, started_at, duration_seconds, cost, sentiment, succeeded, has_recording, recording_erased_at, content_erased_at, agent_sort, customer_number';

const SORT_COLUMN: Record<SortKey, 'started_at' | 'duration_seconds' | 'cost' | 'status' | 'agent_sort' | 'customer_number'> = {
  started_at: 'started_at',
  duration: 'duration_seconds',
  cost: 'cost',
  status: 'status',
  agent: 'agent_sort',
  number: 'customer_number',
};

// PostgREST's `estimated` count is exact up to db-max-rows and the planner's estimate above it.
const EXACT_COUNT_LIMIT = 1000;

/** A phone-number search: only digits and phone punctuation, at least three digits. */
export function phoneDigits(q: string): string | null {
  if (!/^[\d\s()+.-]+$/.test(q)) return null;
  const digits = q.replace(/\D/g, '');
  return digits.length >= 3 ? digits : null;
}

// The typed builder's overloads do not survive a generic helper; every call below is a plain filter.
type AnyBuilder = any;

/** The org scope and the list filters, shared by the page query and the count query. */
function applyFilters<T>(query: T, orgId: string, input: ListCallsInput): T {
  let q = (query as AnyBuilder).eq('org_id', orgId);
  if (input.direction !== 'all') q = q.eq('call_type', input.direction);
  if (input.statuses.length > 0) q = q.in('status', input.statuses);
  if (input.startedFrom) q = q.gte('started_at', input.startedFrom);
  if (input.startedBefore) q = q.lt('started_at', input.startedBefore);
  // List columns (staff may read them); .eq passes the value as a value, whatever it contains.
  if (input.assistantId) q = q.eq('assistant_id', input.assistantId);
  if (input.endedReason) q = q.eq('ended_reason', input.endedReason);
  if (input.sentiments?.length) q = q.in('sentiment', input.sentiments);
  if (input.succeeded !== undefined) q = q.eq('succeeded', input.succeeded);
  if (input.hasRecording !== undefined) q = q.eq('has_recording', input.hasRecording);
  if (input.minDuration !== undefined) q = q.gte('duration_seconds', input.minDuration);
  if (input.maxDuration !== undefined) q = q.lte('duration_seconds', input.maxDuration);
  if (input.minCost !== undefined) q = q.gte('cost', input.minCost);
  if (input.maxCost !== undefined) q = q.lte('cost', input.maxCost);
  if (input.q) {
    const digits = phoneDigits(input.q);
    // Digits only reach the pattern; free text goes to websearch_to_tsquery as a value, never
    // into the filter grammar. Text search covers list fields only (names and agent): searching
    // transcripts would tell staff what transcripts say.
    q = digits
      ? q.ilike('phone_digits', `%${digits}%`)
      : q.textSearch('list_search', input.q, { type: 'websearch', config: 'simple' });
  }
  return q as T;
}

/**
 * One page of the org's calls (with the caller's client) and the filter's total. Users may not ask
 * for planned or estimated counts (planner statistics span every org); when the total is not simply
 * the rows of a complete first page, it is counted by `counter`, the service role, for this org and
 * these filters only — and only after the caller's own, gated request has succeeded, so a signed-out
 * or removed user never makes the server count anything.
 */
export async function listCalls(client: Client, orgId: string, input: ListCallsInput, counter: Client | (() => Client)) {
  const column = SORT_COLUMN[input.sort];
  const ascending = input.order === 'asc';
  const cursor = input.cursor ? decodeCursor(input.cursor, { s: input.sort, o: input.order }) : null;

  let page = applyFilters(client.from('call_logs').select(LIST_COLUMNS), orgId, input);
  if (cursor) page = afterCursor(page, cursor, { sort: column, id: 'id' });
  page = page.order(column, { ascending }).order('id', { ascending }).limit(input.limit + 1);

  const { data, error } = await page;
  if (error) throw error;
  const rows = data ?? [];
  const hasMore = rows.length > input.limit;
  const pageRows = rows.slice(0, input.limit);
  const last = pageRows[pageRows.length - 1];

  let total: CallTotal;
  if (!cursor && !hasMore) {
    // A single, complete first page: the exact total is simply the number of rows.
    total = { value: pageRows.length, kind: 'exact' };
  } else {
    // The total of the filter set, without the cursor condition.
    // Made only when needed: a complete first page needs no second client.
    const counting = typeof counter === 'function' ? counter() : counter;
    // A GET for no rows, not a HEAD: a HEAD's error has no body, so a statement cut off by a
    // Postgres shutdown (57P01, which PostgREST answers with a 500) could not be told from a bug.
    // PostgREST counts the same way for limit=0; the answer is an empty array and Content-Range.
    const counted = await applyFilters(counting.from('call_logs').select('id', { count: 'estimated' }), orgId, input).limit(0);
    // Keep the HTTP status too (a gateway's bodiless 502-504 → try again).
    if (counted.error) throw { ...counted.error, status: counted.status };
    const rawTotal = counted.count ?? 0;
    total = { value: rawTotal, kind: rawTotal > EXACT_COUNT_LIMIT ? 'planned' : 'exact' };
  }

  return {
    calls: pageRows.map(toListItem),
    nextCursor:
      hasMore && last
        ? encodeCursor({ s: input.sort, o: input.order, v: String(last[column as keyof typeof last]), id: last.id })
        : null,
    total,
  };
}

type ListRow = {
  id: string; call_type: string; status: string; from_number: string; to_number: string;
  contact_name: string | null; agent_name: string | null; started_at: string; duration_seconds: number;
  cost: number; sentiment: string | null; succeeded?: boolean | null; has_recording: boolean | null;
  recording_erased_at?: string | null; content_erased_at?: string | null;
  agent_sort?: string | null; customer_number?: string | null;
};

function toListItem(r: ListRow): CallListItem {
  return {
    id: r.id,
    callType: r.call_type as CallListItem['callType'],
    status: r.status as CallStatus,
    fromNumber: r.from_number,
    toNumber: r.to_number,
    contactName: r.contact_name,
    agentName: r.agent_name,
    startedAt: r.started_at,
    durationSeconds: r.duration_seconds,
    cost: Number(r.cost),
    sentiment: r.sentiment as CallListItem['sentiment'],
    succeeded: r.succeeded ?? null,
    hasRecording: r.has_recording === true,
    recordingErasedAt: r.recording_erased_at ?? null,
    contentErasedAt: r.content_erased_at ?? null,
  };
}

interface OpenedCall {
  call: ListRow & {
    ended_at: string | null; ended_reason: string | null; summary: string | null; transcript: unknown;
    provider?: string; assistant_id?: string | null; phone_number_id?: string | null; success_evaluation?: string | null;
    structured_data?: unknown; cost_breakdown?: unknown; legal_hold_at?: string | null;
  };
  lead: { id: string; name: string; phone: string | null } | null;
  campaign: { id: string; name: string } | null;
  queue: { status: string; attempts: number; last_error: string | null } | null;
  failed: { error: string; retry_count: number; max_retries: number; next_retry_at: string | null; resolved_at: string | null; dead_lettered_at: string | null } | null;
}

/**
 * The call of this org with this id, or null (unknown and foreign ids alike). open_call() checks the
 * caller is an admin of the org and writes the `call.viewed` ledger row in the same transaction.
 */
export async function getCallDetail(client: Client, callId: string): Promise<CallDetail | null> {
  const { data, error } = await client.rpc('open_call', { p_call_id: callId });
  if (error) throw error;
  const opened = data as unknown as OpenedCall | null;
  if (!opened) return null;
  const { call, lead, campaign, queue, failed } = opened;
  return {
    ...toListItem(call),
    endedAt: call.ended_at,
    endedReason: call.ended_reason,
    summary: call.summary,
    transcript: parseTranscript(call.transcript),
    lead,
    campaign,
    recording: call.recording_erased_at
      ? { state: 'erased', attempts: 0, maxAttempts: failed?.max_retries ?? 3, lastError: null, nextRetryAt: null }
      : recordingState(call.has_recording === true, queue, failed),
    provider: call.provider ?? 'voice',
    assistantId: call.assistant_id ?? null,
    phoneNumberId: call.phone_number_id ?? null,
    successEvaluation: call.success_evaluation ?? null,
    structuredData: asObject(call.structured_data),
    costBreakdown: asObject(call.cost_breakdown),
    legalHoldSince: call.legal_hold_at ?? null,
  };
}

const asObject = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

function parseTranscript(value: unknown): TranscriptTurn[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((t): t is Record<string, unknown> => !!t && typeof t === 'object')
    .map((t) => ({
      speaker: t.speaker === 'agent' ? 'agent' : 'customer',
      text: typeof t.text === 'string' ? t.text : '',
      start: typeof t.start === 'number' ? t.start : 0,
      end: typeof t.end === 'number' ? t.end : 0,
    }));
}

function recordingState(
  stored: boolean,
  queue: { status: string; attempts: number; last_error: string | null } | null,
  failed: { error: string; retry_count: number; max_retries: number; next_retry_at: string | null; resolved_at: string | null; dead_lettered_at: string | null } | null,
): RecordingPipeline {
  const maxAttempts = failed?.max_retries ?? 3;
  if (stored) return { state: 'stored', attempts: queue?.attempts ?? 0, maxAttempts, lastError: null, nextRetryAt: null };
  if (failed && !failed.resolved_at) {
    return {
      state: failed.dead_lettered_at ? 'dead_lettered' : 'failed',
      attempts: failed.retry_count,
      maxAttempts,
      lastError: failed.error,
      nextRetryAt: failed.dead_lettered_at ? null : failed.next_retry_at,
    };
  }
  if (queue && (queue.status === 'pending' || queue.status === 'processing')) {
    return { state: queue.status, attempts: queue.attempts, maxAttempts, lastError: queue.last_error, nextRetryAt: null };
  }
  return { state: 'none', attempts: queue?.attempts ?? 0, maxAttempts, lastError: queue?.last_error ?? null, nextRetryAt: null };
}

/**
 * Storage path of the call's stored recording, or null when there is none (or no such call in the
 * org). open_recording() checks the caller is an admin and writes the `recording.url_issued` ledger
 * row before it returns the path.
 */
export async function openRecording(client: Client, orgId: string, callId: string): Promise<string | null> {
  const { data, error } = await client.rpc('open_recording', { p_call_id: callId });
  if (error) throw error;
  const path = data ?? null;
  // Defence in depth: a stored path must be exactly {org_id}/{call_id}.{ext} of this call.
  return path && new RegExp(`^${orgId}/${callId}\\.[a-z0-9]{2,5}$`).test(path) ? path : null;
}

/** The columns of an export row: the list's, plus the outcome fields the list filters on. */
const EXPORT_COLUMNS = `${LIST_COLUMNS}, ended_at, ended_reason, assistant_id`;

export type ExportRow = ListRow & { ended_at: string | null; ended_reason: string | null; assistant_id: string | null; succeeded: boolean | null };

/**
 * Every call of the filter, in the list's order, page by page with the caller's client (RLS and
 * the request gate apply to every page). Keyset paging, so each page costs the same however deep;
 * a generator, so the caller holds one page at a time.
 */
export async function* exportCallPages(client: Client, orgId: string, input: ListCallsInput, pageSize = 1000): AsyncGenerator<ExportRow[]> {
  const column = SORT_COLUMN[input.sort];
  const ascending = input.order === 'asc';
  let after: { s: SortKey; o: SortOrder; v: string; id: string } | null = null;
  for (;;) {
    let page = applyFilters(client.from('call_logs').select(EXPORT_COLUMNS), orgId, input);
    if (after) page = afterCursor(page, after, { sort: column, id: 'id' });
    const { data, error } = await page.order(column, { ascending }).order('id', { ascending }).limit(pageSize);
    if (error) throw error;
    const rows = (data ?? []) as unknown as ExportRow[];
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    after = { s: input.sort, o: input.order, v: String(last[column as keyof ExportRow]), id: last.id };
  }
}
