// Orphan cleanup deletes only the given org's unreferenced objects older than the grace period;
// referenced objects, fresh objects, uploads in flight and other orgs' objects stay. Dry-run deletes
// nothing. Every run is recorded with what it found and deleted.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceClient, stackEnv } from '../helpers/clients.ts';
import { createOrg, createQueuedCalls, storedObjects } from '../helpers/pipeline-orgs.ts';
import { cleanupOrphanRecordingsForOrg } from '../../lib/recordings/cleanup-orphan-recordings.ts';

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
});

async function put(path: string, ageHours: number) {
  const { error } = await serviceClient().storage.from('call-recordings').upload(path, Buffer.from('RIFF....WAVE'), { contentType: 'audio/wav', upsert: true });
  if (error) throw error;
  await db.query(
    `update storage.objects set created_at = now() - make_interval(hours => $2), updated_at = now() - make_interval(hours => $2)
     where bucket_id = 'call-recordings' and name = $1`,
    [path, ageHours],
  );
}

async function setup() {
  const org = await createOrg(db);
  const other = await createOrg(db);
  const [referenced, inFlight] = await createQueuedCalls(db, org, 2, () => 'https://rec.example/x.wav');
  await db.query(`update public.recording_upload_queue set status = 'completed' where id = $1`, [referenced.queueId]);
  await db.query('update public.call_logs set recording_storage_path = $1 where org_id = $2 and id = $3', [`${org}/${referenced.callId}.wav`, org, referenced.callId]);
  const paths = {
    referenced: `${org}/${referenced.callId}.wav`,
    inFlight: `${org}/${inFlight.callId}.wav`, // its queue item is still pending
    oldOrphan: `${org}/00000000-0000-4000-8000-00000000000a.wav`,
    oldOrphan2: `${org}/leftover.mp3`,
    freshOrphan: `${org}/00000000-0000-4000-8000-00000000000b.wav`,
    otherOrgOrphan: `${other}/00000000-0000-4000-8000-00000000000c.wav`,
  };
  await put(paths.referenced, 48);
  await put(paths.inFlight, 48);
  await put(paths.oldOrphan, 48);
  await put(paths.oldOrphan2, 25);
  await put(paths.freshOrphan, 1);
  await put(paths.otherOrgOrphan, 48);
  return { org, other, paths };
}

describe('orphan recording cleanup', () => {
  it('dry-run lists the org’s old orphans and deletes nothing', async () => {
    const { org, other, paths } = await setup();
    const r = await cleanupOrphanRecordingsForOrg({ client: serviceClient() }, org, { dryRun: true });
    expect(r.orphans.sort()).toEqual([paths.oldOrphan, paths.oldOrphan2].sort());
    expect(r.deleted).toEqual([]);
    expect(r.scanned).toBe(5);
    expect((await storedObjects(db, `${org}/`)).length).toBe(5);
    expect((await storedObjects(db, `${other}/`)).length).toBe(1);
    const run = await db.query('select * from public.orphan_cleanup_runs where id = $1 and org_id = $2', [r.runId, org]);
    expect(run.rows[0]).toMatchObject({ dry_run: true, grace_seconds: 86400, scanned: 5, deleted_paths: [], error: null });
    expect(run.rows[0].orphan_paths.sort()).toEqual(r.orphans.sort());
    expect(run.rows[0].finished_at).not.toBeNull();
  });

  it('deletes only that org’s unreferenced objects older than the grace period, and records them', async () => {
    const { org, other, paths } = await setup();
    const r = await cleanupOrphanRecordingsForOrg({ client: serviceClient() }, org);
    expect(r.deleted.sort()).toEqual([paths.oldOrphan, paths.oldOrphan2].sort());
    expect((await storedObjects(db, `${org}/`)).map((o) => o.name).sort()).toEqual([paths.referenced, paths.inFlight, paths.freshOrphan].sort());
    expect((await storedObjects(db, `${other}/`)).map((o) => o.name)).toEqual([paths.otherOrgOrphan]);
    const run = await db.query('select deleted_paths from public.orphan_cleanup_runs where id = $1', [r.runId]);
    expect(run.rows[0].deleted_paths.sort()).toEqual(r.deleted.sort());
    // The referenced recording is still downloadable.
    const { error } = await serviceClient().storage.from('call-recordings').download(paths.referenced);
    expect(error).toBeNull();
  });

  it('a shorter grace period widens the set; an org with no objects is a no-op', async () => {
    const { org, paths } = await setup();
    const r = await cleanupOrphanRecordingsForOrg({ client: serviceClient() }, org, { graceSeconds: 0, dryRun: true });
    expect(r.orphans.sort()).toEqual([paths.oldOrphan, paths.oldOrphan2, paths.freshOrphan].sort());
    const empty = await createOrg(db);
    expect(await cleanupOrphanRecordingsForOrg({ client: serviceClient() }, empty)).toMatchObject({ scanned: 0, orphans: [], deleted: [] });
  });

  it('the database never reports another org’s path as unreferenced', async () => {
    const { org, paths } = await setup();
    const { data } = await serviceClient().rpc('unreferenced_recording_paths', { p_org_id: org, p_paths: [paths.otherOrgOrphan, paths.oldOrphan] });
    expect(data).toEqual([paths.oldOrphan]);
  });
});
