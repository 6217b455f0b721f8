// processUploadQueueForOrg: drains one org's pending uploads in leased batches until the queue is
// empty or the run's budget is spent (the next sweep continues). processUploadForCall: the same for
// the one call named by a `recording/upload.requested` event, after checking the call is the org's.
import { CrossOrgRefusedError } from './errors';
import { resolveDownloadConfig, type JobDeps, type PipelineConfig } from './config';
import { processBatch, type ItemOutcome } from './process-item';
import { claimUploadBatch } from './queue-rpc';
import { summarize, type RunSummary } from './summary';

export interface QueueRunOptions extends Partial<PipelineConfig> {
  /** Stop claiming after this many items (default 500). */
  maxItems?: number;
  /** Stop claiming after this many milliseconds (default 60 s); claimed items are still finished. */
  maxRunMs?: number;
}

export interface QueueRunResult extends RunSummary {
  items: ItemOutcome[];
}

export async function processUploadQueueForOrg(deps: JobDeps, orgId: string, opts: QueueRunOptions = {}): Promise<QueueRunResult> {
  const cfg = resolveDownloadConfig(opts);
  const maxItems = opts.maxItems ?? 500;
  const deadline = Date.now() + (opts.maxRunMs ?? 60_000);
  const items: ItemOutcome[] = [];
  while (items.length < maxItems && Date.now() < deadline) {
    const batch = await claimUploadBatch(deps.client, orgId, Math.min(cfg.batchSize, maxItems - items.length), cfg.leaseSeconds);
    if (batch.length === 0) break;
    items.push(...(await processBatch(deps, orgId, batch, cfg)));
  }
  return { ...summarize(orgId, items), items };
}

export async function processUploadForCall(
  deps: JobDeps,
  orgId: string,
  callId: string,
  opts: Partial<PipelineConfig> = {},
): Promise<QueueRunResult> {
  const cfg = resolveDownloadConfig(opts);
  // Refuse before any write: the event's org must own the call.
  const { data: call, error } = await deps.client.from('call_logs').select('id').eq('org_id', orgId).eq('id', callId).maybeSingle();
  if (error) throw new Error(`loading call failed: ${error.message}`);
  if (!call) throw new CrossOrgRefusedError(orgId, `call ${callId}`);
  // Nothing pending (already done, or another worker holds it) is a normal, quiet outcome.
  const batch = await claimUploadBatch(deps.client, orgId, 1, cfg.leaseSeconds, callId);
  const items = await processBatch(deps, orgId, batch, cfg);
  return { ...summarize(orgId, items), items };
}
