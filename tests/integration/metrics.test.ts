// GET /api/metrics: Prometheus text behind METRICS_TOKEN (404 without one configured, 401 for a
// wrong one). Per-org numbers: request counts and latency histograms per route and org (this
// instance), and from the database every org's recording backlog and dead letters.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { applyStackEnv, callRoute } from '../helpers/api.ts';
import { signIn, stackEnv } from '../helpers/clients.ts';
import { createOrg, createQueuedCalls } from '../helpers/pipeline-orgs.ts';

const TOKEN = `metrics-${randomUUID()}`;
let db: pg.Client;
let backlogOrg: string;

const scrape = async (authorization?: string) => {
  const { GET } = await import('../../app/api/metrics/route.ts');
  const res = await GET(new Request('http://localhost:3000/api/metrics', { headers: authorization ? { authorization } : {} }));
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
};

/** The value of one sample line, e.g. sample(text, 'app_x{org_id="…"}'). */
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

beforeAll(async () => {
  applyStackEnv();
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  backlogOrg = await createOrg(db);
  const calls = await createQueuedCalls(db, backlogOrg, 3, (id) => `https://recordings.provider.example/${id}.wav`);
  // One of them given up on: a dead letter.
  await db.query(`insert into public.failed_recording_uploads (org_id, call_id, error, dead_lettered_at) values ($1, $2, 'http_404', now())`, [backlogOrg, calls[0].callId]);
});
afterAll(async () => {
  delete process.env.METRICS_TOKEN;
  await db?.end();
});

describe('metrics endpoint', () => {
  it('does not exist without METRICS_TOKEN, and refuses a missing or wrong token', async () => {
    delete process.env.METRICS_TOKEN;
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
    process.env.METRICS_TOKEN = TOKEN;
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);
  });

  it('serves per-org latency histograms, request counts, backlog and dead letters in Prometheus text', async () => {
    process.env.METRICS_TOKEN = TOKEN;
    const { session } = await signIn('staff@acme.test');
    for (let i = 0; i < 3; i++) expect((await callRoute('list', { token: session.access_token })).status).toBe(200);

    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/plain');
    const t = res.text;
    const route = `route="GET /api/calls-dashboard",org_id="${ORGS.acme.id}"`;
    expect(sample(t, `app_http_request_duration_seconds_count{${route}}`)).toBe(3);
    expect(sample(t, `app_http_request_duration_seconds_bucket{${route},le="+Inf"}`)).toBe(3);
    expect(sample(t, `app_http_requests_total{${route},status_class="2xx"}`)).toBe(3);
    expect(t).toContain('# TYPE app_http_request_duration_seconds histogram');

    expect(sample(t, `app_pipeline_stats_up`)).toBe(1);
    expect(sample(t, `app_recording_queue_items{org_id="${backlogOrg}",status="pending"}`)).toBe(3);
    expect(sample(t, `app_recording_dead_letters{org_id="${backlogOrg}"}`)).toBe(1);
    expect(sample(t, `app_recording_oldest_pending_seconds{org_id="${backlogOrg}"}`)).toBeGreaterThanOrEqual(0);
    // Every line is a comment or `name{labels} number`.
    for (const line of t.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) .+|[a-z_]+(\{.*\})? -?[0-9.e+-]+|[a-z_]+(\{.*\})? \+?Inf)$/);
  });
});
