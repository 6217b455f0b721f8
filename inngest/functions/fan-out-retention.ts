// Daily at 02:47 UTC: one `retention/org.erase-requested` per active org. Suspended orgs get none
// (their data waits, as for the other sweeps, until the org is reactivated).
import { cron } from 'inngest';
import { inngest } from '../client';
import { retentionEraseRequested } from '../events';
import { chunks, loadActiveOrgIds, slotOf } from './fan-out';

const DAY_MS = 24 * 3600_000;

export const fanOutRetentionFn = inngest.createFunction(
  { id: 'retention-fan-out', triggers: [cron('47 2 * * *')] },
  async ({ event, step }) => {
    const orgIds = await step.run('load-active-orgs', loadActiveOrgIds);
    const slot = slotOf(event.ts, DAY_MS);
    for (const [i, part] of chunks(orgIds).entries()) {
      await step.sendEvent(
        `send-retention-erasures-${i}`,
        part.map((orgId) => retentionEraseRequested.create({ orgId }, { id: `retention-erase-${orgId}-${slot}` })),
      );
    }
    return { orgs: orgIds.length, slot };
  },
);
