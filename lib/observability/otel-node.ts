// The OpenTelemetry SDK for the Node server, loaded by instrumentation.ts only when an OTLP endpoint
// is configured. Spans leave in batches over OTLP/HTTP; the exporter reads the standard variables
// itself (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS for the vendor's API key, …).
// Next.js's own spans (the route, fetches) join the same traces through the global tracer provider.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

let started = false;

export function startTracing() {
  if (started) return;
  started = true;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': process.env.OTEL_SERVICE_NAME || 'call-dashboard',
      ...(process.env.VERCEL_ENV ? { 'deployment.environment.name': process.env.VERCEL_ENV } : {}),
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
}
