// Next.js calls register() once per server instance, before it serves. Tracing starts only when an
// OTLP endpoint is configured: without OTEL_EXPORTER_OTLP_ENDPOINT no SDK is loaded and the app's
// spans (lib/observability/tracing.ts) are no-ops. Edge runtime: nothing (every route is Node).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || !process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  const { startTracing } = await import('./lib/observability/otel-node');
  startTracing();
}
