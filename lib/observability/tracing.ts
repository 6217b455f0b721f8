// Spans through the OpenTelemetry API only. With no SDK registered (OTEL_EXPORTER_OTLP_ENDPOINT
// unset: instrumentation.ts starts nothing) the API hands out non-recording spans, and the fetch
// wrapper below does not even create those: tracing off costs one check per request.
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { currentContext } from './context';

export const TRACER_NAME = 'call-dashboard';

export function tracer() {
  return trace.getTracer(TRACER_NAME);
}

/** Runs fn in a new active span; records an exception and an error status if it throws. */
export async function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Which part of the Supabase API a URL addresses, and the operation (table, function, bucket). */
export function describeSupabaseRequest(url: URL): { service: 'database' | 'storage' | 'auth' | 'other'; operation: string } {
  const segs = url.pathname.split('/').filter(Boolean);
  const at = (prefix: string) => segs.indexOf(prefix);
  if (at('rest') >= 0) {
    const rest = segs.slice(at('rest') + 2);
    return { service: 'database', operation: rest[0] === 'rpc' ? `rpc ${rest[1] ?? ''}` : (rest[0] ?? '/') };
  }
  if (at('storage') >= 0) {
    const rest = segs.slice(at('storage') + 2);
    // object/<kind>/<bucket>/... or bucket/<id>: never the object name (it holds ids of calls).
    const operation = rest[0] === 'object' ? `object ${['sign', 'public', 'authenticated', 'list', 'info'].includes(rest[1]) ? rest[1] : 'data'}` : (rest[0] ?? '/');
    return { service: 'storage', operation };
  }
  if (at('auth') >= 0) return { service: 'auth', operation: segs.slice(at('auth') + 2).join('/') || '/' };
  return { service: 'other', operation: url.pathname };
}

/**
 * supabase-js's fetch, wrapped: one client span per request to the database API, Storage or Auth,
 * carrying the org of the request or job. Attributes never include the query string (filter values)
 * or object names.
 */
export function tracedFetch(inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    if (!trace.getSpan(context.active())?.isRecording()) return inner(input, init);
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')).toUpperCase();
    const { service, operation } = describeSupabaseRequest(url);
    const ctx = currentContext();
    const attributes: Attributes = {
      'http.request.method': method,
      'server.address': url.hostname,
      'app.service': service,
      'app.operation': operation,
      ...(service === 'database' ? { 'db.system.name': 'postgresql', 'db.operation.name': operation } : {}),
      ...(ctx?.orgId ? { 'app.org_id': ctx.orgId } : {}),
    };
    return withSpan(`${service} ${method} ${operation}`, attributes, async (span) => {
      const res = await inner(input, init);
      span.setAttribute('http.response.status_code', res.status);
      if (res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return res;
    }, SpanKind.CLIENT);
  };
}
