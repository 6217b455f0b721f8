// 8 worker processes (separate runtimes and connections) drain 320 queue items of 4 orgs at once.
// Every item must be processed exactly once: one claim, one download, one storage write, one
// completion. Also prints items/second (the number quoted in docs/pipeline.md).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackEnv } from '../helpers/clients.ts';
import { startProviderFixture, type ProviderFixture } from '../helpers/pipeline-fixture.ts';
import { createOrg, createQueuedCalls, queueRows, storedObjects, type QueuedCall } from '../helpers/pipeline-orgs.ts';
import { spawnWorker } from '../helpers/pipeline-spawn.ts';

const WORKERS = Number(process.env.PIPELINE_WORKERS ?? 8);
const ORGS = 4;
const PER_ORG = 80;

let db: pg.Client;
let fixture: ProviderFixture;
const orgs: string[] = [];
const calls = new Map<string, QueuedCall[]>();

beforeAll(async () => {
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  fixture = await startProviderFixture();
  for (let i = 0; i < ORGS; i++) {
    const org = await createOrg(db);
    orgs.push(org);
    calls.set(org, await createQueuedCalls(db, org, PER_ORG, (id) => fixture.url(`/ok/${id}.wav`)));
  }
});
afterAll(async () => {
  await fixture?.close();
  await db?.end();
});

describe('upload queue under concurrency', () => {
  it(`${WORKERS} workers over ${ORGS * PER_ORG} items of ${ORGS} orgs: each item exactly once`, { timeout: 180_000 }, async () => {
    const workers = Array.from({ length: WORKERS }, (_, i) =>
      spawnWorker({ WORKER_ORGS: orgs.join(','), WORKER_INDEX: String(i), WORKER_WAIT_GO: '1', WORKER_BATCH: '5' }),
    );
    // Start the clock only when every worker is up, so process start-up is not measured.
    await Promise.all(workers.map((w) => w.next((m) => m.ready === true)));
    const t0 = performance.now();
    workers.forEach((w) => w.child.stdin!.write('go\n'));
    const results = await Promise.all(workers.map((w) => w.next((m) => m.done === true)));
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(workers.map((w) => w.exited));

    const items = results.flatMap((r) => r.items as { queueId: string; outcome: string; path: string }[]);
    const total = ORGS * PER_ORG;
    console.log(
      `[pipeline] ${WORKERS} workers: ${total} items in ${seconds.toFixed(2)} s = ${(total / seconds).toFixed(0)} items/s ` +
        `(per worker: ${results.map((r) => (r.items as unknown[]).length).join(', ')})`,
    );

    // Claims: every item exactly once across all workers, every one completed.
    expect(items).toHaveLength(total);
    expect(new Set(items.map((i) => i.queueId)).size).toBe(total);
    expect(items.every((i) => i.outcome === 'completed')).toBe(true);
    // Storage writes: one distinct path per item; one download per recording URL.
    expect(new Set(items.map((i) => i.path)).size).toBe(total);
    expect(fixture.totalHits()).toBe(total);
    for (const org of orgs) {
      for (const c of calls.get(org)!) expect(fixture.hits(`/ok/${c.callId}.wav`)).toBe(1);
      const rows = await queueRows(db, org);
      expect(rows.every((r) => r.status === 'completed' && r.attempts === 1 && r.lease_token === null)).toBe(true);
      const objects = await storedObjects(db, `${org}/`);
      expect(objects.map((o) => o.name).sort()).toEqual(calls.get(org)!.map((c) => `${org}/${c.callId}.wav`).sort());
      const paths = await db.query('select count(*)::int as n from public.call_logs where org_id = $1 and recording_storage_path = $1 || \'/\' || id || \'.wav\'', [org]);
      expect(paths.rows[0].n).toBe(PER_ORG);
    }
    // Several workers really did work (the test is not secretly sequential).
    if (WORKERS > 1) expect(results.filter((r) => (r.items as unknown[]).length > 0).length).toBeGreaterThan(1);
  });
});
