// Per-org daily job: delete the org's unreferenced recordings older than the grace period.
import { observeJob } from '@/lib/observability/jobs';
import { createAdminClient } from '@/lib/supabase/admin';
import { cleanupOrphanRecordingsForOrg } from '@/lib/recordings/cleanup-orphan-recordings';
import { inngest } from '../client';
import { orphanCleanupRequested, PER_ORG_CONCURRENCY } from '../events';

export const cleanupOrphanRecordingsFn = inngest.createFunction(
  { id: 'recording-cleanup-orphans', triggers: [orphanCleanupRequested], concurrency: PER_ORG_CONCURRENCY, retries: 2 },
  async ({ event, step }) =>
    step.run('delete-orphans', async () => {
      const r = await observeJob('recording-cleanup-orphans', event.data.orgId, () => cleanupOrphanRecordingsForOrg({ client: createAdminClient() }, event.data.orgId));
      // Counts only: the paths are in orphan_cleanup_runs, and step output has a size limit.
      return { runId: r.runId, scanned: r.scanned, orphans: r.orphans.length, deleted: r.deleted.length };
    }),
);
