// The per-org jobs by name, for `npm run jobs` and the dev loop: the same functions the Inngest
// functions call, run across orgs without Inngest.
import { observeJob } from '../../lib/observability/jobs.ts';
import { listActiveOrgIds } from '../../lib/recordings/active-orgs.ts';
import { cleanupOrphanRecordingsForOrg } from '../../lib/recordings/cleanup-orphan-recordings.ts';
import { cleanupStaleProcessingForOrg } from '../../lib/recordings/cleanup-stale-processing.ts';
import type { JobDeps } from '../../lib/recordings/config.ts';
import { processUploadQueueForOrg } from '../../lib/recordings/process-upload-queue.ts';
import { retryFailedUploadsForOrg } from '../../lib/recordings/retry-failed-uploads.ts';
import { eraseExpiredForOrg } from '../../lib/retention/erase-expired.ts';

export const JOB_NAMES = ['stale', 'queue', 'retry', 'orphans', 'retention'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobOptions {
  dryRun?: boolean;
  graceSeconds?: number;
}

export async function runJobForOrg(deps: JobDeps, job: JobName, orgId: string, opts: JobOptions = {}): Promise<Record<string, unknown>> {
  switch (job) {
    case 'stale': {
      const { items: _items, ...r } = await cleanupStaleProcessingForOrg(deps, orgId);
      return r;
    }
    case 'queue': {
      const { items: _items, ...r } = await processUploadQueueForOrg(deps, orgId);
      return r;
    }
    case 'retry': {
      const { items: _items, ...r } = await retryFailedUploadsForOrg(deps, orgId);
      return r;
    }
    case 'orphans': {
      const r = await cleanupOrphanRecordingsForOrg(deps, orgId, { dryRun: opts.dryRun, graceSeconds: opts.graceSeconds });
      return { ...r, orphans: r.orphans.length, deleted: r.deleted.length, paths: r.dryRun ? r.orphans : r.deleted };
    }
    case 'retention':
      return { ...(await eraseExpiredForOrg(deps, orgId)) };
  }
}

/** Runs `job` for one org, or for every active org (one after another: this is the local runner). */
export async function runJob(deps: JobDeps, job: JobName, opts: JobOptions & { orgId?: string } = {}) {
  const orgIds = opts.orgId ? [opts.orgId] : await listActiveOrgIds(deps.client);
  const results: Record<string, unknown>[] = [];
  for (const orgId of orgIds) {
    try {
      // One structured log line per org run (lib/observability/jobs.ts), as under Inngest.
      results.push(await observeJob(job, orgId, () => runJobForOrg(deps, job, orgId, opts)));
    } catch (error) {
      // One org's failure must not stop the others.
      results.push({ orgId, error: (error as Error).message });
    }
  }
  return results;
}
