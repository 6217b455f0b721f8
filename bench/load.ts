// npm run load [-- --smoke | --faults] [--duration S] [--users N]
// Reliability under load (issue 17): a production build of the app (bench/next-server.ts) against a
// fresh local stack with the demo data, all on 127.0.0.1. Virtual users of three orgs and both roles
// (plus a suspended org's staff) page through calls with filters and search, open detail and
// recordings, ask /api/me, sign in and refresh, while each active org's provider sends signed
// webhooks with duplicates and replays and the recording pipeline runs. Every response is checked
// (bench/load/checker.ts). With --faults, PostgREST, Auth, Storage and Postgres are each stopped and
// restarted mid-run, and the recording provider turns slow, failing and truncating
// (bench/load/faults.ts); afterwards the database must hold every acknowledged webhook once and
// every recording once and whole (bench/load/verify.ts). Exits 1 on any violation.
// Full runs write bench/results/load.json and load.svg; --smoke (npm test) writes nothing.
import './load/env.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startDevJobLoop } from '../scripts/lib/dev-job-loop.ts';
import { runJob } from '../scripts/lib/run-job.ts';
import { createServiceClient } from '../lib/supabase/service.ts';
import { seedDemo } from '../supabase/local/seed/demo.ts';
import { DEMO_PASSWORD, ORGS, USERS } from '../supabase/local/seed/demo-constants.ts';
import { startStack } from '../supabase/local/stack.ts';
import { buildAndStartNext } from './next-server.ts';
import type { Actor } from './load/checker.ts';
import { injectFault, type FaultName, type FaultResult } from './load/faults.ts';
import { startRecordingProvider } from './load/provider.ts';
import { endpointRows, faultTable, loadChartSvg, markdownTable } from './load/report.ts';
import { verifyUnresolved, verifyUploads, verifyWebhooks, type VerifyResult } from './load/verify.ts';
import { OutageClock, Recorder, runUser, runWebhookSender, signIn, type Acked, type Target } from './load/workload.ts';

const { values: a } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    faults: { type: 'boolean', default: false },
    duration: { type: 'string' },
    users: { type: 'string' },
    'max-requests': { type: 'string' },
  },
});
const smoke = a.smoke;
const durationS = Number(a.duration ?? (smoke ? 10 : 180));
const userCount = Number(a.users ?? (smoke ? 6 : 16));
const maxRequests = Number(a['max-requests'] ?? (smoke ? 3_000 : 200_000));
const FAULTS: FaultName[] = ['postgrest', 'auth', 'storage', 'postgres', 'provider-slow', 'provider-failing', 'provider-truncating'];
const DOWN_MS = 5_000;
if (smoke && a.faults) throw new Error('--smoke and --faults are separate modes');

const log = (line: string) => console.log(`[load] ${line}`);
const started = performance.now();
const dataDir = mkdtempSync(join(tmpdir(), 'call-dashboard-load-'));
const stack = await startStack({ dataDir, apiPort: 0, dbPort: 0, ephemeral: smoke });
const cleanups: (() => Promise<unknown>)[] = [() => stack.stop()];
let exitCode = 1;
try {
  await seedDemo({ url: stack.url, serviceRoleKey: stack.secretKey, dbUrl: stack.dbUrl });
  log(`stack and demo data ready in ${Math.round((performance.now() - started) / 1000)} s`);
  // The app's warnings and errors (outages it saw, unhandled errors), counted by message and code.
  const serverLog = new Map<string, number>();
  let partial = '';
  const next = await buildAndStartNext(
    { NEXT_PUBLIC_SUPABASE_URL: stack.url, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: stack.publishableKey, SUPABASE_SECRET_KEY: stack.secretKey, LOG_LEVEL: 'warn' },
    log,
    (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as { level?: string; msg?: string; err?: { type?: string; code?: string | number; status?: number } };
          const err = entry.err;
          const key = `${entry.level} ${entry.msg}${err ? ` (${err.type}${err.code ? ` ${err.code}` : ''}${err.status !== undefined ? ` HTTP ${err.status}` : ''})` : ''}`;
          serverLog.set(key, (serverLog.get(key) ?? 0) + 1);
        } catch {
          // not a log line
        }
      }
    },
  );
  cleanups.unshift(() => next.stop());
  log(`app ready at ${Math.round((performance.now() - started) / 1000)} s`);
  const target: Target = { app: next.url, api: stack.url, publishableKey: stack.publishableKey };

  // A pool, not one client: Postgres is shut down mid-run, and a pool drops broken connections.
  const db = new pg.Pool({ connectionString: stack.dbUrl, max: 2 });
  db.on('error', () => {});
  db.on('connect', (client) => client.on('error', () => {}));
  cleanups.unshift(() => db.end());
  const orgOf = new Map<string, string>();
  const callsByOrg = new Map<string, string[]>();
  const recordingsByOrg = new Map<string, string[]>();
  for (const r of (await db.query<{ id: string; org_id: string; rec: boolean }>('select id::text, org_id::text, recording_storage_path is not null as rec from public.call_logs')).rows) {
    orgOf.set(r.id, r.org_id);
    callsByOrg.set(r.org_id, [...(callsByOrg.get(r.org_id) ?? []), r.id]);
    if (r.rec) recordingsByOrg.set(r.org_id, [...(recordingsByOrg.get(r.org_id) ?? []), r.id]);
  }
  const secretOf = new Map(
    (await db.query<{ org_id: string; secret: string }>('select distinct on (org_id) org_id::text, secret from public.webhook_secrets where expires_at is null order by org_id, valid_from desc')).rows.map((r) => [r.org_id, r.secret]),
  );

  const outages = new OutageClock(5_000);
  const recorder = new Recorder((id) => orgOf.get(id), outages);
  const provider = await startRecordingProvider();
  cleanups.unshift(() => provider.close());
  const service = { url: stack.url, serviceRoleKey: stack.secretKey };
  const activeOrgs = [ORGS.acme.id, ORGS.globex.id];
  const jobs = startDevJobLoop(service, { intervalMs: 1_000, retryEveryMs: 3_000, orgIds: activeOrgs, log: () => {} });
  cleanups.unshift(() => jobs.stop());

  const actors: Actor[] = USERS.map((u) => ({ email: u.email, orgId: ORGS[u.org].id, role: u.role, suspended: ORGS[u.org].status === 'suspended' }));
  // Most users are active admins and staff; one virtual user in ten is the suspended org's.
  const active = actors.filter((x) => !x.suspended);
  const vus = Array.from({ length: userCount }, (_, i) => (i % 10 === 9 ? actors.find((x) => x.suspended)! : active[i % active.length]));
  const budget = { left: maxRequests };
  const runStart = performance.now();
  const deadline = runStart + durationS * 1000;
  // Users and providers keep going until the time is up and the last fault has been recovered from.
  const stop = { now: false };
  let faultsDone = !a.faults;
  const stopTimer = setInterval(() => {
    if (performance.now() >= deadline && faultsDone) stop.now = true;
  }, 200);
  const acked = new Map<string, Acked>();
  const callOfProviderCall = new Map<string, string>();
  log(`running ${durationS} s: ${userCount} users over ${new Set(vus.map((v) => v.email)).size} accounts, ${activeOrgs.length * 2} webhook senders${a.faults ? ', faults' : ''}`);

  const webhookWorld = {
    target,
    recorder,
    outages,
    stop,
    recordingUrl: provider.url,
    acked,
    callOfProviderCall,
    learn: (id: string, org: string) => void orgOf.set(id, org),
    budget,
  };
  const userWorld = { target, password: DEMO_PASSWORD, recorder, outages, callsByOrg, recordingsByOrg, stop, budget };
  const senders = activeOrgs.flatMap((org) => [0, 1].map(() => runWebhookSender(webhookWorld, { email: `provider of ${org}`, orgId: org, role: 'admin', suspended: false }, secretOf.get(org)!, 30_000)));
  const users = vus.map((actor, i) => runUser(userWorld, actor, (i * 3_000) / vus.length));

  const faults: FaultResult[] = [];
  const faultRun = (async () => {
    if (!a.faults) return;
    const admin = actors.find((x) => x.role === 'admin' && !x.suspended)!;
    const session = await signIn(target, admin.email, DEMO_PASSWORD);
    if (!session.session) throw new Error('probe sign-in failed');
    const deps = {
      target,
      token: session.session.access,
      recordingCallId: recordingsByOrg.get(admin.orgId)![0],
      parts: { postgrest: stack.postgrest, auth: stack.auth, storage: stack.storage, postgres: stack.postgres },
      provider,
      outages,
      adminEmail: admin.email,
      password: DEMO_PASSWORD,
      log,
    };
    // Spread over the run: warm-up first (every route compiled and pooled), then one fault at a time.
    const gap = Math.max(5_000, (durationS * 1000 - 20_000) / FAULTS.length - DOWN_MS - 5_000);
    await new Promise((r) => setTimeout(r, 15_000));
    for (const f of FAULTS) {
      log(`fault: ${f} down for ${DOWN_MS / 1000} s`);
      const r = await injectFault(f, DOWN_MS, deps);
      faults.push(r);
      log(`  ${f}: back after ${r.recoverySeconds ?? '–'} s; ${r.expectations.map((e) => `${e.ok ? 'ok' : 'FAIL'} ${e.name}`).join('; ')}`);
      await new Promise((r) => setTimeout(r, gap));
    }
  })().finally(() => (faultsDone = true));
  await Promise.all([...users, faultRun]);
  clearInterval(stopTimer);
  const runSeconds = (performance.now() - runStart) / 1000;
  const sent = await Promise.all(senders);
  const unacked = sent.reduce((n, s) => n + s.unacked, 0);
  await jobs.stop();
  log(`users and webhook senders done at ${Math.round((performance.now() - started) / 1000)} s`);

  // Drain the pipeline: retries are scheduled minutes ahead (backoff), so bring them forward, as
  // time would, and run the queue and retry jobs until nothing is left to do (at most 60 s).
  // Only this run's calls: the demo seed's own pipeline rows point at an unreachable host and stay
  // open until dead-lettered, so waiting for them made every run (the smoke too) wait the full 60 s.
  const client = createServiceClient(service);
  const runCalls = [...acked.values()].map((x) => x.callId);
  const drainDeadline = performance.now() + 60_000;
  for (;;) {
    await db.query(
      'update public.failed_recording_uploads set next_retry_at = now() where resolved_at is null and dead_lettered_at is null and next_retry_at > now() and call_id = any($1::uuid[])',
      [runCalls],
    );
    for (const job of ['stale', 'queue', 'retry'] as const) for (const org of activeOrgs) await runJob({ client }, job, { orgId: org });
    const open = await db.query<{ n: string }>(
      `select (select count(*) from public.recording_upload_queue where status in ('pending', 'processing') and call_id = any($1::uuid[]))
            + (select count(*) from public.failed_recording_uploads where resolved_at is null and dead_lettered_at is null and call_id = any($1::uuid[])) as n`,
      [runCalls],
    );
    if (open.rows[0].n === '0' || performance.now() > drainDeadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }

  log(`recording pipeline drained at ${Math.round((performance.now() - started) / 1000)} s`);
  const checks: VerifyResult[] = [
    { name: 'every response checked: right org, right role, no undeclared 5xx, no 401', ok: recorder.violationCount === 0, detail: recorder.violationCount ? `${recorder.violationCount} violations: ${recorder.violations.slice(0, 5).join(' | ')}` : `${recorder.total()} responses` },
    await verifyUnresolved(db, recorder.unresolved),
    { name: 'every webhook acknowledged once the stack is back', ok: unacked === 0, detail: `${unacked} still unacknowledged after 30 s of retries` },
    ...(await verifyWebhooks(db, [...acked.values()])),
    ...(await verifyUploads(db, [...acked.values()])),
    ...faults.flatMap((f) => f.expectations.map((e) => ({ ...e, name: `${f.fault}: ${e.name}` }))),
  ];
  const rows = endpointRows(recorder.samples, recorder.statuses, runSeconds);
  console.log(`\n${markdownTable(rows)}\n`);
  if (faults.length) console.log(`${faultTable(faults)}\n`);
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name} (${c.detail})`);
  if (serverLog.size) console.log(`app log (warn and error lines): ${[...serverLog].map(([k, n]) => `${k} × ${n}`).join('; ')}`);
  const loadAverage = (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10);
  const summary = {
    mode: smoke ? 'smoke' : a.faults ? 'faults' : 'full',
    date: new Date().toISOString(),
    durationSeconds: Math.round(runSeconds),
    users: userCount,
    loadAverage,
    requests: recorder.total(),
    endpoints: rows,
    faults,
    checks,
    appLog: Object.fromEntries(serverLog),
    webhooks: { acknowledged: acked.size, withRecording: [...acked.values()].filter((x) => x.withRecording).length },
  };
  if (!smoke) {
    const file = join(import.meta.dirname, 'results', 'load.json');
    writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(join(import.meta.dirname, 'results', 'load.svg'), loadChartSvg(rows, faults, `npm run load${a.faults ? ' -- --faults' : ''}: ${userCount} users, ${Math.round(runSeconds)} s, 2 cores (load avg ${loadAverage[0]})`));
    log(`wrote bench/results/load.json and load.svg`);
  }
  log(`${recorder.total()} requests in ${Math.round(runSeconds)} s, ${acked.size} webhooks acknowledged; whole run ${Math.round((performance.now() - started) / 1000)} s`);
  exitCode = checks.every((c) => c.ok) ? 0 : 1;
} finally {
  const stopping = performance.now();
  for (const c of cleanups) await c().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
  log(`stopped in ${Math.round((performance.now() - stopping) / 1000)} s`);
}
process.exit(exitCode);
