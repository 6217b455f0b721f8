// Vapi and Retell credentials from the settings page (issue 14, point 2): the routes in-process with
// real tokens, the database functions over /rest/v1 with supabase-js, and deliveries through the
// real provider webhook routes. Orgs of their own (never the demo orgs other files read).
//   - Vapi: the secret is made in the database and shown once; Retell: the pasted API key is
//     write-only (fingerprint and last 4 only, never the key);
//   - rotation keeps the old credential valid for the overlap: old and new both land; after
//     "retire" (or when the overlap runs out) only the new one does; deliveries record which;
//   - staff get 403 from the database itself; another org's endpoint id answers like a random id;
//   - bad input is a 4xx { error } and changes nothing; every change is audited without the credential.
import { createHash, randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../lib/database.types.ts';
import { applyStackEnv, callRoute } from '../helpers/api.ts';
import { clientWithToken, DEMO_PASSWORD, serviceClient, signIn, stackEnv } from '../helpers/clients.ts';
import { createOrg } from '../helpers/pipeline-orgs.ts';
import { retellEvent, retellHeaders, vapiEndOfCallReport, vapiHeaders } from '../../scripts/lib/provider-fixtures.ts';

type Client = SupabaseClient<Database>;
type Post = (r: Request, ctx: { params: Promise<{ endpointId: string }> }) => Promise<Response>;
interface Member {
  token: string;
  client: Client;
  email: string;
}

let db: pg.Client;
let vapiPOST: Post;
let retellPOST: Post;
let org: string;
let otherOrg: string;
let admin: Member;
let staff: Member;
let otherAdmin: Member;

const fingerprint = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 12);
const retellKey = () => `key_${randomUUID().replace(/-/g, '')}`;

async function member(orgId: string, role: 'admin' | 'staff'): Promise<Member> {
  const email = `credentials-${role}-${randomUUID().slice(0, 8)}@example.test`;
  const { error } = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: orgId, org_role: role } });
  if (error) throw error;
  const { session } = await signIn(email);
  return { token: session.access_token, client: clientWithToken(session.access_token), email };
}

/** A Vapi end-of-call report with a bearer token, through the real route. */
async function deliverVapi(endpointId: string, secret: string) {
  const body = JSON.stringify(vapiEndOfCallReport({ callId: `cred-${randomUUID()}` }));
  const req = new Request(`http://localhost:3000/api/webhooks/vapi/${endpointId}`, { method: 'POST', headers: vapiHeaders({ method: 'bearer', secret }, body), body });
  return (await vapiPOST(req, { params: Promise.resolve({ endpointId }) })).status;
}

/** A Retell call_ended signed with the API key, through the real route. */
async function deliverRetell(endpointId: string, apiKey: string) {
  const body = JSON.stringify(retellEvent('call_ended', { callId: `cred-${randomUUID()}` }));
  const req = new Request(`http://localhost:3000/api/webhooks/retell/${endpointId}`, { method: 'POST', headers: await retellHeaders(apiKey, body), body });
  return (await retellPOST(req, { params: Promise.resolve({ endpointId }) })).status;
}

async function endpointOf(orgId: string, provider: 'vapi' | 'retell') {
  return (
    await db.query<{ id: string; secret: string; previous_secret: string | null; previous_expires_at: Date | null }>(
      `select id, secret, previous_secret, previous_expires_at from public.provider_webhook_endpoints
       where org_id = $1 and provider = $2 and disabled_at is null order by created_at desc limit 1`,
      [orgId, provider],
    )
  ).rows[0];
}

async function endpointsOf(orgId: string) {
  return (await db.query('select * from public.provider_webhook_endpoints where org_id = $1 order by id', [orgId])).rows;
}

/** The newest delivery-log rows of the org (what the page shows). */
async function lastDeliveries(orgId: string, n: number) {
  return (
    await db.query<{ provider: string; outcome: string; credential_fingerprint: string | null }>(
      'select provider, outcome, credential_fingerprint from public.webhook_delivery_events where org_id = $1 order by received_at desc, id desc limit $2',
      [orgId, n],
    )
  ).rows;
}

async function auditOf(orgId: string) {
  return (
    await db.query<{ action: string; target: string; detail: unknown; actor_email: string | null }>(
      'select action, target, detail, actor_email from public.org_audit_log where org_id = $1 order by created_at, id',
      [orgId],
    )
  ).rows;
}

beforeAll(async () => {
  delete process.env.INNGEST_EVENT_KEY;
  delete process.env.INNGEST_DEV;
  applyStackEnv();
  ({ POST: vapiPOST } = (await import('../../app/api/webhooks/vapi/[endpointId]/route.ts')) as { POST: Post });
  ({ POST: retellPOST } = (await import('../../app/api/webhooks/retell/[endpointId]/route.ts')) as { POST: Post });
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  org = await createOrg(db);
  otherOrg = await createOrg(db);
  [admin, staff, otherAdmin] = await Promise.all([member(org, 'admin'), member(org, 'staff'), member(otherOrg, 'admin')]);
});

afterAll(async () => {
  await db?.end();
});

describe('Vapi: a secret made in the database, shown once, rotated with an overlap', () => {
  let first: string;
  let second: string;
  let endpointId: string;

  it('an org without an endpoint shows none; creating the secret creates the endpoint and shows the secret once', async () => {
    const before = await callRoute('webhook-settings', { token: admin.token });
    expect(before.body.endpoints[1]).toEqual({
      provider: 'vapi', path: null, authMethod: null, createdAt: null, endpointId: null, credential: null, previousCredential: null,
    });

    const res = await callRoute('vapi-secret', { token: admin.token, body: { overlapHours: 24 } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      provider: 'vapi',
      endpointId: expect.any(String),
      path: `/api/webhooks/vapi/${res.body.endpointId}`,
      secret: expect.stringMatching(/^vapi_[A-Za-z0-9_-]{43}$/),
      fingerprint: fingerprint(res.body.secret),
      setAt: expect.any(String),
      retiring: null,
    });
    first = res.body.secret;
    endpointId = res.body.endpointId;
    expect(await endpointOf(org, 'vapi')).toMatchObject({ id: endpointId, secret: first, previous_secret: null });

    // Never readable again: not in the settings (route or function), not at the Data API.
    const settings = await callRoute('webhook-settings', { token: admin.token });
    expect(settings.text).not.toContain(first);
    expect(settings.body.endpoints[1]).toEqual({
      provider: 'vapi',
      path: `/api/webhooks/vapi/${endpointId}`,
      authMethod: 'bearer',
      createdAt: expect.any(String),
      endpointId,
      credential: { fingerprint: fingerprint(first), last4: null, setAt: res.body.setAt },
      previousCredential: null,
    });
    const direct = await admin.client.rpc('webhook_settings');
    expect(direct.error).toBeNull();
    expect(JSON.stringify(direct.data)).not.toContain(first);
    expect((await admin.client.from('provider_webhook_endpoints').select('secret')).error).toMatchObject({ code: '42501' });

    expect(await deliverVapi(endpointId, first)).toBe(200);
    expect(await lastDeliveries(org, 1)).toEqual([{ provider: 'vapi', outcome: 'accepted', credential_fingerprint: fingerprint(first) }]);
  });

  it('rotates: the old secret still lands during the overlap, the URL stays; a second rotation waits for the retirement', async () => {
    const started = Date.now();
    const res = await callRoute('vapi-secret', { token: admin.token, body: { overlapHours: 24 } });
    expect(res.status).toBe(200);
    second = res.body.secret;
    expect(second).not.toBe(first);
    expect(res.body.endpointId).toBe(endpointId);
    expect(res.body.retiring).toEqual({ fingerprint: fingerprint(first), expiresAt: expect.any(String) });
    const expires = Date.parse(res.body.retiring.expiresAt);
    expect(expires - started).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(expires - started).toBeLessThan(24 * 3600_000 + 60_000);

    expect(await deliverVapi(endpointId, first)).toBe(200);
    expect(await deliverVapi(endpointId, second)).toBe(200);
    // Each delivery records the credential that verified it.
    expect((await lastDeliveries(org, 2)).map((d) => d.credential_fingerprint)).toEqual([fingerprint(second), fingerprint(first)]);
    expect(await deliverVapi(endpointId, `vapi_${'x'.repeat(43)}`)).toBe(401);
    expect(await lastDeliveries(org, 1)).toEqual([{ provider: 'vapi', outcome: 'rejected', credential_fingerprint: null }]);

    const settings = await callRoute('webhook-settings', { token: admin.token });
    expect(settings.body.endpoints[1].credential.fingerprint).toBe(fingerprint(second));
    expect(settings.body.endpoints[1].previousCredential).toEqual({ fingerprint: fingerprint(first), last4: null, expiresAt: res.body.retiring.expiresAt });
    expect(settings.body.deliveries[1]).toMatchObject({ provider: 'vapi', outcome: 'accepted', credentialFingerprint: fingerprint(second) });
    for (const s of [first, second]) expect(settings.text + JSON.stringify((await admin.client.rpc('webhook_settings')).data)).not.toContain(s);

    const again = await callRoute('vapi-secret', { token: admin.token, body: { overlapHours: 1 } });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: 'conflict', message: expect.any(String) } });
    expect(await endpointOf(org, 'vapi')).toMatchObject({ secret: second, previous_secret: first });
  });

  it('"send test event" signs with the current secret and is verified', async () => {
    const res = await callRoute('webhook-test', { token: admin.token, body: { provider: 'vapi' } });
    expect(res.body).toEqual({ provider: 'vapi', sent: true, status: 200, verified: true });
    expect(await lastDeliveries(org, 1)).toEqual([{ provider: 'vapi', outcome: 'test', credential_fingerprint: fingerprint(second) }]);
  });

  it('retires the old secret now: it is refused from then on, the new one still lands', async () => {
    // Another org's admin cannot retire ours: the same 404 as a random id.
    const foreign = await callRoute('retire-credential', { token: otherAdmin.token, body: { endpointId } });
    const random = await callRoute('retire-credential', { token: otherAdmin.token, body: { endpointId: randomUUID() } });
    expect(foreign.status).toBe(404);
    expect(foreign.text).toBe(random.text);
    expect(await deliverVapi(endpointId, first)).toBe(200);

    const res = await callRoute('retire-credential', { token: admin.token, body: { endpointId } });
    expect(res).toMatchObject({ status: 200, body: { retired: true } });
    expect(await deliverVapi(endpointId, first)).toBe(401);
    expect(await deliverVapi(endpointId, second)).toBe(200);
    // Forgotten, not just expired; a second retire has nothing to do.
    expect(await endpointOf(org, 'vapi')).toMatchObject({ secret: second, previous_secret: null, previous_expires_at: null });
    expect((await callRoute('retire-credential', { token: admin.token, body: { endpointId } })).status).toBe(404);
  });

  it('an overlap that runs out ends the old secret too; overlap 0 ends it at once', async () => {
    const third = (await callRoute('vapi-secret', { token: admin.token, body: { overlapHours: 1 } })).body.secret as string;
    expect(await deliverVapi(endpointId, second)).toBe(200);
    await db.query(`update public.provider_webhook_endpoints set previous_expires_at = now() - interval '1 second' where id = $1`, [endpointId]);
    expect(await deliverVapi(endpointId, second)).toBe(401);
    expect(await deliverVapi(endpointId, third)).toBe(200);
    // The expired overlap no longer blocks a rotation; with 0 the old one stops at once.
    const fourth = await callRoute('vapi-secret', { token: admin.token, body: { overlapHours: 0 } });
    expect(fourth.status).toBe(200);
    expect(fourth.body.retiring).toBeNull();
    expect(await deliverVapi(endpointId, third)).toBe(401);
    expect(await deliverVapi(endpointId, fourth.body.secret)).toBe(200);
  });
});

describe('Retell: the org pastes its API key, write-only, replaced with an overlap', () => {
  const k1 = retellKey();
  const k2 = retellKey();
  let endpointId: string;

  it('stores the key: the answer and the settings show its fingerprint and last 4, never the key', async () => {
    const res = await callRoute('retell-key', { token: admin.token, body: { apiKey: k1, overlapHours: 24 } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      provider: 'retell',
      endpointId: expect.any(String),
      path: `/api/webhooks/retell/${res.body.endpointId}`,
      fingerprint: fingerprint(k1),
      last4: k1.slice(-4),
      setAt: expect.any(String),
      retiring: null,
    });
    expect(res.text).not.toContain(k1);
    endpointId = res.body.endpointId;
    const settings = await callRoute('webhook-settings', { token: admin.token });
    expect(settings.body.endpoints[2]).toEqual({
      provider: 'retell',
      path: `/api/webhooks/retell/${endpointId}`,
      authMethod: 'retell-signature',
      createdAt: expect.any(String),
      endpointId,
      credential: { fingerprint: fingerprint(k1), last4: k1.slice(-4), setAt: res.body.setAt },
      previousCredential: null,
    });
    expect(settings.text).not.toContain(k1);
    expect(JSON.stringify((await admin.client.rpc('webhook_settings')).data)).not.toContain(k1);
    expect(await deliverRetell(endpointId, k1)).toBe(200);
    expect(await lastDeliveries(org, 1)).toEqual([{ provider: 'retell', outcome: 'accepted', credential_fingerprint: fingerprint(k1) }]);
  });

  it('the same key again is a 409 and changes nothing', async () => {
    const before = await endpointsOf(org);
    const res = await callRoute('retell-key', { token: admin.token, body: { apiKey: k1, overlapHours: 24 } });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: { code: 'conflict', message: expect.any(String) } });
    expect(await endpointsOf(org)).toEqual(before);
  });

  it('replaces it: deliveries signed with the old key land during the overlap, and are refused after retiring', async () => {
    const res = await callRoute('retell-key', { token: admin.token, body: { apiKey: k2, overlapHours: 24 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ endpointId, fingerprint: fingerprint(k2), last4: k2.slice(-4), retiring: { fingerprint: fingerprint(k1) } });
    expect(await deliverRetell(endpointId, k1)).toBe(200);
    expect(await deliverRetell(endpointId, k2)).toBe(200);
    expect((await lastDeliveries(org, 2)).map((d) => d.credential_fingerprint)).toEqual([fingerprint(k2), fingerprint(k1)]);
    const settings = await callRoute('webhook-settings', { token: admin.token });
    expect(settings.body.endpoints[2].previousCredential).toMatchObject({ fingerprint: fingerprint(k1), last4: k1.slice(-4) });
    for (const k of [k1, k2]) expect(settings.text).not.toContain(k);

    expect((await callRoute('retell-key', { token: admin.token, body: { apiKey: retellKey(), overlapHours: 1 } })).status).toBe(409);
    expect((await callRoute('retire-credential', { token: admin.token, body: { endpointId } })).body).toEqual({ retired: true });
    expect(await deliverRetell(endpointId, k1)).toBe(401);
    expect(await deliverRetell(endpointId, k2)).toBe(200);
    expect(await lastDeliveries(org, 2)).toEqual([
      { provider: 'retell', outcome: 'accepted', credential_fingerprint: fingerprint(k2) },
      { provider: 'retell', outcome: 'rejected', credential_fingerprint: null },
    ]);
  });

  it('"send test event" signs with the current key', async () => {
    const res = await callRoute('webhook-test', { token: admin.token, body: { provider: 'retell' } });
    expect(res.body).toEqual({ provider: 'retell', sent: true, status: 200, verified: true });
  });

  it('audits every change with fingerprints only, never a credential', async () => {
    const audit = await auditOf(org);
    expect(audit.map((a) => a.action).filter((a) => /^(vapi|retell)_credential\./.test(a))).toEqual([
      'vapi_credential.created', 'vapi_credential.rotated', 'vapi_credential.retired', 'vapi_credential.rotated', 'vapi_credential.rotated',
      'retell_credential.created', 'retell_credential.rotated', 'retell_credential.retired',
    ]);
    expect(new Set(audit.map((a) => a.actor_email))).toEqual(new Set([admin.email]));
    const all = JSON.stringify(audit);
    for (const k of [k1, k2]) expect(all).not.toContain(k);
    const vapi = await endpointOf(org, 'vapi');
    expect(all).not.toContain(vapi.secret);
  });
});

describe('who may', () => {
  it('staff: 403 at every route, and PT403 from the database functions themselves; nothing changes', async () => {
    const vapi = await endpointOf(org, 'vapi');
    const before = await endpointsOf(org);
    for (const [route, body] of [
      ['vapi-secret', { overlapHours: 0 }],
      ['retell-key', { apiKey: retellKey(), overlapHours: 0 }],
      ['retire-credential', { endpointId: vapi.id }],
    ] as const) {
      const res = await callRoute(route, { token: staff.token, body });
      expect(res.status, route).toBe(403);
      expect(res.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    }
    const calls = [
      await staff.client.rpc('rotate_vapi_secret', { p_overlap_seconds: 0 }),
      await staff.client.rpc('set_retell_api_key', { p_api_key: retellKey(), p_overlap_seconds: 0 }),
      await staff.client.rpc('retire_provider_credential', { p_endpoint_id: vapi.id }),
    ];
    for (const r of calls) expect(r.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    expect(await endpointsOf(org)).toEqual(before);
  });

  it('another org’s admin changes only their own org, and an endpoint of ours is the same 404 as a random id', async () => {
    const before = await endpointsOf(org);
    const res = await callRoute('vapi-secret', { token: otherAdmin.token, body: { overlapHours: 24 } });
    expect(res.status).toBe(200);
    expect((await endpointOf(otherOrg, 'vapi')).id).toBe(res.body.endpointId);
    // Both orgs now have an endpoint with a previous credential in its overlap: ours must stay.
    await callRoute('vapi-secret', { token: admin.token, body: { overlapHours: 24 } });
    const ours = await endpointOf(org, 'vapi');
    expect(ours.previous_secret).not.toBeNull();
    const foreign = await callRoute('retire-credential', { token: otherAdmin.token, body: { endpointId: ours.id } });
    const random = await callRoute('retire-credential', { token: otherAdmin.token, body: { endpointId: randomUUID() } });
    expect(foreign.status).toBe(404);
    expect(foreign.text).toBe(random.text);
    const direct = await otherAdmin.client.rpc('retire_provider_credential', { p_endpoint_id: ours.id });
    expect(direct).toMatchObject({ data: false, error: null });
    expect(await endpointOf(org, 'vapi')).toEqual(ours);
    expect((await endpointsOf(org)).map((e) => e.id)).toEqual(before.map((e) => e.id));

    const settings = await callRoute('webhook-settings', { token: otherAdmin.token });
    for (const e of before) expect(settings.text).not.toContain(e.id);
    expect(settings.text).not.toContain(fingerprint(ours.secret));
  });
});

describe('bad input is a 4xx and changes nothing', () => {
  it.each([
    ['a key that is too short', { apiKey: 'key_short', overlapHours: 1 }],
    ['a key with spaces', { apiKey: 'key_ with spaces inside it 1234', overlapHours: 1 }],
    ['a key of 513 characters', { apiKey: `key_${'a'.repeat(509)}`, overlapHours: 1 }],
    ['no key', { overlapHours: 1 }],
    ['a key that is not a string', { apiKey: 12345678901234567890, overlapHours: 1 }],
    ['overlap over 7 days', { apiKey: retellKey(), overlapHours: 169 }],
    ['negative overlap', { apiKey: retellKey(), overlapHours: -1 }],
    ['an unknown field', { apiKey: retellKey(), overlapHours: 1, orgId: randomUUID() }],
    ['not JSON', '{"apiKey":'],
  ] as const)('retell key: %s', async (_name, body) => {
    const before = await endpointsOf(org);
    const res = await callRoute('retell-key', { token: admin.token, body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
    expect(await endpointsOf(org)).toEqual(before);
  });

  it.each([
    ['fractional overlap', { overlapHours: 1.5 }],
    ['overlap as text', { overlapHours: '24' }],
    ['no body fields', {}],
  ] as const)('vapi secret: %s', async (_name, body) => {
    const before = await endpointsOf(org);
    const res = await callRoute('vapi-secret', { token: admin.token, body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
    expect(await endpointsOf(org)).toEqual(before);
  });

  it('retire: a malformed id is 400; a form post 415', async () => {
    const bad = await callRoute('retire-credential', { token: admin.token, body: { endpointId: 'not-a-uuid' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
    expect((await callRoute('retell-key', { token: admin.token, body: 'apiKey=x', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  it('the database refuses a bad key or overlap itself (a caller that skips the route)', async () => {
    const before = await endpointsOf(org);
    expect((await admin.client.rpc('set_retell_api_key', { p_api_key: 'short', p_overlap_seconds: 0 })).error).toMatchObject({ code: 'PT400', message: 'invalid_api_key' });
    expect((await admin.client.rpc('rotate_vapi_secret', { p_overlap_seconds: -1 })).error).toMatchObject({ code: '22023' });
    expect(await endpointsOf(org)).toEqual(before);
  });
});
