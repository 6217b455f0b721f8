// The request or job being served, for every log line and span it produces: who (org, user), what
// (route or job) and which (request id). Kept in AsyncLocalStorage so that code deep in lib/ logs
// with the caller's ids without passing them around. No `server-only`: jobs run outside Next too.
import { AsyncLocalStorage } from 'node:async_hooks';
import { trace } from '@opentelemetry/api';

export interface ObservedContext {
  requestId: string;
  /** The route key ('GET /api/me', 'POST /api/webhooks/voice') or the job name. */
  route?: string;
  job?: string;
  orgId?: string;
  userId?: string;
}

const storage = new AsyncLocalStorage<ObservedContext>();

export function runWithContext<T>(ctx: ObservedContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): ObservedContext | undefined {
  return storage.getStore();
}

/** Adds the org (and user) once they are established, to the log context and the active span. */
export function annotate(fields: { orgId?: string; userId?: string }) {
  const ctx = storage.getStore();
  if (ctx) Object.assign(ctx, fields);
  const span = trace.getActiveSpan();
  if (span) {
    if (fields.orgId) span.setAttribute('app.org_id', fields.orgId);
    if (fields.userId) span.setAttribute('enduser.id', fields.userId);
  }
}

/** A caller-supplied request id is kept only when it is short and plain (it goes into every log line). */
export function requestIdFrom(headers: Headers): string | null {
  for (const name of ['x-request-id', 'x-vercel-id']) {
    const value = headers.get(name);
    if (value && /^[A-Za-z0-9._:-]{8,128}$/.test(value)) return value;
  }
  return null;
}
