// Pipeline health (issue 14, point 3): counts of pending, retrying, dead-lettered and stored
// recordings, the dead letters with their coarse reason, and re-queue one or all: idempotent,
// audited, the org's own rows only. The dead letter here is made by the real jobs (four failed
// downloads), and after the re-queue the real queue job stores its recording.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../helpers/api.ts';
import { clientWithToken, DEMO_PASSWORD, serviceClient, signIn, stackEnv } from '../helpers/clients.ts';
import { setUpPipelineTest, type ProviderFixture } from '../helpers/pipeline-fixture.ts';
import { createOrg, createQueuedCalls, failedRow, queueRows, storedObjects } from '../helpers/pipeline-orgs.ts';
import { processUploadQueueForOrg } from '../../lib/recordings/process-upload-queue.ts';
import { retryFailedUploadsForOrg } from '../../lib/recordings/retry-failed-uploads.ts';
import { createServiceClient } from '../../lib/supabase/service.ts';

let db: pg.Client;
let fixture: ProviderFixture;
setUpPipelineTest((client, provider) => {
  db = client;
  fixture = provider;
});

const opts = { allowPrivateNetworks: true, downloadTimeoutMs: 2000, maxRecordingBytes: 256 * 1024 };
const deps = () => ({
  client: createServiceClient({ url: stackEnv().url, serviceRoleKey: stackEnv().serviceRoleKey }),
  random: () => 0,
  log: () => {},
});

async function token(orgId: string, role: 'admin' | 'staff') {
  const email = `health-${role}-${randomUUID().slice(0, 8)}@example.test`;
  const { error } = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: orgId, org_role: role } });
  if (error) throw error;
  return (await signIn(email)).session.access_token;
}

/** Runs the real jobs until the call's download has failed 1 + 3 times: dead-lettered. */
async function deadLetter(org: string, callId: string) {
  await processUploadQueueForOrg(deps(), org, opts);
  for (let i = 0; i < 3; i++) {
    await db.query(`update public.failed_recording_uploads set next_retry_at = now() - interval '1 second' where org_id = $1 and call_id = $2`, [org, callId]);
    await retryFailedUploadsForOrg(deps(), org, opts);
  }
  expect((await failedRow(db, org, callId)).dead_lettered_at).not.toBeNull();
}

let org: string;
let otherOrg: string;
let adminToken: string;
let staffToken: string;
let otherAdminToken: string;
// Calls of `org`: one dead letter that a flaky host will serve on the 5th request, one hopeless one,
// one retrying, one pending, one stored.
const calls = {} as Record<'revivable' | 'hopeless' | 'retrying' | 'pending' | 'stored', string>;
let otherDeadCall: string;

beforeAll(async () => {
  org = await createOrg(db);
  otherOrg = await createOrg(db);
  [adminToken, staffToken, otherAdminToken] = await Promise.all([token(org, 'admin'), token(org, 'staff'), token(otherOrg, 'admin')]);

  const [revivable] = await createQueuedCalls(db, org, 1, (id) => fixture.url(`/flaky/4/${id}`));
  const [hopeless] = await createQueuedCalls(db, org, 1, (id) => fixture.url(`/status/500/${id}`));
  calls.revivable = revivable.callId;
  calls.hopeless = hopeless.callId;
  await deadLetter(org, calls.revivable);
  await deadLetter(org, calls.hopeless);
  const [retrying] = await createQueuedCalls(db, org, 1, (id) => fixture.url(`/status/500/${id}`));
  calls.retrying = retrying.callId;
  await processUploadQueueForOrg(deps(), org, opts);
  const [stored] = await createQueuedCalls(db, org, 1, (id) => fixture.url(`/ok/${id}`));
  calls.stored = stored.callId;
  await processUploadQueueForOrg(deps(), org, opts);
  // Pending last, so no job run above picked it up.
  const [pending] = await createQueuedCalls(db, org, 1, (id) => fixture.url(`/ok/${id}`));
  calls.pending = pending.callId;

  const [other] = await createQueuedCalls(db, otherOrg, 1, (id) => fixture.url(`/status/500/${id}`));
  otherDeadCall = other.callId;
  await deadLetter(otherOrg, otherDeadCall);
}, 60_000);

describe('the admin’s view', () => {
  it('counts each state and lists the dead letters with their coarse reason', async () => {
    const res = await callRoute('pipeline', { token: adminToken });
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ pending: 1, retrying: 1, deadLettered: 2, stored: 1 });
    expect(res.body.deadLetters).toHaveLength(2);
    expect(res.body.deadLetters.map((d: { callId: string }) => d.callId).sort()).toEqual([calls.revivable, calls.hopeless].sort());
    for (const d of res.body.deadLetters) {
      expect(d).toMatchObject({ id: expect.any(String), reason: 'download_http_error', retryCount: 3, attempts: 4, deadLetteredAt: expect.any(String) });
    }
    // Nothing about the host: no address, port or path of the recording URL.
    expect(res.text).not.toContain('127.0.0.1');
    expect(res.text).not.toContain(otherDeadCall);
  });
});

describe('re-queue', () => {
  it('one: queued once however often it is asked, audited, then stored by the real queue job', async () => {
    const health = (await callRoute('pipeline', { token: adminToken })).body;
    const dead = health.deadLetters.find((d: { callId: string }) => d.callId === calls.revivable);

    const [first, second] = [
      await callRoute('requeue', { token: adminToken, body: { deadLetterId: dead.id } }),
      await callRoute('requeue', { token: adminToken, body: { deadLetterId: dead.id } }),
    ];
    expect(first.body).toEqual({ requeued: 1, callIds: [calls.revivable] });
    expect(second.body).toEqual({ requeued: 0, callIds: [] });
    const item = (await queueRows(db, org)).find((q) => q.call_id === calls.revivable)!;
    expect(item).toMatchObject({ status: 'pending', attempts: 0, last_error: null, lease_token: null });
    expect((await failedRow(db, org, calls.revivable)).resolved_at).not.toBeNull();

    const audit = (await db.query(`select action, target, detail, actor_email from public.org_audit_log where org_id = $1 and action = 'recording.requeued'`, [org])).rows;
    expect(audit).toEqual([{ action: 'recording.requeued', target: dead.id, detail: { call_ids: [calls.revivable] }, actor_email: expect.stringMatching(/^health-admin-/) }]);

    expect((await callRoute('pipeline', { token: adminToken })).body.counts).toEqual({ pending: 2, retrying: 1, deadLettered: 1, stored: 1 });

    // The queue job takes it like any new upload; the host answers the 5th request.
    expect(await processUploadQueueForOrg(deps(), org, opts)).toMatchObject({ completed: 2 });
    const call = (await db.query(`select recording_storage_path from public.call_logs where id = $1`, [calls.revivable])).rows[0];
    expect(call.recording_storage_path).toBe(`${org}/${calls.revivable}.wav`);
    expect((await storedObjects(db, `${org}/${calls.revivable}`)).length).toBe(1);
    expect((await callRoute('pipeline', { token: adminToken })).body.counts).toEqual({ pending: 0, retrying: 1, deadLettered: 1, stored: 3 });
  });

  it('a foreign or random id re-queues nothing and answers like "nothing to do"', async () => {
    const foreignId = (await db.query(`select id from public.failed_recording_uploads where org_id = $1`, [otherOrg])).rows[0].id;
    const foreign = await callRoute('requeue', { token: adminToken, body: { deadLetterId: foreignId } });
    const random = await callRoute('requeue', { token: adminToken, body: { deadLetterId: randomUUID() } });
    expect(foreign.body).toEqual({ requeued: 0, callIds: [] });
    expect(foreign.text).toBe(random.text);
    expect((await failedRow(db, otherOrg, otherDeadCall)).resolved_at).toBeNull();
  });

  it('all: every dead letter of the org and none of another org', async () => {
    const res = await callRoute('requeue', { token: adminToken, body: {} });
    expect(res.body).toEqual({ requeued: 1, callIds: [calls.hopeless] });
    expect((await callRoute('requeue', { token: adminToken, body: {} })).body).toEqual({ requeued: 0, callIds: [] });
    expect((await failedRow(db, otherOrg, otherDeadCall)).dead_lettered_at).not.toBeNull();
    expect((await failedRow(db, otherOrg, otherDeadCall)).resolved_at).toBeNull();
    // A re-queued item that fails again starts a new failure cycle (retry 1 in ~1 min), not a dead letter at once.
    await processUploadQueueForOrg(deps(), org, opts);
    expect(await failedRow(db, org, calls.hopeless)).toMatchObject({ retry_count: 0, dead_lettered_at: null, resolved_at: null });
  });
});

describe('who may', () => {
  it('staff: 403 at the routes and PT403 from the database functions; nothing changes', async () => {
    expect((await callRoute('pipeline', { token: staffToken })).status).toBe(403);
    const res = await callRoute('requeue', { token: staffToken, body: {} });
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: expect.any(String) } } });
    const staff = clientWithToken(staffToken);
    expect((await staff.rpc('pipeline_health')).error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    const before = (await db.query(`select id, resolved_at from public.failed_recording_uploads where org_id = $1 order by id`, [otherOrg])).rows;
    const staffOther = clientWithToken(await token(otherOrg, 'staff'));
    expect((await staffOther.rpc('requeue_dead_letters', {})).error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    expect((await db.query(`select id, resolved_at from public.failed_recording_uploads where org_id = $1 order by id`, [otherOrg])).rows).toEqual(before);
  });

  it('another org’s admin sees only their own counts and dead letters', async () => {
    const res = await callRoute('pipeline', { token: otherAdminToken });
    expect(res.body.counts).toEqual({ pending: 0, retrying: 0, deadLettered: 1, stored: 0 });
    expect(res.body.deadLetters.map((d: { callId: string }) => d.callId)).toEqual([otherDeadCall]);
    for (const id of Object.values(calls)) expect(res.text).not.toContain(id);
  });

  it('signed out or anonymous: 401', async () => {
    expect((await callRoute('pipeline', { token: null })).status).toBe(401);
    expect((await callRoute('requeue', { token: null, body: {} })).status).toBe(401);
  });
});

describe('bad input is a 4xx and changes nothing', () => {
  it.each([
    ['malformed id', { deadLetterId: 'x' }],
    ['unknown field', { orgId: randomUUID() }],
    ['id as a number', { deadLetterId: 5 }],
    ['not JSON', '{'],
  ] as const)('%s', async (_name, body) => {
    const before = (await db.query(`select id, resolved_at, dead_lettered_at from public.failed_recording_uploads where org_id = $1 order by id`, [otherOrg])).rows;
    const res = await callRoute('requeue', { token: otherAdminToken, body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
    expect((await db.query(`select id, resolved_at, dead_lettered_at from public.failed_recording_uploads where org_id = $1 order by id`, [otherOrg])).rows).toEqual(before);
  });
});
