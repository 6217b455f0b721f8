// retryFailedUploadsForOrg: claims this org's failed uploads whose retry is due (filtered on
// failed_recording_uploads.org_id itself, never by a list of call ids) and runs each once more.
// A failure schedules the next retry with backoff; the last one dead-letters; a success resolves.
import { resolveConfig, type JobDeps } from './config';
import { processBatch, type ItemOutcome } from './process-item';
import { claimRetryBatch } from './queue-rpc';
import type { QueueRunOptions, QueueRunResult } from './process-upload-queue';
import { summarize } from './summary';

export async function retryFailedUploadsForOrg(deps: JobDeps, orgId: string, opts: QueueRunOptions = {}): Promise<QueueRunResult> {
  const cfg = resolveConfig(opts);
  const maxItems = opts.maxItems ?? 200;
  const deadline = Date.now() + (opts.maxRunMs ?? 60_000);
  const items: ItemOutcome[] = [];
  while (items.length < maxItems && Date.now() < deadline) {
    const batch = await claimRetryBatch(deps.client, orgId, Math.min(cfg.batchSize, maxItems - items.length), cfg.leaseSeconds);
    if (batch.length === 0) break;
    items.push(...(await processBatch(deps, orgId, batch, cfg)));
  }
  return { ...summarize(orgId, items), items };
}
