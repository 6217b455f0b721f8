// The retention job, per org: erase what the org's retention settings say is expired, in batches.
// Each batch is one database transaction (claim_erasure_batch: due calls, oldest first, SKIP LOCKED,
// held calls skipped, columns cleared and receipts written together), then the batch's Storage
// objects are removed and its receipts stamped. A crash anywhere leaves either nothing done or
// receipts to finish, which the next run does first: resumable, and never a second receipt.
import type { JobDeps } from '@/lib/recordings/config';
import { removeErasedObjects, resumePendingErasures, type PendingErasure } from './erase';

export interface EraseExpiredOptions {
  /** Calls per database transaction. */
  batchSize?: number;
  /** Upper bound of calls per run; the next run continues. */
  maxCalls?: number;
  now?: Date;
  /** Tests only: runs after a batch's database step, before its Storage step (to crash there). */
  afterClaim?: (batch: PendingErasure[]) => Promise<void>;
}

export interface EraseExpiredResult {
  orgId: string;
  /** Receipts of earlier runs finished first. */
  resumed: number;
  /** Calls this run erased something of (one receipt each). */
  erased: number;
  /** Storage objects removed by this run's batches. */
  objects: number;
  batches: number;
  /** Calls claimed (with or without something left to erase). */
  claimed: number;
  /** True when the run stopped at maxCalls: more may be due (the Inngest function runs another step). */
  more: boolean;
}

export const DEFAULT_ERASE_BATCH = 100;
export const DEFAULT_ERASE_MAX_CALLS = 5000;

export async function eraseExpiredForOrg(deps: JobDeps, orgId: string, opts: EraseExpiredOptions = {}): Promise<EraseExpiredResult> {
  const batchSize = opts.batchSize ?? DEFAULT_ERASE_BATCH;
  const maxCalls = opts.maxCalls ?? DEFAULT_ERASE_MAX_CALLS;
  const now = (opts.now ?? new Date()).toISOString();
  const resumed = await resumePendingErasures(deps, orgId);
  let erased = 0;
  let objects = 0;
  let batches = 0;
  let claimed = 0;
  while (claimed < maxCalls) {
    const limit = Math.min(batchSize, maxCalls - claimed);
    const { data, error } = await deps.client.rpc('claim_erasure_batch', { p_org_id: orgId, p_limit: limit, p_now: now });
    if (error) throw new Error(`erasure batch failed: ${error.message}`);
    batches++;
    const rows = data ?? [];
    // One row per claimed call; receipt null when nothing was left to erase of it.
    const batch: PendingErasure[] = rows.flatMap((r) => (r.receipt_id ? [{ receiptId: r.receipt_id, callId: r.call_id, storagePath: r.storage_path }] : []));
    erased += batch.length;
    if (opts.afterClaim) await opts.afterClaim(batch);
    const withObjects = batch.filter((b) => b.storagePath !== null);
    await removeErasedObjects(deps, orgId, withObjects);
    objects += withObjects.length;
    claimed += rows.length;
    if (rows.length < limit) break;
  }
  if (erased > 0) deps.log?.('erased expired call data', { orgId, erased, objects });
  return { orgId, resumed, erased, objects, batches, claimed, more: claimed >= maxCalls };
}
