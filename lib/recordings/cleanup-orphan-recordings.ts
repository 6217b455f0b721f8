// cleanupOrphanRecordingsForOrg: storage objects under "{orgId}/" that no call of the org references
// and that are older than the grace period (default 24 h, so an upload whose completion is still
// in flight is never touched) are deleted. Dry-run lists them only. Every run is recorded in
// orphan_cleanup_runs with exactly what it found and deleted.
import { resolveConfig, type JobDeps, type PipelineConfig } from './config';
import { unreferencedRecordingPaths } from './queue-rpc';

export interface OrphanCleanupOptions extends Partial<PipelineConfig> {
  graceSeconds?: number;
  dryRun?: boolean;
  /** Upper bound of deletions per run; the next run continues. */
  maxDeletes?: number;
  now?: Date;
}

export interface OrphanCleanupResult {
  orgId: string;
  runId: string;
  dryRun: boolean;
  scanned: number;
  orphans: string[];
  deleted: string[];
}

const PAGE = 1000;
export const DEFAULT_ORPHAN_GRACE_SECONDS = 24 * 3600;

export async function cleanupOrphanRecordingsForOrg(deps: JobDeps, orgId: string, opts: OrphanCleanupOptions = {}): Promise<OrphanCleanupResult> {
  const cfg = resolveConfig(opts);
  const graceSeconds = opts.graceSeconds ?? DEFAULT_ORPHAN_GRACE_SECONDS;
  const dryRun = opts.dryRun ?? false;
  const maxDeletes = opts.maxDeletes ?? 1000;
  const cutoff = (opts.now ?? new Date()).getTime() - graceSeconds * 1000;
  const bucket = deps.client.storage.from(cfg.bucket);

  const run = await deps.client
    .from('orphan_cleanup_runs')
    .insert({ org_id: orgId, dry_run: dryRun, grace_seconds: graceSeconds })
    .select('id')
    .single();
  if (run.error) throw new Error(`recording the cleanup run failed: ${run.error.message}`);
  const runId = run.data.id;

  let scanned = 0;
  const orphans: string[] = [];
  const deleted: string[] = [];
  let failure: string | null = null;
  try {
    // The org's folder only: list() is prefix-scoped, and each name is checked again below.
    for (let offset = 0; orphans.length < maxDeletes; offset += PAGE) {
      const { data, error } = await bucket.list(orgId, { limit: PAGE, offset, sortBy: { column: 'name', order: 'asc' } });
      if (error) throw new Error(`listing ${orgId}/ failed: ${error.message}`);
      const files = data.filter((o) => o.id !== null);
      scanned += files.length;
      const old = files
        .filter((o) => Date.parse(o.updated_at ?? o.created_at ?? '') < cutoff)
        .map((o) => `${orgId}/${o.name}`)
        .filter((p) => p.startsWith(`${orgId}/`) && !p.slice(orgId.length + 1).includes('/'));
      const unreferenced = await unreferencedRecordingPaths(deps.client, orgId, old);
      orphans.push(...unreferenced.slice(0, maxDeletes - orphans.length));
      if (data.length < PAGE) break;
    }
    if (!dryRun) {
      for (let i = 0; i < orphans.length; i += 100) {
        const chunk = orphans.slice(i, i + 100);
        const { data, error } = await bucket.remove(chunk);
        if (error) throw new Error(`deleting orphans failed: ${error.message}`);
        deleted.push(...data.map((o) => o.name));
      }
    }
  } catch (error) {
    failure = (error as Error).message;
  }
  const finish = await deps.client
    .from('orphan_cleanup_runs')
    .update({ finished_at: new Date().toISOString(), scanned, orphan_paths: orphans, deleted_paths: deleted, error: failure })
    .eq('org_id', orgId)
    .eq('id', runId);
  if (finish.error) throw new Error(`recording the cleanup result failed: ${finish.error.message}`);
  if (failure) throw new Error(failure);
  if (deleted.length > 0) deps.log?.('deleted orphan recordings', { orgId, count: deleted.length });
  return { orgId, runId, dryRun, scanned, orphans, deleted };
}
