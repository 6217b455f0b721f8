// Erasure, the server's part: the database step (erase_call / claim_erasure_batch) has already
// cleared the columns and written a receipt with the Storage path; here the object is removed through
// the Storage API (row and bytes) and the receipt is stamped. Receipts whose object removal did not
// finish (a crash, a failed request) are found again by resumePendingErasures, so nothing is lost.
import { RECORDINGS_BUCKET, type JobDeps } from '@/lib/recordings/config';

export interface PendingErasure {
  receiptId: string;
  callId: string;
  storagePath: string | null;
}

/** Storage paths of recordings are exactly {org_id}/{call_id}.{ext}; anything else is refused. */
export function isOwnRecordingPath(orgId: string, callId: string, path: string): boolean {
  return new RegExp(`^${orgId}/${callId}\\.[a-z0-9]{2,5}$`).test(path);
}

export class ErasurePathError extends Error {
  name = 'ErasurePathError';
}

/**
 * Removes the receipts' Storage objects (in the org's folder only) and stamps the receipts. Idempotent:
 * an object already gone is simply not there to remove, and only unstamped receipts are stamped.
 */
export async function removeErasedObjects(deps: JobDeps, orgId: string, pending: PendingErasure[]): Promise<number> {
  if (pending.length === 0) return 0;
  for (const p of pending) {
    if (p.storagePath !== null && !isOwnRecordingPath(orgId, p.callId, p.storagePath)) {
      throw new ErasurePathError(`receipt ${p.receiptId} names a path outside ${orgId}/`);
    }
  }
  const paths = pending.flatMap((p) => (p.storagePath ? [p.storagePath] : []));
  const bucket = deps.client.storage.from(RECORDINGS_BUCKET);
  for (let i = 0; i < paths.length; i += 100) {
    const { error } = await bucket.remove(paths.slice(i, i + 100));
    if (error) throw new Error(`removing erased recordings failed: ${error.message}`);
  }
  const ids = pending.map((p) => p.receiptId);
  let stamped = 0;
  for (let i = 0; i < ids.length; i += 100) {
    const { data, error } = await deps.client
      .from('erasure_receipts')
      .update({ storage_erased_at: new Date().toISOString() })
      .eq('org_id', orgId)
      .in('id', ids.slice(i, i + 100))
      .is('storage_erased_at', null)
      .select('id');
    if (error) throw new Error(`stamping erasure receipts failed: ${error.message}`);
    stamped += data.length;
  }
  return stamped;
}

/** Receipts of the org whose Storage object is still to be removed, oldest first. */
export async function pendingErasures(deps: JobDeps, orgId: string, limit = 500): Promise<PendingErasure[]> {
  const { data, error } = await deps.client
    .from('erasure_receipts')
    .select('id, call_id, storage_path')
    .eq('org_id', orgId)
    .is('storage_erased_at', null)
    .not('storage_path', 'is', null)
    .order('created_at')
    .limit(limit);
  if (error) throw new Error(`listing pending erasures failed: ${error.message}`);
  return data.map((r) => ({ receiptId: r.id, callId: r.call_id, storagePath: r.storage_path }));
}

/** Finishes what an earlier run or request left half-done; returns the receipts stamped. */
export async function resumePendingErasures(deps: JobDeps, orgId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const pending = await pendingErasures(deps, orgId);
    if (pending.length === 0) return total;
    total += await removeErasedObjects(deps, orgId, pending);
  }
}
