// Background-job shapes. (1) The per-org sweep of the retry job over every org: one query per org
// (N+1) against one set-based query, at the SQL layer and over PostgREST. (2) The audit's retry
// query, "fetch all call ids of the org, then failed_recording_uploads?call_id=in.(…)", against
// filtering failed_recording_uploads on its own org_id: where it breaks, and what it costs.
import pg from 'pg';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../lib/database.types.ts';
import type { Probe } from './measure-sql.ts';
import { round, summarize, type Summary } from './stats.ts';

const DUE = `resolved_at is null and dead_lettered_at is null and next_retry_at <= now()`;
const PER_ORG_SQL = `select id, call_id, retry_count from public.failed_recording_uploads
  where org_id = $1 and ${DUE} order by next_retry_at limit 50`;
const DUE_F = DUE.replace(/^/, 'f.').replace(/ and /g, ' and f.');
// Set-based: one pass over the due rows (the partial index holds only unresolved uploads), at most
// 50 per org by a window; the work follows the amount of due work, not the number of orgs.
const SET_BASED_SQL = `select org_id, id, call_id, retry_count from (
    select f.org_id, f.id, f.call_id, f.retry_count,
           row_number() over (partition by f.org_id order by f.next_retry_at) as rn
    from public.failed_recording_uploads f
    join public.organizations o on o.id = f.org_id and o.status = 'active'
    where ${DUE_F}) due
  where rn <= 50`;
// Also one statement, but still one index probe per org (LATERAL): between the two.
const LATERAL_SQL = `select o.id as org_id, f.id, f.call_id, f.retry_count
  from public.organizations o
  cross join lateral (
    select f.id, f.call_id, f.retry_count from public.failed_recording_uploads f
    where f.org_id = o.id and ${DUE_F}
    order by f.next_retry_at limit 50) f
  where o.status = 'active'`;

export interface SweepResults {
  orgs: number;
  sql: { perOrg: Summary; setBased: Summary; lateral: Summary; rowsPerOrgLoop: number; rowsSetBased: number; rowsLateral: number };
  postgrest: { perOrg: Summary; setBased: Summary; rowsPerOrgLoop: number; rowsSetBased: number; setBasedRequests: number };
}

/** SQL layer as service_role (jobs run with the service key), through the authenticator login. */
export async function measureSweep(authenticatorUrl: string, service: SupabaseClient<Database>, reps: number, log: (l: string) => void): Promise<SweepResults> {
  const db = new pg.Client({ connectionString: authenticatorUrl, application_name: 'bench-sweep' });
  await db.connect();
  const asService = async <T>(fn: () => Promise<T>) => {
    await db.query(`begin; select set_config('role', 'service_role', true)`);
    try {
      return await fn();
    } finally {
      await db.query('commit');
    }
  };
  const orgIds = await asService(async () => (await db.query<{ id: string }>(`select id from public.organizations where status = 'active' order by id`)).rows.map((r) => r.id));

  const sqlPerOrg: number[] = [];
  const sqlSet: number[] = [];
  const sqlLateral: number[] = [];
  let rowsLoop = 0;
  let rowsSet = 0;
  let rowsLateral = 0;
  for (let r = 0; r < reps + 1; r++) {
    // Interleaved: loop, set, loop, set … (first round is warm-up).
    const a = await asService(async () => {
      const t0 = performance.now();
      let n = 0;
      for (const id of orgIds) n += (await db.query({ name: 'bench-per-org-due', text: PER_ORG_SQL, values: [id] })).rowCount ?? 0;
      return { ms: performance.now() - t0, n };
    });
    const b = await asService(async () => {
      const t0 = performance.now();
      const res = await db.query(SET_BASED_SQL);
      return { ms: performance.now() - t0, n: res.rowCount ?? 0 };
    });
    const c = await asService(async () => {
      const t0 = performance.now();
      const res = await db.query(LATERAL_SQL);
      return { ms: performance.now() - t0, n: res.rowCount ?? 0 };
    });
    if (r > 0) {
      sqlPerOrg.push(a.ms);
      sqlSet.push(b.ms);
      sqlLateral.push(c.ms);
    }
    rowsLoop = a.n;
    rowsSet = b.n;
    rowsLateral = c.n;
  }
  await db.end();
  log(`  sweep sql: ${orgIds.length} orgs, loop p50 ${summarize(sqlPerOrg).p50} ms vs set ${summarize(sqlSet).p50} ms`);

  const nowIso = new Date().toISOString();
  const perOrgHttp = async () => {
    let n = 0;
    for (const id of orgIds) {
      const { data, error } = await service
        .from('failed_recording_uploads')
        .select('id, call_id, retry_count')
        .eq('org_id', id)
        .is('resolved_at', null)
        .is('dead_lettered_at', null)
        .lte('next_retry_at', nowIso)
        .order('next_retry_at')
        .limit(50);
      if (error) throw new Error(error.message);
      n += data.length;
    }
    return n;
  };
  // Set-based over PostgREST: the whole due set in keyset pages of db-max-rows (1,000).
  const setHttp = async () => {
    let n = 0;
    let requests = 0;
    let last: string | null = null;
    for (;;) {
      let q = service
        .from('failed_recording_uploads')
        .select('org_id, id, call_id, retry_count')
        .is('resolved_at', null)
        .is('dead_lettered_at', null)
        .lte('next_retry_at', nowIso)
        .order('id')
        .limit(1000);
      if (last) q = q.gt('id', last);
      const { data, error } = await q;
      requests++;
      if (error) throw new Error(error.message);
      n += data.length;
      if (data.length < 1000) return { n, requests };
      last = data[data.length - 1].id;
    }
  };
  const httpLoop: number[] = [];
  const httpSet: number[] = [];
  let httpRowsLoop = 0;
  let httpRowsSet = 0;
  let setRequests = 0;
  const httpReps = Math.max(2, Math.min(reps, orgIds.length > 500 ? 3 : 5));
  for (let r = 0; r < httpReps + 1; r++) {
    let t0 = performance.now();
    httpRowsLoop = await perOrgHttp();
    const loopMs = performance.now() - t0;
    t0 = performance.now();
    const s = await setHttp();
    const setMs = performance.now() - t0;
    httpRowsSet = s.n;
    setRequests = s.requests;
    if (r > 0) {
      httpLoop.push(loopMs);
      httpSet.push(setMs);
    }
  }
  log(`  sweep postgrest: loop p50 ${summarize(httpLoop).p50} ms vs set ${summarize(httpSet).p50} ms`);
  return {
    orgs: orgIds.length,
    sql: { perOrg: summarize(sqlPerOrg), setBased: summarize(sqlSet), lateral: summarize(sqlLateral), rowsPerOrgLoop: rowsLoop, rowsSetBased: rowsSet, rowsLateral },
    postgrest: { perOrg: summarize(httpLoop), setBased: summarize(httpSet), rowsPerOrgLoop: httpRowsLoop, rowsSetBased: httpRowsSet, setBasedRequests: setRequests },
  };
}

export interface InAttempt {
  ids: number;
  urlBytes: number;
  status: number | null;
  error: string | null;
  rows: number | null;
  ms: number;
}

export interface AuditInResult {
  orgRows: number;
  idsFetched: number;
  idsFetchMs: number;
  truncated: boolean;
  /** Requests the audit design needs to list every id (db-max-rows = 1,000 per request). */
  requestsForAllIds: number;
  /** One id page at the org's last offset (what the last of those requests costs). */
  lastIdPageMs: number | null;
  attempts: InAttempt[];
  failedUploadsTruth: number;
  dueTruth: number;
  eqQuery: { ms: Summary; rows: number };
}

const SIZES = [50, 100, 200, 300, 400, 500, 600, 800, 1000];

/** The audit's retry query for one org, with the service key as the audit's job ran it. */
export async function measureAuditIn(stack: { url: string; serviceRoleKey: string }, service: SupabaseClient<Database>, p: Probe, reps: number): Promise<AuditInResult> {
  let t0 = performance.now();
  const ids = await service.from('call_logs').select('id').eq('org_id', p.id);
  const idsFetchMs = performance.now() - t0;
  if (ids.error) throw new Error(ids.error.message);
  const idList = ids.data.map((r) => r.id);

  let lastIdPageMs: number | null = null;
  if (p.rows > 1000) {
    const from = Math.floor((p.rows - 1) / 1000) * 1000;
    t0 = performance.now();
    const last = await service.from('call_logs').select('id').eq('org_id', p.id).order('id').range(from, from + 999);
    lastIdPageMs = performance.now() - t0;
    if (last.error) throw new Error(last.error.message);
  }

  const attempts: InAttempt[] = [];
  for (const n of SIZES.filter((s) => s <= idList.length).concat(idList.length < 1000 && !SIZES.includes(idList.length) ? [idList.length] : [])) {
    const slice = idList.slice(0, n);
    // The URL supabase-js builds: the in.(…) list is URL-encoded (",", "(", ")" → %2C, %28, %29).
    const qs = new URLSearchParams({ select: '*', call_id: `in.(${slice.join(',')})` });
    const urlBytes = `${stack.url}/rest/v1/failed_recording_uploads?${qs}`.length;
    t0 = performance.now();
    const res = await service.from('failed_recording_uploads').select('*').in('call_id', slice);
    attempts.push({
      ids: n,
      urlBytes,
      status: res.status ?? null,
      error: res.error ? (`${res.error.code ?? ''} ${res.error.message ?? ''}`.trim() || `HTTP ${res.status} ${res.statusText}`).slice(0, 120) : null,
      rows: res.error ? null : res.data.length,
      ms: round(performance.now() - t0, 1),
    });
  }

  const truth = await service.from('failed_recording_uploads').select('id', { count: 'exact', head: true }).eq('org_id', p.id);
  const due = await service
    .from('failed_recording_uploads')
    .select('id', { count: 'exact', head: true })
    .eq('org_id', p.id)
    .is('resolved_at', null)
    .is('dead_lettered_at', null)
    .lte('next_retry_at', new Date().toISOString());
  const eqSamples: number[] = [];
  let eqRows = 0;
  for (let i = 0; i < reps + 2; i++) {
    t0 = performance.now();
    const r = await service
      .from('failed_recording_uploads')
      .select('*')
      .eq('org_id', p.id)
      .is('resolved_at', null)
      .is('dead_lettered_at', null)
      .lte('next_retry_at', new Date().toISOString())
      .order('next_retry_at')
      .limit(200);
    if (r.error) throw new Error(r.error.message);
    if (i >= 2) eqSamples.push(performance.now() - t0);
    eqRows = r.data.length;
  }
  return {
    orgRows: p.rows,
    idsFetched: idList.length,
    idsFetchMs: round(idsFetchMs, 1),
    truncated: idList.length < p.rows,
    requestsForAllIds: Math.ceil(p.rows / 1000),
    lastIdPageMs: lastIdPageMs === null ? null : round(lastIdPageMs, 1),
    attempts,
    failedUploadsTruth: truth.count ?? -1,
    dueTruth: due.count ?? -1,
    eqQuery: { ms: summarize(eqSamples), rows: eqRows },
  };
}
