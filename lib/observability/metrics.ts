// In-process numbers of this server instance, rendered in the Prometheus text format by
// GET /api/metrics: request counts and latency histograms per route and org, webhook
// authentication failures, security signals and job runs. On serverless hosts each instance keeps
// its own (a scrape sees one instance); the database-backed numbers (backlog, dead letters) are
// global. docs/operations.md says how to read both.

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = Record<string, string>;

interface Histogram {
  labels: Labels;
  buckets: number[];
  sum: number;
  count: number;
}

const counters = new Map<string, Map<string, { labels: Labels; value: number }>>();
const histograms = new Map<string, Map<string, Histogram>>();

const HELP: Record<string, string> = {
  app_http_requests_total: 'Requests served, by route, org and status class.',
  app_http_request_duration_seconds: 'Request latency by route and org.',
  app_webhook_auth_failures_total: 'Webhook deliveries refused as unauthenticated, by provider and targeted org (empty: unknown).',
  app_security_signals_total: 'Cross-tenant signals counted toward alerts, by kind.',
  app_security_alerts_total: 'Security alerts raised, by kind.',
  app_job_runs_total: 'Per-org job runs, by job, org and outcome.',
  app_job_duration_seconds: 'Per-org job run time, by job and org.',
};

const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

export function incrementCounter(name: string, labels: Labels, by = 1) {
  let series = counters.get(name);
  if (!series) counters.set(name, (series = new Map()));
  const k = key(labels);
  const entry = series.get(k);
  if (entry) entry.value += by;
  else series.set(k, { labels, value: by });
}

export function observeHistogram(name: string, labels: Labels, seconds: number) {
  let series = histograms.get(name);
  if (!series) histograms.set(name, (series = new Map()));
  const k = key(labels);
  let h = series.get(k);
  if (!h) series.set(k, (h = { labels, buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 }));
  LATENCY_BUCKETS.forEach((le, i) => {
    if (seconds <= le) h.buckets[i] += 1;
  });
  h.sum += seconds;
  h.count += 1;
}

export function recordRequest(route: string, orgId: string | undefined, status: number, seconds: number) {
  const labels = { route, org_id: orgId ?? '' };
  incrementCounter('app_http_requests_total', { ...labels, status_class: `${Math.floor(status / 100)}xx` });
  observeHistogram('app_http_request_duration_seconds', labels, seconds);
}

/** Forgets everything (tests). */
export function resetMetrics() {
  counters.clear();
  histograms.clear();
}

export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** A gauge family from values computed at scrape time (database numbers). */
export interface GaugeFamily {
  name: string;
  help: string;
  samples: { labels: Labels; value: number }[];
}

export function renderPrometheus(gauges: GaugeFamily[] = []): string {
  const out: string[] = [];
  for (const [name, series] of counters) {
    out.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} counter`);
    for (const { labels, value } of series.values()) out.push(`${name}${formatLabels(labels)} ${value}`);
  }
  for (const [name, series] of histograms) {
    out.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} histogram`);
    for (const h of series.values()) {
      LATENCY_BUCKETS.forEach((le, i) => out.push(`${name}_bucket${formatLabels({ ...h.labels, le: String(le) })} ${h.buckets[i]}`));
      out.push(`${name}_bucket${formatLabels({ ...h.labels, le: '+Inf' })} ${h.count}`);
      out.push(`${name}_sum${formatLabels(h.labels)} ${h.sum}`, `${name}_count${formatLabels(h.labels)} ${h.count}`);
    }
  }
  for (const g of gauges) {
    out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
    for (const s of g.samples) out.push(`${g.name}${formatLabels(s.labels)} ${s.value}`);
  }
  return `${out.join('\n')}\n`;
}
