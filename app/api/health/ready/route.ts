// Readiness: the database API, Auth and Storage each answer within a short timeout (200), or
// which of them did not (503). No auth: it says only ok / failed / timeout per service.
import { serverEnv } from '@/lib/env';
import { checkReadiness } from '@/lib/observability/health';
import { observeRequest } from '@/lib/observability/request';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return observeRequest('GET /api/health/ready', request, async () => {
    const { ready, checks } = await checkReadiness(serverEnv());
    return Response.json({ status: ready ? 'ready' : 'not_ready', checks }, { status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
  });
}
