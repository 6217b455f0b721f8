// recording/upload.requested: copy one call's recording right after its webhook, instead of waiting
// for the next sweep. The org comes from the event; a call of another org is refused (no retry).
import { observeJob } from '@/lib/observability/jobs';
import { createAdminClient } from '@/lib/supabase/admin';
import { processUploadForCall } from '@/lib/recordings/process-upload-queue';
import { inngest } from '../client';
import { PER_ORG_CONCURRENCY, uploadRequested } from '../events';

export const uploadRequestedFn = inngest.createFunction(
  { id: 'recording-upload-requested', triggers: [uploadRequested], concurrency: PER_ORG_CONCURRENCY, retries: 3 },
  async ({ event, step }) => {
    const { orgId, callId } = event.data;
    return step.run('upload-recording', async () => {
      const { items: _items, ...summary } = await observeJob('recording-upload-requested', orgId, () => processUploadForCall({ client: createAdminClient() }, orgId, callId));
      return summary;
    });
  },
);
