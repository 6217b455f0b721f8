// Liveness: the process answers. No auth, no dependencies, nothing about the deployment.
import { observeRequest } from '@/lib/observability/request';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return observeRequest('GET /api/health', request, async () =>
    Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } }),
  );
}
