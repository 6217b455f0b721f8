// Per-org sweep, part 2: retry the org's failed uploads whose backoff has elapsed.
import { observeJob } from '@/lib/observability/jobs';
import { createAdminClient } from '@/lib/supabase/admin';
import { retryFailedUploadsForOrg } from '@/lib/recordings/retry-failed-uploads';
import { inngest } from '../client';
import { orgSweepRequested, PER_ORG_CONCURRENCY } from '../events';

export const retryFailedUploadsFn = inngest.createFunction(
  { id: 'recording-retry-failed-uploads', triggers: [orgSweepRequested], concurrency: PER_ORG_CONCURRENCY, retries: 3 },
  async ({ event, step }) =>
    step.run('retry-failed', async () => {
      const { items: _items, ...summary } = await observeJob('recording-retry-failed-uploads', event.data.orgId, () => retryFailedUploadsForOrg({ client: createAdminClient() }, event.data.orgId));
      return summary;
    }),
);
