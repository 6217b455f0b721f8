// The common end of every verified webhook (Standard Webhooks, Vapi, Retell): store the call and its
// upload queue item in one transaction (ingest_call_report, idempotent per delivery id), then tell
// Inngest, only after the commit, and answer.
import type { SupabaseClient } from '@supabase/supabase-js';
import { NextResponse } from 'next/server';
import type { Database, Json } from '@/lib/database.types';
import { fromDatabaseError } from '@/lib/api/errors';

export interface IngestDeps {
  client: SupabaseClient<Database>;
  notify: (orgId: string, callId: string) => Promise<unknown>;
}

/** Filled in for the delivery log: whether this delivery repeated one already stored. */
export interface IngestNote {
  duplicate: boolean;
}

export async function ingestAndAnswer(deps: IngestDeps, orgId: string, deliveryId: string, call: object, note?: IngestNote): Promise<NextResponse> {
  const { data, error } = await deps.client.rpc('ingest_call_report', {
    p_org_id: orgId,
    p_webhook_id: deliveryId,
    p_call: call as unknown as Json,
  });
  // An unreachable database is a 503 (the sender retries; nothing was stored), not a 500.
  if (error) throw fromDatabaseError(error) ?? new Error(`ingest_call_report failed: ${error.message}`);
  const row = data[0];
  if (note) note.duplicate = row.is_duplicate;
  // After the commit, never before: Inngest must never see an event for a row that is not there.
  if (row.is_queued) await deps.notify(orgId, row.ingested_call_id);
  return NextResponse.json({ received: true, callId: row.ingested_call_id, duplicate: row.is_duplicate });
}
