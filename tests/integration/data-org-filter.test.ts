// The data layer filters by org on its own. Each lib/data function runs here with the SERVICE-ROLE
// client, which bypasses RLS: if a function lost its .eq('org_id', orgId), another org's rows would
// come back. (Through the API, RLS would still hide them, so the API matrix cannot see that loss;
// this test and the tenant/require-org-filter lint rule can.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { exportCallPages, getCallDetail, listCalls, openRecording, type ListCallsInput } from '../../lib/data/calls.ts';
import { listAccessLog } from '../../lib/data/audit.ts';
import { eraseCall, getRetention, listErasureReceipts, setLegalHold } from '../../lib/data/retention.ts';
import { pendingErasures } from '../../lib/retention/erase.ts';
import { serviceClient, stackEnv } from '../helpers/clients.ts';
import { createOrgFixture } from '../helpers/db.ts';

let db: pg.Client;
let A: Awaited<ReturnType<typeof createOrgFixture>>;
let B: Awaited<ReturnType<typeof createOrgFixture>>;

const everything: ListCallsInput = { direction: 'all', statuses: [], sort: 'started_at', order: 'desc', limit: 100 };

beforeAll(async () => {
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  A = await createOrgFixture(db);
  B = await createOrgFixture(db);
  // B's call has a stored recording, so a leak of the path would be visible.
  await db.query(`update public.call_logs set recording_storage_path = $1 where id = $2`, [`${B.org}/${B.call}.wav`, B.call]);
});
afterAll(async () => {
  await db?.end();
});

describe('lib/data with the service-role client (RLS bypassed) stays inside the org it is given', () => {
  it('listCalls returns only the org\'s calls, and counts only them', async () => {
    const r = await listCalls(serviceClient(), A.org, everything, serviceClient());
    expect(r.calls.map((c) => c.id)).toEqual([A.call]);
    expect(r.total.value).toBe(1);
  });

  it('the separate count (pages that are not the whole result) counts only the org', async () => {
    // Two calls in A and a page of one: the total now comes from the counter, not from the page.
    const extra = await db.query<{ id: string }>(
      `insert into public.call_logs (org_id, call_type, status, started_at) values ($1, 'inbound', 'completed', now() - interval '1 day') returning id`,
      [A.org],
    );
    try {
      const r = await listCalls(serviceClient(), A.org, { ...everything, limit: 1 }, serviceClient());
      expect(r.nextCursor).not.toBeNull();
      expect(r.total).toEqual({ value: 2, kind: 'exact' });
      const next = await listCalls(serviceClient(), A.org, { ...everything, limit: 1, cursor: r.nextCursor! }, serviceClient());
      expect(next.calls.map((c) => c.id)).toEqual([extra.rows[0].id]);
      expect(next.total).toEqual({ value: 2, kind: 'exact' });
    } finally {
      await db.query('delete from public.call_logs where id = $1', [extra.rows[0].id]);
    }
  });

  it('listCalls with a search term or a filter still returns only the org\'s calls', async () => {
    // Both fixture orgs' calls have the same numbers: the phone search alone would match both.
    const r = await listCalls(serviceClient(), A.org, { ...everything, q: '555000 1111', statuses: ['completed'], direction: 'outbound' }, serviceClient());
    expect(r.calls.map((c) => c.id)).toEqual([A.call]);
    expect(r.total.value).toBe(1);
  });

  it('exportCallPages yields only the org\'s calls, with and without the new filters, over several pages', async () => {
    const ids: string[] = [];
    for await (const page of exportCallPages(serviceClient(), A.org, everything, 1)) ids.push(...page.map((r) => r.id));
    expect(ids).toEqual([A.call]);
    const filtered: string[] = [];
    for await (const page of exportCallPages(serviceClient(), A.org, { ...everything, hasRecording: false, minDuration: 0, minCost: '0' }, 1)) filtered.push(...page.map((r) => r.id));
    expect(filtered).toEqual([A.call]);
  });

  it('detail and recording take the org from the caller\'s token only: the service role gets nothing', async () => {
    // open_call() / open_recording() are granted to signed-in users only; there is no org parameter
    // a server could get wrong.
    await expect(getCallDetail(serviceClient(), B.call)).rejects.toMatchObject({ code: '42501' });
    await expect(openRecording(serviceClient(), B.org, B.call)).rejects.toMatchObject({ code: '42501' });
  });

  it('listAccessLog returns only the org\'s ledger', async () => {
    const r = await listAccessLog(serviceClient(), A.org, { limit: 100 });
    expect(r.entries.map((e) => e.callId)).toEqual([A.call]);
  });

  it('listErasureReceipts and the pending-erasure lookup return only the org\'s receipts', async () => {
    const ids = await db.query<{ org_id: string; call_id: string }>(
      `insert into public.erasure_receipts (org_id, call_id, source, erased, storage_path)
       select o, gen_random_uuid(), 'retention', '{recording}', o::text || '/' || gen_random_uuid() || '.wav' from unnest($1::uuid[]) o
       returning org_id, call_id`,
      [[A.org, B.org]],
    );
    const mine = ids.rows.find((r) => r.org_id === A.org)!.call_id;
    const r = await listErasureReceipts(serviceClient(), A.org, { limit: 100 });
    expect(r.receipts.map((x) => x.callId).filter((c) => c === mine || ids.rows.some((row) => row.call_id === c))).toEqual([mine]);
    expect(r.receipts.every((x) => !ids.rows.some((row) => row.org_id === B.org && row.call_id === x.callId))).toBe(true);
    const pending = await pendingErasures({ client: serviceClient() }, A.org);
    expect(pending.map((p) => p.callId)).toEqual([mine]);
  });

  it('retention, delete and hold take the org from the caller\'s token only: the service role gets nothing', async () => {
    await expect(getRetention(serviceClient())).rejects.toMatchObject({ code: '42501' });
    await expect(eraseCall(serviceClient(), B.call)).rejects.toMatchObject({ code: '42501' });
    await expect(setLegalHold(serviceClient(), B.call, true)).rejects.toMatchObject({ code: '42501' });
  });
});
