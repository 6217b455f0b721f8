// The pipeline's tables and functions as API users see them: secrets and deliveries unreachable,
// cleanup runs readable by the org's admins only, and every pipeline function callable by the
// service role alone (search_path pinned). Checked in SQL as each role and through PostgREST.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonClient, serviceClient, signIn, stackEnv } from '../helpers/clients.ts';
import { asRole, userClaims } from '../helpers/db.ts';
import { createOrg } from '../helpers/pipeline-orgs.ts';
import { generateWebhookSecret } from '../../lib/webhooks/signature.ts';

const FUNCTIONS = [
  'ingest_call_report',
  'claim_upload_batch',
  'complete_upload',
  'fail_upload',
  'claim_retry_batch',
  'reclaim_expired_uploads',
  'unreferenced_recording_paths',
];

let db: pg.Client;
let A: string;
let B: string;

beforeAll(async () => {
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  A = await createOrg(db);
  B = await createOrg(db);
  await db.query('insert into public.webhook_secrets (org_id, secret) values ($1, $2)', [A, generateWebhookSecret()]);
  await db.query(`insert into public.webhook_deliveries (org_id, webhook_id) values ($1, 'msg_1')`, [A]);
  await db.query(`insert into public.orphan_cleanup_runs (org_id, dry_run, grace_seconds) values ($1, true, 60), ($2, true, 60)`, [A, B]);
});
afterAll(async () => {
  await db?.end();
});

describe('secrets and deliveries are out of API reach', () => {
  for (const table of ['webhook_secrets', 'webhook_deliveries']) {
    for (const [role, claims] of [
      ['anon', {}],
      ['authenticated', userClaims({ orgId: A, role: 'admin' })],
    ] as const) {
      it(`${role} of the owning org cannot read or write ${table}`, async () => {
        expect((await asRole(db, role, claims, `select * from public.${table} where org_id = $1`, [A])).error).toBe('42501');
        expect((await asRole(db, role, claims, `delete from public.${table} where org_id = $1`, [A])).error).toBe('42501');
      });
    }
  }

  it('through PostgREST: an org admin gets an error, never a secret', async () => {
    const { client } = await signIn('admin@acme.test');
    const { data, error } = await client.from('webhook_secrets').select('secret');
    expect(error).not.toBeNull();
    expect(data).toBeNull();
  });
});

describe('orphan_cleanup_runs', () => {
  it('admins read their own org’s runs; staff and strangers read none; nobody writes', async () => {
    const sql = 'select org_id from public.orphan_cleanup_runs where org_id = any($1)';
    expect((await asRole(db, 'authenticated', userClaims({ orgId: A, role: 'admin' }), sql, [[A, B]])).rows).toEqual([{ org_id: A }]);
    expect((await asRole(db, 'authenticated', userClaims({ orgId: A, role: 'staff' }), sql, [[A, B]])).rows).toEqual([]);
    const insert = `insert into public.orphan_cleanup_runs (org_id, dry_run, grace_seconds) values ($1, false, 0)`;
    expect((await asRole(db, 'authenticated', userClaims({ orgId: A, role: 'admin' }), insert, [A])).error).toBe('42501');
    expect((await asRole(db, 'anon', {}, sql, [[A, B]])).error).toBe('42501');
  });
});

describe('pipeline functions', () => {
  it('are service-role only, not security definer, with search_path pinned', async () => {
    const { rows } = await db.query<{ name: string; definer: boolean; config: string[] | null; anon: boolean; auth: boolean; service: boolean }>(
      `select p.proname as name, p.prosecdef as definer, p.proconfig as config,
              has_function_privilege('anon', p.oid, 'execute') as anon,
              has_function_privilege('authenticated', p.oid, 'execute') as auth,
              has_function_privilege('service_role', p.oid, 'execute') as service
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.proname = any($1)`,
      [FUNCTIONS],
    );
    expect(rows.map((r) => r.name).sort()).toEqual([...FUNCTIONS].sort());
    for (const r of rows) {
      expect(r, r.name).toMatchObject({ definer: false, anon: false, auth: false, service: true });
      expect(r.config, r.name).toContain('search_path=""');
    }
  });

  it('through PostgREST: anon and signed-in users cannot call them', async () => {
    const { client } = await signIn('admin@acme.test');
    const args = { p_org_id: A, p_limit: 10, p_lease_seconds: 60 };
    for (const c of [anonClient(), client]) {
      const { data, error } = await c.rpc('claim_upload_batch', args);
      expect(error).not.toBeNull();
      expect(data).toBeNull();
    }
    expect((await serviceClient().rpc('claim_upload_batch', args)).error).toBeNull();
  });

  it('ingest refuses an unknown org and a missing provider call id', async () => {
    const call = { call_type: 'inbound', status: 'completed', started_at: new Date().toISOString(), provider_call_id: 'x' };
    const unknown = await serviceClient().rpc('ingest_call_report', { p_org_id: randomUUID(), p_webhook_id: 'msg_x', p_call: call });
    expect(unknown.error?.message).toMatch(/unknown organization/);
    const noId = await serviceClient().rpc('ingest_call_report', { p_org_id: A, p_webhook_id: 'msg_y', p_call: { ...call, provider_call_id: '' } });
    expect(noId.error?.message).toMatch(/provider_call_id/);
  });
});

describe('webhook secret rotation window', () => {
  it('allows a chain of rotations but never three valid secrets at one instant', async () => {
    const org = await createOrg(db);
    const ins = (from: string, to: string | null) =>
      db.query(`insert into public.webhook_secrets (org_id, secret, valid_from, expires_at) values ($1, $2, now() + $3::interval, now() + $4::interval)`, [
        org,
        generateWebhookSecret(),
        from,
        to,
      ]);
    await ins('-30 days', '-10 days');
    await ins('-11 days', '1 hour');
    await ins('0 seconds', null);
    // Overlaps both the second (until +1 h) and the third (open-ended) secret.
    await expect(ins('30 minutes', '2 days')).rejects.toThrow(/at most two/);
    // After the second one expires, a new one may start.
    await ins('2 hours', null);
    await expect(db.query(`insert into public.webhook_secrets (org_id, secret) values ($1, 'not-a-secret')`, [org])).rejects.toThrow(/check constraint/);
  });
});
