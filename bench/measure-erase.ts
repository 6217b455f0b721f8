// Erase rate of the retention job (issue 16): calls per second that eraseExpiredForOrg erases, each
// with a stored recording object (row and bytes), provider URLs in the call and the queue, transcript
// and summary, through the same PostgREST and Storage the job uses in production. The calls are copies
// of the top org's newest calls in a throwaway org of the bench database (so the indexes and table
// are the dataset's size), made expired by a 1-day policy; the org is deleted afterwards, leaving the
// dataset as it was.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../lib/database.types.ts';
import { DEFAULT_ERASE_BATCH, eraseExpiredForOrg } from '../lib/retention/erase-expired.ts';

export interface EraseResults {
  calls: number;
  objects: number;
  batchSize: number;
  seconds: number;
  callsPerSecond: number;
  receipts: number;
  objectsLeft: number;
  setupSeconds: number;
}

export async function measureErase(db: pg.Client, service: SupabaseClient<Database>, sourceOrg: string, calls: number, log: (l: string) => void): Promise<EraseResults> {
  const t0 = performance.now();
  const org = randomUUID();
  await db.query(`insert into public.organizations (id, name) values ($1, 'bench erase')`, [org]);
  try {
    const ids = (
      await db.query<{ id: string }>(
        `insert into public.call_logs (org_id, call_type, status, from_number, to_number, contact_name, agent_name, started_at,
           duration_seconds, cost, summary, sentiment, transcript, provider, provider_call_id, recording_url)
         select $1, call_type, status, from_number, to_number, contact_name, agent_name, now() - interval '30 days',
           duration_seconds, cost, coalesce(summary, 'bench summary'), sentiment, transcript, 'voice',
           'bench-erase-' || gen_random_uuid(), 'https://provider.example/rec.wav'
         from public.call_logs where org_id = $2 order by started_at desc limit $3
         returning id`,
        [org, sourceOrg, calls],
      )
    ).rows.map((r) => r.id);
    await db.query(
      `insert into public.recording_upload_queue (org_id, call_id, recording_url, status, completed_at)
       select $1, id, 'https://provider.example/rec.wav', 'completed', now() from unnest($2::uuid[]) id`,
      [org, ids],
    );
    // One small object per call, through Storage (the job removes them the same way).
    const bucket = service.storage.from('call-recordings');
    const bytes = Buffer.alloc(4096, 1);
    for (let i = 0; i < ids.length; i += 8) {
      await Promise.all(
        ids.slice(i, i + 8).map(async (id) => {
          const { error } = await bucket.upload(`${org}/${id}.wav`, bytes, { contentType: 'audio/wav' });
          if (error) throw new Error(`bench upload failed: ${error.message}`);
        }),
      );
    }
    await db.query(`update public.call_logs set recording_storage_path = org_id || '/' || id || '.wav' where org_id = $1`, [org]);
    await db.query(`insert into public.retention_policies (org_id, recording_days, transcript_days) values ($1, 1, 1)`, [org]);
    await db.query('analyze public.call_logs');
    const setupSeconds = (performance.now() - t0) / 1000;
    log(`erase: ${ids.length} calls with objects ready in ${setupSeconds.toFixed(1)} s; erasing`);

    const t1 = performance.now();
    const r = await eraseExpiredForOrg({ client: service }, org, { batchSize: DEFAULT_ERASE_BATCH, maxCalls: ids.length });
    const seconds = (performance.now() - t1) / 1000;

    const receipts = (await db.query<{ n: number }>('select count(*)::int as n from public.erasure_receipts where org_id = $1', [org])).rows[0].n;
    const objectsLeft = (await db.query<{ n: number }>(`select count(*)::int as n from storage.objects where bucket_id = 'call-recordings' and name like $1`, [`${org}/%`])).rows[0].n;
    if (receipts !== ids.length || objectsLeft !== 0 || r.erased !== ids.length) {
      throw new Error(`erase bench: ${r.erased} erased, ${receipts} receipts, ${objectsLeft} objects left of ${ids.length}`);
    }
    return {
      calls: r.erased,
      objects: r.objects,
      batchSize: DEFAULT_ERASE_BATCH,
      seconds: Math.round(seconds * 100) / 100,
      callsPerSecond: Math.round(r.erased / seconds),
      receipts,
      objectsLeft,
      setupSeconds: Math.round(setupSeconds * 10) / 10,
    };
  } finally {
    await db.query(`delete from storage.objects where bucket_id = 'call-recordings' and name like $1`, [`${org}/%`]);
    await db.query('delete from public.organizations where id = $1', [org]);
  }
}

export function eraseMarkdown(size: string, e: EraseResults, loadBefore: number[]): string {
  return [
    `## Retention erase rate (dataset ${size})`,
    '',
    `\`eraseExpiredForOrg\` on ${e.calls.toLocaleString('en-US')} expired calls of one org (copies of the top org's newest calls, in the dataset's call_logs), each with a stored recording object, provider URLs, a queue row, transcript and summary; batches of ${e.batchSize}, through PostgREST and the local Storage (object rows and bytes on disk). Load average before: ${loadBefore.join(' ')}.`,
    '',
    '| Calls | Objects removed | Receipts | Seconds | Calls/s |',
    '|---:|---:|---:|---:|---:|',
    `| ${e.calls} | ${e.objects} | ${e.receipts} | ${e.seconds} | **${e.callsPerSecond}** |`,
    '',
  ].join('\n');
}
