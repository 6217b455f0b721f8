// Typed calls of the pipeline's database functions (supabase/migrations/*_recording_pipeline_functions.sql).
// Each one is a single transaction filtered by p_org_id; errors are thrown, never swallowed.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';

type Client = SupabaseClient<Database>;
type Fns = Database['public']['Functions'];

export type ClaimedItem = Fns['claim_upload_batch']['Returns'][number] & { retry_count?: number };

function check<T>(what: string, res: { data: T | null; error: { message: string } | null }): T {
  if (res.error) throw new Error(`${what} failed: ${res.error.message}`);
  return res.data as T;
}

export async function claimUploadBatch(client: Client, orgId: string, limit: number, leaseSeconds: number, callId?: string) {
  const args = { p_org_id: orgId, p_limit: limit, p_lease_seconds: leaseSeconds, ...(callId ? { p_call_id: callId } : {}) };
  return check('claim_upload_batch', await client.rpc('claim_upload_batch', args)) ?? [];
}

export async function claimRetryBatch(client: Client, orgId: string, limit: number, leaseSeconds: number) {
  return check('claim_retry_batch', await client.rpc('claim_retry_batch', { p_org_id: orgId, p_limit: limit, p_lease_seconds: leaseSeconds })) ?? [];
}

/** True if this worker's lease was still valid and the item is now completed. */
export async function completeUpload(client: Client, orgId: string, queueId: string, leaseToken: string, path: string): Promise<boolean> {
  const data = check(
    'complete_upload',
    await client.rpc('complete_upload', { p_org_id: orgId, p_queue_id: queueId, p_lease_token: leaseToken, p_path: path }),
  );
  return data === true;
}

/** The failure record after this attempt, or null when the lease was lost (nothing changed). */
export async function failUpload(client: Client, orgId: string, queueId: string, leaseToken: string, error: string, retryDelays: number[]) {
  const rows = check(
    'fail_upload',
    await client.rpc('fail_upload', {
      p_org_id: orgId,
      p_queue_id: queueId,
      p_lease_token: leaseToken,
      p_error: error,
      p_retry_delays: retryDelays,
    }),
  );
  return rows?.[0] ?? null;
}

export async function reclaimExpiredUploads(client: Client, orgId: string, maxAttempts: number) {
  return check('reclaim_expired_uploads', await client.rpc('reclaim_expired_uploads', { p_org_id: orgId, p_max_attempts: maxAttempts })) ?? [];
}

export async function unreferencedRecordingPaths(client: Client, orgId: string, paths: string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  return check('unreferenced_recording_paths', await client.rpc('unreferenced_recording_paths', { p_org_id: orgId, p_paths: paths })) ?? [];
}
