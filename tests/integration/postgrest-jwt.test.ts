// PostgREST trusts only tokens signed by the stack's key: bad signature, alg none, expired, or a
// foreign key → 401 and no rows. And through the official client, a signed-in user reads only its
// own org — also after writing another org's id into its own user_metadata.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { clientWithToken, serviceClient, signIn, stackEnv, DEMO_PASSWORD } from '../helpers/clients.ts';
import { badTokens } from '../helpers/api.ts';

let acmeStaff: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  acmeStaff = await signIn('staff@acme.test');
});

describe('JWT checks at PostgREST', () => {
  it.each(['badSignature', 'algNone', 'expired', 'foreignKey'] as const)('%s → 401, no rows', async (kind) => {
    const tokens = await badTokens(acmeStaff.session.access_token);
    const res = await fetch(`${stackEnv().url}/rest/v1/call_logs?select=id&limit=5`, {
      headers: { apikey: stackEnv().anonKey, authorization: `Bearer ${tokens[kind]}` },
    });
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(Array.isArray(body)).toBe(false);
    expect(body.code).toMatch(/^PGRST30/);
  });

  it('a service_role claim signed by a foreign key is refused', async () => {
    const { generateKeyPair, SignJWT } = await import('jose');
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ role: 'service_role' }).setProtectedHeader({ alg: 'ES256' }).setExpirationTime('1h').sign(privateKey);
    const res = await fetch(`${stackEnv().url}/rest/v1/call_logs?select=id&limit=1`, { headers: { apikey: stackEnv().anonKey, authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
  });
});

describe('reading call_logs through /rest/v1 with supabase-js', () => {
  it('staff@acme.test gets only Acme rows (no filter of its own)', async () => {
    const { data, error } = await acmeStaff.client.from('call_logs').select('org_id');
    expect(error).toBeNull();
    expect(data!.length).toBeGreaterThan(0);
    expect(new Set(data!.map((r) => r.org_id))).toEqual(new Set([ORGS.acme.id]));
  });

  it('asking for Globex explicitly returns nothing; reading everything returns exactly Acme\'s rows', async () => {
    const { data } = await acmeStaff.client.from('call_logs').select('id').eq('org_id', ORGS.globex.id);
    expect(data).toEqual([]);
    const own = await acmeStaff.client.from('call_logs').select('id');
    const svc = await serviceClient().from('call_logs').select('id', { count: 'exact', head: true }).eq('org_id', ORGS.acme.id);
    expect(own.error).toBeNull();
    expect(own.data).toHaveLength(svc.count!);
  });

  it('embedding cannot reach another org', async () => {
    const { data } = await acmeStaff.client.from('call_logs').select('id, leads(org_id), campaigns(org_id)').not('lead_id', 'is', null).limit(50);
    for (const row of data ?? []) {
      for (const rel of [row.leads, row.campaigns] as unknown as ({ org_id: string } | null)[]) {
        if (rel) expect(rel.org_id).toBe(ORGS.acme.id);
      }
    }
  });

  it('the anon key alone reads nothing', async () => {
    const res = await fetch(`${stackEnv().url}/rest/v1/call_logs?select=id&limit=1`, { headers: { apikey: stackEnv().anonKey, authorization: `Bearer ${stackEnv().anonKey}` } });
    expect(res.status).toBeGreaterThanOrEqual(400);
  });
});

describe('user_metadata cannot grant a tenant', () => {
  it('updateUser({ data: { org_id: B } }) and a refresh still show none of B (PostgREST and storage)', async () => {
    const email = `meta-${randomUUID()}@example.test`;
    const created = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true });
    expect(created.error).toBeNull();
    const { client } = await signIn(email);
    const upd = await client.auth.updateUser({ data: { org_id: ORGS.globex.id, org_role: 'admin' } });
    expect(upd.error).toBeNull();
    const { data: refreshed, error } = await client.auth.refreshSession();
    expect(error).toBeNull();
    const token = refreshed.session!.access_token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims.user_metadata.org_id).toBe(ORGS.globex.id);
    expect(claims.app_metadata.org_id).toBeUndefined();

    const user = clientWithToken(token);
    for (const table of ['call_logs', 'leads', 'campaigns', 'knowledge_base', 'recording_upload_queue', 'failed_recording_uploads', 'access_log', 'organizations'] as const) {
      const { data } = await user.from(table).select('*').limit(5);
      expect(data ?? [], table).toEqual([]);
    }
    const orgFn = await user.rpc('auth_org_id');
    expect(orgFn.data).toBeNull();
    const listed = await user.storage.from('call-recordings').list(ORGS.globex.id);
    expect(listed.data ?? []).toEqual([]);
    const anyGlobexObject = (await serviceClient().storage.from('call-recordings').list(ORGS.globex.id)).data![0];
    const dl = await user.storage.from('call-recordings').download(`${ORGS.globex.id}/${anyGlobexObject.name}`);
    expect(dl.data).toBeNull();
    const signed = await user.storage.from('call-recordings').createSignedUrl(`${ORGS.globex.id}/${anyGlobexObject.name}`, 60);
    expect(signed.data).toBeNull();
  });
});
