// Retention and deletion (issue 16), against the real stack: for each kind of data, after the job (or
// a delete request) it is gone from the database and from Storage (the object row and its bytes on
// disk); other orgs and held calls are untouched; a crash mid-batch resumes without loss or a second
// receipt; staff can neither change retention nor delete nor hold, at the route or at the database.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseExpiredForOrg } from '../../lib/retention/erase-expired.ts';
import { callRoute } from '../helpers/api.ts';
import { clientWithToken, serviceClient, stackEnv } from '../helpers/clients.ts';
import { spawnWorker } from '../helpers/pipeline-spawn.ts';
import { blobPath, callContent, objectOnDisk, orgWithUsers, receiptsOf, seedFullCalls, type SeededCall } from '../helpers/retention-fixture.ts';

let db: pg.Client;
const deps = () => ({ client: serviceClient() });

beforeAll(async () => {
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
});

async function newOrg(policy?: { recording: number | null; transcript: number | null; metadata: number | null }) {
  const orgId = randomUUID();
  await db.query('insert into public.organizations (id, name) values ($1, $2)', [orgId, `Retention ${orgId.slice(0, 8)}`]);
  if (policy) {
    await db.query('insert into public.retention_policies (org_id, recording_days, transcript_days, metadata_days) values ($1, $2, $3, $4)', [
      orgId, policy.recording, policy.transcript, policy.metadata,
    ]);
  }
  return orgId;
}

async function expectIntact(orgId: string, call: SeededCall) {
  const c = await callContent(db, orgId, call.callId);
  expect(c.summary).toContain(call.secretWord);
  expect(JSON.stringify(c.transcript)).toContain(call.secretWord);
  expect(c.recording_storage_path).toBe(call.path);
  expect(c.recording_url).not.toBeNull();
  expect(c.queue_rows).toBe(1);
  expect(c.failed_rows).toBe(1);
  expect(await objectOnDisk(db, call.path)).toMatchObject({ row: true, file: true });
}

async function expectRecordingGone(orgId: string, call: SeededCall, version: string) {
  const c = await callContent(db, orgId, call.callId);
  expect(c.recording_storage_path).toBeNull();
  expect(c.recording_url).toBeNull();
  expect(c.recording_erased_at).not.toBeNull();
  expect(c.queue_rows).toBe(0);
  expect(c.failed_rows).toBe(0);
  expect(await objectOnDisk(db, call.path)).toEqual({ version: null, row: false, file: false });
  expect(existsSync(blobPath(version))).toBe(false);
}

async function expectContentGone(orgId: string, call: SeededCall) {
  const c = await callContent(db, orgId, call.callId);
  expect(c.transcript).toEqual([]);
  expect(c.summary).toBeNull();
  expect(c.success_evaluation).toBeNull();
  expect(c.structured_data).toBeNull();
  // The generated search text followed: the words are not findable any more.
  expect(c.search_vector).not.toContain(call.secretWord);
  expect(c.content_erased_at).not.toBeNull();
}

describe('retention job', () => {
  it("erases each kind of data when it expires, only in the job's org, never a held call; a second run changes nothing", async () => {
    const policy = { recording: 30, transcript: 60, metadata: null };
    const A = await newOrg(policy);
    const B = await newOrg(policy);
    const [old] = await seedFullCalls(db, A, 1, 90); // both expired
    const [middle] = await seedFullCalls(db, A, 1, 45); // recording expired only
    const [recent] = await seedFullCalls(db, A, 1, 10); // nothing expired
    const [held] = await seedFullCalls(db, A, 1, 90);
    await db.query('update public.call_logs set legal_hold_at = now() where org_id = $1 and id = $2', [A, held.callId]);
    const [other] = await seedFullCalls(db, B, 1, 90);
    const oldVersion = (await objectOnDisk(db, old.path)).version!;
    const middleVersion = (await objectOnDisk(db, middle.path)).version!;

    const r = await eraseExpiredForOrg(deps(), A);
    expect(r).toMatchObject({ orgId: A, resumed: 0, erased: 2, objects: 2 });

    await expectRecordingGone(A, old, oldVersion);
    await expectContentGone(A, old);
    await expectRecordingGone(A, middle, middleVersion);
    const m = await callContent(db, A, middle.callId);
    expect(m.summary).toContain(middle.secretWord);
    expect(m.content_erased_at).toBeNull();
    await expectIntact(A, recent);
    await expectIntact(A, held);
    await expectIntact(B, other);
    // Call metadata stays (no metadata limit set).
    expect((await callContent(db, A, old.callId)).contact_name).toBe('Pat Doe');

    const receipts = await receiptsOf(db, A);
    expect(receipts).toHaveLength(2);
    const oldReceipt = receipts.find((x) => x.call_id === old.callId)!;
    expect(oldReceipt).toMatchObject({
      source: 'retention', actor_user_id: null, storage_path: old.path, object_version: oldVersion,
    });
    expect([...oldReceipt.erased].sort()).toEqual(['analysis', 'provider_urls', 'recording', 'summary', 'transcript']);
    expect(oldReceipt.storage_erased_at).not.toBeNull();
    expect(receipts.find((x) => x.call_id === middle.callId)!.erased.sort()).toEqual(['provider_urls', 'recording']);
    expect(await receiptsOf(db, B)).toHaveLength(0);

    // Webhook deliveries keep the provider's delivery id only (replay detection); there is no body.
    const delivery = await db.query(`select * from public.webhook_deliveries where org_id = $1 and call_id = $2`, [A, old.callId]);
    expect(Object.keys(delivery.rows[0]).sort()).toEqual(['call_id', 'org_id', 'received_at', 'webhook_id']);

    // Idempotent: nothing more is due, no second receipt.
    expect(await eraseExpiredForOrg(deps(), A)).toMatchObject({ resumed: 0, erased: 0, objects: 0 });
    expect(await receiptsOf(db, A)).toHaveLength(2);

    // Later, the transcript limit passes for the middle call: a second, separate receipt for that kind.
    const later = new Date(Date.now() + 15 * 86_400_000);
    expect(await eraseExpiredForOrg(deps(), A, { now: later })).toMatchObject({ erased: 1, objects: 0 });
    await expectContentGone(A, middle);
    const middleReceipts = await receiptsOf(db, A, middle.callId);
    expect(middleReceipts.map((x) => x.erased.sort())).toEqual([['provider_urls', 'recording'], ['analysis', 'summary', 'transcript']]);
    await expectIntact(A, held);
    await expectIntact(B, other);
  });

  it('deletes call records after the metadata limit; the receipt outlives the call, the ledger stays', async () => {
    const C = await newOrg({ recording: 1, transcript: 1, metadata: 2 });
    const [gone] = await seedFullCalls(db, C, 1, 5);
    const [kept] = await seedFullCalls(db, C, 1, 0);
    await db.query(`insert into public.access_log (org_id, actor_user_id, action, call_id) values ($1, gen_random_uuid(), 'call.viewed', $2)`, [C, gone.callId]);
    const version = (await objectOnDisk(db, gone.path)).version!;

    expect(await eraseExpiredForOrg(deps(), C)).toMatchObject({ erased: 1, objects: 1 });
    expect(await callContent(db, C, gone.callId)).toBeNull();
    expect(await objectOnDisk(db, gone.path)).toMatchObject({ row: false, file: false });
    expect(existsSync(blobPath(version))).toBe(false);
    const [receipt] = await receiptsOf(db, C, gone.callId);
    expect(receipt.erased).toContain('call_record');
    expect(receipt.object_version).toBe(version);
    expect((await db.query('select count(*)::int as n from public.access_log where org_id = $1 and call_id = $2', [C, gone.callId])).rows[0].n).toBe(1);
    const d = await db.query('select call_id from public.webhook_deliveries where org_id = $1 and webhook_id = $2', [C, `wh-${gone.callId}`]);
    expect(d.rows).toEqual([{ call_id: null }]);
    await expectIntact(C, kept);
  });

  it('suspended orgs and orgs on the defaults keep recent data; the defaults apply without settings', async () => {
    const D = await newOrg();
    const [recent] = await seedFullCalls(db, D, 1, 300);
    const [old] = await seedFullCalls(db, D, 1, 400);
    expect(await eraseExpiredForOrg(deps(), D)).toMatchObject({ erased: 1 });
    await expectIntact(D, recent);
    await expectContentGone(D, old);
  });

  it('claim_erasure_batch refuses nonsense limits and is not callable by signed-in users', async () => {
    const E = await newOrg({ recording: 1, transcript: 1, metadata: null });
    const { error } = await serviceClient().rpc('claim_erasure_batch', { p_org_id: E, p_limit: 0 });
    expect(error?.code).toBe('22023');
    const { tokens } = await orgWithUsers(db);
    const asAdmin = await clientWithToken(tokens.admin).rpc('claim_erasure_batch', { p_org_id: E, p_limit: 10 });
    expect(asAdmin.error?.code).toBe('42501');
  });

  it('a worker killed mid-batch: the next run finishes its receipts, erases the rest, and writes no second receipt', async () => {
    const F = await newOrg({ recording: 1, transcript: 1, metadata: null });
    const calls = await seedFullCalls(db, F, 12, 3);
    const versions = new Map<string, string>();
    for (const c of calls) versions.set(c.callId, (await objectOnDisk(db, c.path)).version!);

    const worker = spawnWorker(
      { RETENTION_ORG: F, RETENTION_BATCH: '5', RETENTION_HANG_AFTER_CLAIM: '1' },
      fileURLToPath(new URL('../helpers/retention-worker.ts', import.meta.url)),
    );
    const msg = (await worker.next((m) => 'claimed' in m)) as { claimed: { callId: string; storagePath: string }[] };
    worker.child.kill('SIGKILL');
    await worker.exited;
    expect(msg.claimed).toHaveLength(5);

    // The database step of the first batch committed; its objects are still there.
    const midway = await receiptsOf(db, F);
    expect(midway).toHaveLength(5);
    expect(midway.every((r) => r.storage_erased_at === null)).toBe(true);
    for (const c of msg.claimed) expect(await objectOnDisk(db, c.storagePath)).toMatchObject({ row: true, file: true });

    const r = await eraseExpiredForOrg(deps(), F, { batchSize: 5 });
    expect(r).toMatchObject({ resumed: 5, erased: 7, objects: 7 });
    const receipts = await receiptsOf(db, F);
    expect(receipts).toHaveLength(12);
    expect(new Set(receipts.map((x) => x.call_id)).size).toBe(12);
    expect(receipts.every((x) => x.storage_erased_at !== null)).toBe(true);
    for (const c of calls) {
      await expectRecordingGone(F, c, versions.get(c.callId)!);
      await expectContentGone(F, c);
    }
    expect(await eraseExpiredForOrg(deps(), F)).toMatchObject({ resumed: 0, erased: 0 });
    expect(await receiptsOf(db, F)).toHaveLength(12);
  });

  it('a redelivery of an erased call does not bring its transcript or recording back', async () => {
    const G = await newOrg({ recording: 1, transcript: 1, metadata: null });
    const [call] = await seedFullCalls(db, G, 1, 3);
    await eraseExpiredForOrg(deps(), G);
    const { data, error } = await serviceClient().rpc('ingest_call_report', {
      p_org_id: G,
      p_webhook_id: `redelivery-${randomUUID()}`,
      p_call: {
        provider: 'retell', provider_call_id: `rt-${call.callId}`, call_type: 'inbound', status: 'completed',
        started_at: new Date().toISOString(), summary: `back again ${call.secretWord}`,
        transcript: [{ speaker: 'customer', text: call.secretWord, start: 0, end: 1 }],
        recording_url: 'https://provider.example/rec/again.wav',
      },
    });
    expect(error).toBeNull();
    expect(data![0]).toMatchObject({ ingested_call_id: call.callId, is_duplicate: true, is_queued: false });
    await expectContentGone(G, call);
    const c = await callContent(db, G, call.callId);
    expect(c.recording_url).toBeNull();
    expect(c.queue_rows).toBe(0);
  });
});

describe('deleting one call now (admin route)', () => {
  let org: Awaited<ReturnType<typeof orgWithUsers>>;
  let other: Awaited<ReturnType<typeof orgWithUsers>>;
  beforeAll(async () => {
    org = await orgWithUsers(db);
    other = await orgWithUsers(db);
  });

  it('erases recording, URLs, transcript and summary at once with one receipt; the call shows as erased', async () => {
    const [call] = await seedFullCalls(db, org.orgId, 1, 0);
    const [foreign] = await seedFullCalls(db, other.orgId, 1, 0);
    const version = (await objectOnDisk(db, call.path)).version!;

    const res = await callRoute('detail', { method: 'DELETE', token: org.tokens.admin, callId: call.callId });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ callId: call.callId, receiptId: expect.any(String), recordingErasedAt: expect.any(String), contentErasedAt: expect.any(String) });
    await expectRecordingGone(org.orgId, call, version);
    await expectContentGone(org.orgId, call);
    const [receipt] = await receiptsOf(db, org.orgId, call.callId);
    expect(receipt).toMatchObject({ id: res.body.receiptId, source: 'request', object_version: version, storage_path: call.path });
    expect(receipt.actor_email).toMatch(/^retention-admin-/);
    expect(receipt.storage_erased_at).not.toBeNull();

    // List and detail show it as erased, not as an error.
    const list = await callRoute('list', { token: org.tokens.staff });
    expect(list.status).toBe(200);
    expect(list.body.calls.find((c: { id: string }) => c.id === call.callId)).toMatchObject({
      hasRecording: false, recordingErasedAt: expect.any(String), contentErasedAt: expect.any(String),
    });
    const detail = await callRoute('detail', { token: org.tokens.admin, callId: call.callId });
    expect(detail.status).toBe(200);
    expect(detail.body.call).toMatchObject({ summary: null, transcript: [], recording: { state: 'erased' }, contentErasedAt: expect.any(String) });
    expect((await callRoute('recording', { token: org.tokens.admin, callId: call.callId })).status).toBe(404);

    // The receipt is on the admin's access log page (its route).
    const receipts = await callRoute('erasure-receipts', { token: org.tokens.admin });
    expect(receipts.status).toBe(200);
    expect(receipts.body.receipts[0]).toMatchObject({ id: receipt.id, callId: call.callId, source: 'request', objectVersion: version });
    expect((await callRoute('erasure-receipts', { token: org.tokens.staff })).status).toBe(403);
    expect((await callRoute('erasure-receipts', { token: other.tokens.admin })).body.receipts).toEqual([]);

    // Again: 200, no second receipt.
    const again = await callRoute('detail', { method: 'DELETE', token: org.tokens.admin, callId: call.callId });
    expect(again.status).toBe(200);
    expect(again.body.receiptId).toBeNull();
    expect(await receiptsOf(db, org.orgId, call.callId)).toHaveLength(1);
    await expectIntact(other.orgId, foreign);
  });

  it('staff are refused at the route and at the database; foreign and random ids are the same 404; bad ids 400', async () => {
    const [call] = await seedFullCalls(db, org.orgId, 1, 0);
    const [foreign] = await seedFullCalls(db, other.orgId, 1, 0);
    const staff = await callRoute('detail', { method: 'DELETE', token: org.tokens.staff, callId: call.callId });
    expect(staff.status).toBe(403);
    expect(staff.body.error.code).toBe('forbidden');
    const direct = await clientWithToken(org.tokens.staff).rpc('erase_call', { p_call_id: call.callId });
    expect(direct.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    await expectIntact(org.orgId, call);

    const f = await callRoute('detail', { method: 'DELETE', token: org.tokens.admin, callId: foreign.callId });
    const r = await callRoute('detail', { method: 'DELETE', token: org.tokens.admin, callId: randomUUID() });
    expect(f.status).toBe(404);
    expect(f.text).toBe(r.text);
    const rpc = await clientWithToken(org.tokens.admin).rpc('erase_call', { p_call_id: foreign.callId });
    expect(rpc).toMatchObject({ data: null, error: null });
    await expectIntact(other.orgId, foreign);
    expect((await callRoute('detail', { method: 'DELETE', token: org.tokens.admin, callId: 'nope' })).status).toBe(400);
    expect((await callRoute('detail', { method: 'DELETE', token: null, callId: call.callId })).status).toBe(401);
  });

  it('a delete whose Storage step crashed is finished by the next delete of the call, with no second receipt', async () => {
    const [call] = await seedFullCalls(db, org.orgId, 1, 0);
    // The database step alone, as a request that died before removing the object would leave it.
    const first = await clientWithToken(org.tokens.admin).rpc('erase_call', { p_call_id: call.callId });
    expect(first.error).toBeNull();
    expect(await objectOnDisk(db, call.path)).toMatchObject({ row: true, file: true });
    const res = await callRoute('detail', { method: 'DELETE', token: org.tokens.admin, callId: call.callId });
    expect(res.status).toBe(200);
    expect(res.body.receiptId).toBeNull();
    expect(await objectOnDisk(db, call.path)).toMatchObject({ row: false, file: false });
    const receipts = await receiptsOf(db, org.orgId, call.callId);
    expect(receipts).toHaveLength(1);
    expect(receipts[0].storage_erased_at).not.toBeNull();
  });
});

describe('legal hold', () => {
  it('a held call is neither deleted nor erased by retention; placing and releasing it are in the ledger; staff cannot', async () => {
    const { orgId, tokens } = await orgWithUsers(db);
    await db.query('insert into public.retention_policies (org_id, recording_days, transcript_days) values ($1, 1, 1)', [orgId]);
    const [call] = await seedFullCalls(db, orgId, 1, 5);

    expect((await callRoute('legal-hold', { method: 'PUT', token: tokens.staff, callId: call.callId, body: { held: true } })).status).toBe(403);
    const staffRpc = await clientWithToken(tokens.staff).rpc('set_legal_hold', { p_call_id: call.callId, p_hold: true });
    expect(staffRpc.error?.code).toBe('PT403');
    expect((await callRoute('legal-hold', { method: 'PUT', token: tokens.admin, callId: call.callId, body: { held: 'yes' } })).status).toBe(400);
    expect((await callRoute('legal-hold', { method: 'PUT', token: tokens.admin, callId: call.callId, body: { held: true, extra: 1 } })).status).toBe(400);
    expect((await callRoute('legal-hold', { method: 'PUT', token: tokens.admin, callId: call.callId, body: 'held=true', contentType: 'text/plain' })).status).toBe(415);
    expect((await callContent(db, orgId, call.callId)).recording_erased_at).toBeNull();
    expect((await db.query('select legal_hold_at from public.call_logs where id = $1', [call.callId])).rows[0].legal_hold_at).toBeNull();

    const placed = await callRoute('legal-hold', { method: 'PUT', token: tokens.admin, callId: call.callId, body: { held: true } });
    expect(placed).toMatchObject({ status: 200, body: { callId: call.callId, held: true, since: expect.any(String) } });
    // Placing it again changes nothing (no second ledger row).
    await callRoute('legal-hold', { method: 'PUT', token: tokens.admin, callId: call.callId, body: { held: true } });

    const del = await callRoute('detail', { method: 'DELETE', token: tokens.admin, callId: call.callId });
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('conflict');
    expect(await eraseExpiredForOrg(deps(), orgId)).toMatchObject({ erased: 0 });
    await expectIntact(orgId, call);
    const detail = await callRoute('detail', { token: tokens.admin, callId: call.callId });
    expect(detail.body.call.legalHoldSince).toBe(placed.body.since);

    const released = await callRoute('legal-hold', { method: 'PUT', token: tokens.admin, callId: call.callId, body: { held: false } });
    expect(released.body).toEqual({ callId: call.callId, held: false, since: null });
    const ledger = await callRoute('access-log', { token: tokens.admin });
    const actions = ledger.body.entries.filter((e: { callId: string }) => e.callId === call.callId).map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a.startsWith('call.hold'))).toEqual(['call.hold_released', 'call.hold_placed']);
    expect(await eraseExpiredForOrg(deps(), orgId)).toMatchObject({ erased: 1 });

    expect((await callRoute('legal-hold', { method: 'PUT', token: tokens.admin, callId: randomUUID(), body: { held: true } })).status).toBe(404);
  });
});

describe('retention settings', () => {
  it('admins read the defaults and save settings; bad input is a 400 that writes nothing; staff are refused everywhere', async () => {
    const { orgId, tokens } = await orgWithUsers(db);
    const initial = await callRoute('retention', { token: tokens.admin });
    expect(initial).toMatchObject({ status: 200, body: { retention: { recordingDays: 365, transcriptDays: 365, metadataDays: null, isDefault: true, updatedAt: null } } });

    const saved = await callRoute('retention', { method: 'PUT', token: tokens.admin, body: { recordingDays: 30, transcriptDays: 90, metadataDays: 365 } });
    expect(saved).toMatchObject({ status: 200, body: { retention: { recordingDays: 30, transcriptDays: 90, metadataDays: 365, isDefault: false, updatedAt: expect.any(String) } } });

    const stored = async () => (await db.query('select recording_days, transcript_days, metadata_days from public.retention_policies where org_id = $1', [orgId])).rows[0];
    const expected = { recording_days: 30, transcript_days: 90, metadata_days: 365 };
    for (const body of [
      { recordingDays: 30, transcriptDays: 90, metadataDays: 60 }, // the record before its content
      { recordingDays: null, transcriptDays: 90, metadataDays: 365 },
      { recordingDays: 0, transcriptDays: 90, metadataDays: null },
      { recordingDays: 5000, transcriptDays: 90, metadataDays: null },
      { recordingDays: 1.5, transcriptDays: 90, metadataDays: null },
      { recordingDays: '30', transcriptDays: 90, metadataDays: null },
      { recordingDays: 30, transcriptDays: 90 },
      { recordingDays: 30, transcriptDays: 90, metadataDays: null, orgId: randomUUID() },
      '{not json',
    ]) {
      const res = await callRoute('retention', { method: 'PUT', token: tokens.admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
      expect(await stored()).toEqual(expected);
    }
    // The database holds the same rules for a caller that skips the route.
    const direct = await clientWithToken(tokens.admin).rpc('set_retention_policy', { p_recording_days: 30, p_transcript_days: 90, p_metadata_days: 10 });
    expect(direct.error?.code).toBe('23514');
    expect(await stored()).toEqual(expected);

    const staffPut = await callRoute('retention', { method: 'PUT', token: tokens.staff, body: { recordingDays: 1, transcriptDays: 1, metadataDays: 1 } });
    expect(staffPut.status).toBe(403);
    expect((await callRoute('retention', { token: tokens.staff })).status).toBe(403);
    const staffRpc = await clientWithToken(tokens.staff).rpc('set_retention_policy', { p_recording_days: 1, p_transcript_days: 1, p_metadata_days: 1 });
    expect(staffRpc.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    expect((await clientWithToken(tokens.staff).rpc('retention_policy')).error?.code).toBe('PT403');
    // Nobody writes the table directly.
    const table = await clientWithToken(tokens.admin).from('retention_policies').upsert({ org_id: orgId, recording_days: 1 });
    expect(table.error?.code).toBe('42501');
    expect(await stored()).toEqual(expected);

    // Keeping everything again is allowed (nulls, no record limit).
    const keep = await callRoute('retention', { method: 'PUT', token: tokens.admin, body: { recordingDays: null, transcriptDays: null, metadataDays: null } });
    expect(keep.body.retention).toMatchObject({ recordingDays: null, transcriptDays: null, metadataDays: null, isDefault: false });
  });
});
