// The database is the gate for the Data API: a signed-out session, a user removed from the org or
// demoted, and a suspended org are refused on the next request — through the official client with
// the user's own token, not only at our routes — and planner/estimated counts, which would reveal
// another org's size, are refused to users. Each case uses its own org and users: global sign-outs
// and suspensions must not touch the demo users other suites sign in as.
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { SupabaseClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../lib/database.types.ts';
import { join } from 'node:path';
import { loadOrCreateKeys, signJwt } from '../../supabase/local/keys.ts';
import { anonClient, clientWithToken, DEMO_PASSWORD, serviceClient, signIn, stackEnv } from '../helpers/clients.ts';
import { withDb } from '../helpers/db.ts';

interface Member {
  id: string;
  email: string;
  token: string;
  client: SupabaseClient<Database>;
}

async function newOrg(status: 'active' | 'suspended' = 'active') {
  const id = randomUUID();
  await withDb(async (db) => {
    await db.query(`insert into public.organizations (id, name, status) values ($1, $2, $3)`, [id, `Gate ${id.slice(0, 8)}`, status]);
    await db.query(
      `insert into public.call_logs (org_id, call_type, status, started_at) select $1, 'inbound', 'completed', now() - (g || ' minutes')::interval from generate_series(1, 3) g`,
      [id],
    );
  });
  return id;
}

async function newMember(orgId: string, role: 'admin' | 'staff'): Promise<Member> {
  const email = `gate-${randomUUID()}@example.test`;
  const { data, error } = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: orgId, org_role: role } });
  if (error) throw error;
  const { session } = await signIn(email);
  return { id: data.user.id, email, token: session.access_token, client: clientWithToken(session.access_token) };
}

const readCalls = (m: Member) => m.client.from('call_logs').select('id');

let orgA: string;
let orgB: string;
beforeAll(async () => {
  orgA = await newOrg();
  orgB = await newOrg();
});

describe('a current session of an active org', () => {
  it('reads its own org through the Data API, and nothing of another org', async () => {
    const m = await newMember(orgA, 'staff');
    const own = await readCalls(m);
    expect(own.error).toBeNull();
    expect(own.data).toHaveLength(3);
    const foreign = await m.client.from('call_logs').select('id').eq('org_id', orgB);
    expect(foreign.error).toBeNull();
    expect(foreign.data).toEqual([]);
  });
});

describe('revocation takes effect on the next request', () => {
  it('a signed-out session: 401 session_ended', async () => {
    const m = await newMember(orgA, 'admin');
    expect((await readCalls(m)).error).toBeNull();
    // Sign out everywhere from another sign-in of the same user.
    const other = await signIn(m.email);
    expect((await other.client.auth.signOut({ scope: 'global' })).error).toBeNull();
    const after = await readCalls(m);
    expect(after.data).toBeNull();
    expect(after.error).toMatchObject({ code: 'PT401', message: 'session_ended' });
  });

  it('a user removed from the org: 401 access_changed', async () => {
    const m = await newMember(orgA, 'staff');
    expect((await serviceClient().auth.admin.updateUserById(m.id, { app_metadata: { org_id: null, org_role: null } })).error).toBeNull();
    expect((await readCalls(m)).error).toMatchObject({ code: 'PT401', message: 'access_changed' });
  });

  it('a user moved to another org: 401 access_changed', async () => {
    const m = await newMember(orgA, 'staff');
    expect((await serviceClient().auth.admin.updateUserById(m.id, { app_metadata: { org_id: orgB } })).error).toBeNull();
    expect((await readCalls(m)).error).toMatchObject({ code: 'PT401', message: 'access_changed' });
  });

  it('an admin demoted to staff loses the admin-only ledger at once', async () => {
    const m = await newMember(orgA, 'admin');
    expect((await m.client.from('access_log').select('call_id')).error).toBeNull();
    expect((await serviceClient().auth.admin.updateUserById(m.id, { app_metadata: { org_role: 'staff' } })).error).toBeNull();
    expect((await m.client.from('access_log').select('call_id')).error).toMatchObject({ code: 'PT401', message: 'access_changed' });
  });

  it('a banned or deleted user: 401 session_ended', async () => {
    const banned = await newMember(orgA, 'staff');
    expect((await serviceClient().auth.admin.updateUserById(banned.id, { ban_duration: '24h' })).error).toBeNull();
    expect((await readCalls(banned)).error).toMatchObject({ code: 'PT401', message: 'session_ended' });
    const deleted = await newMember(orgA, 'staff');
    expect((await serviceClient().auth.admin.deleteUser(deleted.id)).error).toBeNull();
    expect((await readCalls(deleted)).error).toMatchObject({ code: 'PT401', message: 'session_ended' });
  });

  it('a suspended org: 403 organization_suspended naming the org, also for RPCs', async () => {
    const org = await newOrg();
    const m = await newMember(org, 'admin');
    expect((await readCalls(m)).error).toBeNull();
    await withDb((db) => db.query(`update public.organizations set status = 'suspended' where id = $1`, [org]));
    const after = await readCalls(m);
    expect(after.error).toMatchObject({ code: 'PT403', message: 'organization_suspended', details: `Gate ${org.slice(0, 8)}` });
    expect((await m.client.from('organizations').select('name')).error).toMatchObject({ code: 'PT403', message: 'organization_suspended' });
  });

  it('a validly signed token that names no session is refused', async () => {
    // Only the project's signing key can make one (e.g. a leaked key or a server bug minting tokens).
    const env = stackEnv();
    const keys = await loadOrCreateKeys(join(env.dataDir, 'jwt-keys.json'), `${env.url}/auth/v1`);
    const m = await newMember(orgA, 'admin');
    const { data } = await serviceClient().auth.admin.getUserById(m.id);
    const claims = { sub: m.id, role: 'authenticated', aud: 'authenticated', email: m.email, app_metadata: data.user!.app_metadata };
    const minted = await signJwt(keys, claims, 300);
    const r = await clientWithToken(minted).from('call_logs').select('id');
    expect(r.error).toMatchObject({ code: 'PT401', message: 'session_ended' });
    // …and so is one naming a session that is not this user's.
    const other = await signIn(m.email);
    const otherSession = JSON.parse(Buffer.from(other.session.access_token.split('.')[1], 'base64url').toString()).session_id;
    const stranger = await newMember(orgA, 'admin');
    const { data: sd } = await serviceClient().auth.admin.getUserById(stranger.id);
    const borrowed = await signJwt(keys, { sub: stranger.id, role: 'authenticated', aud: 'authenticated', session_id: otherSession, app_metadata: sd.user!.app_metadata }, 300);
    expect((await clientWithToken(borrowed).from('call_logs').select('id')).error).toMatchObject({ code: 'PT401', message: 'session_ended' });
  });

  it('a session ended in the database itself (not through the Auth API) is refused too', async () => {
    const m = await newMember(orgA, 'staff');
    await withDb((db) => db.query('delete from auth.sessions where user_id = $1', [m.id]));
    expect((await readCalls(m)).error).toMatchObject({ code: 'PT401', message: 'session_ended' });
  });
});

/** A GET to the Data API with the user's token and these Prefer headers, each sent as its own line. */
function rawGet(path: string, token: string, prefer: string[]): Promise<{ status: number; range: string | undefined; body: string }> {
  const env = stackEnv();
  const url = new URL(`${env.url}/rest/v1${path}`);
  const headers = ['host', url.host, 'apikey', env.publishableKey, 'authorization', `Bearer ${token}`];
  for (const p of prefer) headers.push('prefer', p);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, range: res.headers['content-range'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('no cross-org inference from counts', () => {
  it('planned and estimated counts are refused to users', async () => {
    const m = await newMember(orgA, 'staff');
    for (const count of ['planned', 'estimated'] as const) {
      const r = await m.client.from('call_logs').select('id', { count }).eq('org_id', orgB);
      expect(r.status, count).toBe(400);
      expect(r.error, count).toMatchObject({ code: 'PT400', message: 'count_not_allowed' });
      // HEAD requests carry no body, but are refused all the same.
      const head = await m.client.from('call_logs').select('id', { count, head: true }).in('org_id', [orgB]);
      expect(head.status, count).toBe(400);
      expect(head.count, count).toBeNull();
    }
  });

  it('a count preference cannot hide in an earlier Prefer header: reads take no Prefer at all', async () => {
    const m = await newMember(orgA, 'staff');
    const path = `/call_logs?select=id&org_id=eq.${orgB}`;
    // PostgREST uses the first count preference, request.headers shows the gate only the last one.
    for (const prefer of [['count=planned', 'return=minimal'], ['count=estimated', 'count=exact'], ['count=planned', ''], ['count=exact'], ['return=representation']]) {
      const r = await rawGet(path, m.token, prefer);
      expect(r.status, JSON.stringify(prefer)).toBe(400);
      expect(r.range, JSON.stringify(prefer)).toBeUndefined();
      expect(JSON.parse(r.body).message, JSON.stringify(prefer)).toMatch(/^(count|prefer)_not_allowed$/);
    }
    // The local gateway passes the two headers on unmerged, like hosted: the gate saw only the last
    // one (a merged 'count=planned, return=minimal' would be refused as count_not_allowed).
    const twoHeaders = await rawGet(path, m.token, ['count=planned', 'return=minimal']);
    expect(JSON.parse(twoHeaders.body).message).toBe('prefer_not_allowed');
    const plain = await rawGet(path, m.token, []);
    expect(plain.status).toBe(200);
    expect(JSON.parse(plain.body)).toEqual([]);
    // Through the official client: an exact count is a Prefer header too.
    const exact = await m.client.from('call_logs').select('id', { count: 'exact', head: true });
    expect(exact.status).toBe(400);
    expect(exact.count).toBeNull();
  });

  it('no function a user may call is inlinable SQL (its planned count would use table statistics)', async () => {
    const rows = await withDb(async (db) =>
      (
        await db.query(
          `select p.oid::regprocedure::text as fn
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
           where n.nspname not in ('pg_catalog', 'information_schema')
             and has_function_privilege('authenticated', p.oid, 'execute')
             and l.lanname = 'sql' and not p.prosecdef and p.proretset`,
        )
      ).rows.map((r) => r.fn as string),
    );
    expect(rows).toEqual([]);
  });

  it('the service role and anon are not gated (anon holds no privileges at all)', async () => {
    const svc = await serviceClient().from('call_logs').select('id', { count: 'estimated', head: true }).eq('org_id', orgB);
    expect(svc.error).toBeNull();
    const anon = await anonClient().from('call_logs').select('id');
    expect(anon.error).toMatchObject({ code: '42501' });
  });
});
