// HTTP layers. PostgREST: supabase-js with the probe user's token (or the service key) through the
// stack's gateway, exactly as lib/data/calls.ts talks to it; `app_*` arms call listCalls itself.
// Route handler: the production Next server over HTTP with the user's bearer token, which adds the
// auth wrapper (local JWKS verification; the database's request gate does the rest) and Next.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../lib/database.types.ts';
import { nodeClientOptions as clientOptions } from '../lib/supabase/node-options.ts';
import { listCalls, type ListCallsInput } from '../lib/data/calls.ts';
import { encodeCursor } from '../lib/data/cursor.ts';
import { DEPTHS, type Probe } from './measure-sql.ts';
import { FETCH, LIST_COLUMNS, PAGE } from './queries.ts';
import { interleaved, type Arm, type Summary } from './stats.ts';

export interface StackHttp {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
}

export function userClient(stack: StackHttp, token: string): SupabaseClient<Database> {
  return createClient<Database>(stack.url, stack.anonKey, { ...clientOptions, global: { headers: { Authorization: `Bearer ${token}` } } });
}

export function serviceClient(stack: StackHttp): SupabaseClient<Database> {
  return createClient<Database>(stack.url, stack.serviceRoleKey, clientOptions);
}

const APP_INPUT: ListCallsInput = { direction: 'all', statuses: [], sort: 'started_at', order: 'desc', limit: PAGE };

export function cursorFor(p: Probe, depth: number): string {
  const c = p.cursors[depth];
  return encodeCursor({ s: 'started_at', o: 'desc', v: c.v, id: c.id });
}

async function timedQuery(run: () => PromiseLike<{ error: unknown }>): Promise<number> {
  const t0 = performance.now();
  const { error } = await run();
  const ms = performance.now() - t0;
  if (error) throw new Error(`PostgREST error: ${JSON.stringify(error)}`);
  return ms;
}

export async function measurePostgrest(stack: StackHttp, probes: Probe[], opts: { warmup: number; reps: number }, log: (l: string) => void) {
  const out: Record<string, Record<string, Summary>> = {};
  const service = serviceClient(stack);
  for (const p of probes) {
    const user = userClient(stack, p.token);
    const list = (c: SupabaseClient<Database>, count?: 'exact' | 'planned' | 'estimated') =>
      c.from('call_logs').select(LIST_COLUMNS, count ? { count } : {});
    const page1 = (c: SupabaseClient<Database>, count?: 'exact' | 'planned' | 'estimated', eq = true) => {
      const q = list(c, count);
      return (eq ? q.eq('org_id', p.id) : q).order('started_at', { ascending: false }).order('id', { ascending: false }).limit(FETCH);
    };
    const arms: Record<string, Arm> = {
      app_page1: async () => {
        const t0 = performance.now();
        await listCalls(user, p.id, APP_INPUT, service);
        return performance.now() - t0;
      },
      page1_nocount: () => timedQuery(() => page1(user)),
      // Users may not ask for any count (the request gate refuses a Prefer header on reads: planner
      // statistics span every org); the route counts with the service role, for its own org only.
      page1_count_estimated: () => timedQuery(() => page1(service, 'estimated')),
      page1_count_planned: () => timedQuery(() => page1(service, 'planned')),
      page1_count_exact: () => timedQuery(() => page1(service, 'exact')),
      head_count_estimated: () => timedQuery(() => service.from('call_logs').select('id', { count: 'estimated', head: true }).eq('org_id', p.id)),
      page1_service_eq: () => timedQuery(() => page1(service)),
      page1_rls_only: () => timedQuery(() => page1(user, undefined, false)),
      // Transcript and summary reach admins only through open_call(), which writes the ledger row.
      detail: () => timedQuery(() => user.rpc('open_call', { p_call_id: p.callId })),
    };
    for (const d of DEPTHS) {
      const c = p.cursors[d];
      if (!c) continue;
      arms[`app_keyset_${d}`] = async () => {
        const t0 = performance.now();
        await listCalls(user, p.id, { ...APP_INPUT, cursor: cursorFor(p, d) }, service);
        return performance.now() - t0;
      };
      arms[`keyset_${d}`] = () =>
        timedQuery(() =>
          list(user)
            .eq('org_id', p.id)
            .or(`started_at.lt."${c.v}",and(started_at.eq."${c.v}",id.lt.${c.id})`)
            .lte('started_at', c.v)
            .order('started_at', { ascending: false })
            .order('id', { ascending: false })
            .limit(FETCH),
        );
      arms[`offset_${d}`] = () =>
        timedQuery(() =>
          list(user).eq('org_id', p.id).order('started_at', { ascending: false }).order('id', { ascending: false }).range(d, d + FETCH - 1),
        );
    }
    const t0 = performance.now();
    out[p.label] = await interleaved(arms, opts);
    log(`  postgrest ${p.label}: ${Math.round(performance.now() - t0)} ms`);
  }
  return out;
}

/** All probe orgs in one interleaved run, so the top-vs-tail ratio is measured side by side. */
export async function measureRoute(nextUrl: string, probes: Probe[], opts: { warmup: number; reps: number }, log: (l: string) => void) {
  const get = async (path: string, token: string): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(`${nextUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 300)}`);
    return ms;
  };
  const arms: Record<string, Arm> = {};
  for (const p of probes) {
    arms[`${p.label}/me`] = () => get('/api/me', p.token);
    arms[`${p.label}/page1`] = () => get(`/api/calls-dashboard?limit=${PAGE}`, p.token);
    arms[`${p.label}/detail`] = () => get(`/api/calls-dashboard/${p.callId}`, p.token);
    arms[`${p.label}/overview_90d`] = () => get(`/api/overview?from=${p.overview.from}&to=${p.overview.to}`, p.token);
    for (const d of DEPTHS) {
      if (!p.cursors[d]) continue;
      arms[`${p.label}/keyset_${d}`] = () => get(`/api/calls-dashboard?limit=${PAGE}&cursor=${cursorFor(p, d)}`, p.token);
    }
  }
  const t0 = performance.now();
  const flat = await interleaved(arms, opts);
  log(`  route handler: ${Math.round(performance.now() - t0)} ms`);
  const out: Record<string, Record<string, Summary>> = {};
  for (const [k, v] of Object.entries(flat)) {
    const [label, op] = k.split('/');
    (out[label] ??= {})[op] = v;
  }
  return out;
}
