// After the run, with every part back up: what the database holds must match what the run was told.
// - every call id a response named but the run had not seen is looked up: it must be the caller's org's;
// - every webhook acknowledged with 2xx is stored (its delivery row and its call, in its org), and
//   no provider call was stored twice;
// - every acknowledged call with a recording has exactly one queue item and, once the pipeline has
//   drained, exactly one stored object, whole (the provider's byte count); no other load call has one.
import pg from 'pg';
import type { Acked } from './workload.ts';
import { recordingBytes } from './provider.ts';
import type { CheckResult } from './checker.ts';

export interface VerifyResult {
  name: string;
  ok: boolean;
  detail: string;
}

export async function verifyUnresolved(db: pg.Pool | pg.Client, unresolved: CheckResult['unresolved']): Promise<VerifyResult> {
  const ids = [...new Set(unresolved.map((u) => u.callId))];
  const { rows } = await db.query<{ id: string; org_id: string }>('select id::text, org_id::text from public.call_logs where id::text = any($1)', [ids]);
  const orgOf = new Map(rows.map((r) => [r.id, r.org_id]));
  const wrong = unresolved.filter((u) => orgOf.get(u.callId) !== u.orgId);
  return {
    name: 'call ids first seen in responses belong to the caller’s org',
    ok: wrong.length === 0,
    detail: wrong.length ? wrong.slice(0, 5).map((w) => `${w.endpoint}: ${w.callId} is ${orgOf.get(w.callId) ?? 'no call'}, caller ${w.orgId}`).join('; ') : `${ids.length} ids looked up`,
  };
}

export async function verifyWebhooks(db: pg.Pool | pg.Client, acked: Acked[]): Promise<VerifyResult[]> {
  const deliveries = await db.query<{ org_id: string; webhook_id: string }>(
    'select org_id::text, webhook_id from public.webhook_deliveries where webhook_id = any($1)',
    [acked.map((a) => a.webhookId)],
  );
  const stored = new Set(deliveries.rows.map((r) => `${r.org_id}/${r.webhook_id}`));
  const lost = acked.filter((a) => !stored.has(`${a.orgId}/${a.webhookId}`));
  const calls = await db.query<{ id: string; org_id: string; provider_call_id: string }>(
    'select id::text, org_id::text, provider_call_id from public.call_logs where provider_call_id = any($1)',
    [[...new Set(acked.map((a) => a.providerCallId))]],
  );
  const byProviderCall = new Map<string, { id: string; org_id: string }[]>();
  for (const r of calls.rows) byProviderCall.set(r.provider_call_id, [...(byProviderCall.get(r.provider_call_id) ?? []), r]);
  const twice = [...byProviderCall.entries()].filter(([, rows]) => rows.length > 1);
  const missing = acked.filter((a) => !(byProviderCall.get(a.providerCallId) ?? []).some((r) => r.id === a.callId && r.org_id === a.orgId));
  return [
    { name: 'no acknowledged webhook is lost (delivery row in its org)', ok: lost.length === 0, detail: lost.length ? `${lost.length} lost, e.g. ${lost[0].webhookId}` : `${acked.length} acknowledged deliveries stored` },
    { name: 'every acknowledged call is stored in its org under the id the 2xx named', ok: missing.length === 0, detail: missing.length ? `${missing.length} missing, e.g. ${missing[0].providerCallId}` : `${byProviderCall.size} calls` },
    { name: 'no webhook applied twice (one call per provider call)', ok: twice.length === 0, detail: twice.length ? `${twice.length} provider calls stored more than once` : 'one row each' },
  ];
}

export async function uploadState(db: pg.Pool | pg.Client, acked: Acked[]) {
  const calls = [...new Map(acked.map((a) => [a.callId, a])).values()];
  const queue = await db.query<{ call_id: string; status: string; n: string }>(
    'select call_id::text, min(status) as status, count(*)::text as n from public.recording_upload_queue where call_id::text = any($1) group by call_id',
    [calls.map((c) => c.callId)],
  );
  const objects = await db.query<{ name: string; size: string | null }>(
    "select name, metadata->>'size' as size from storage.objects where bucket_id = 'call-recordings' and name = any($1)",
    [calls.map((c) => `${c.orgId}/${c.callId}.wav`)],
  );
  return { calls, queue: new Map(queue.rows.map((r) => [r.call_id, r])), objects: new Map(objects.rows.map((o) => [o.name, o])) };
}

export async function verifyUploads(db: pg.Pool | pg.Client, acked: Acked[]): Promise<VerifyResult[]> {
  const { calls, queue, objects } = await uploadState(db, acked);
  const withRec = calls.filter((c) => c.withRecording);
  const without = calls.filter((c) => !c.withRecording);
  const notQueuedOnce = withRec.filter((c) => queue.get(c.callId)?.n !== '1');
  const notStored = withRec.filter((c) => queue.get(c.callId)?.status !== 'completed' || !objects.has(`${c.orgId}/${c.callId}.wav`));
  const broken = withRec.filter((c) => {
    const o = objects.get(`${c.orgId}/${c.callId}.wav`);
    return o && Number(o.size) !== recordingBytes(c.providerCallId).length;
  });
  const stray = without.filter((c) => queue.has(c.callId) || objects.has(`${c.orgId}/${c.callId}.wav`));
  return [
    { name: 'every acknowledged recording queued exactly once', ok: notQueuedOnce.length === 0, detail: notQueuedOnce.length ? `${notQueuedOnce.length} not queued once` : `${withRec.length} recordings` },
    { name: 'no upload lost: every recording stored once the provider is back', ok: notStored.length === 0, detail: notStored.length ? `${notStored.length} not stored, e.g. ${notStored[0].callId} (${queue.get(notStored[0].callId)?.status ?? 'no queue item'})` : `${withRec.length} stored` },
    { name: 'no stored recording truncated (size = the provider’s bytes)', ok: broken.length === 0, detail: broken.length ? `${broken.length} objects of the wrong size` : 'all whole' },
    { name: 'no upload for calls without a recording', ok: stray.length === 0, detail: stray.length ? `${stray.length} stray` : `${without.length} calls without` },
  ];
}
