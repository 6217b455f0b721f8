// The org's recording pipeline at a glance, through the admin-only database functions of
// 20261130000700_pipeline_health.sql, with the caller's own client: the database takes the org from
// the token, refuses non-admins (PT403) and filters every statement by that org.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { PipelineHealthResponse, RequeueResponse } from '@/lib/api/contract';
import type { Database } from '@/lib/database.types';

type Client = SupabaseClient<Database>;

interface HealthRow {
  counts: { pending: number; retrying: number; dead_lettered: number; stored: number };
  dead_letters: {
    id: string;
    call_id: string;
    error: string;
    retry_count: number;
    attempts: number | null;
    dead_lettered_at: string;
    call_started_at: string | null;
  }[];
}

export async function getPipelineHealth(client: Client): Promise<PipelineHealthResponse> {
  const { data, error } = await client.rpc('pipeline_health');
  if (error) throw error;
  const row = data as unknown as HealthRow;
  return {
    counts: {
      pending: Number(row.counts.pending),
      retrying: Number(row.counts.retrying),
      deadLettered: Number(row.counts.dead_lettered),
      stored: Number(row.counts.stored),
    },
    deadLetters: row.dead_letters.map((d) => ({
      id: d.id,
      callId: d.call_id,
      reason: d.error,
      retryCount: d.retry_count,
      attempts: d.attempts,
      deadLetteredAt: d.dead_lettered_at,
      callStartedAt: d.call_started_at,
    })),
  };
}

/** Re-queues one dead letter (by id) or all of the org's; idempotent (a second call queues nothing). */
export async function requeueDeadLetters(client: Client, deadLetterId: string | undefined): Promise<RequeueResponse> {
  const { data, error } = await client.rpc('requeue_dead_letters', deadLetterId ? { p_dead_letter_id: deadLetterId } : {});
  if (error) throw error;
  const callIds = (data ?? []) as string[];
  return { requeued: callIds.length, callIds };
}
