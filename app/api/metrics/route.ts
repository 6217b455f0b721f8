// Prometheus metrics, for the operator's scraper only: `Authorization: Bearer $METRICS_TOKEN`.
// Without METRICS_TOKEN the endpoint answers 404, as if it did not exist.
import { metricsAccess, renderMetrics } from '@/lib/observability/metrics-endpoint';
import { createAdminClient } from '@/lib/supabase/admin';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const access = metricsAccess(request, process.env.METRICS_TOKEN);
  if (access === 'disabled') return new Response('Not found', { status: 404 });
  if (access === 'unauthorized') return new Response('Unauthorized', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  return new Response(await renderMetrics(createAdminClient()), {
    headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' },
  });
}
