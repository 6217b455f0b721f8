// cleanupStaleProcessingForOrg: items of this org whose lease expired (a worker crashed or overran)
// go back to pending with their attempts kept; the lease token is cleared, so the old worker's late
// completion updates nothing. An item that keeps losing its lease is dead-lettered, not looped.
import { resolveConfig, type JobDeps, type PipelineConfig } from './config';
import { reclaimExpiredUploads } from './queue-rpc';

export interface StaleCleanupResult {
  orgId: string;
  requeued: number;
  deadLettered: number;
  items: { queueId: string; callId: string; attempts: number; status: string }[];
}

export async function cleanupStaleProcessingForOrg(
  deps: JobDeps,
  orgId: string,
  opts: Partial<PipelineConfig> = {},
): Promise<StaleCleanupResult> {
  const cfg = resolveConfig(opts);
  const rows = await reclaimExpiredUploads(deps.client, orgId, cfg.maxLeaseAttempts);
  const items = rows.map((r) => ({ queueId: r.queue_id, callId: r.call_id, attempts: r.attempts, status: r.status }));
  if (items.length > 0) deps.log?.('reclaimed expired leases', { orgId, count: items.length });
  return {
    orgId,
    requeued: items.filter((i) => i.status === 'pending').length,
    deadLettered: items.filter((i) => i.status === 'failed').length,
    items,
  };
}
