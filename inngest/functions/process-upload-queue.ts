// Per-org sweep, part 1: drain the org's upload queue (bounded per run; the next sweep continues).
import { observeJob } from '@/lib/observability/jobs';
import { createAdminClient } from '@/lib/supabase/admin';
import { processUploadQueueForOrg } from '@/lib/recordings/process-upload-queue';
import { inngest } from '../client';
import { orgSweepRequested, PER_ORG_CONCURRENCY } from '../events';

export const processUploadQueueFn = inngest.createFunction(
  { id: 'recording-process-upload-queue', triggers: [orgSweepRequested], concurrency: PER_ORG_CONCURRENCY, retries: 3 },
  async ({ event, step }) =>
    step.run('process-queue', async () => {
      const { items: _items, ...summary } = await observeJob('recording-process-upload-queue', event.data.orgId, () => processUploadQueueForOrg({ client: createAdminClient() }, event.data.orgId));
      return summary;
    }),
);
