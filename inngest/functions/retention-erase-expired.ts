// Per-org retention: finish erasures left half-done, then erase what the org's settings say is
// expired, in batches (lib/retention/erase-expired.ts). A run that stops at its budget or fails is
// continued by the next one: the database is the durable state, not the step output.
import { createAdminClient } from '@/lib/supabase/admin';
import { eraseExpiredForOrg } from '@/lib/retention/erase-expired';
import { inngest } from '../client';
import { PER_ORG_CONCURRENCY, retentionEraseRequested } from '../events';

export const retentionEraseExpiredFn = inngest.createFunction(
  { id: 'retention-erase-expired', triggers: [retentionEraseRequested], concurrency: PER_ORG_CONCURRENCY, retries: 3 },
  async ({ event, step }) =>
    step.run('erase-expired', async () => eraseExpiredForOrg({ client: createAdminClient() }, event.data.orgId)),
);
