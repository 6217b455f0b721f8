// Jobs take the org from their event and must refuse work whose rows belong to another org,
// before writing anything: not the queue, not the call, not storage, not the failure table.
import pg from 'pg';
import { NonRetriableError } from 'inngest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceClient, stackEnv } from '../helpers/clients.ts';
import { startProviderFixture, type ProviderFixture } from '../helpers/pipeline-fixture.ts';
import { createOrg, createQueuedCalls, storedObjects } from '../helpers/pipeline-orgs.ts';
import { CrossOrgRefusedError } from '../../lib/recordings/errors.ts';
import { processUploadForCall, processUploadQueueForOrg } from '../../lib/recordings/process-upload-queue.ts';
import { retryFailedUploadsForOrg } from '../../lib/recordings/retry-failed-uploads.ts';
import { completeUpload, failUpload } from '../../lib/recordings/queue-rpc.ts';

let db: pg.Client;
let fixture: ProviderFixture;
let A: string;
let B: string;

const opts = { allowPrivateNetworks: true };

/** Everything a job could have written for these orgs. */
async function snapshot() {
  const q = (sql: string) => db.query(sql, [[A, B]]).then((r) => r.rows);
  return {
    queue: await q('select * from public.recording_upload_queue where org_id = any($1) order by id'),
    calls: await q('select id, org_id, recording_storage_path from public.call_logs where org_id = any($1) order by id'),
    failed: await q('select * from public.failed_recording_uploads where org_id = any($1) order by id'),
    objects: [...(await storedObjects(db, `${A}/`)), ...(await storedObjects(db, `${B}/`))],
  };
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  fixture = await startProviderFixture();
  A = await createOrg(db);
  B = await createOrg(db);
});
afterAll(async () => {
  await fixture?.close();
  await db?.end();
});

describe('cross-org queue work is refused without writes', () => {
  it('an upload event of org A naming a call of org B', async () => {
    const [callB] = await createQueuedCalls(db, B, 1, (id) => fixture.url(`/ok/${id}.wav`));
    const before = await snapshot();
    const attempt = processUploadForCall({ client: serviceClient() }, A, callB.callId, opts);
    await expect(attempt).rejects.toBeInstanceOf(CrossOrgRefusedError);
    await expect(attempt).rejects.toBeInstanceOf(NonRetriableError);
    expect(await snapshot()).toEqual(before);
    expect(fixture.totalHits()).toBe(0);
    // Its own org processes it normally.
    expect(await processUploadForCall({ client: serviceClient() }, B, callB.callId, opts)).toMatchObject({ completed: 1 });
  });

  it('a queue item of org A whose call belongs to org B (integrity bypassed) is never claimed', async () => {
    const [callB] = await createQueuedCalls(db, B, 1, (id) => fixture.url(`/ok/${id}.wav`));
    // Simulate a corrupted row: only a superuser with triggers off can create it (the composite FK forbids it;
    // postgres is no superuser, so the cluster superuser does it).
    const su = new pg.Client({ connectionString: stackEnv().adminDbUrl });
    await su.connect();
    await su.query('begin');
    await su.query(`set local session_replication_role = replica`);
    const corrupt = await su.query<{ id: string }>(
      `insert into public.recording_upload_queue (org_id, call_id, recording_url, status) values ($1, $2, $3, 'pending') returning id`,
      [A, callB.callId, fixture.url(`/ok/corrupt-${callB.callId}.wav`)],
    );
    await su.query(
      `insert into public.failed_recording_uploads (org_id, call_id, queue_id, error, next_retry_at) values ($1, $2, $3, 'x', now() - interval '1 minute')`,
      [A, callB.callId, corrupt.rows[0].id],
    );
    await su.query(`update public.recording_upload_queue set status = 'failed' where id = $1`, [corrupt.rows[0].id]);
    await su.query('commit');
    await su.end();
    try {
      const hitsBefore = fixture.totalHits();
      const before = await snapshot();
      expect((await processUploadQueueForOrg({ client: serviceClient() }, A, opts)).claimed).toBe(0);
      expect((await retryFailedUploadsForOrg({ client: serviceClient() }, A, opts)).claimed).toBe(0);
      expect(await snapshot()).toEqual(before);
      expect(fixture.totalHits()).toBe(hitsBefore);
    } finally {
      await db.query('delete from public.failed_recording_uploads where org_id = $1 and call_id = $2', [A, callB.callId]);
      await db.query('delete from public.recording_upload_queue where id = $1', [corrupt.rows[0].id]);
    }
  });

  it('completing or failing another org’s claimed item through the RPCs changes nothing', async () => {
    const [callB] = await createQueuedCalls(db, B, 1, (id) => fixture.url(`/ok/${id}.wav`));
    const client = serviceClient();
    const { data } = await client.rpc('claim_upload_batch', { p_org_id: B, p_limit: 1, p_lease_seconds: 60, p_call_id: callB.callId });
    const token = data![0].lease_token;
    const before = await snapshot();
    // Org A's job holding org B's queue id and even its token: every statement filters by org.
    expect(await completeUpload(client, A, callB.queueId, token, `${A}/${callB.callId}.wav`)).toBe(false);
    expect(await failUpload(client, A, callB.queueId, token, 'boom', [60])).toBeNull();
    // A path outside the org's prefix is refused outright.
    await expect(completeUpload(client, B, callB.queueId, token, `${A}/${callB.callId}.wav`)).rejects.toThrow(/organization prefix/);
    expect(await snapshot()).toEqual(before);
  });
});
