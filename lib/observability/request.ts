// One wrapper per served request (authedRoute uses it; the webhook and health routes call it
// directly): a request id (the caller's x-request-id / x-vercel-id if plain, else a new one,
// answered in x-request-id), a server span named by the route key, one log line with route,
// status and duration (plus org and user once known), and the request metrics.
import { randomUUID } from 'node:crypto';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { currentContext, requestIdFrom, runWithContext, type ObservedContext } from './context';
import { log } from './log';
import { recordRequest } from './metrics';
import { withSpan } from './tracing';

export async function observeRequest(route: string, request: Request, handle: () => Promise<Response>): Promise<Response> {
  const ctx: ObservedContext = { requestId: requestIdFrom(request.headers) ?? randomUUID(), route };
  const started = performance.now();
  const method = request.method.toUpperCase();
  // Under Next.js its own request span is the server span and ours is its child; called directly
  // (tests, another server) ours is the server span.
  const kind = trace.getActiveSpan() ? SpanKind.INTERNAL : SpanKind.SERVER;
  return runWithContext(ctx, () =>
    withSpan(route, { 'http.route': route, 'http.request.method': method, 'app.request_id': ctx.requestId }, async (span) => {
      let response: Response;
      try {
        response = await handle();
      } catch (error) {
        // Handlers map their errors; this is the last resort, without internals.
        log.error({ err: error }, 'unhandled error');
        response = Response.json({ error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' } }, { status: 500 });
      }
      const seconds = (performance.now() - started) / 1000;
      const status = response.status;
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      recordRequest(route, currentContext()?.orgId, status, seconds);
      const line = { method, status, durationMs: Math.round(seconds * 1000 * 10) / 10 };
      if (status >= 500) log.error(line, 'request');
      else log.info(line, 'request');
      try {
        response.headers.set('x-request-id', ctx.requestId);
      } catch {
        // immutable headers (a fetched response passed through): the log line has the id anyway
      }
      return response;
    }, kind),
  );
}
