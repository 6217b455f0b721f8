// Foreign-id attempts land in the security audit log (and nowhere an org user can read them);
// call detail opens and recording URLs land in the access ledger the org's admins read.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { signIn } from '../helpers/clients.ts';
import { callRoute } from '../helpers/api.ts';
import { createOrgFixture, withDb } from '../helpers/db.ts';
import { settleAfterResponse } from '../../lib/api/after-response.ts';

let acmeAdmin: { token: string; userId: string };
let globexAdmin: { token: string; userId: string };
let acmeCall: string;
let globexCall: string;

beforeAll(async () => {
  const a = await signIn('admin@acme.test');
  const b = await signIn('admin@globex.test');
  acmeAdmin = { token: a.session.access_token, userId: a.user.id };
  globexAdmin = { token: b.session.access_token, userId: b.user.id };
  await withDb(async (db) => {
    const pick = async (org: string) =>
      (await db.query('select id from public.call_logs where org_id = $1 and recording_storage_path is not null limit 1', [org])).rows[0].id;
    acmeCall = await pick(ORGS.acme.id);
    globexCall = await pick(ORGS.globex.id);
  });
});

const auditRows = (target: string) =>
  withDb(async (db) => (await db.query('select * from public.security_audit_log where target_id = $1', [target])).rows);
const ledgerRows = (call: string, actor: string) =>
  withDb(async (db) => (await db.query('select * from public.access_log where call_id = $1 and actor_user_id = $2 order by created_at, id', [call, actor])).rows);

describe('security audit log', () => {
  it.each(['detail', 'recording'] as const)('%s: a foreign id is logged with who, org, route, target and time', async (route) => {
    // A call of an org of its own: other test files probe the demo orgs' calls at the same time, and
    // their audit rows would land on a shared target between the two counts below.
    const target = await withDb(async (db) => (await createOrgFixture(db)).call);
    const res = await callRoute(route, { token: acmeAdmin.token, callId: target });
    expect(res.status).toBe(404);
    // Written after the response, so a foreign id costs what a random id costs.
    await settleAfterResponse();
    const rows = await auditRows(target);
    expect(rows.length).toBe(1);
    const row = rows[0];
    expect(row).toMatchObject({ org_id: ORGS.acme.id, actor_user_id: acmeAdmin.userId, event: 'cross_tenant_access_attempt', target_id: target });
    expect(row.route).toContain(route === 'detail' ? '[callId]' : 'recording');
    expect(Date.now() - new Date(row.created_at).getTime()).toBeLessThan(60_000);
  });

  it('a random id is not logged as cross-tenant', async () => {
    const id = randomUUID();
    expect((await callRoute('detail', { token: acmeAdmin.token, callId: id })).status).toBe(404);
    await settleAfterResponse();
    expect(await auditRows(id)).toEqual([]);
  });

  it('org users cannot read the audit log through the API', async () => {
    const { client } = await signIn('admin@acme.test');
    const { data } = await client.from('security_audit_log').select('*');
    expect(data ?? []).toEqual([]);
  });
});

describe('access ledger', () => {
  it('opening a call detail is recorded', async () => {
    const before = (await ledgerRows(acmeCall, acmeAdmin.userId)).filter((r) => r.action === 'call.viewed').length;
    expect((await callRoute('detail', { token: acmeAdmin.token, callId: acmeCall })).status).toBe(200);
    const after = (await ledgerRows(acmeCall, acmeAdmin.userId)).filter((r) => r.action === 'call.viewed');
    expect(after.length).toBe(before + 1);
    expect(after[after.length - 1]).toMatchObject({ org_id: ORGS.acme.id, actor_email: 'admin@acme.test' });
  });

  it('issuing a recording URL is recorded, and the URL works for at most 5 minutes', async () => {
    const res = await callRoute('recording', { token: acmeAdmin.token, callId: acmeCall });
    expect(res.status).toBe(200);
    expect(res.body.expiresIn).toBeLessThanOrEqual(300);
    const token = new URL(res.body.url).searchParams.get('token')!;
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(300);
    const audio = await fetch(res.body.url);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toContain('audio/');
    const rows = (await ledgerRows(acmeCall, acmeAdmin.userId)).filter((r) => r.action === 'recording.url_issued');
    expect(rows.length).toBeGreaterThan(0);
  });

  it("admins read their own org's ledger and never another's", async () => {
    await callRoute('detail', { token: globexAdmin.token, callId: globexCall });
    const acme = await callRoute('access-log', { token: acmeAdmin.token, query: 'limit=100' });
    expect(acme.status).toBe(200);
    expect(acme.body.entries.length).toBeGreaterThan(0);
    expect(acme.text).not.toContain(globexCall);
    expect(acme.text).not.toContain('admin@globex.test');
    const globex = await callRoute('access-log', { token: globexAdmin.token, query: 'limit=100' });
    expect(globex.text).toContain(globexCall);
    expect(globex.text).not.toContain(acmeCall);
  });

  it('a call without a stored recording answers 404 for the recording', async () => {
    const id = await withDb(async (db) => (await db.query('select id from public.call_logs where org_id = $1 and recording_storage_path is null limit 1', [ORGS.acme.id])).rows[0].id);
    const res = await callRoute('recording', { token: acmeAdmin.token, callId: id });
    expect(res.status).toBe(404);
  });
});
