import 'server-only';
// GET /api/metrics: Prometheus text for an operator's scraper, behind METRICS_TOKEN (a bearer
// secret; unset = the endpoint does not exist). Per-org numbers: this instance's request counts and
// latency histograms, webhook failures, security signals and job runs (metrics.ts), and, from the
// database, every org's recording backlog, oldest pending age, retries waiting and dead letters.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import { log } from './log';
import { renderPrometheus, type GaugeFamily } from './metrics';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** 'ok' when the request carries the configured token; compared in constant time. */
export function metricsAccess(request: Request, token: string | undefined): 'ok' | 'disabled' | 'unauthorized' {
  if (!token || token.length < 16) return 'disabled';
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization')?.trim() ?? '');
  if (!match) return 'unauthorized';
  return timingSafeEqual(digest(match[1]), digest(token)) ? 'ok' : 'unauthorized';
}

export async function pipelineGauges(client: SupabaseClient<Database>): Promise<GaugeFamily[]> {
  const { data, error } = await client.rpc('org_pipeline_stats').abortSignal(AbortSignal.timeout(5_000));
  if (error) {
    log.error({ err: error }, 'metrics: pipeline stats unavailable');
    return [{ name: 'app_pipeline_stats_up', help: 'Whether the database numbers could be read.', samples: [{ labels: {}, value: 0 }] }];
  }
  const rows = data ?? [];
  const family = (name: string, help: string, pick: (r: (typeof rows)[number]) => number, extra: Record<string, string> = {}): GaugeFamily => ({
    name,
    help,
    samples: rows.map((r) => ({ labels: { org_id: r.org_id, ...extra }, value: pick(r) })),
  });
  return [
    { name: 'app_pipeline_stats_up', help: 'Whether the database numbers could be read.', samples: [{ labels: {}, value: 1 }] },
    {
      name: 'app_recording_queue_items',
      help: 'Recording upload queue items by org and status (the backlog).',
      samples: rows.flatMap((r) => [
        { labels: { org_id: r.org_id, status: 'pending' }, value: Number(r.queue_pending) },
        { labels: { org_id: r.org_id, status: 'processing' }, value: Number(r.queue_processing) },
        { labels: { org_id: r.org_id, status: 'failed' }, value: Number(r.queue_failed) },
      ]),
    },
    family('app_recording_oldest_pending_seconds', 'Age of the oldest pending upload, by org.', (r) => Number(r.oldest_pending_seconds)),
    family('app_recording_retries_waiting', 'Failed uploads waiting for a retry, by org.', (r) => Number(r.retries_waiting)),
    family('app_recording_dead_letters', 'Failed uploads given up on (dead letters), unresolved, by org.', (r) => Number(r.dead_letters)),
  ];
}

export async function renderMetrics(client: SupabaseClient<Database>): Promise<string> {
  return renderPrometheus(await pipelineGauges(client));
}
