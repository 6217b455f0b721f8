// The Inngest wiring, through @inngest/test: the cron fan-out sends exactly one event per active
// org (none for suspended ones) with deterministic ids; every per-org function carries the org
// concurrency key; a per-org function runs the real job and refuses another org's call.
// (@inngest/test does not model retries, onFailure or inngest.send; sendEvent steps are mocked.)
import pg from 'pg';
import { InngestTestEngine } from '@inngest/test';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { applyStackEnv } from '../helpers/api.ts';
import { stackEnv } from '../helpers/clients.ts';
import { startProviderFixture, type ProviderFixture } from '../helpers/pipeline-fixture.ts';
import { createOrg, createQueuedCalls, queueRows } from '../helpers/pipeline-orgs.ts';

let db: pg.Client;
let fixture: ProviderFixture;
let mod: typeof import('../../inngest/index.ts');
let fanOut: typeof import('../../inngest/functions/fan-out-recording-sweep.ts');
let orphanFanOut: typeof import('../../inngest/functions/fan-out-orphan-cleanup.ts');
const active: string[] = [];
let suspended: string;

const TS = Date.parse('2026-11-26T12:07:31Z');
const cronEvent = (ts = TS) => [{ name: 'inngest/scheduled.timer', data: { cron: '*/5 * * * *' }, ts }] as [any];

beforeAll(async () => {
  applyStackEnv();
  mod = await import('../../inngest/index.ts');
  fanOut = await import('../../inngest/functions/fan-out-recording-sweep.ts');
  orphanFanOut = await import('../../inngest/functions/fan-out-orphan-cleanup.ts');
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  fixture = await startProviderFixture();
  active.push(await createOrg(db), await createOrg(db));
  suspended = await createOrg(db, 'suspended');
});
afterAll(async () => {
  await fixture?.close();
  await db?.end();
});

type SentEvent = { name: string; data: { orgId: string }; id: string };

async function runFanOut(fn: typeof fanOut.fanOutRecordingSweepFn | typeof orphanFanOut.fanOutOrphanCleanupFn, stepPrefix: string, ts = TS) {
  const t = new InngestTestEngine({ function: fn });
  // Mock the send steps (nothing may reach a real Inngest); the org lookup runs for real.
  const { result, ctx } = await t.execute({
    events: cronEvent(ts),
    steps: Array.from({ length: 4 }, (_, i) => ({ id: `${stepPrefix}-${i}`, handler: () => ({ ids: [] }) })),
  });
  const sent = ctx.step.sendEvent.mock.calls.flatMap((c) => c[1] as SentEvent[]);
  return { result: result as { orgs: number }, sent, ctx };
}

describe('cron fan-out', () => {
  it('sends exactly one sweep event per active org, none for suspended orgs, with deterministic ids', async () => {
    const { result, sent, ctx } = await runFanOut(fanOut.fanOutRecordingSweepFn, 'send-org-sweeps');
    expect(ctx.step.run).toHaveBeenCalledWith('load-active-orgs', expect.any(Function));
    const orgIds = sent.map((e) => e.data.orgId);
    expect(new Set(orgIds).size).toBe(orgIds.length);
    expect(result.orgs).toBe(orgIds.length);
    for (const org of active) expect(orgIds.filter((o) => o === org)).toHaveLength(1);
    expect(orgIds).not.toContain(suspended);
    // Every org sent is active (the demo's suspended Initech included in "none").
    const statuses = await db.query('select id, status from public.organizations where id = any($1)', [orgIds]);
    expect(statuses.rows.every((r) => r.status === 'active')).toBe(true);
    expect(orgIds).not.toContain('c1ec0000-0000-4000-8000-000000000003');

    for (const e of sent) {
      expect(e.name).toBe('recording/org.sweep-requested');
      expect(e.id).toBe(`org-sweep-${e.data.orgId}-2026-11-26T12:05:00.000Z`);
    }
    // A second firing for the same 5-minute slot (DST, a retried run) produces the same ids.
    const again = await runFanOut(fanOut.fanOutRecordingSweepFn, 'send-org-sweeps', TS + 60_000);
    const ids = (s: SentEvent[]) => s.filter((e) => active.includes(e.data.orgId)).map((e) => e.id).sort();
    expect(ids(again.sent)).toEqual(ids(sent));
    // The next slot gets new ids.
    const next = await runFanOut(fanOut.fanOutRecordingSweepFn, 'send-org-sweeps', TS + 5 * 60_000);
    expect(ids(next.sent).some((id) => ids(sent).includes(id))).toBe(false);
  });

  it('the daily orphan fan-out does the same per day', async () => {
    const { sent } = await runFanOut(orphanFanOut.fanOutOrphanCleanupFn, 'send-orphan-cleanups');
    const mine = sent.filter((e) => active.includes(e.data.orgId));
    expect(mine.map((e) => e.id).sort()).toEqual(active.map((o) => `orphan-cleanup-${o}-2026-11-26T00:00:00.000Z`).sort());
    expect(sent.every((e) => e.name === 'recording/orphans.cleanup-requested')).toBe(true);
    expect(sent.map((e) => e.data.orgId)).not.toContain(suspended);
  });
});

describe('per-org functions', () => {
  it('all carry concurrency { key: event.data.orgId, limit: 1 } and are the functions served', () => {
    const perOrg = mod.functions.filter((f) => !f.opts.triggers?.some((t) => 'cron' in t));
    expect(perOrg.map((f) => f.opts.id).sort()).toEqual([
      'recording-cleanup-orphans',
      'recording-cleanup-stale-processing',
      'recording-process-upload-queue',
      'recording-retry-failed-uploads',
      'recording-upload-requested',
      'retention-erase-expired',
    ]);
    for (const f of perOrg) expect(f.opts.concurrency, f.opts.id).toEqual({ key: 'event.data.orgId', limit: 1 });
    const crons = mod.functions.filter((f) => f.opts.triggers?.some((t) => 'cron' in t));
    expect(crons.map((f) => f.opts.id).sort()).toEqual(['recording-orphan-cleanup-fan-out', 'recording-sweep-fan-out', 'retention-fan-out']);
  });

  it('the queue function drains the event’s org through the real job', async () => {
    // The provider fixture is on 127.0.0.1: the explicit opt-in, as `npm run dev` sets it.
    process.env.RECORDING_ALLOW_PRIVATE_NETWORKS = '1';
    onTestFinished(() => void delete process.env.RECORDING_ALLOW_PRIVATE_NETWORKS);
    const org = await createOrg(db);
    await createQueuedCalls(db, org, 3, (id) => fixture.url(`/ok/${id}.wav`));
    const fn = mod.functions.find((f) => f.opts.id === 'recording-process-upload-queue')!;
    const { result } = await new InngestTestEngine({ function: fn }).execute({
      events: [{ name: 'recording/org.sweep-requested', data: { orgId: org } }],
    });
    expect(result).toMatchObject({ orgId: org, claimed: 3, completed: 3 });
    expect((await queueRows(db, org)).every((r) => r.status === 'completed')).toBe(true);
  });

  it('the retention function erases the event’s org through the real job, and nothing of another org', async () => {
    const [org, other] = [await createOrg(db), await createOrg(db)];
    for (const o of [org, other]) {
      await db.query('insert into public.retention_policies (org_id, recording_days, transcript_days) values ($1, 1, 1)', [o]);
      await db.query(
        `insert into public.call_logs (org_id, call_type, status, started_at, summary)
         select $1, 'inbound', 'completed', now() - interval '5 days', 'to be erased' from generate_series(1, 3)`,
        [o],
      );
    }
    const fn = mod.functions.find((f) => f.opts.id === 'retention-erase-expired')!;
    const { result } = await new InngestTestEngine({ function: fn }).execute({
      events: [{ name: 'retention/org.erase-requested', data: { orgId: org } }],
    });
    expect(result).toEqual({ orgId: org, erased: 3, objects: 0, steps: 1 });
    const left = await db.query('select org_id, count(*)::int as n from public.call_logs where org_id = any($1) and summary is not null group by org_id', [[org, other]]);
    expect(left.rows).toEqual([{ org_id: other, n: 3 }]);
  });

  it('the upload-requested function refuses a call of another org with a non-retriable error', async () => {
    const a = await createOrg(db);
    const b = await createOrg(db);
    const [callB] = await createQueuedCalls(db, b, 1, (id) => fixture.url(`/ok/${id}.wav`));
    const fn = mod.functions.find((f) => f.opts.id === 'recording-upload-requested')!;
    const { error } = (await new InngestTestEngine({ function: fn }).execute({
      events: [{ name: 'recording/upload.requested', data: { orgId: a, callId: callB.callId } }],
    })) as { error?: { name?: string; message?: string } };
    expect(error?.message).toMatch(/does not belong to organization/);
    expect(error?.name).toBe('NonRetriableError');
    expect((await queueRows(db, b))[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });
});

describe('serve endpoint', () => {
  it('refuses unsigned requests in cloud mode (no INNGEST_DEV)', async () => {
    const { vi } = await import('vitest');
    vi.resetModules();
    delete process.env.INNGEST_DEV;
    process.env.INNGEST_SIGNING_KEY = `signkey-prod-${'ab'.repeat(32)}`;
    try {
      const route = await import('../../app/api/inngest/route.ts');
      const body = JSON.stringify({ event: { name: 'recording/org.sweep-requested', data: { orgId: active[0] } }, events: [], steps: {}, ctx: {} });
      const res = await route.POST(
        new Request('http://localhost:3000/api/inngest?fnId=call-dashboard-recording-process-upload-queue&stepId=step', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }) as never,
        undefined,
      );
      expect(res.status).toBe(401);
    } finally {
      delete process.env.INNGEST_SIGNING_KEY;
    }
  });
});
