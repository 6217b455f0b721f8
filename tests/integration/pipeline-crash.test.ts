// A worker process is SIGKILLed in the middle of an item (its download has started and stalls).
// The item stays leased until the lease expires, is reclaimed with its attempts kept, and is then
// completed exactly once by another worker. The dead worker's completion would change nothing.
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { serviceClient } from '../helpers/clients.ts';
import { setUpPipelineTest, type ProviderFixture } from '../helpers/pipeline-fixture.ts';
import { createOrg, createQueuedCalls, queueRows, storedObjects } from '../helpers/pipeline-orgs.ts';
import { spawnWorker } from '../helpers/pipeline-spawn.ts';
import { cleanupStaleProcessingForOrg } from '../../lib/recordings/cleanup-stale-processing.ts';
import { processUploadQueueForOrg } from '../../lib/recordings/process-upload-queue.ts';
import { completeUpload } from '../../lib/recordings/queue-rpc.ts';

const LEASE_SECONDS = 4;

let db: pg.Client;
let fixture: ProviderFixture;

// A database connection and the provider fixture server, for the whole file.
setUpPipelineTest((client, provider) => {
  db = client;
  fixture = provider;
});

describe('worker crash mid-item', () => {
  it('SIGKILL → lease expires → reclaimed → completed once; the late completion updates 0 rows', { timeout: 60_000 }, async () => {
    const org = await createOrg(db);
    const [call] = await createQueuedCalls(db, org, 1, (id) => fixture.url(`/switch/${id}`));
    const path = `/switch/${call.callId}`;

    const worker = spawnWorker({ WORKER_ORGS: org, WORKER_BATCH: '1', WORKER_LEASE_SECONDS: String(LEASE_SECONDS) });
    await fixture.waitForHit(path);
    // The worker holds the lease and is mid-download: kill it without any chance to clean up.
    const [leased] = await queueRows(db, org);
    expect(leased).toMatchObject({ status: 'processing', attempts: 1 });
    const deadToken = leased.lease_token!;
    worker.child.kill('SIGKILL');
    await worker.exited;

    const deps = { client: serviceClient() };
    // Before the lease runs out nothing may take the item over.
    expect((await cleanupStaleProcessingForOrg(deps, org)).requeued).toBe(0);
    expect((await processUploadQueueForOrg(deps, org, { allowPrivateNetworks: true })).claimed).toBe(0);

    await new Promise((r) => setTimeout(r, LEASE_SECONDS * 1000 + 300));
    const reclaimed = await cleanupStaleProcessingForOrg(deps, org);
    expect(reclaimed).toMatchObject({ requeued: 1, deadLettered: 0 });
    expect((await queueRows(db, org))[0]).toMatchObject({ status: 'pending', attempts: 1, lease_token: null });

    fixture.setSwitch(call.callId, 'ok');
    const run = await processUploadQueueForOrg(deps, org, { allowPrivateNetworks: true });
    expect(run).toMatchObject({ claimed: 1, completed: 1 });
    const [done] = await queueRows(db, org);
    expect(done).toMatchObject({ status: 'completed', attempts: 2, lease_token: null });
    expect(fixture.hits(path)).toBe(2);
    expect((await storedObjects(db, `${org}/`)).map((o) => o.name)).toEqual([`${org}/${call.callId}.wav`]);

    // The killed worker, had it survived, would now complete with its old token: nothing changes.
    const before = await db.query('select updated_at, completed_at from public.recording_upload_queue where id = $1', [call.queueId]);
    expect(await completeUpload(deps.client, org, call.queueId, deadToken, `${org}/${call.callId}.mp3`)).toBe(false);
    const after = await db.query('select updated_at, completed_at from public.recording_upload_queue where id = $1', [call.queueId]);
    expect(after.rows).toEqual(before.rows);
    const stored = await db.query('select recording_storage_path from public.call_logs where org_id = $1 and id = $2', [org, call.callId]);
    expect(stored.rows[0].recording_storage_path).toBe(`${org}/${call.callId}.wav`);
  });

  it('a late completion after the lease was reclaimed (but before anyone re-claimed) also changes nothing', async () => {
    const org = await createOrg(db);
    const [call] = await createQueuedCalls(db, org, 1, (id) => fixture.url(`/ok/${id}.wav`));
    const claimed = await serviceClient().rpc('claim_upload_batch', { p_org_id: org, p_limit: 1, p_lease_seconds: 1 });
    const token = claimed.data![0].lease_token;
    await db.query(`update public.recording_upload_queue set lease_expires_at = now() - interval '1 second' where id = $1`, [call.queueId]);
    expect((await cleanupStaleProcessingForOrg({ client: serviceClient() }, org)).requeued).toBe(1);
    expect(await completeUpload(serviceClient(), org, call.queueId, token, `${org}/${call.callId}.wav`)).toBe(false);
    expect((await queueRows(db, org))[0]).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('an item that keeps losing its lease is dead-lettered instead of looping', async () => {
    const org = await createOrg(db);
    const [call] = await createQueuedCalls(db, org, 1, (id) => fixture.url(`/ok/${id}.wav`));
    await db.query(
      `update public.recording_upload_queue set status = 'processing', attempts = 5, lease_token = gen_random_uuid(),
         lease_expires_at = now() - interval '1 second' where id = $1`,
      [call.queueId],
    );
    const r = await cleanupStaleProcessingForOrg({ client: serviceClient() }, org, { maxLeaseAttempts: 5 });
    expect(r).toMatchObject({ requeued: 0, deadLettered: 1 });
    const failed = await db.query('select dead_lettered_at, error from public.failed_recording_uploads where org_id = $1 and call_id = $2', [org, call.callId]);
    expect(failed.rows[0].dead_lettered_at).not.toBeNull();
    expect(failed.rows[0].error).toMatch(/lease expired after 5 attempts/);
  });
});
