// Daily at 03:17 UTC (UTC: no DST double runs): one `recording/orphans.cleanup-requested` per active org.
import { cron } from 'inngest';
import { inngest } from '../client';
import { orphanCleanupRequested } from '../events';
import { chunks, loadActiveOrgIds, slotOf } from './fan-out';

const DAY_MS = 24 * 3600_000;

export const fanOutOrphanCleanupFn = inngest.createFunction(
  { id: 'recording-orphan-cleanup-fan-out', triggers: [cron('17 3 * * *')] },
  async ({ event, step }) => {
    const orgIds = await step.run('load-active-orgs', loadActiveOrgIds);
    const slot = slotOf(event.ts, DAY_MS);
    for (const [i, part] of chunks(orgIds).entries()) {
      await step.sendEvent(
        `send-orphan-cleanups-${i}`,
        part.map((orgId) => orphanCleanupRequested.create({ orgId }, { id: `orphan-cleanup-${orgId}-${slot}` })),
      );
    }
    return { orgs: orgIds.length, slot };
  },
);
