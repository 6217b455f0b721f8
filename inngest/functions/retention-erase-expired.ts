// Per-org retention: finish erasures left half-done, then erase what the org's settings say is
// expired, in batches (lib/retention/erase-expired.ts). Each step erases at most 5,000 calls (a few
// minutes, within any serverless time limit); while a step stops at that budget the next step
// continues, up to MAX_STEPS per run. What is left then waits for the next day's run: the database is
// the durable state, not the step output.
import { createAdminClient } from '@/lib/supabase/admin';
import { eraseExpiredForOrg } from '@/lib/retention/erase-expired';
import { inngest } from '../client';
import { PER_ORG_CONCURRENCY, retentionEraseRequested } from '../events';

/** 20 steps × 5,000 calls: up to 100,000 calls per org and day. */
export const MAX_STEPS = 20;

export const retentionEraseExpiredFn = inngest.createFunction(
  { id: 'retention-erase-expired', triggers: [retentionEraseRequested], concurrency: PER_ORG_CONCURRENCY, retries: 3 },
  async ({ event, step }) => {
    let erased = 0;
    let objects = 0;
    let steps = 0;
    for (; steps < MAX_STEPS; ) {
      const r = await step.run(`erase-expired-${steps}`, () => eraseExpiredForOrg({ client: createAdminClient() }, event.data.orgId));
      steps++;
      erased += r.erased;
      objects += r.objects;
      if (!r.more) break;
    }
    return { orgId: event.data.orgId, erased, objects, steps };
  },
);
