// Event types of the recording pipeline. Every per-org event carries the org id the job must
// filter by; the schemas validate it when an event is sent.
import { eventType } from 'inngest';
import { z } from 'zod';

/** One call's recording should be copied now (sent by the webhook after its transaction commits). */
export const uploadRequested = eventType('recording/upload.requested', {
  schema: z.object({ orgId: z.uuid(), callId: z.uuid() }),
});

/** Sweep one org: process its upload queue, retry due failures, reclaim expired leases. */
export const orgSweepRequested = eventType('recording/org.sweep-requested', {
  schema: z.object({ orgId: z.uuid() }),
});

/** Delete one org's unreferenced recordings older than the grace period. */
export const orphanCleanupRequested = eventType('recording/orphans.cleanup-requested', {
  schema: z.object({ orgId: z.uuid() }),
});

/** Erase one org's expired call data by its retention settings (issue 16). */
export const retentionEraseRequested = eventType('retention/org.erase-requested', {
  schema: z.object({ orgId: z.uuid() }),
});

/** Per-org flow control shared by every per-org function: one run per org at a time. */
export const PER_ORG_CONCURRENCY = { key: 'event.data.orgId', limit: 1 } as const;
