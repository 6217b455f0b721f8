// The local stand-ins for Inngest: `npm run jobs` (scripts/jobs.ts) and the dev job loop that
// `npm run dev` starts. Both run the same per-org job functions.
import { spawn } from 'node:child_process';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { stackEnv } from '../helpers/clients.ts';
import { setUpPipelineTest, type ProviderFixture } from '../helpers/pipeline-fixture.ts';
import { createOrg, createQueuedCalls, queueRows } from '../helpers/pipeline-orgs.ts';
import { startDevJobLoop } from '../../scripts/lib/dev-job-loop.ts';

let db: pg.Client;
let fixture: ProviderFixture;
// A database connection and the provider fixture server, for the whole file.
setUpPipelineTest((client, provider) => {
  db = client;
  fixture = provider;
});

function runJobsCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = stackEnv();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/jobs.ts', ...args], {
      // The provider fixture is on 127.0.0.1: the explicit opt-in, as `npm run dev` sets it.
      env: { ...process.env, NEXT_PUBLIC_SUPABASE_URL: env.url, SUPABASE_SERVICE_ROLE_KEY: env.serviceRoleKey, RECORDING_ALLOW_PRIVATE_NETWORKS: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run jobs', () => {
  it('runs the queue job for one org and prints its summary', { timeout: 30_000 }, async () => {
    const org = await createOrg(db);
    await createQueuedCalls(db, org, 2, (id) => fixture.url(`/ok/${id}.wav`));
    const r = await runJobsCli(['queue', '--org', org]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ job: 'queue', orgId: org, claimed: 2, completed: 2 });
    expect((await queueRows(db, org)).map((q) => q.status)).toEqual(['completed', 'completed']);
  });

  it('lists orphans in dry-run and refuses bad arguments', { timeout: 30_000 }, async () => {
    const org = await createOrg(db);
    const dry = await runJobsCli(['orphans', '--org', org, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout.trim())).toMatchObject({ job: 'orphans', orgId: org, dryRun: true, scanned: 0 });
    expect((await runJobsCli(['nonsense'])).code).toBe(2);
    expect((await runJobsCli(['queue', '--org', 'not-a-uuid'])).code).toBe(2);
  });
});

describe('dev job loop', () => {
  it('turns a queued upload into a stored recording within seconds', { timeout: 30_000 }, async () => {
    const org = await createOrg(db);
    const env = stackEnv();
    // The provider fixture is on 127.0.0.1: the explicit opt-in, as `npm run dev` sets it.
    const previous = process.env.RECORDING_ALLOW_PRIVATE_NETWORKS;
    process.env.RECORDING_ALLOW_PRIVATE_NETWORKS = '1';
    const loop = startDevJobLoop({ url: env.url, serviceRoleKey: env.serviceRoleKey }, { intervalMs: 200, orgIds: [org], log: () => {} });
    try {
      const [call] = await createQueuedCalls(db, org, 1, (id) => fixture.url(`/ok/${id}.wav`));
      const t0 = Date.now();
      for (;;) {
        const [row] = await queueRows(db, org);
        if (row.status === 'completed') break;
        if (Date.now() - t0 > 10_000) throw new Error(`still ${row.status} after 10 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const stored = await db.query('select recording_storage_path from public.call_logs where org_id = $1 and id = $2', [org, call.callId]);
      expect(stored.rows[0].recording_storage_path).toBe(`${org}/${call.callId}.wav`);
    } finally {
      await loop.stop();
      if (previous === undefined) delete process.env.RECORDING_ALLOW_PRIVATE_NETWORKS;
      else process.env.RECORDING_ALLOW_PRIVATE_NETWORKS = previous;
    }
  });
});
