// The analytics overview and the org's time zone (supabase/migrations/20261130001200_call_overview.sql).
// call_overview() answers the whole overview in one call with the user's token (the org from its
// claims; RLS and the list-field grants apply); the time zone functions refuse staff changes (PT403).
import type { SupabaseClient } from '@supabase/supabase-js';
import type { CallOverview, CallStatus, DirectionFilter, OverviewBucket, Sentiment, TimeZoneResponse } from '@/lib/api/contract';
import type { Database } from '@/lib/database.types';

type Client = SupabaseClient<Database>;

interface BucketRow {
  calls: number;
  seconds: number;
  cost: number;
}
interface OverviewRow {
  timeZone: string;
  from: string;
  to: string;
  direction: DirectionFilter;
  source: 'rollups' | 'calls';
  totals: BucketRow & { succeeded: number; unsuccessful: number };
  days: (BucketRow & { day: string })[];
  statuses: { status: CallStatus; calls: number }[];
  endedReasons: { endedReason: string | null; calls: number }[];
  success: { succeeded: boolean | null; calls: number }[];
  sentiments: { sentiment: Sentiment | null; calls: number }[];
  agents: (BucketRow & { agent: string | null; succeeded: number })[];
  hours: { weekday: number; hour: number; calls: number }[];
}

const bucket = (r: BucketRow): OverviewBucket => ({ calls: Number(r.calls), seconds: Number(r.seconds), cost: Number(r.cost) });

/** The overview of the caller's org; null without an (active) org. Bounds left out default in the database. */
export async function getOverview(client: Client, query: { from?: string; to?: string; direction: DirectionFilter }): Promise<CallOverview | null> {
  const { data, error } = await client.rpc('call_overview', { p_from: query.from, p_to: query.to, p_direction: query.direction });
  if (error) throw error;
  if (!data) return null;
  const r = data as unknown as OverviewRow;
  // Field by field, so nothing the function might add reaches the API unlisted.
  return {
    timeZone: r.timeZone,
    from: r.from,
    to: r.to,
    direction: r.direction,
    source: r.source,
    totals: { ...bucket(r.totals), succeeded: Number(r.totals.succeeded), unsuccessful: Number(r.totals.unsuccessful) },
    days: r.days.map((d) => ({ day: d.day, ...bucket(d) })),
    statuses: r.statuses.map((s) => ({ status: s.status, calls: Number(s.calls) })),
    endedReasons: r.endedReasons.map((s) => ({ endedReason: s.endedReason, calls: Number(s.calls) })),
    success: r.success.map((s) => ({ succeeded: s.succeeded, calls: Number(s.calls) })),
    sentiments: r.sentiments.map((s) => ({ sentiment: s.sentiment, calls: Number(s.calls) })),
    agents: r.agents.map((a) => ({ agent: a.agent, ...bucket(a), succeeded: Number(a.succeeded) })),
    hours: r.hours.map((h) => ({ weekday: Number(h.weekday), hour: Number(h.hour), calls: Number(h.calls) })),
  };
}

const toTimeZone = (r: { time_zone: string; rollups_ready: boolean }): TimeZoneResponse => ({ timeZone: r.time_zone, rollupsReady: r.rollups_ready });

/** The org's time zone (any member); null without an org. */
export async function getTimeZone(client: Client): Promise<TimeZoneResponse | null> {
  const { data, error } = await client.rpc('org_time_zone');
  if (error) throw error;
  return data ? toTimeZone(data as unknown as { time_zone: string; rollups_ready: boolean }) : null;
}

/** Sets the org's time zone (admins; the database refuses staff and unknown zones). */
export async function setTimeZone(client: Client, timeZone: string): Promise<TimeZoneResponse | null> {
  const { data, error } = await client.rpc('set_org_time_zone', { p_time_zone: timeZone });
  if (error) throw error;
  return data ? toTimeZone(data as unknown as { time_zone: string; rollups_ready: boolean }) : null;
}

/** Chunks one rebuild may take; each covers at least one local day, so this bounds 20 years of days. */
const MAX_REBUILD_STEPS = 8000;

/**
 * Brings the org's rollups to its current zone with the service-role client, one chunk (about
 * 50,000 calls, one short statement) per call. True when they are ready; false when another
 * rebuild of the org is running (it finishes the work) or the org is gone.
 */
export async function rebuildRollups(admin: Client, orgId: string): Promise<boolean> {
  for (let step = 0; step < MAX_REBUILD_STEPS; step++) {
    const { data, error } = await admin.rpc('rebuild_call_rollups', { p_org_id: orgId });
    if (error) throw error;
    const r = data as { ready: boolean; busy?: boolean } | null;
    if (!r || r.busy) return false;
    if (r.ready) return true;
  }
  return false;
}
