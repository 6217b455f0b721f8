// Traces: a list request is one server span named by its route key, with the org as an attribute,
// and a child span per database API request carrying the org too; a recording URL adds a Storage
// span. Spans go to an in-memory exporter here (OTLP in production, instrumentation.ts). With no
// SDK registered, nothing is recorded and instrumentation.ts starts nothing without an endpoint.
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tracer } from '../../lib/observability/tracing.ts';
import { ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { callRoute } from '../helpers/api.ts';
import { signIn } from '../helpers/clients.ts';
import { withDb } from '../helpers/db.ts';

const exporter = new InMemorySpanExporter();
let provider: NodeTracerProvider;
let token: string;
let callWithRecording: string;

beforeAll(async () => {
  provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  token = (await signIn('admin@acme.test')).session.access_token;
  callWithRecording = await withDb(
    async (db) => (await db.query('select id from public.call_logs where org_id = $1 and recording_storage_path is not null limit 1', [ORGS.acme.id])).rows[0].id,
  );
});
afterAll(async () => {
  await provider?.shutdown();
});

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe('traces', () => {
  it('a list request: the route span with the org, and database spans under it with the org', async () => {
    exporter.reset();
    expect((await callRoute('list', { token, query: 'q=Maria' })).status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const route = spans.find((s) => s.name === 'GET /api/calls-dashboard');
    expect(route, spans.map((s) => s.name).join(', ')).toBeDefined();
    expect(route!.kind).toBe(SpanKind.SERVER);
    expect(route!.attributes).toMatchObject({ 'http.route': 'GET /api/calls-dashboard', 'http.request.method': 'GET', 'http.response.status_code': 200, 'app.org_id': ORGS.acme.id });

    const db = spans.filter((s) => s.attributes['app.service'] === 'database');
    expect(db.length).toBeGreaterThan(0);
    for (const span of db) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(parentOf(span)).toBe(route!.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(route!.spanContext().traceId);
      expect(span.attributes).toMatchObject({ 'db.system.name': 'postgresql', 'app.org_id': ORGS.acme.id, 'http.response.status_code': 200 });
    }
    expect(db.map((s) => s.attributes['db.operation.name'])).toContain('call_logs');
    // No filter values (the search text) and no tokens in any attribute.
    for (const span of spans) {
      for (const value of Object.values(span.attributes)) {
        expect(String(value)).not.toContain('Maria');
        expect(String(value)).not.toContain(token);
      }
    }
  });

  it('a recording URL: the database function and the Storage signing, each with the org', async () => {
    exporter.reset();
    expect((await callRoute('recording', { token, callId: callWithRecording })).status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const route = spans.find((s) => s.name === 'GET /api/calls-dashboard/[callId]/recording')!;
    const storage = spans.find((s) => s.attributes['app.service'] === 'storage');
    const rpc = spans.find((s) => s.attributes['db.operation.name'] === 'rpc open_recording');
    for (const span of [storage, rpc]) {
      expect(span).toBeDefined();
      expect(parentOf(span!)).toBe(route.spanContext().spanId);
      expect(span!.attributes['app.org_id']).toBe(ORGS.acme.id);
    }
    expect(storage!.attributes['app.operation']).toBe('object sign');
    // The object name (org and call ids) is not in the span.
    expect(JSON.stringify(storage!.attributes)).not.toContain(callWithRecording);
  });

  it('tracing off: no SDK, no spans, and instrumentation.ts starts none without an OTLP endpoint', async () => {
    await provider.shutdown();
    trace.disable();
    exporter.reset();
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.NEXT_RUNTIME = 'nodejs';
    try {
      await (await import('../../instrumentation.ts')).register();
    } finally {
      delete process.env.NEXT_RUNTIME;
    }
    expect((await callRoute('list', { token })).status).toBe(200);
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(tracer().startSpan('probe').isRecording()).toBe(false);
  });
});
