// Every principal × every public table, function and the recordings bucket, read and write, through
// the official client with each principal's own token: the paths a browser holds besides our routes.
// Principals: staff and admin of org A, admin of org B, and four whose access ended after their token
// was issued (signed out, removed from the org, demoted, org suspended), plus anon.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../lib/database.types.ts';
import { anonClient, clientWithToken, DEMO_PASSWORD, serviceClient, signIn, stackEnv } from '../helpers/clients.ts';
import { createOrgFixture } from '../helpers/db.ts';

type Client = SupabaseClient<Database>;
type Fixture = Awaited<ReturnType<typeof createOrgFixture>>;

const TABLES = [
  'organizations', 'leads', 'campaigns', 'knowledge_base', 'call_logs', 'recording_upload_queue', 'failed_recording_uploads',
  'security_audit_log', 'access_log', 'webhook_secrets', 'webhook_deliveries', 'orphan_cleanup_runs',
  'provider_webhook_endpoints', 'org_audit_log', 'org_invitations', 'webhook_delivery_events', 'retention_policies', 'erasure_receipts',
  'call_rollups',
] as const;
type Table = (typeof TABLES)[number];

// What a current member may read of its own org, by table: rows, or nothing at all (42501).
const MEMBER_READ: Record<Table, { staff: 'rows' | 'none' | 'refused'; admin: 'rows' | 'none' | 'refused' }> = {
  organizations: { staff: 'rows', admin: 'rows' },
  leads: { staff: 'rows', admin: 'rows' },
  campaigns: { staff: 'rows', admin: 'rows' },
  knowledge_base: { staff: 'rows', admin: 'rows' },
  call_logs: { staff: 'rows', admin: 'rows' },
  recording_upload_queue: { staff: 'refused', admin: 'refused' },
  failed_recording_uploads: { staff: 'refused', admin: 'refused' },
  security_audit_log: { staff: 'refused', admin: 'refused' },
  access_log: { staff: 'none', admin: 'rows' },
  webhook_secrets: { staff: 'refused', admin: 'refused' },
  webhook_deliveries: { staff: 'refused', admin: 'refused' },
  orphan_cleanup_runs: { staff: 'none', admin: 'rows' },
  provider_webhook_endpoints: { staff: 'refused', admin: 'refused' },
  org_audit_log: { staff: 'none', admin: 'rows' },
  org_invitations: { staff: 'refused', admin: 'refused' },
  webhook_delivery_events: { staff: 'refused', admin: 'refused' },
  retention_policies: { staff: 'refused', admin: 'refused' },
  erasure_receipts: { staff: 'none', admin: 'rows' },
  // The overview's rollups derive from list fields only; only the trigger and the rebuild write them.
  call_rollups: { staff: 'rows', admin: 'rows' },
};
// The pipeline's functions with well-formed arguments, so PostgREST resolves them and the database decides.
const SERVICE_ONLY_CALLS = (org: string): [string, Record<string, unknown>][] => {
  const id = randomUUID();
  return [
    ['ingest_call_report', { p_org_id: org, p_webhook_id: `matrix-${id}`, p_call: {} }],
    ['claim_upload_batch', { p_org_id: org, p_limit: 1, p_lease_seconds: 60 }],
    ['complete_upload', { p_org_id: org, p_queue_id: id, p_lease_token: id, p_path: `${org}/${id}.wav` }],
    ['fail_upload', { p_org_id: org, p_queue_id: id, p_lease_token: id, p_error: 'x', p_retry_delays: [60] }],
    ['claim_retry_batch', { p_org_id: org, p_limit: 1, p_lease_seconds: 60 }],
    ['reclaim_expired_uploads', { p_org_id: org, p_max_attempts: 3 }],
    ['unreferenced_recording_paths', { p_org_id: org, p_paths: [`${org}/${id}.wav`] }],
    ['retention_for_org', { p_org_id: org }],
    ['claim_erasure_batch', { p_org_id: org, p_limit: 1 }],
    ['erase_call_row', { p_org_id: org, p_call_id: id, p_kinds: ['content'], p_source: 'retention', p_actor: null, p_email: null }],
    ['rebuild_call_rollups', { p_org_id: org }],
  ];
};

let db: pg.Client;
let A: Fixture;
let B: Fixture;
let recordingPath: string;
let staffOfA: string;
let deadLetterA: string;
let vapiEndpointA: string;
const principals: Record<string, { client: Client; ended?: { code: string; message: string } }> = {};

async function member(org: string, role: 'admin' | 'staff') {
  const email = `matrix-${role}-${randomUUID().slice(0, 8)}@example.test`;
  const { data, error } = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: org, org_role: role } });
  if (error) throw error;
  const { session } = await signIn(email);
  return { id: data.user.id, email, client: clientWithToken(session.access_token) };
}

/** Reads `org_id` (organizations: `id`) of the table, scoped to org A's rows. */
function readA(client: Client, table: Table) {
  const t = client.from(table as 'leads');
  return table === 'organizations' ? t.select('id').eq('id' as never, A.org) : t.select('org_id').eq('org_id', A.org);
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  A = await createOrgFixture(db);
  B = await createOrgFixture(db);
  const S = await createOrgFixture(db);
  recordingPath = `${A.org}/${A.call}.wav`;
  const up = await serviceClient().storage.from('call-recordings').upload(recordingPath, Buffer.from('RIFF-matrix'), { contentType: 'audio/wav' });
  if (up.error) throw up.error;
  await db.query(`update public.call_logs set recording_storage_path = $1 where id = $2`, [recordingPath, A.call]);
  // A dead letter in org A for the re-queue function (a second call of A's, so the stored one stays stored).
  const deadCall = randomUUID();
  await db.query(`insert into public.call_logs (id, org_id, call_type, status, started_at) values ($1, $2, 'inbound', 'completed', now())`, [deadCall, A.org]);
  await db.query(`insert into public.recording_upload_queue (org_id, call_id, recording_url, status, attempts) values ($1, $2, 'https://example.test/d.wav', 'failed', 4)`, [A.org, deadCall]);
  deadLetterA = (
    await db.query(`insert into public.failed_recording_uploads (org_id, call_id, error, retry_count, dead_lettered_at) values ($1, $2, 'http_500', 3, now()) returning id`, [A.org, deadCall])
  ).rows[0].id;

  // A Vapi endpoint of A in a rotation's overlap, for the retire function: nobody but A's admin may end it.
  vapiEndpointA = (
    await db.query(
      `insert into public.provider_webhook_endpoints (org_id, provider, auth_method, secret, previous_secret, previous_expires_at)
       values ($1, 'vapi', 'bearer', encode(extensions.gen_random_bytes(24), 'hex'), encode(extensions.gen_random_bytes(24), 'hex'), now() + interval '1 day') returning id`,
      [A.org],
    )
  ).rows[0].id;

  const [staff, admin, other, signedOut, removed, demoted, suspended] = await Promise.all([
    member(A.org, 'staff'), member(A.org, 'admin'), member(B.org, 'admin'),
    member(A.org, 'admin'), member(A.org, 'admin'), member(A.org, 'admin'), member(S.org, 'admin'),
  ]);
  // End access after the tokens were issued, each its own way.
  const again = await signIn(signedOut.email);
  await again.client.auth.signOut({ scope: 'global' });
  await serviceClient().auth.admin.updateUserById(removed.id, { app_metadata: { org_id: null, org_role: null } });
  await serviceClient().auth.admin.updateUserById(demoted.id, { app_metadata: { org_role: 'staff' } });
  await db.query(`update public.organizations set status = 'suspended' where id = $1`, [S.org]);

  staffOfA = staff.id;
  principals.staff = { client: staff.client };
  principals.admin = { client: admin.client };
  principals['other org admin'] = { client: other.client };
  principals['signed out'] = { client: signedOut.client, ended: { code: 'PT401', message: 'session_ended' } };
  principals.removed = { client: removed.client, ended: { code: 'PT401', message: 'access_changed' } };
  principals.demoted = { client: demoted.client, ended: { code: 'PT401', message: 'access_changed' } };
  principals['suspended org'] = { client: suspended.client, ended: { code: 'PT403', message: 'organization_suspended' } };
  principals.anon = { client: anonClient() };
}, 60_000);

afterAll(async () => {
  await db?.end();
});

const NAMES = ['staff', 'admin', 'other org admin', 'signed out', 'removed', 'demoted', 'suspended org', 'anon'];

describe.each(NAMES)('%s', (name) => {
  it.each(TABLES)('reads of %s', async (table) => {
    const p = principals[name];
    const r = await readA(p.client, table);
    if (p.ended) {
      expect(r.error).toMatchObject(p.ended);
      return;
    }
    if (name === 'anon') {
      expect(r.error).toMatchObject({ code: '42501' });
      return;
    }
    const expected = name === 'other org admin' ? (MEMBER_READ[table].admin === 'refused' ? 'refused' : 'none') : MEMBER_READ[table][name as 'staff' | 'admin'];
    if (expected === 'refused') {
      expect(r.error).toMatchObject({ code: '42501' });
    } else {
      expect(r.error).toBeNull();
      expect((r.data ?? []).length > 0).toBe(expected === 'rows');
    }
  });

  it.each(TABLES)('writes to %s are refused, and nothing changes', async (table) => {
    const p = principals[name];
    const t = p.client.from(table as 'leads');
    const orgs = table === 'organizations';
    const ins = await t.insert((orgs ? { name: 'matrix' } : { org_id: A.org }) as never);
    const upd = await t.update((orgs ? { name: 'matrix' } : { org_id: A.org }) as never).eq(orgs ? ('id' as never) : 'org_id', A.org);
    const del = await t.delete().eq(orgs ? ('id' as never) : 'org_id', A.org);
    for (const r of [ins, upd, del]) {
      expect(r.error, `${table}`).not.toBeNull();
      expect(['42501', 'PT401', 'PT403']).toContain(r.error!.code);
    }
    if (p.ended) expect(ins.error).toMatchObject(p.ended);
    const count = orgs
      ? (await db.query(`select count(*)::int as n from public.organizations where id = $1 and name <> 'matrix'`, [A.org])).rows[0].n
      : (await db.query(`select count(*)::int as n from public.${table} where org_id = $1`, [A.org])).rows[0].n;
    expect(count).toBeGreaterThan(0);
  });

  it('functions: the ledgered reads for admins of the org only; pipeline functions for nobody', async () => {
    const p = principals[name];
    const call = await p.client.rpc('open_call', { p_call_id: A.call });
    const rec = await p.client.rpc('open_recording', { p_call_id: A.call });
    if (p.ended) {
      expect(call.error).toMatchObject(p.ended);
      expect(rec.error).toMatchObject(p.ended);
    } else if (name === 'admin') {
      expect(call.error).toBeNull();
      expect((call.data as { call: { id: string } }).call.id).toBe(A.call);
      expect(rec.data).toBe(recordingPath);
    } else if (name === 'other org admin') {
      expect(call).toMatchObject({ data: null, error: null });
      expect(rec).toMatchObject({ data: null, error: null });
    } else if (name === 'staff') {
      expect(call.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
      expect(rec.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    } else {
      expect(call.error).toMatchObject({ code: '42501' });
      expect(rec.error).toMatchObject({ code: '42501' });
    }
    for (const [fn, args] of SERVICE_ONLY_CALLS(A.org)) {
      const r = await p.client.rpc(fn as 'claim_retry_batch', args as never);
      expect(r.error, fn).toMatchObject(p.ended ?? { code: '42501' });
    }
  });

  it('org administration: admins of their own org only; the invitee-side functions for nobody', async () => {
    const p = principals[name];
    const overview = await p.client.rpc('org_members_overview');
    // Admins never reach another org's member: A's staff member reads as a random id would (404).
    const foreign = await p.client.rpc('set_org_member_role', { p_user_id: staffOfA, p_role: 'staff' });
    const random = await p.client.rpc('remove_org_member', { p_user_id: randomUUID() });
    const invite = await p.client.rpc('create_org_invitation', { p_email: 'not-an-address', p_role: 'staff' });
    if (p.ended) {
      for (const r of [overview, foreign, random, invite]) expect(r.error).toMatchObject(p.ended);
    } else if (name === 'admin' || name === 'other org admin') {
      expect(overview.error).toBeNull();
      const ids = (overview.data as { members: { user_id: string }[] }).members.map((m) => m.user_id);
      expect(ids.includes(staffOfA)).toBe(name === 'admin');
      // The admin of A changing A's staff member to the role they have: a no-op, allowed.
      expect(foreign.error).toEqual(name === 'admin' ? null : expect.objectContaining({ code: 'PT404', message: 'not_found' }));
      expect(random.error).toMatchObject({ code: 'PT404', message: 'not_found' });
      expect(invite.error).toMatchObject({ code: 'PT400', message: 'invalid_email' });
    } else if (name === 'staff') {
      for (const r of [overview, foreign, random, invite]) expect(r.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    } else {
      for (const r of [overview, foreign, random, invite]) expect(r.error).toMatchObject({ code: '42501' });
    }
    for (const [fn, args] of [
      ['invitation_preview', { p_token: 'x' }],
      ['accept_org_invitation', { p_token: 'x', p_user_id: randomUUID() }],
    ] as const) {
      const r = await p.client.rpc(fn as 'org_members_overview', args as never);
      expect(r.error, fn).toMatchObject(p.ended ?? { code: '42501' });
    }
    const role = (await db.query(`select raw_app_meta_data ->> 'org_role' as r from auth.users where id = $1`, [staffOfA])).rows[0].r;
    expect(role).toBe('staff');
  });

  it('the admin settings functions: admins of the org only (staff get PT403 from the database), own org only', async () => {
    const p = principals[name];
    const settings = await p.client.rpc('webhook_settings');
    const health = await p.client.rpc('pipeline_health');
    const test = await p.client.rpc('begin_webhook_test', { p_provider: 'standard' });
    // A random id: retire_webhook_secret answers false for it; the refusals come before any lookup.
    const retire = await p.client.rpc('retire_webhook_secret', { p_secret_id: randomUUID() });
    // Non-admins must be refused before anything changes: A's dead letter stays dead for everyone but A's admin.
    const requeue = name === 'admin' ? null : await p.client.rpc('requeue_dead_letters', { p_dead_letter_id: deadLetterA });
    const rotate = name === 'admin' || name === 'other org admin' ? null : await p.client.rpc('rotate_webhook_secret', { p_overlap_seconds: 0 });
    const refusals = [settings, health, test, retire, ...(requeue ? [requeue] : []), ...(rotate ? [rotate] : [])];
    if (p.ended) {
      for (const r of refusals) expect(r.error).toMatchObject(p.ended);
    } else if (name === 'staff') {
      for (const r of refusals) expect(r.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    } else if (name === 'anon') {
      for (const r of refusals) expect(r.error).toMatchObject({ code: '42501' });
    } else {
      expect(settings.error).toBeNull();
      expect(health.error).toBeNull();
      expect(retire).toMatchObject({ data: false, error: null });
      const ownOrg = name === 'admin' ? A.org : B.org;
      expect(test).toMatchObject({ data: ownOrg, error: null });
      const deadLetters = (health.data as { dead_letters: { id: string }[] }).dead_letters.map((d) => d.id);
      expect(deadLetters.includes(deadLetterA)).toBe(name === 'admin');
      if (requeue) expect(requeue).toMatchObject({ data: [], error: null });
      // Nothing of A in B's settings: no secret id, endpoint id or delivery of A.
      if (name === 'other org admin') {
        const aIds = (await db.query(`select id::text from public.webhook_secrets where org_id = $1 union all select id::text from public.provider_webhook_endpoints where org_id = $1 union all select id::text from public.webhook_delivery_events where org_id = $1`, [A.org])).rows.map((r) => r.id as string);
        const text = JSON.stringify(settings.data) + JSON.stringify(health.data);
        for (const id of aIds) expect(text).not.toContain(id);
      }
    }
    const still = await db.query(`select dead_lettered_at is not null and resolved_at is null as dead from public.failed_recording_uploads where id = $1`, [deadLetterA]);
    expect(still.rows[0].dead).toBe(true);
  });

  it('the provider credential functions: admins of the org only (staff get PT403 from the database), own org only', async () => {
    const p = principals[name];
    // Arguments the functions refuse after the admin check (admins get the input error, so nothing
    // changes for anyone), and A's endpoint in its overlap, which only A's admin may retire.
    const rotate = await p.client.rpc('rotate_vapi_secret', { p_overlap_seconds: -1 });
    const retell = await p.client.rpc('set_retell_api_key', { p_api_key: 'short', p_overlap_seconds: 0 });
    const retire = await p.client.rpc('retire_provider_credential', { p_endpoint_id: name === 'admin' ? randomUUID() : vapiEndpointA });
    const all = [rotate, retell, retire];
    if (p.ended) {
      for (const r of all) expect(r.error).toMatchObject(p.ended);
    } else if (name === 'staff') {
      for (const r of all) expect(r.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    } else if (name === 'anon') {
      for (const r of all) expect(r.error).toMatchObject({ code: '42501' });
    } else {
      expect(rotate.error).toMatchObject({ code: '22023' });
      expect(retell.error).toMatchObject({ code: 'PT400', message: 'invalid_api_key' });
      // A random id for A's admin, A's endpoint for B's admin: the same false.
      expect(retire).toMatchObject({ data: false, error: null });
    }
    const still = await db.query(`select previous_secret is not null and previous_expires_at > now() as overlapping from public.provider_webhook_endpoints where id = $1`, [vapiEndpointA]);
    expect(still.rows[0].overlapping).toBe(true);
  });

  it('retention functions: admins of the org only, staff refused before any lookup, other orgs get nothing', async () => {
    const p = principals[name];
    const rpc = (fn: string, args?: Record<string, unknown>) => p.client.rpc(fn as 'retention_policy', args as never);
    const results = {
      read: await rpc('retention_policy'),
      // The fixture's own values again: a write that changes nothing.
      write: await rpc('set_retention_policy', { p_recording_days: 30, p_transcript_days: 60, p_metadata_days: null }),
      eraseRandom: await rpc('erase_call', { p_call_id: randomUUID() }),
      eraseA: name === 'admin' ? null : await rpc('erase_call', { p_call_id: A.call }),
      // Releasing a hold nobody placed: no change, no ledger row.
      release: await rpc('set_legal_hold', { p_call_id: A.call, p_hold: false }),
    };
    const all = Object.values(results).filter((r) => r !== null);
    if (p.ended) {
      for (const r of all) expect(r!.error).toMatchObject(p.ended);
    } else if (name === 'anon') {
      for (const r of all) expect(r!.error).toMatchObject({ code: '42501' });
    } else if (name === 'staff') {
      for (const r of all) expect(r!.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    } else {
      expect(results.read.error).toBeNull();
      expect(results.read.data).toMatchObject({ recording_days: 30, transcript_days: 60, metadata_days: null });
      expect(results.write.error).toBeNull();
      expect(results.eraseRandom).toMatchObject({ data: null, error: null });
      if (name === 'other org admin') {
        expect(results.eraseA).toMatchObject({ data: null, error: null });
        expect(results.release).toMatchObject({ data: null, error: null });
      } else {
        expect(results.release).toMatchObject({ data: { held: false, since: null }, error: null });
      }
    }
    // Whoever asked, A's call kept its content and no receipt was written for it.
    const c = await db.query('select summary, content_erased_at from public.call_logs where id = $1', [A.call]);
    expect(c.rows[0]).toMatchObject({ summary: expect.stringContaining('secret summary'), content_erased_at: null });
    expect((await db.query('select count(*)::int as n from public.erasure_receipts where call_id = $1', [A.call])).rows[0].n).toBe(0);
  });

  it('export ledger functions: admins of the org only, staff refused, another org cannot finish an entry of A', async () => {
    const p = principals[name];
    const rpc = (fn: string, args: Record<string, unknown>) => p.client.rpc(fn as 'begin_call_export', args as never);
    // An entry of org A's, begun by the server as A's admin would be (the finish below must not touch it).
    const entryA = (await db.query(
      `insert into public.access_log (org_id, actor_user_id, action, detail) values ($1, $2, 'calls.exported', '{}') returning entry_id`,
      [A.org, randomUUID()],
    )).rows[0].entry_id as string;
    const begin = await rpc('begin_call_export', { p_filter: { direction: 'all' } });
    const finishA = await rpc('finish_call_export', { p_entry_id: entryA, p_row_count: 1 });
    if (p.ended) {
      expect(begin.error).toMatchObject(p.ended);
      expect(finishA.error).toMatchObject(p.ended);
    } else if (name === 'anon') {
      expect(begin.error).toMatchObject({ code: '42501' });
      expect(finishA.error).toMatchObject({ code: '42501' });
    } else if (name === 'staff') {
      expect(begin.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
      expect(finishA.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    } else {
      // Admins begin an export in their own org only, and finish only their own entries.
      expect(begin.error).toBeNull();
      const own = await db.query(`select org_id from public.access_log where entry_id = $1`, [begin.data]);
      expect(own.rows[0].org_id).toBe(name === 'admin' ? A.org : B.org);
      expect(finishA).toMatchObject({ data: false, error: null });
      expect((await rpc('finish_call_export', { p_entry_id: begin.data, p_row_count: 0 })).data).toBe(true);
    }
    const a = await db.query(`select row_count from public.access_log where entry_id = $1`, [entryA]);
    expect(a.rows[0].row_count).toBeNull();
    if (!p.ended && name !== 'anon' && name !== 'admin' && name !== 'other org admin') {
      expect((await db.query(`select count(*)::int as n from public.access_log where action = 'calls.exported' and org_id = $1 and actor_user_id = $2`, [A.org, staffOfA])).rows[0].n).toBe(0);
    }
  });

  it('overview and time zone functions: any member reads its own org only; only admins change the zone', async () => {
    const p = principals[name];
    const overview = await p.client.rpc('call_overview', { p_from: '2026-01-01', p_to: '2026-12-31', p_direction: 'all' });
    const zone = await p.client.rpc('org_time_zone');
    // The zone the fixture orgs have: a write that changes nothing.
    const setZone = await p.client.rpc('set_org_time_zone', { p_time_zone: 'UTC' });
    // A's rollups counted from A's calls, asked for by name: RLS leaves another org nothing.
    const rowsOfA = await p.client.rpc('call_rollup_rows', { p_org_id: A.org, p_zone: 'UTC', p_from: '2026-01-01', p_to: '2026-12-31' });
    const all = [overview, zone, setZone, rowsOfA];
    if (p.ended) {
      for (const r of all) expect(r.error).toMatchObject(p.ended);
    } else if (name === 'anon') {
      for (const r of all) expect(r.error).toMatchObject({ code: '42501' });
    } else {
      const own = name === 'other org admin' ? B.org : A.org;
      const calls = (await db.query(`select count(*)::int as n from public.call_logs where org_id = $1 and started_at >= '2026-01-01' and started_at < '2027-01-01'`, [own])).rows[0].n;
      expect(overview.error).toBeNull();
      expect((overview.data as { totals: { calls: number } }).totals.calls).toBe(calls);
      expect(zone).toMatchObject({ data: { time_zone: 'UTC', rollups_ready: true }, error: null });
      if (name === 'staff') expect(setZone.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
      else expect(setZone).toMatchObject({ data: { time_zone: 'UTC', rollups_ready: true }, error: null });
      expect(rowsOfA.error).toBeNull();
      expect((rowsOfA.data ?? []).length > 0).toBe(name !== 'other org admin');
    }
    const zones = await db.query(`select time_zone from public.organizations where id = any($1)`, [[A.org, B.org]]);
    expect(zones.rows.map((r) => r.time_zone)).toEqual(['UTC', 'UTC']);
  });

  it('the recordings bucket: no download, signed URL or listing, for anyone but the server', async () => {
    const bucket = principals[name].client.storage.from('call-recordings');
    // 404: the object exists (the service role reads it below), but no policy lets this caller see it.
    expect((await bucket.download(recordingPath)).error).toMatchObject({ statusCode: '404' });
    expect((await bucket.createSignedUrl(recordingPath, 60)).error).toMatchObject({ statusCode: '404' });
    expect(await bucket.list(A.org)).toMatchObject({ data: [], error: null });
    expect((await serviceClient().storage.from('call-recordings').download(recordingPath)).error).toBeNull();
  });
});
