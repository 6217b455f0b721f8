// Fresh orgs, calls and queue items for pipeline tests (owner connection; set-based inserts), so
// job tests never touch the demo orgs other tests read.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

export async function createOrg(db: pg.Client, status: 'active' | 'suspended' = 'active'): Promise<string> {
  const id = randomUUID();
  await db.query('insert into public.organizations (id, name, status) values ($1, $2, $3)', [id, `Pipeline ${id.slice(0, 8)}`, status]);
  return id;
}

export interface QueuedCall {
  callId: string;
  queueId: string;
  url: string;
}

/** `count` completed calls of `orgId`, each with a pending queue item whose URL is urlFor(callId). */
export async function createQueuedCalls(db: pg.Client, orgId: string, count: number, urlFor: (callId: string) => string): Promise<QueuedCall[]> {
  const calls = Array.from({ length: count }, () => ({ callId: randomUUID(), queueId: randomUUID() }));
  const rows = calls.map((c) => ({ ...c, url: urlFor(c.callId) }));
  await db.query(
    `with input as (
       select * from jsonb_to_recordset($2::jsonb) as t("callId" uuid, "queueId" uuid, url text)
     ), calls as (
       insert into public.call_logs (id, org_id, call_type, status, started_at, provider_call_id, recording_url)
       select "callId", $1, 'inbound', 'completed', now(), 'test-' || "callId", url from input
     )
     insert into public.recording_upload_queue (id, org_id, call_id, recording_url)
     select "queueId", $1, "callId", url from input`,
    [orgId, JSON.stringify(rows)],
  );
  return rows;
}

export async function queueRows(db: pg.Client, orgId: string) {
  return (
    await db.query<{ id: string; call_id: string; status: string; attempts: number; lease_token: string | null; last_error: string | null }>(
      'select id, call_id, status, attempts, lease_token, last_error from public.recording_upload_queue where org_id = $1 order by created_at, id',
      [orgId],
    )
  ).rows;
}

export async function failedRow(db: pg.Client, orgId: string, callId: string) {
  return (
    await db.query<{
      retry_count: number; max_retries: number; next_retry_at: Date | null; dead_lettered_at: Date | null;
      resolved_at: Date | null; error: string;
    }>('select * from public.failed_recording_uploads where org_id = $1 and call_id = $2', [orgId, callId])
  ).rows[0];
}

export async function storedObjects(db: pg.Client, prefix: string) {
  return (
    await db.query<{ name: string; version: string | null; created_at: Date; updated_at: Date }>(
      `select name, version, created_at, updated_at from storage.objects where bucket_id = 'call-recordings' and name like $1 order by name`,
      [`${prefix}%`],
    )
  ).rows;
}
