import 'server-only';
// The one wrapper every authenticated route uses: authenticate, check the role, parse the input
// with zod, run the handler, map errors to { error: { code, message } }. The route names its key in
// the API contract (lib/api/contract.ts, ApiResponses), which fixes the type its handler returns.
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import type { ApiResponses, ApiRoute } from '@/lib/api/contract';
import { authenticate, type Principal } from '@/lib/auth/verify';
import { ApiError, toErrorResponse } from './errors';

interface Options<Q extends z.ZodType, P extends z.ZodType> {
  /** Only the org's admins may call this route; same-org staff get 403. */
  adminOnly?: boolean;
  /** Strict schema of the query string (unknown parameters are rejected). */
  query?: Q;
  /** Schema of the dynamic route segments. */
  params?: P;
}

export interface HandlerInput<Q, P> {
  /** The route's key in the API contract, e.g. 'GET /api/me' (for logs and the audit trail). */
  route: ApiRoute;
  request: Request;
  principal: Principal;
  query: Q;
  params: P;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function authedRoute<R extends ApiRoute, Q extends z.ZodType = z.ZodUndefined, P extends z.ZodType = z.ZodUndefined>(
  route: R,
  options: Options<Q, P>,
  handler: (input: HandlerInput<z.infer<Q>, z.infer<P>>) => Promise<ApiResponses[R]>,
) {
  return async (request: Request, context: RouteContext): Promise<NextResponse> => {
    try {
      const principal = await authenticate(request);
      if (options.adminOnly && principal.role !== 'admin') {
        throw new ApiError('forbidden', 'Only admins of your organization can do this.');
      }
      // Input is validated before any query runs.
      const query = options.query ? options.query.parse(queryObject(new URL(request.url))) : undefined;
      const params = options.params ? options.params.parse(await context.params) : undefined;
      const body: ApiResponses[R] = await handler({ route, request, principal, query: query as z.infer<Q>, params: params as z.infer<P> });
      return NextResponse.json(body, { headers: { 'cache-control': 'private, no-store' } });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** Query string as an object; a repeated key becomes an array. */
function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}
