// What a route costs on top of the one database request it wraps (issue 11): for the same user,
// measured side by side in one interleaved run over plain HTTP, so it works against any running app:
//   page 1    GET /api/calls-dashboard?limit=25   vs  GET /rest/v1/call_logs (list columns, 26 rows)
//   detail    GET /api/calls-dashboard/:id        vs  POST /rest/v1/rpc/open_call
//   me        GET /api/me                         vs  GET /rest/v1/organizations?select=id,name
// plus list throughput with 16 requests in flight, route vs the PostgREST page request.
// Used by `npm run bench` (section "Route vs the request it wraps"); standalone, it measures an app
// that is already running (e.g. an older commit, for a before/after):
//   npx tsx bench/gate.ts --app http://localhost:3000 --api http://127.0.0.1:54321 --key <publishable or anon key> \
//     --email admin@acme.test [--password …] [--legacy-detail]
// --legacy-detail measures the detail baseline as the table read the older routes made.
import { parseArgs } from 'node:util';
import { LIST_COLUMNS } from './queries.ts';
import { interleaved, ratio, type Summary } from './stats.ts';

export interface GateTarget {
  app: string;
  api: string;
  key: string;
  token: string;
  callId: string;
  /** Older schema: the detail baseline is a call_logs read instead of rpc/open_call. */
  legacyDetail?: boolean;
}

export interface GateResults {
  p50: Record<'route_page1' | 'pgrst_page1' | 'route_detail' | 'pgrst_detail' | 'route_me' | 'pgrst_me', number>;
  summaries: Record<string, Summary>;
  throughput: { concurrency: number; requests: number; routeRps: number; pgrstRps: number };
  ratios: { page1: number; detail: number; me: number; throughput: number };
}

const LIST_SELECT = LIST_COLUMNS.replace(/\s+/g, '');
const LEGACY_LIST_SELECT = LIST_SELECT.replace('has_recording', 'recording_storage_path');

async function timedFetch(url: string, init: RequestInit): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, init);
  const body = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${body.slice(0, 300)}`);
  return ms;
}

export async function measureGate(t: GateTarget, opts: { warmup: number; reps: number; throughputRequests?: number }, log: (l: string) => void = () => {}): Promise<GateResults> {
  const appHeaders = { authorization: `Bearer ${t.token}` };
  const apiHeaders = { apikey: t.key, authorization: `Bearer ${t.token}` };
  const select = t.legacyDetail ? LEGACY_LIST_SELECT : LIST_SELECT;
  const pgrstPage = `${t.api}/rest/v1/call_logs?select=${select}&order=started_at.desc,id.desc&limit=26`;
  const arms = {
    route_page1: () => timedFetch(`${t.app}/api/calls-dashboard?limit=25`, { headers: appHeaders }),
    pgrst_page1: () => timedFetch(pgrstPage, { headers: apiHeaders }),
    route_detail: () => timedFetch(`${t.app}/api/calls-dashboard/${t.callId}`, { headers: appHeaders }),
    pgrst_detail: t.legacyDetail
      ? () => timedFetch(`${t.api}/rest/v1/call_logs?select=${LEGACY_LIST_SELECT},ended_at,ended_reason,summary,transcript,lead_id,campaign_id&id=eq.${t.callId}`, { headers: { ...apiHeaders, accept: 'application/vnd.pgrst.object+json' } })
      : () =>
          timedFetch(`${t.api}/rest/v1/rpc/open_call`, {
            method: 'POST',
            headers: { ...apiHeaders, 'content-type': 'application/json' },
            body: JSON.stringify({ p_call_id: t.callId }),
          }),
    route_me: () => timedFetch(`${t.app}/api/me`, { headers: appHeaders }),
    pgrst_me: () => timedFetch(`${t.api}/rest/v1/organizations?select=id,name`, { headers: apiHeaders }),
  };
  const t0 = performance.now();
  const summaries = await interleaved(arms, opts);
  log(`  route vs request it wraps: ${Math.round(performance.now() - t0)} ms`);

  const concurrency = 16;
  const requests = opts.throughputRequests ?? 320;
  const rps = async (one: () => Promise<number>) => {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          next++;
          await one();
        }
      }),
    );
    return Math.round((requests / ((performance.now() - start) / 1000)) * 10) / 10;
  };
  // Alternate the two, twice, and keep each side's better run (the machine is shared with the stack).
  const routeRuns: number[] = [];
  const pgrstRuns: number[] = [];
  for (let i = 0; i < 2; i++) {
    routeRuns.push(await rps(arms.route_page1));
    pgrstRuns.push(await rps(arms.pgrst_page1));
  }
  const throughput = { concurrency, requests, routeRps: Math.max(...routeRuns), pgrstRps: Math.max(...pgrstRuns) };
  log(`  list throughput at ${concurrency} in flight: route ${throughput.routeRps} req/s, PostgREST ${throughput.pgrstRps} req/s`);

  const p50 = Object.fromEntries(Object.entries(summaries).map(([k, v]) => [k, v.p50])) as GateResults['p50'];
  return {
    p50,
    summaries,
    throughput,
    ratios: {
      page1: ratio(p50.route_page1, p50.pgrst_page1),
      detail: ratio(p50.route_detail, p50.pgrst_detail),
      me: ratio(p50.route_me, p50.pgrst_me),
      throughput: ratio(throughput.routeRps, throughput.pgrstRps),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: a } = parseArgs({
    options: {
      app: { type: 'string' },
      api: { type: 'string' },
      key: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string', default: 'demo-password-123' },
      'call-id': { type: 'string' },
      reps: { type: 'string', default: '40' },
      'legacy-detail': { type: 'boolean', default: false },
    },
  });
  if (!a.app || !a.api || !a.key || !a.email) throw new Error('usage: --app URL --api URL --key KEY --email EMAIL [--call-id ID]');
  const signIn = await fetch(`${a.api}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: a.key, 'content-type': 'application/json' },
    body: JSON.stringify({ email: a.email, password: a.password }),
  });
  const session = (await signIn.json()) as { access_token?: string };
  if (!session.access_token) throw new Error(`sign-in failed: ${signIn.status}`);
  let callId = a['call-id'];
  if (!callId) {
    const list = await fetch(`${a.app}/api/calls-dashboard?limit=1`, { headers: { authorization: `Bearer ${session.access_token}` } });
    callId = ((await list.json()) as { calls: { id: string }[] }).calls[0].id;
  }
  const r = await measureGate(
    { app: a.app, api: a.api, key: a.key, token: session.access_token, callId, legacyDetail: a['legacy-detail'] },
    { warmup: 10, reps: Number(a.reps) },
    console.log,
  );
  console.log(JSON.stringify({ p50: r.p50, throughput: r.throughput, ratios: r.ratios }, null, 2));
}
