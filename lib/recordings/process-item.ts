// One claimed queue item: stream the recording from the provider into {org_id}/{call_id}.{ext}
// (upsert, so a re-run after a crash overwrites the same object), then complete under the lease
// token. Any failure is recorded through fail_upload, also under the token, as a coarse code only
// (org members read last_error); the detail goes to the log.
import { log } from '../observability/log';
import { retryDelaysSeconds } from './backoff';
import type { JobDeps, PipelineConfig } from './config';
import { openRecording } from './download';
import { failureCode, RecordingStoreError } from './errors';
import { completeUpload, failUpload, type ClaimedItem } from './queue-rpc';

export type ItemOutcome =
  | { outcome: 'completed'; queueId: string; callId: string; path: string }
  | { outcome: 'failed'; queueId: string; callId: string; error: string; deadLettered: boolean }
  /** Our lease was reclaimed meanwhile: another worker owns the item; we changed nothing. */
  | { outcome: 'lease_lost'; queueId: string; callId: string };

const defaultLog = (message: string, fields?: Record<string, unknown>) => log.warn(fields ?? {}, message);

export function recordingPath(orgId: string, callId: string, extension: string): string {
  return `${orgId}/${callId}.${extension}`;
}

export async function processClaimedItem(deps: JobDeps, orgId: string, item: ClaimedItem, cfg: PipelineConfig): Promise<ItemOutcome> {
  const base = { queueId: item.queue_id, callId: item.call_id };
  let path: string;
  try {
    const rec = await openRecording(item.recording_url, { ...cfg, resolve: deps.resolve });
    path = recordingPath(orgId, item.call_id, rec.extension);
    let stored: { error: { message: string } | null };
    try {
      // The body streams straight through (duplex: half): never the whole recording in memory.
      stored = await deps.client.storage
        .from(cfg.bucket)
        .upload(path, rec.body, { contentType: rec.contentType, upsert: true, duplex: 'half' });
    } catch (error) {
      stored = { error: error as Error };
    }
    // When the download failed mid-stream the upload fails too; the download's reason is the real one.
    const failure = rec.failure();
    if (failure) throw failure;
    if (stored.error) {
      rec.body.destroy();
      throw new RecordingStoreError(`storage upload failed: ${stored.error.message}`);
    }
  } catch (error) {
    const code = failureCode(error);
    const detail = (error as Error).message;
    const delays = retryDelaysSeconds(
      { baseSeconds: cfg.retryBaseSeconds, maxSeconds: cfg.retryMaxSeconds, jitter: cfg.retryJitter, retries: cfg.maxRetries },
      deps.random,
    );
    const failed = await failUpload(deps.client, orgId, item.queue_id, item.lease_token, code, delays);
    (deps.log ?? defaultLog)('recording upload failed', { orgId, ...base, error: code, detail, deadLettered: failed?.dead_lettered ?? null });
    if (!failed) return { outcome: 'lease_lost', ...base };
    return { outcome: 'failed', ...base, error: code, deadLettered: failed.dead_lettered };
  }
  const done = await completeUpload(deps.client, orgId, item.queue_id, item.lease_token, path);
  return done ? { outcome: 'completed', ...base, path } : { outcome: 'lease_lost', ...base };
}

/**
 * Processes a claimed batch in parallel. An unexpected error on one item (e.g. the database is
 * unreachable when completing) does not abandon the others; it is rethrown after the batch, so the
 * caller (an Inngest step) retries, and that item is reclaimed when its lease expires.
 */
export async function processBatch(deps: JobDeps, orgId: string, batch: ClaimedItem[], cfg: PipelineConfig): Promise<ItemOutcome[]> {
  const settled = await Promise.allSettled(batch.map((item) => processClaimedItem(deps, orgId, item, cfg)));
  const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) {
    throw new Error(`${failures.length} of ${batch.length} items hit an unexpected error: ${(failures[0].reason as Error)?.message ?? failures[0].reason}`);
  }
  return settled.map((r) => (r as PromiseFulfilledResult<ItemOutcome>).value);
}
