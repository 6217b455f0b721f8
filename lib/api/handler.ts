import 'server-only';
// The one wrapper every authenticated route uses: authenticate, check the role, parse the input
// with zod, run the handler, map errors to { error: { code, message } }. The route names its key in
// the API contract (lib/api/contract.ts, ApiResponses), which fixes the type its handler returns.
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import type { ApiResponses, ApiRoute } from '@/lib/api/contract';
import { authenticate, type Principal } from '@/lib/auth/verify';
import { annotate } from '@/lib/observability/context';
import { observeRequest } from '@/lib/observability/request';
import { reportInvalidToken } from '@/lib/security/signals';
import { readBodyWithLimit } from '@/lib/webhooks/read-body';
import { ApiError, toErrorResponse } from './errors';

/** JSON bodies of authenticated routes are small forms; anything bigger is a 413. */
const MAX_JSON_BODY = 64 * 1024;

interface Options<Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType> {
  /** Only the org's admins may call this route; same-org staff get 403. */
  adminOnly?: boolean;
  /** Strict schema of the query string (unknown parameters are rejected). */
  query?: Q;
  /** Schema of the dynamic route segments. */
  params?: P;
  /** Strict schema of the JSON body (POST/PATCH/PUT/DELETE): application/json, at most 64 KiB. */
  body?: B;
}

export interface HandlerInput<Q, P, B = undefined> {
  /** The route's key in the API contract, e.g. 'GET /api/me' (for logs and the audit trail). */
  route: ApiRoute;
  request: Request;
  principal: Principal;
  query: Q;
  params: P;
  body: B;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function authedRoute<
  R extends ApiRoute,
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(route: R, options: Options<Q, P, B>, handler: (input: HandlerInput<z.infer<Q>, z.infer<P>, z.infer<B>>) => Promise<ApiResponses[R]>) {
  const serve = async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const principal = await authenticate(request);
      annotate({ orgId: principal.orgId, userId: principal.userId });
      if (options.adminOnly && principal.role !== 'admin') {
        throw new ApiError('forbidden', 'Only admins of your organization can do this.');
      }
      // Input is validated before any query runs.
      const query = options.query ? options.query.parse(queryObject(new URL(request.url))) : undefined;
      const params = options.params ? options.params.parse(await context.params) : undefined;
      const input = options.body ? options.body.parse(await readJsonBody(request)) : undefined;
      const body: ApiResponses[R] = await handler({
        route,
        request,
        principal,
        query: query as z.infer<Q>,
        params: params as z.infer<P>,
        body: input as z.infer<B>,
      });
      // A route may answer with its own Response (the CSV export streams); every other body is JSON.
      if (body instanceof Response) return body;
      return NextResponse.json(body, { headers: { 'cache-control': 'private, no-store' } });
    } catch (error) {
      // A token that does not verify is a signal (forged, foreign key); an expired one is not.
      if (error instanceof ApiError && error.code === 'invalid_token') reportInvalidToken(request, route);
      return toErrorResponse(error);
    }
  };
  // One log line, span and latency sample per request, named by the route key (observeRequest).
  return (request: Request, context: RouteContext): Promise<Response> => observeRequest(route, request, () => serve(request, context));
}

/** The JSON body: application/json (415 otherwise), at most MAX_JSON_BODY bytes (413), valid JSON (400). */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new ApiError('unsupported_media_type', 'Send the body as application/json.');
  const raw = await readBodyWithLimit(request, MAX_JSON_BODY);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError('invalid_request', 'The body is not valid JSON.');
  }
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
