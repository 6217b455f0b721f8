// Shared by the cron fan-outs: one event per active org, with an id derived from the org and the
// cron slot. A cron that fires twice for one slot (DST, a retried run) sends the same ids, and
// Inngest drops the duplicates.
import { createAdminClient } from '@/lib/supabase/admin';
import { listActiveOrgIds } from '@/lib/recordings/active-orgs';

/** Chunks per step.sendEvent call, well under the request size limit. */
export const SEND_CHUNK = 500;

export function slotOf(ts: number | undefined, intervalMs: number): string {
  return new Date(Math.floor((ts ?? Date.now()) / intervalMs) * intervalMs).toISOString();
}

export function loadActiveOrgIds(): Promise<string[]> {
  return listActiveOrgIds(createAdminClient());
}

export function chunks<T>(items: T[], size = SEND_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
