// Per-org sweep, part 3: items whose lease expired (crashed or stuck worker) go back to pending.
import { observeJob } from '@/lib/observability/jobs';
import { createAdminClient } from '@/lib/supabase/admin';
import { cleanupStaleProcessingForOrg } from '@/lib/recordings/cleanup-stale-processing';
import { inngest } from '../client';
import { orgSweepRequested, PER_ORG_CONCURRENCY } from '../events';

export const cleanupStaleProcessingFn = inngest.createFunction(
  { id: 'recording-cleanup-stale-processing', triggers: [orgSweepRequested], concurrency: PER_ORG_CONCURRENCY, retries: 3 },
  async ({ event, step }) =>
    step.run('reclaim-expired-leases', async () => {
      const { items: _items, ...summary } = await observeJob('recording-cleanup-stale-processing', event.data.orgId, () => cleanupStaleProcessingForOrg({ client: createAdminClient() }, event.data.orgId));
      return summary;
    }),
);
