// Calls with everything retention must erase: a stored recording (object and bytes on disk), the
// provider's URL in the call and in both queue tables, transcript, summary and analysis, and a
// webhook delivery. Owner connection for rows, the service role's Storage for objects.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { serviceClient, stackEnv, DEMO_PASSWORD, signIn } from './clients.ts';

export interface SeededCall {
  callId: string;
  path: string;
  secretWord: string;
}

/** Calls of `orgId` that started `daysAgo` days ago, each with all its content. */
export async function seedFullCalls(db: pg.Client, orgId: string, count: number, daysAgo: number): Promise<SeededCall[]> {
  const out: SeededCall[] = [];
  const storage = serviceClient().storage.from('call-recordings');
  for (let i = 0; i < count; i++) {
    const callId = randomUUID();
    const path = `${orgId}/${callId}.wav`;
    const secretWord = `zebra${callId.slice(0, 8)}`;
    await db.query(
      `insert into public.call_logs (id, org_id, call_type, status, from_number, to_number, contact_name, started_at, summary,
         transcript, success_evaluation, structured_data, provider, provider_call_id, recording_url, recording_storage_path)
       values ($1, $2, 'inbound', 'completed', '+15550100' || lpad($5::text, 3, '0'), '+15550199000', 'Pat Doe',
         now() - make_interval(days => $3), 'summary says ' || $4,
         jsonb_build_array(jsonb_build_object('speaker', 'customer', 'text', 'my secret is ' || $4, 'start', 0, 'end', 2)),
         'Pass', '{"dob": "1970-01-01"}', 'retell', 'rt-' || $7, 'https://provider.example/rec/' || $7 || '.wav', $6)`,
      [callId, orgId, daysAgo, secretWord, i, path, callId],
    );
    await db.query(
      `with q as (
         insert into public.recording_upload_queue (org_id, call_id, recording_url, status, completed_at)
         values ($1, $2, 'https://provider.example/rec/' || $3 || '.wav', 'completed', now()) returning id
       )
       insert into public.failed_recording_uploads (org_id, call_id, queue_id, error, resolved_at)
       select $1, $2, q.id, 'download_timeout', now() from q`,
      [orgId, callId, callId],
    );
    await db.query(`insert into public.webhook_deliveries (org_id, webhook_id, call_id) values ($1, 'wh-' || $3, $2)`, [orgId, callId, callId]);
    const { error } = await storage.upload(path, Buffer.from(`RIFF-fake-audio-${callId}`), { contentType: 'audio/wav' });
    if (error) throw new Error(`upload failed: ${error.message}`);
    out.push({ callId, path, secretWord });
  }
  return out;
}

/** The object's version and whether its bytes are on disk (the local Storage keeps one file per version). */
export async function objectOnDisk(db: pg.Client, path: string): Promise<{ version: string | null; row: boolean; file: boolean }> {
  const r = await db.query<{ version: string }>(`select version from storage.objects where bucket_id = 'call-recordings' and name = $1`, [path]);
  const version = r.rows[0]?.version ?? null;
  return { version, row: r.rows.length > 0, file: version !== null && existsSync(blobPath(version)) };
}

export function blobPath(version: string): string {
  return join(stackEnv().dataDir, 'storage', 'call-recordings', version);
}

/** What is left of a call's erasable content (owner connection: nothing hides it). */
export async function callContent(db: pg.Client, orgId: string, callId: string) {
  const r = await db.query(
    `select c.transcript, c.summary, c.success_evaluation, c.structured_data, c.recording_url, c.recording_storage_path,
            c.search_vector::text as search_vector, c.recording_erased_at, c.content_erased_at, c.contact_name,
            (select count(*)::int from public.recording_upload_queue q where q.org_id = c.org_id and q.call_id = c.id) as queue_rows,
            (select count(*)::int from public.failed_recording_uploads f where f.org_id = c.org_id and f.call_id = c.id) as failed_rows
     from public.call_logs c where c.org_id = $1 and c.id = $2`,
    [orgId, callId],
  );
  return r.rows[0] ?? null;
}

export async function receiptsOf(db: pg.Client, orgId: string, callId?: string) {
  return (
    await db.query(
      `select * from public.erasure_receipts where org_id = $1 and ($2::uuid is null or call_id = $2) order by created_at, id`,
      [orgId, callId ?? null],
    )
  ).rows;
}

/** A fresh org with one admin and one staff member, signed in. */
export async function orgWithUsers(db: pg.Client) {
  const orgId = randomUUID();
  await db.query('insert into public.organizations (id, name) values ($1, $2)', [orgId, `Retention ${orgId.slice(0, 8)}`]);
  const admin = serviceClient().auth.admin;
  const tokens: Record<'admin' | 'staff', string> = { admin: '', staff: '' };
  for (const role of ['admin', 'staff'] as const) {
    const email = `retention-${role}-${orgId.slice(0, 8)}@example.test`;
    const created = await admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: orgId, org_role: role } });
    if (created.error) throw created.error;
    tokens[role] = (await signIn(email)).session.access_token;
  }
  return { orgId, tokens };
}
