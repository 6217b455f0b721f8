// Failed downloads (500, hang, 404, too many bytes, wrong content type) are retried with
// exponential backoff and jitter (~1 min, ~4 min, ~16 min), at most 3 retries after the first
// attempt, then dead-lettered and visible on the call detail. A later success clears the failure.
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { stackEnv } from '../helpers/clients.ts';
import { setUpPipelineTest, type ProviderFixture } from '../helpers/pipeline-fixture.ts';
import { createOrg, createQueuedCalls, failedRow, queueRows } from '../helpers/pipeline-orgs.ts';
import { processUploadQueueForOrg } from '../../lib/recordings/process-upload-queue.ts';
import { retryFailedUploadsForOrg } from '../../lib/recordings/retry-failed-uploads.ts';
import { createServiceClient } from '../../lib/supabase/service.ts';

let db: pg.Client;
let fixture: ProviderFixture;

// Small limits so the failing fixtures fail fast; jitter made deterministic per test.
const opts = { allowPrivateNetworks: true, downloadTimeoutMs: 400, maxRecordingBytes: 256 * 1024 };
// The service client the jobs use (with its streaming fetch), so uploads take the production path.
const deps = (random: number) => ({
  client: createServiceClient({ url: stackEnv().url, serviceRoleKey: stackEnv().serviceRoleKey }),
  random: () => random,
  log: () => {},
});

// A database connection and the provider fixture server, for the whole file.
setUpPipelineTest((client, provider) => {
  db = client;
  fixture = provider;
});

/** Seconds from now until the failure's next retry. */
// The delay as scheduled: fail_upload() writes next_retry_at and updated_at in one statement, so
// their difference is exact however long the test took to look (measuring against now() flaked
// by half a second on a loaded machine).
async function secondsUntilRetry(org: string, callId: string): Promise<number | null> {
  const r = await db.query<{ s: number | null }>(
    'select extract(epoch from next_retry_at - updated_at)::float8 as s from public.failed_recording_uploads where org_id = $1 and call_id = $2',
    [org, callId],
  );
  return r.rows[0].s;
}

async function makeDue(org: string) {
  await db.query(
    `update public.failed_recording_uploads set next_retry_at = now() - interval '1 second'
     where org_id = $1 and resolved_at is null and dead_lettered_at is null`,
    [org],
  );
}

const FAILURES: [string, (name: string) => string, RegExp][] = [
  // Org members can read these columns: a coarse code only, never what the host answered.
  ['500', (n) => `/status/500/${n}`, /^download_http_error$/],
  ['hang', (n) => `/hang/${n}`, /^download_timeout$/],
  ['404', (n) => `/status/404/${n}`, /^download_http_error$/],
  ['too many bytes', (n) => `/big/${n}`, /^download_too_large$/],
  ['wrong content type', (n) => `/html/${n}`, /^download_bad_content_type$/],
];

describe.each(FAILURES)('provider %s', (_name, pathFor, errorPattern) => {
  it('backs off ~1, ~4, ~16 min with jitter, then dead-letters after 3 retries', { timeout: 30_000 }, async () => {
    const org = await createOrg(db);
    const [call] = await createQueuedCalls(db, org, 1, (id) => fixture.url(pathFor(id)));
    const path = pathFor(call.callId);

    // First attempt (the queue job): fails, retry 1 scheduled at 60 s × (1 - 20%) with random = 0.
    expect(await processUploadQueueForOrg(deps(0), org, opts)).toMatchObject({ claimed: 1, failed: 1, completed: 0 });
    expect((await queueRows(db, org))[0]).toMatchObject({ status: 'failed', attempts: 1, lease_token: null });
    expect((await failedRow(db, org, call.callId)).error).toMatch(errorPattern);
    expect((await queueRows(db, org))[0].last_error).toMatch(errorPattern);
    expect((await failedRow(db, org, call.callId)).retry_count).toBe(0);
    expect(await secondsUntilRetry(org, call.callId)).toBeCloseTo(48, 0);

    // Not due yet: the retry job leaves it alone.
    expect((await retryFailedUploadsForOrg(deps(0), org, opts)).claimed).toBe(0);

    // Retries 1 and 2 fail: next delays 240 s and 960 s, each -20% with random = 0.
    for (const [retry, expected] of [[1, 192], [2, 768]] as const) {
      await makeDue(org);
      expect(await retryFailedUploadsForOrg(deps(0), org, opts)).toMatchObject({ claimed: 1, failed: 1, deadLettered: 0 });
      const f = await failedRow(db, org, call.callId);
      expect(f.retry_count).toBe(retry);
      expect(f.dead_lettered_at).toBeNull();
      expect(await secondsUntilRetry(org, call.callId)).toBeCloseTo(expected, 0);
    }

    // Retry 3 fails: dead letter, no further retry.
    await makeDue(org);
    expect(await retryFailedUploadsForOrg(deps(0), org, opts)).toMatchObject({ claimed: 1, failed: 1, deadLettered: 1 });
    const dead = await failedRow(db, org, call.callId);
    expect(dead).toMatchObject({ retry_count: 3, next_retry_at: null, resolved_at: null });
    expect(dead.dead_lettered_at).not.toBeNull();
    await db.query(`update public.failed_recording_uploads set next_retry_at = now() - interval '1 second' where org_id = $1`, [org]);
    expect((await retryFailedUploadsForOrg(deps(0), org, opts)).claimed).toBe(0);

    // 1 attempt + 3 retries, each a separate download; the queue item counts every lease.
    expect(fixture.hits(path)).toBe(4);
    expect((await queueRows(db, org))[0]).toMatchObject({ status: 'failed', attempts: 4 });
    const callRow = await db.query('select recording_storage_path from public.call_logs where org_id = $1 and id = $2', [org, call.callId]);
    expect(callRow.rows[0].recording_storage_path).toBeNull();
  });
});

describe('retry schedule', () => {
  it('jitter spreads delays within ±20% of nominal', async () => {
    const org = await createOrg(db);
    const [call] = await createQueuedCalls(db, org, 1, (id) => fixture.url(`/status/503/${id}`));
    await processUploadQueueForOrg(deps(1), org, opts);
    expect(await secondsUntilRetry(org, call.callId)).toBeCloseTo(72, 0);
  });
});

describe('streaming into Storage', () => {
  it('stores a 4 MiB recording sent without Content-Length, byte for byte', { timeout: 30_000 }, async () => {
    const org = await createOrg(db);
    const [call] = await createQueuedCalls(db, org, 1, (id) => fixture.url(`/big/${id}`));
    expect(await processUploadQueueForOrg(deps(0), org, { ...opts, downloadTimeoutMs: 20_000, maxRecordingBytes: 8 * 1024 * 1024 })).toMatchObject({ completed: 1, failed: 0 });
    const path = `${org}/${call.callId}.wav`;
    const { data, error } = await deps(0).client.storage.from('call-recordings').download(path);
    expect(error).toBeNull();
    const bytes = Buffer.from(await data!.arrayBuffer());
    expect(bytes.length).toBe(4 * 1024 * 1024);
    expect(bytes.every((b) => b === 1)).toBe(true);
  });
});

describe('success on a later try', () => {
  it('clears the failure: resolved, queue completed, call points at the recording', { timeout: 30_000 }, async () => {
    const org = await createOrg(db);
    const [call] = await createQueuedCalls(db, org, 1, (id) => fixture.url(`/flaky/2/${id}.wav`));
    expect((await processUploadQueueForOrg(deps(0.5), org, opts)).failed).toBe(1);
    expect(await secondsUntilRetry(org, call.callId)).toBeCloseTo(60, 0);
    await makeDue(org);
    expect((await retryFailedUploadsForOrg(deps(0.5), org, opts)).failed).toBe(1);
    await makeDue(org);
    expect(await retryFailedUploadsForOrg(deps(0.5), org, opts)).toMatchObject({ claimed: 1, completed: 1, failed: 0 });

    const f = await failedRow(db, org, call.callId);
    expect(f).toMatchObject({ retry_count: 2, next_retry_at: null, dead_lettered_at: null });
    expect(f.resolved_at).not.toBeNull();
    expect((await queueRows(db, org))[0]).toMatchObject({ status: 'completed', attempts: 3 });
    const callRow = await db.query('select recording_storage_path from public.call_logs where org_id = $1 and id = $2', [org, call.callId]);
    expect(callRow.rows[0].recording_storage_path).toBe(`${org}/${call.callId}.wav`);
    // Nothing left to retry.
    await makeDue(org);
    expect((await retryFailedUploadsForOrg(deps(0.5), org, opts)).claimed).toBe(0);
  });

  it('only retries the org it is given', async () => {
    const a = await createOrg(db);
    const b = await createOrg(db);
    const [callB] = await createQueuedCalls(db, b, 1, (id) => fixture.url(`/status/500/${id}`));
    await processUploadQueueForOrg(deps(0), b, opts);
    await makeDue(b);
    expect((await retryFailedUploadsForOrg(deps(0), a, opts)).claimed).toBe(0);
    expect((await failedRow(db, b, callB.callId)).retry_count).toBe(0);
  });
});
