// Retention settings, deleting a call, legal holds and deletion receipts, with the caller's client.
// The admin functions (supabase/migrations/20261130000800_retention.sql) take the org from the
// token and refuse staff (PT403) before any lookup; an unknown and a foreign call id both give null.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import type { ErasedKind, ErasureReceipt, ErasureReceiptsResponse, RetentionLimits, RetentionResponse } from '@/lib/api/contract';
import type { PendingErasure } from '@/lib/retention/erase';
import { afterCursor, decodeCursor, encodeCursor } from './cursor';

type Client = SupabaseClient<Database>;

interface PolicyRow {
  recording_days: number | null;
  transcript_days: number | null;
  metadata_days: number | null;
  is_default: boolean;
  updated_at: string | null;
}

const toRetention = (r: PolicyRow): RetentionResponse => ({
  retention: {
    recordingDays: r.recording_days,
    transcriptDays: r.transcript_days,
    metadataDays: r.metadata_days,
    isDefault: r.is_default,
    updatedAt: r.updated_at,
  },
});

/** The org's effective retention (the defaults until an admin saves settings); null without an org. */
export async function getRetention(client: Client): Promise<RetentionResponse | null> {
  const { data, error } = await client.rpc('retention_policy');
  if (error) throw error;
  return data ? toRetention(data as unknown as PolicyRow) : null;
}

export async function setRetention(client: Client, limits: RetentionLimits): Promise<RetentionResponse | null> {
  const { data, error } = await client.rpc('set_retention_policy', {
    p_recording_days: limits.recordingDays as number,
    p_transcript_days: limits.transcriptDays as number,
    p_metadata_days: limits.metadataDays as number,
  });
  if (error) throw error;
  return data ? toRetention(data as unknown as PolicyRow) : null;
}

export interface EraseCallResult {
  receiptId: string | null;
  recordingErasedAt: string | null;
  contentErasedAt: string | null;
  /** Receipts whose Storage object the server must remove now (lib/retention/erase.ts). */
  pending: PendingErasure[];
}

/** The database step of deleting one call's content; null when it is not a call of the caller's org. */
export async function eraseCall(client: Client, callId: string): Promise<EraseCallResult | null> {
  const { data, error } = await client.rpc('erase_call', { p_call_id: callId });
  if (error) throw error;
  if (!data) return null;
  const r = data as unknown as {
    receipt_id: string | null;
    call: { recording_erased_at: string | null; content_erased_at: string | null };
    pending: { receipt_id: string; storage_path: string }[];
  };
  return {
    receiptId: r.receipt_id,
    recordingErasedAt: r.call.recording_erased_at,
    contentErasedAt: r.call.content_erased_at,
    pending: r.pending.map((p) => ({ receiptId: p.receipt_id, callId, storagePath: p.storage_path })),
  };
}

/** Places or releases the hold; null when it is not a call of the caller's org. */
export async function setLegalHold(client: Client, callId: string, held: boolean): Promise<{ held: boolean; since: string | null } | null> {
  const { data, error } = await client.rpc('set_legal_hold', { p_call_id: callId, p_hold: held });
  if (error) throw error;
  return (data as unknown as { held: boolean; since: string | null } | null) ?? null;
}

/** The org's deletion receipts, newest first, keyset-paged on (created_at, id). */
export async function listErasureReceipts(client: Client, orgId: string, opts: { cursor?: string; limit: number }): Promise<ErasureReceiptsResponse> {
  const cursor = opts.cursor ? decodeCursor(opts.cursor, { s: 'created_at', o: 'desc' }) : null;
  let q = client
    .from('erasure_receipts')
    .select('id, call_id, source, actor_email, erased, object_version, created_at, storage_erased_at')
    .eq('org_id', orgId);
  if (cursor) q = afterCursor(q, cursor, { sort: 'created_at', id: 'id' });
  const { data, error } = await q.order('created_at', { ascending: false }).order('id', { ascending: false }).limit(opts.limit + 1);
  if (error) throw error;
  const rows = data ?? [];
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    receipts: page.map(
      (r): ErasureReceipt => ({
        id: r.id,
        callId: r.call_id,
        source: r.source as ErasureReceipt['source'],
        actorEmail: r.actor_email,
        erased: r.erased as ErasedKind[],
        objectVersion: r.object_version,
        createdAt: r.created_at,
        storageErasedAt: r.storage_erased_at,
      }),
    ),
    nextCursor: rows.length > opts.limit && last ? encodeCursor({ s: 'created_at', o: 'desc', v: last.created_at, id: last.id }) : null,
  };
}
