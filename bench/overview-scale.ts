// npm run bench:overview [-- --rows N] [-- --skip-route] — the analytics overview (issue 15) at the
// size of the M dataset's largest org without generating all of M: one org of N calls (default
// 1,200,000) made by the bench's own generator (bench/generate.ts, which builds the rollups
// set-based after the load and times it) plus an org of 500 calls, on a throwaway cluster.
// Prints, measured side by side (arms interleaved): the SQL p50 of call_overview() for 90 days as
// `authenticated` through `authenticator` (target ≤ 50 ms at 1.2M calls), the same while the
// rollups are stale (counted from the calls), the route p50 top vs small over HTTP against a
// production build (target ≤ 2×), what the rollup trigger adds to one call insert, and the chunked
// rebuild after a zone change through PostgREST as the service role. Writes bench/results/overview.{json,md}.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PROJECT_ROOT } from '../supabase/local/migrate.ts';
import { startStack } from '../supabase/local/stack.ts';
import { BENCH_TIME_ZONE, generateDataset, loadDataset, type DatasetSpec, type ProbeOrg } from './generate.ts';
import { serviceClient } from './measure-http.ts';
import { overviewSql, SqlSession, type Probe } from './measure-sql.ts';
import { buildAndStartNext, type NextServer } from './next-server.ts';
import { prepareProbes } from './probes.ts';
import { interleaved, ratio, type Arm, type Summary } from './stats.ts';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '1200000' }, small: { type: 'string', default: '500' }, 'skip-route': { type: 'boolean', default: false } },
});
const rows = Number(args.rows);
const smallRows = Number(args.small);
const spec: DatasetSpec = { name: `OVERVIEW-${rows}`, rows, orgs: 1, zipfS: 1, days: 730, seed: 0.42, failedEvery: 1000 };
const started = performance.now();
const log = (line: string) => console.log(`[bench:overview ${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}`);
const dataDir = join(PROJECT_ROOT, '.data-bench', 'overview');
rmSync(dataDir, { recursive: true, force: true });
const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);

log(`one org of ${rows.toLocaleString('en-US')} calls and one of ${smallRows}; load average ${loadBefore.join(' ')} on ${cpus().length} cores`);
const stack = await startStack({ dataDir, apiPort: 0, dbPort: 0, ephemeral: true });
const db = new pg.Client({ connectionString: stack.adminDbUrl, application_name: 'bench-overview' });
let next: NextServer | undefined;
try {
  await db.connect();
  await loadDataset(db); // creates the bench schema the generator records into
  const dataset = await generateDataset(db, spec, log);
  log(`generated in ${dataset.stats.totalSeconds} s; rollups ${dataset.stats.rollupSeconds} s (${dataset.stats.rollupRows} rows)`);
  const top = dataset.probes.find((p) => p.label === 'top')!;

  // The small org: calls like the big org's (a random sample, same days), inserted through the trigger.
  const smallId = '00000000-0000-4000-8000-00000000b500';
  await db.query(`insert into public.organizations (id, name, time_zone, rollups_time_zone) values ($1, 'Bench small org', $2, $2)`, [smallId, BENCH_TIME_ZONE]);
  await db.query(
    `insert into public.call_logs (org_id, call_type, status, from_number, to_number, agent_name, started_at, ended_at, duration_seconds, ended_reason, cost, sentiment, success_evaluation)
     select $1, call_type, status, from_number, to_number, agent_name, started_at, ended_at, duration_seconds, ended_reason, cost, sentiment, success_evaluation
     from public.call_logs where org_id = $2 order by random() limit $3`,
    [smallId, top.id, smallRows],
  );
  await db.query('analyze public.call_logs');
  await db.query('analyze public.call_rollups');
  const small: ProbeOrg = { label: 'tail', id: smallId, rank: 2, rows: smallRows, inbound: 0 };
  const probes = await prepareProbes(stack, db, [top, small]);
  const [bigP, smallP] = probes as [Probe, Probe];
  log(`overview period: ${bigP.overview.from} .. ${bigP.overview.to} (${BENCH_TIME_ZONE})`);

  // ---- what the trigger adds to one insert (the webhook's statement), each rolled back
  const insertOne = `insert into public.call_logs (org_id, call_type, status, agent_name, started_at, duration_seconds, cost, ended_reason, sentiment)
    values ('${top.id}', 'inbound', 'completed', 'Bench agent', now() - interval '1 hour', 120, 0.1234, 'customer-ended-call', 'positive')`;
  const timedInsert = (disable: boolean): Arm => async () => {
    await db.query('begin');
    try {
      if (disable) await db.query('alter table public.call_logs disable trigger call_logs_rollups_insert');
      const t0 = performance.now();
      await db.query(insertOne);
      return performance.now() - t0;
    } finally {
      await db.query('rollback');
    }
  };
  log('one call insert with vs without the rollup trigger (rolled back)');
  const insert = await interleaved({ with_trigger: timedInsert(false), without_trigger: timedInsert(true) }, { warmup: 10, reps: 200 });

  // ---- SQL layer, as PostgREST runs it
  const authUrl = new URL(stack.dbUrl);
  authUrl.username = 'authenticator';
  authUrl.password = readFileSync(join(dataDir, 'authenticator-password'), 'utf8').trim();
  const session = await SqlSession.connect(authUrl.toString());
  const sqlArm = (p: Probe): Arm => async () => {
    const j = await session.explain(p, 'authenticated', overviewSql(p));
    return j['Planning Time'] + (j['Execution Time'] ?? 0);
  };
  log('SQL layer: call_overview(), 90 days, from the rollups');
  const sql = await interleaved({ top: sqlArm(bigP), small: sqlArm(smallP) }, { warmup: 5, reps: 60 });
  const check = await session.query<{ j: { source: string; totals: { calls: number } } }>(bigP, 'authenticated', `${overviewSql(bigP)} as j`);
  if (check[0].j.source !== 'rollups') throw new Error('expected the rollups path');

  // The stale path: a zone change makes the overview count from the calls until the rebuild is done.
  log('SQL layer: the same while stale (counted from the calls)');
  await db.query(`update public.organizations set time_zone = 'America/Chicago' where id = any($1)`, [[top.id, smallId]]);
  const stale = await interleaved({ top: sqlArm(bigP), small: sqlArm(smallP) }, { warmup: 1, reps: 5 });
  await session.end();

  // ---- the rebuild after the zone change: chunks through PostgREST as the service role (8 s timeout each)
  log('rebuild for the new zone (service role, chunks of 50,000 calls)');
  const service = serviceClient(stack);
  const chunkMs: number[] = [];
  const tRebuild = performance.now();
  for (;;) {
    const t0 = performance.now();
    const { data, error } = await service.rpc('rebuild_call_rollups', { p_org_id: top.id });
    if (error) throw new Error(`rebuild: ${JSON.stringify(error)}`);
    chunkMs.push(performance.now() - t0);
    if ((data as { ready: boolean }).ready) break;
  }
  const rebuildSeconds = Math.round((performance.now() - tRebuild) / 100) / 10;
  await service.rpc('rebuild_call_rollups', { p_org_id: smallId });
  await db.query(`update public.organizations set time_zone = $2, rollups_time_zone = $2 where id = $1`, [smallId, 'America/Chicago']);
  await db.query('analyze public.call_rollups');

  // ---- route over HTTP, production build
  let route: Record<string, Summary> | null = null;
  if (!args['skip-route']) {
    log('route handler over HTTP (next build + next start)');
    next = await buildAndStartNext(
      { NEXT_PUBLIC_SUPABASE_URL: stack.url, NEXT_PUBLIC_SUPABASE_ANON_KEY: stack.anonKey, SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey },
      log,
    );
    const get = (p: Probe): Arm => async () => {
      const t0 = performance.now();
      const res = await fetch(`${next!.url}/api/overview?from=${p.overview.from}&to=${p.overview.to}`, { headers: { authorization: `Bearer ${p.token}` } });
      const body = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200 || !body.includes('"source":"rollups"')) throw new Error(`GET /api/overview: ${res.status} ${body.slice(0, 200)}`);
      return ms;
    };
    route = await interleaved({ top: get(bigP), small: get(smallP) }, { warmup: 5, reps: 60 });
  }

  const r = (x: number) => Math.round(x * 100) / 100;
  const result = {
    rows,
    smallRows,
    timeZone: BENCH_TIME_ZONE,
    period: bigP.overview,
    generation: { totalSeconds: dataset.stats.totalSeconds, rollupSeconds: dataset.stats.rollupSeconds, rollupRows: dataset.stats.rollupRows },
    sql,
    stale,
    insert,
    rebuild: { seconds: rebuildSeconds, chunks: chunkMs.length, maxChunkMs: Math.round(Math.max(...chunkMs)), p50ChunkMs: Math.round(chunkMs.sort((a, b) => a - b)[Math.floor(chunkMs.length / 2)]) },
    route,
    targets: {
      sqlTopP50Ms: sql.top.p50,
      sqlPass: sql.top.p50 <= 50,
      routeRatio: route ? ratio(route.top.p50, route.small.p50) : null,
    },
    load: { before: loadBefore, after: loadavg().map((x) => r(x)) },
    cores: cpus().length,
    node: process.version,
  };
  console.log(JSON.stringify(result, null, 1));
  const outDir = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'overview.json'), JSON.stringify(result, null, 1) + '\n');
  const rt = route;
  writeFileSync(
    join(outDir, 'overview.md'),
    `# Analytics overview: one ${rows.toLocaleString('en-US')}-call org vs one of ${smallRows}\n\n` +
      `\`npm run bench:overview\` (${result.node}, ${result.cores} cores, load ${result.load.before.join(' ')} → ${result.load.after.join(' ')}). ` +
      `90 local days ${result.period.from} .. ${result.period.to} in ${BENCH_TIME_ZONE}; p50 / p95 in ms, arms interleaved.\n\n` +
      `| Target | Measured | Value | Limit | Pass |\n|---|---|---:|---|---|\n` +
      `| Overview, SQL layer, ${rows.toLocaleString('en-US')}-call org | call_overview() as authenticated, p50 | ${sql.top.p50} ms | ≤ 50 ms | ${sql.top.p50 <= 50 ? 'yes' : '**no**'} |\n` +
      (rt
        ? `| Overview via the route, big vs small org | p50 ${rt.top.p50} ms / ${rt.small.p50} ms | ${result.targets.routeRatio} | ≤ 2 | ${(result.targets.routeRatio ?? 99) <= 2 ? 'yes' : '**no**'} |\n`
        : `| Overview via the route | skipped | – | ≤ 2 | – |\n`) +
      `\n| Arm | big org | small org |\n|---|---|---|\n` +
      `| SQL, from the rollups | ${sql.top.p50} / ${sql.top.p95} | ${sql.small.p50} / ${sql.small.p95} |\n` +
      `| SQL, stale (counted from the calls) | ${stale.top.p50} / ${stale.top.p95} | ${stale.small.p50} / ${stale.small.p95} |\n` +
      (rt ? `| route over HTTP | ${rt.top.p50} / ${rt.top.p95} | ${rt.small.p50} / ${rt.small.p95} |\n` : '') +
      `\nOne call insert (the webhook's statement, rolled back): p50 ${insert.with_trigger.p50} ms with the rollup trigger vs ${insert.without_trigger.p50} ms without ` +
      `(p95 ${insert.with_trigger.p95} / ${insert.without_trigger.p95}).\n\n` +
      `Rollups built set-based after the load: ${result.generation.rollupSeconds} s for ${result.generation.rollupRows?.toLocaleString('en-US')} rows. ` +
      `Rebuild after a zone change through PostgREST as the service role: ${result.rebuild.seconds} s in ${result.rebuild.chunks} chunks ` +
      `(p50 ${result.rebuild.p50ChunkMs} ms, max ${result.rebuild.maxChunkMs} ms per chunk; each under the 8 s statement timeout).\n`,
  );
  log('wrote bench/results/overview.json, overview.md');
} finally {
  await next?.stop().catch(() => {});
  await db.end().catch(() => {});
  await stack.stop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}
