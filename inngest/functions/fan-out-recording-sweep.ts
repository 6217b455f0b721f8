// Every 5 minutes: one `recording/org.sweep-requested` per active org (suspended orgs get none).
// The queue, retry and stale-lease functions all trigger on it, each with per-org concurrency 1,
// so one busy org never holds up another org's sweep.
import { cron } from 'inngest';
import { inngest } from '../client';
import { orgSweepRequested } from '../events';
import { chunks, loadActiveOrgIds, slotOf } from './fan-out';

export const SWEEP_INTERVAL_MS = 5 * 60_000;

export const fanOutRecordingSweepFn = inngest.createFunction(
  { id: 'recording-sweep-fan-out', triggers: [cron('*/5 * * * *')] },
  async ({ event, step }) => {
    const orgIds = await step.run('load-active-orgs', loadActiveOrgIds);
    const slot = slotOf(event.ts, SWEEP_INTERVAL_MS);
    for (const [i, part] of chunks(orgIds).entries()) {
      await step.sendEvent(
        `send-org-sweeps-${i}`,
        part.map((orgId) => orgSweepRequested.create({ orgId }, { id: `org-sweep-${orgId}-${slot}` })),
      );
    }
    return { orgs: orgIds.length, slot };
  },
);
