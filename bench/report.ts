// Results: the targets of issue 6 as ratios measured side by side in one run, and a markdown report.
import type { GateResults } from './gate.ts';
import type { Dataset } from './generate.ts';
import type { AuditInResult, SweepResults } from './measure-jobs.ts';
import type { SqlResults } from './measure-sql.ts';
import { ratio, type Summary } from './stats.ts';

export interface BenchResults {
  meta: {
    size: string;
    startedAt: string;
    seconds: number;
    command: string;
    machine: { cpus: number; memGiB: number; loadBefore: number[]; loadAfter: number[] };
    versions: Record<string, string>;
    reps: { sqlWarmup: number; sqlReps: number; httpWarmup: number; httpReps: number };
    routeLayer: string;
    nextBuildSeconds: number | null;
  };
  dataset: Dataset;
  sql: SqlResults;
  postgrest: Record<string, Record<string, Summary>>;
  route: Record<string, Record<string, Summary>> | null;
  /** Route vs the one database request it wraps (bench/gate.ts); null when the route layer is skipped. */
  gate: GateResults | null;
  sweep: SweepResults;
  auditIn: Record<string, AuditInResult>;
  targets: Target[];
}

export interface Target {
  name: string;
  measure: string;
  value: number | null;
  limit: string;
  pass: boolean | null;
  also?: string;
}

const p50 = (s: Summary | undefined) => s?.p50 ?? NaN;

export function computeTargets(r: Omit<BenchResults, 'targets'>): Target[] {
  const t: Target[] = [];
  const g = r.gate;
  const gateRows: [string, keyof GateResults['ratios'], string, (v: number) => boolean, string][] = [
    ['Route page 1 vs the PostgREST page request it wraps', 'page1', '≤ 1.3', (v) => v <= 1.3, g ? `p50 ${g.p50.route_page1} ms / ${g.p50.pgrst_page1} ms` : ''],
    ['Route call detail vs rpc/open_call', 'detail', '≤ 1.5', (v) => v <= 1.5, g ? `p50 ${g.p50.route_detail} ms / ${g.p50.pgrst_detail} ms` : ''],
    ['/api/me vs one PostgREST request (organizations)', 'me', '≤ 1.2', (v) => v <= 1.2, g ? `p50 ${g.p50.route_me} ms / ${g.p50.pgrst_me} ms` : ''],
    ['List throughput at 16 in flight, route vs PostgREST', 'throughput', '≥ 0.5', (v) => v >= 0.5, g ? `${g.throughput.routeRps} / ${g.throughput.pgrstRps} req/s` : ''],
  ];
  for (const [name, key, limit, ok, measure] of gateRows) {
    t.push(g ? { name, measure, value: g.ratios[key], limit, pass: ok(g.ratios[key]) } : { name, measure: 'route layer skipped', value: null, limit, pass: null });
  }
  const top = 'top';
  const route = r.route;
  if (route) {
    const v = ratio(p50(route.top?.page1), p50(route.tail?.page1));
    t.push({
      name: 'List page 1 via the route handler: top org vs tail org',
      measure: `p50 ${p50(route.top?.page1)} ms / ${p50(route.tail?.page1)} ms`,
      value: v,
      limit: '≤ 2',
      pass: v <= 2,
      also: `p95 ratio ${ratio(route.top.page1.p95, route.tail.page1.p95)}`,
    });
  } else {
    t.push({ name: 'List page 1 via the route handler: top org vs tail org', measure: 'route layer skipped', value: null, limit: '≤ 2', pass: null });
  }
  const sqlTop = r.sql.perOrg[top];
  // The analytics overview (issue 15): 90 days from the rollups, the whole answer in one call.
  if (sqlTop?.overview_90d) {
    const v = p50(sqlTop.overview_90d);
    t.push({
      name: `Overview of 90 days, SQL layer (top org, ${r.dataset.probes.find((x) => x.label === top)?.rows.toLocaleString('en-US')} calls)`,
      measure: `p50 ${v} ms`,
      value: v,
      limit: '≤ 50 ms',
      pass: v <= 50,
      also: `p95 ${sqlTop.overview_90d.p95} ms; ${Object.entries(r.sql.perOrg).map(([k, o]) => `${k} ${p50(o.overview_90d)} ms`).join(', ')}`,
    });
  }
  if (route?.top?.overview_90d) {
    const v = ratio(p50(route.top.overview_90d), p50(route.tail?.overview_90d));
    t.push({
      name: `Overview of 90 days via the route: top org vs tail org (${r.dataset.probes.find((x) => x.label === 'tail')?.rows.toLocaleString('en-US')} calls)`,
      measure: `p50 ${p50(route.top.overview_90d)} ms / ${p50(route.tail?.overview_90d)} ms`,
      value: v,
      limit: '≤ 2',
      pass: v <= 2,
      also: `p95 ratio ${ratio(route.top.overview_90d.p95, route.tail.overview_90d.p95)}`,
    });
  }
  const deep = 'keyset_100000';
  if (sqlTop?.[deep]) {
    const v = ratio(p50(sqlTop[deep]), p50(sqlTop.page1_rls_eq));
    const pg = r.postgrest[top];
    const parts = [`PostgREST ${ratio(p50(pg[deep]), p50(pg.page1_nocount))}`];
    if (route?.top?.[deep]) parts.push(`route handler ${ratio(p50(route.top[deep]), p50(route.top.page1))}`);
    parts.push(`offset at 100k: SQL ${ratio(p50(sqlTop.offset_100000), p50(sqlTop.page1_rls_eq))}×`);
    t.push({
      name: 'Keyset page at depth 100k vs page 1 (top org)',
      measure: `SQL p50 ${p50(sqlTop[deep])} ms / ${p50(sqlTop.page1_rls_eq)} ms`,
      value: v,
      limit: '≤ 2',
      pass: v <= 2,
      also: parts.join('; '),
    });
  }
  {
    const pr = (o: Record<string, Summary>) => ratio(p50(o.pgrst_page1_rls_eq), p50(o.pgrst_page1_service_eq));
    const bare = (o: Record<string, Summary>) => ratio(p50(o.page1_rls_eq), p50(o.page1_service_eq));
    const v = pr(sqlTop);
    const worst = Math.max(...Object.values(r.sql.perOrg).map(pr));
    const c = r.sql.controls;
    const ctl = (name: string) => {
      const res = c?.[name]?.results;
      const a = res?.pgrst_page1_rls_eq;
      const b = res?.pgrst_page1_service_eq;
      const a2 = res?.page1_rls_eq;
      const b2 = res?.page1_service_eq;
      return a && b && a2 && b2 && !('timedOut' in a) && !('timedOut' in b) && !('timedOut' in a2) && !('timedOut' in b2)
        ? `${ratio(a.p50, b.p50)} (bare SELECT ${ratio(a2.p50, b2.p50)})`
        : '–';
    };
    t.push({
      name: 'RLS + explicit org filter vs service role + filter, SQL layer (page 1, the statement PostgREST executes)',
      measure: `top org p50 ${p50(sqlTop.pgrst_page1_rls_eq)} ms / ${p50(sqlTop.pgrst_page1_service_eq)} ms`,
      value: v,
      limit: '≤ 1.2',
      pass: worst <= 1.2,
      also:
        `all orgs: ${Object.entries(r.sql.perOrg).map(([k, o]) => `${k} ${pr(o)}`).join(', ')}; ` +
        `bare SELECT (no json_agg): ${Object.entries(r.sql.perOrg).map(([k, o]) => `${k} ${bare(o)}`).join(', ')}; ` +
        `constant-policy floor ${ctl('constant_floor')}; previous SQL auth_org_id() ${ctl('sql_function_before')}; ` +
        `count(*) top ${ratio(p50(sqlTop.count_exact_rls_eq), p50(sqlTop.count_exact_service_eq))}`,
    });
  }
  {
    const v = ratio(p50(sqlTop.count_estimated), p50(sqlTop.page1_rls_eq));
    const pg = r.postgrest[top];
    t.push({
      name: 'Count shown for the top org vs the page query',
      measure: `SQL: capped count + planner estimate ${p50(sqlTop.count_estimated)} ms / page ${p50(sqlTop.page1_rls_eq)} ms`,
      value: v,
      limit: '< 3',
      pass: v < 3 && ratio(p50(pg.head_count_estimated), p50(pg.page1_nocount)) < 3,
      also:
        `PostgREST: count request ${ratio(p50(pg.head_count_estimated), p50(pg.page1_nocount))}× the page request, ` +
        `page with count ${ratio(p50(pg.page1_count_estimated), p50(pg.page1_nocount))}× without; ` +
        `exact count would be ${ratio(p50(sqlTop.count_exact_rls_eq), p50(sqlTop.page1_rls_eq))}× (SQL)`,
    });
  }
  {
    const v = ratio(p50(r.sweep.sql.perOrg), p50(r.sweep.sql.setBased));
    const h = ratio(p50(r.sweep.postgrest.perOrg), p50(r.sweep.postgrest.setBased));
    t.push({
      name: `Job sweep over all ${r.sweep.orgs} orgs: one query per org vs set-based`,
      measure: `SQL ${p50(r.sweep.sql.perOrg)} ms / ${p50(r.sweep.sql.setBased)} ms`,
      value: v,
      limit: '≥ 10',
      pass: v >= 10 && h >= 10,
      also: `PostgREST: ${p50(r.sweep.postgrest.perOrg)} ms / ${p50(r.sweep.postgrest.setBased)} ms = ${h}×`,
    });
  }
  return t;
}

const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const cell = (s: Summary | undefined) => (s ? `${fmt(s.p50)} / ${fmt(s.p95)}` : '–');

function table(title: string, data: Record<string, Record<string, Summary>>, ops: [string, string][], labels: string[]): string {
  const head = `| ${title} | ${labels.join(' | ')} |\n|---|${labels.map(() => '---:').join('|')}|`;
  const rows = ops
    .filter(([k]) => labels.some((l) => data[l]?.[k]))
    .map(([k, name]) => `| ${name} | ${labels.map((l) => cell(data[l]?.[k])).join(' | ')} |`);
  return [head, ...rows].join('\n');
}

export function markdown(r: BenchResults): string {
  const d = r.dataset;
  const labels = d.probes.map((p) => p.label);
  const orgLine = d.probes.map((p) => `${p.label} ${p.rows.toLocaleString('en-US')}`).join(', ');
  const g = d.stats;
  const out: string[] = [];
  out.push(`# Call list benchmark, dataset ${r.meta.size}`);
  out.push('');
  out.push(
    `${d.spec.rows.toLocaleString('en-US')} call_logs over ${d.spec.orgs.toLocaleString('en-US')} orgs (Zipf s=${d.spec.zipfS}); probe org sizes: ${orgLine} rows. ` +
      `Run ${r.meta.startedAt}, ${r.meta.seconds} s, ${r.meta.machine.cpus} cores, load ${r.meta.machine.loadBefore.join('/')} → ${r.meta.machine.loadAfter.join('/')}. ` +
      `Cells are p50 / p95 in ms; SQL = server planning + execution (EXPLAIN ANALYZE as authenticated with claims), HTTP = client wall time. ` +
      `Warm runs, arms interleaved in a fresh random order each round: SQL ${r.meta.reps.sqlReps * 3} rounds for the cheap statements and ${r.meta.reps.sqlReps} for those that grow with org size or depth, HTTP ${r.meta.reps.httpReps} rounds.`,
  );
  out.push('');
  out.push(`Reproduce: \`${r.meta.command}\``);
  out.push('');
  out.push('## Targets');
  out.push('');
  out.push('| Target | Measured | Ratio | Limit | Pass | Also |');
  out.push('|---|---|---:|---|---|---|');
  for (const t of r.targets) out.push(`| ${t.name} | ${t.measure} | ${t.value ?? '–'} | ${t.limit} | ${t.pass === null ? '–' : t.pass ? 'yes' : '**no**'} | ${t.also ?? ''} |`);
  out.push('');
  out.push('## Generation');
  out.push('');
  out.push(
    `Insert ${g.insertSeconds} s (${g.insertRowsPerSecond.toLocaleString('en-US')} rows/s, set-based generate_series, indexes dropped), ` +
      `PK/unique ${g.constraintSeconds} s, indexes ${Object.values(g.indexSeconds).reduce((a, b) => a + b, 0).toFixed(1)} s ` +
      `(search GIN ${g.indexSeconds.call_logs_search_idx ?? '–'} s, phone trigram GIN ${g.indexSeconds.call_logs_phone_trgm_idx ?? '–'} s), ` +
      `overview rollups (set-based, after the load) ${g.rollupSeconds ?? '–'} s for ${g.rollupRows?.toLocaleString('en-US') ?? '–'} rows, ` +
      `vacuum analyze ${g.vacuumAnalyzeSeconds} s; total ${g.totalSeconds} s = ${g.rowsPerSecondOverall.toLocaleString('en-US')} rows/s. ` +
      `Table ${(g.tableBytes / 2 ** 30).toFixed(2)} GiB + indexes ${(g.indexBytes / 2 ** 30).toFixed(2)} GiB.`,
  );
  if (g.loadPaths) {
    out.push('');
    out.push(
      `Load paths on a sample (rows/s): no generated columns, no indexes ${g.loadPaths.plainNoGeneratedNoIndexes?.toLocaleString('en-US')}; ` +
        `with the generated search_vector + phone_digits ${g.loadPaths.generatedColumnsNoIndexes?.toLocaleString('en-US')}; ` +
        `into the full-size table with all indexes and FK triggers live ${g.loadPaths.liveIndexesAndTriggersAtFullSize?.toLocaleString('en-US')}.`,
    );
  }
  out.push('');
  out.push('## SQL layer');
  out.push('');
  const sqlOps: [string, string][] = [
    ['page1_rls_eq', 'page 1, RLS + .eq(org)'],
    ['page1_service_eq', 'page 1, service role + .eq(org)'],
    ['page1_rls_only', 'page 1, RLS only (no .eq)'],
    ['keyset_1000', 'keyset depth 1k (.or + lte bound)'],
    ['keyset_10000', 'keyset depth 10k'],
    ['keyset_100000', 'keyset depth 100k'],
    ['keyset_or_only_100000', 'keyset 100k, .or() without the bound'],
    ['offset_1000', 'offset 1k'],
    ['offset_10000', 'offset 10k'],
    ['offset_100000', 'offset 100k'],
    ['duration_page1', 'sort=duration: page 1'],
    ['duration_keyset_100000', 'sort=duration: keyset 100k'],
    ['detail', 'detail by id'],
    ['overview_90d', 'overview, 90 days (call_overview)'],
    ['count_exact_rls_eq', 'count exact, RLS + .eq'],
    ['count_exact_service_eq', 'count exact, service + .eq'],
    ['count_exact_rls_only', 'count exact, RLS only'],
    ['count_planned', 'count planned (EXPLAIN)'],
    ['count_estimated', 'count estimated (≤1,001 + EXPLAIN)'],
    ['pgrst_page1_rls_eq', 'PostgREST statement: page 1, RLS + .eq'],
    ['pgrst_page1_service_eq', 'PostgREST statement: page 1, service + .eq'],
    ['pgrst_page1_rls_only', 'PostgREST statement: page 1, RLS only'],
    ['pgrst_page1_estimated', 'PostgREST statements: page 1 + count=estimated'],
    ['pgrst_keyset_100000', 'PostgREST statement: keyset 100k'],
  ];
  out.push(table('SQL (ms)', r.sql.perOrg, sqlOps, labels));
  out.push('');
  out.push('Planned vs exact count: ' + Object.entries(r.sql.plannedVsExact).map(([k, v]) => `${k} ${v.planned.toLocaleString('en-US')} vs ${v.exact.toLocaleString('en-US')} (${v.errorPct > 0 ? '+' : ''}${v.errorPct}%; at the default statistics target ${v.plannedDefaultStatistics?.toLocaleString('en-US') ?? '–'}; RLS-only estimate ${v.plannedRlsOnly.toLocaleString('en-US')})`).join('; ') + '.');
  if (r.sql.controls) {
    out.push('');
    out.push('Policy controls on the top org, each inside a rolled-back transaction (p50 ms):');
    out.push('');
    out.push('| Control | page 1 service / RLS+eq | PostgREST statement service / RLS+eq | other |');
    out.push('|---|---|---|---|');
    const v = (x: Summary | { timedOut: true; timeoutMs: number } | undefined) =>
      !x ? '–' : 'timedOut' in x ? `> ${x.timeoutMs} (timed out)` : fmt(x.p50);
    for (const [name, c] of Object.entries(r.sql.controls)) {
      const res = c.results;
      const other = Object.entries(res)
        .filter(([k]) => !['page1_service_eq', 'page1_rls_eq', 'pgrst_page1_service_eq', 'pgrst_page1_rls_eq'].includes(k))
        .map(([k, x]) => `${k} ${v(x)}`)
        .join(', ');
      out.push(`| ${name}: ${c.description} | ${v(res.page1_service_eq)} / ${v(res.page1_rls_eq)} | ${v(res.pgrst_page1_service_eq)} / ${v(res.pgrst_page1_rls_eq)} | ${other} |`);
    }
  }
  out.push('');
  out.push('Plans (top org): ' + Object.entries(r.sql.plans.top ?? {}).filter(([k]) => ['page1_rls_eq', 'keyset_100000', 'keyset_or_only_100000', 'offset_100000', 'count_exact_rls_eq', 'page1_rls_only'].includes(k)).map(([k, v]) => `\`${k}\`: ${v.shape} (${v.sharedHit + v.sharedRead} buffers)`).join('; '));
  out.push('');
  out.push('## PostgREST over HTTP (supabase-js, user token, through the gateway)');
  out.push('');
  const pgOps: [string, string][] = [
    ['app_page1', 'listCalls page 1 (app: count=estimated)'],
    ['page1_nocount', 'page 1, no count'],
    ['page1_count_estimated', 'page 1 + count=estimated'],
    ['page1_count_planned', 'page 1 + count=planned'],
    ['page1_count_exact', 'page 1 + count=exact'],
    ['head_count_estimated', 'count request alone (HEAD, estimated)'],
    ['page1_service_eq', 'page 1, service key + .eq'],
    ['page1_rls_only', 'page 1, RLS only'],
    ['app_keyset_1000', 'listCalls keyset 1k (page + count)'],
    ['app_keyset_100000', 'listCalls keyset 100k (page + count)'],
    ['keyset_1000', 'keyset 1k, page only'],
    ['keyset_10000', 'keyset 10k, page only'],
    ['keyset_100000', 'keyset 100k, page only'],
    ['offset_1000', 'offset 1k'],
    ['offset_10000', 'offset 10k'],
    ['offset_100000', 'offset 100k'],
    ['detail', 'detail by id'],
  ];
  out.push(table('PostgREST (ms)', r.postgrest, pgOps, labels));
  if (r.route) {
    out.push('');
    out.push(`## Route handler over HTTP (${r.meta.routeLayer})`);
    out.push('');
    const routeOps: [string, string][] = [
      ['me', 'GET /api/me (auth wrapper only)'],
      ['page1', 'GET /api/calls-dashboard (page 1)'],
      ['keyset_1000', 'keyset depth 1k'],
      ['keyset_10000', 'keyset depth 10k'],
      ['keyset_100000', 'keyset depth 100k'],
      ['detail', 'GET /api/calls-dashboard/[id]'],
      ['overview_90d', 'GET /api/overview (90 days)'],
    ];
    out.push(table('Route (ms)', r.route, routeOps, labels));
  }
  out.push('');
  out.push('## Per-org job sweep');
  out.push('');
  const s = r.sweep;
  out.push(`Due retries (≤ 50 per org) of all ${s.orgs} orgs, service role.`);
  out.push('');
  out.push('| Layer | One query per org | Set-based | Ratio | Rows (loop / set) |');
  out.push('|---|---:|---:|---:|---|');
  out.push(`| SQL | ${cell(s.sql.perOrg)} | ${cell(s.sql.setBased)} (one pass over the due rows, ≤ 50 per org by a window) | ${ratio(s.sql.perOrg.p50, s.sql.setBased.p50)} | ${s.sql.rowsPerOrgLoop} / ${s.sql.rowsSetBased} |`);
  out.push(`| SQL | | ${cell(s.sql.lateral)} (one statement, LATERAL probe per org) | ${ratio(s.sql.perOrg.p50, s.sql.lateral.p50)} | ${s.sql.rowsPerOrgLoop} / ${s.sql.rowsLateral} |`);
  out.push(`| PostgREST | ${cell(s.postgrest.perOrg)} | ${cell(s.postgrest.setBased)} (${s.postgrest.setBasedRequests} keyset pages) | ${ratio(s.postgrest.perOrg.p50, s.postgrest.setBased.p50)} | ${s.postgrest.rowsPerOrgLoop} / ${s.postgrest.rowsSetBased} (all due rows) |`);
  out.push('');
  out.push("## The audit's retry query: all call ids, then `.in('call_id', ids)`");
  out.push('');
  out.push('| Org | Calls | Ids returned | Requests to list all ids | Last id page | `.in()` attempts (ids → URL bytes → result) | Failed uploads (due) | `.eq(org_id)` instead |');
  out.push('|---|---:|---:|---:|---:|---|---:|---:|');
  for (const [label, a] of Object.entries(r.auditIn)) {
    const attempts = a.attempts.map((x) => `${x.ids} → ${x.urlBytes} B → ${x.error !== null ? `**${x.status ?? 'error'}**` : `${x.rows} rows`}`).join('; ');
    out.push(
      `| ${label} | ${a.orgRows.toLocaleString('en-US')} | ${a.idsFetched}${a.truncated ? ' (**truncated**)' : ''} | ${a.requestsForAllIds} | ${a.lastIdPageMs ?? '–'} ms | ${attempts} | ${a.failedUploadsTruth} (${a.dueTruth}) | ${fmt(a.eqQuery.ms.p50)} ms, ${a.eqQuery.rows} rows |`,
    );
  }
  out.push('');
  return out.join('\n');
}
