// Webhook settings (issue 14, point 2): the routes in-process with real tokens, the database
// functions over /rest/v1 with supabase-js, and deliveries through the real webhook route. Orgs of
// their own (never the demo orgs other files read).
//   - the secret is shown once: only the rotation's response holds it, no read ever returns it;
//   - rotation keeps the old secret valid for the chosen overlap; "retire" ends it at once;
//   - the delivery log records accepted, refused and test deliveries with coarse codes only;
//   - "send test event" goes through the real verification path;
//   - staff get 403 from the database (the RPC itself), other orgs see and change nothing;
//   - bad input is a 4xx { error } and changes nothing.
import { createHash, randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../lib/database.types.ts';
import { applyStackEnv, callRoute } from '../helpers/api.ts';
import { clientWithToken, DEMO_PASSWORD, serviceClient, signIn, stackEnv } from '../helpers/clients.ts';
import { createOrg } from '../helpers/pipeline-orgs.ts';
import { signedWebhookHeaders } from '../../lib/webhooks/sign-request.ts';

type Client = SupabaseClient<Database>;
/** The provider-credential fields (provider-credentials.test.ts covers them) of an endpoint without one. */
const noCredential = { endpointId: null, credential: null, previousCredential: null };
const fingerprint = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 12);
interface Member {
  token: string;
  client: Client;
  email: string;
}

let db: pg.Client;
let POST_VOICE: (r: Request) => Promise<Response>;
let org: string;
let otherOrg: string;
let admin: Member;
let staff: Member;
let otherAdmin: Member;

async function member(orgId: string, role: 'admin' | 'staff'): Promise<Member> {
  const email = `settings-${role}-${randomUUID().slice(0, 8)}@example.test`;
  const { error } = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: orgId, org_role: role } });
  if (error) throw error;
  const { session } = await signIn(email);
  return { token: session.access_token, client: clientWithToken(session.access_token), email };
}

function deliver(orgId: string, secret: string, type = 'webhook.test') {
  const body = JSON.stringify({ type, data: {} });
  return POST_VOICE(new Request(`http://localhost:3000/api/webhooks/voice?org=${orgId}`, { method: 'POST', headers: signedWebhookHeaders(secret, body), body }));
}

async function secretsOf(orgId: string) {
  return (
    await db.query<{ id: string; secret: string; expires_at: Date | null; valid: boolean }>(
      `select id, secret, expires_at, (valid_from <= now() and (expires_at is null or expires_at > now())) as valid
       from public.webhook_secrets where org_id = $1 order by valid_from desc`,
      [orgId],
    )
  ).rows;
}

/** The org's audit trail (org_audit_log, readable by the org's admins). */
async function auditOf(orgId: string) {
  return (
    await db.query<{ event: string; details: unknown; target_id: string; actor_email: string | null }>(
      `select action as event, detail as details, target as target_id, actor_email from public.org_audit_log where org_id = $1 order by created_at, id`,
      [orgId],
    )
  ).rows;
}

beforeAll(async () => {
  delete process.env.INNGEST_EVENT_KEY;
  delete process.env.INNGEST_DEV;
  applyStackEnv();
  ({ POST: POST_VOICE } = await import('../../app/api/webhooks/voice/route.ts'));
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  org = await createOrg(db);
  otherOrg = await createOrg(db);
  [admin, staff, otherAdmin] = await Promise.all([member(org, 'admin'), member(org, 'staff'), member(otherOrg, 'admin')]);
});

afterAll(async () => {
  await db?.end();
});

describe('an org without a secret', () => {
  it('shows its Standard Webhooks URL, no secret, no provider endpoints and an empty log', async () => {
    const res = await callRoute('webhook-settings', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      endpoints: [
        { provider: 'standard', path: `/api/webhooks/voice?org=${org}`, authMethod: 'standard-webhooks', createdAt: null, ...noCredential },
        { provider: 'vapi', path: null, authMethod: null, createdAt: null, ...noCredential },
        { provider: 'retell', path: null, authMethod: null, createdAt: null, ...noCredential },
      ],
      secrets: [],
      deliveries: [],
    });
  });

  it('a test event has nothing to sign with', async () => {
    for (const provider of ['standard', 'vapi', 'retell']) {
      const res = await callRoute('webhook-test', { token: admin.token, body: { provider } });
      expect(res.body).toEqual({ provider, sent: false, status: null, verified: false });
    }
  });
});

describe('create, rotate with overlap, retire', () => {
  let first: string;
  let second: string;

  it('creates the first secret and shows it once', async () => {
    const res = await callRoute('rotate-secret', { token: admin.token, body: { overlapHours: 24 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/), id: expect.any(String), retiring: [] });
    first = res.body.secret;
    const [stored] = await secretsOf(org);
    expect(stored).toMatchObject({ id: res.body.id, secret: first, expires_at: null });

    // Never readable again: not in the settings, not by the admin at the Data API.
    const settings = await callRoute('webhook-settings', { token: admin.token });
    expect(settings.text).not.toContain(first);
    expect(settings.body.secrets).toEqual([{ id: res.body.id, validFrom: res.body.validFrom, expiresAt: null, state: 'current' }]);
    expect((await admin.client.from('webhook_secrets').select('secret')).error).toMatchObject({ code: '42501' });
    // Nor through the function itself, over /rest/v1 (the route maps fields; the function must not hold it either).
    const direct = await admin.client.rpc('webhook_settings');
    expect(direct.error).toBeNull();
    expect(JSON.stringify(direct.data)).not.toContain(first);
    expect((await deliver(org, first)).status).toBe(200);
  });

  it('rotates: both secrets verify during the overlap; a second rotation waits for the retirement', async () => {
    const before = Date.now();
    const res = await callRoute('rotate-secret', { token: admin.token, body: { overlapHours: 24 } });
    expect(res.status).toBe(200);
    second = res.body.secret;
    expect(second).not.toBe(first);
    expect(res.body.retiring).toHaveLength(1);
    const expires = Date.parse(res.body.retiring[0].expiresAt);
    expect(expires - before).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(expires - before).toBeLessThan(24 * 3600_000 + 60_000);

    expect((await deliver(org, first)).status).toBe(200);
    expect((await deliver(org, second)).status).toBe(200);
    const settings = await callRoute('webhook-settings', { token: admin.token });
    expect(settings.body.secrets.map((s: { state: string }) => s.state)).toEqual(['current', 'retiring']);
    expect(settings.text).not.toContain(first);
    expect(settings.text).not.toContain(second);
    const direct = JSON.stringify((await admin.client.rpc('webhook_settings')).data);
    expect(direct).not.toContain(first);
    expect(direct).not.toContain(second);

    const again = await callRoute('rotate-secret', { token: admin.token, body: { overlapHours: 1 } });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: 'conflict', message: expect.any(String) } });
    expect((await secretsOf(org)).filter((s) => s.valid)).toHaveLength(2);
  });

  it('retires the old secret now: its deliveries fail, the new one still verifies', async () => {
    const [current, old] = await secretsOf(org);
    // The current secret cannot be retired (the org would have none); another org's admin cannot retire ours.
    expect((await callRoute('retire-secret', { token: admin.token, body: { secretId: current.id } })).status).toBe(404);
    expect((await callRoute('retire-secret', { token: otherAdmin.token, body: { secretId: old.id } })).status).toBe(404);
    expect((await deliver(org, first)).status).toBe(200);

    const res = await callRoute('retire-secret', { token: admin.token, body: { secretId: old.id } });
    expect(res).toMatchObject({ status: 200, body: { retired: true } });
    expect((await deliver(org, first)).status).toBe(401);
    expect((await deliver(org, second)).status).toBe(200);
    expect((await callRoute('retire-secret', { token: admin.token, body: { secretId: old.id } })).status).toBe(404);
  });

  it('rotates with overlap 0 ("retire now"): the old secret stops at once', async () => {
    const res = await callRoute('rotate-secret', { token: admin.token, body: { overlapHours: 0 } });
    expect(res.status).toBe(200);
    expect((await deliver(org, second)).status).toBe(401);
    expect((await deliver(org, res.body.secret)).status).toBe(200);
    expect((await secretsOf(org)).filter((s) => s.valid)).toHaveLength(1);
  });

  it('audits every change, without the secret', async () => {
    const audit = await auditOf(org);
    const events = audit.map((a) => a.event);
    expect(events.filter((e) => e.startsWith('webhook_secret.'))).toEqual(['webhook_secret.created', 'webhook_secret.rotated', 'webhook_secret.retired', 'webhook_secret.rotated']);
    // Who did it: the admin, as the org's admins read it in their audit trail.
    expect(new Set(audit.map((a) => a.actor_email))).toEqual(new Set([admin.email]));
    const all = JSON.stringify(audit);
    for (const s of await secretsOf(org)) expect(all).not.toContain(s.secret);
  });
});

describe('deliveries and test events', () => {
  it('a test event is signed with the current secret, verified by the real route and logged as "test"', async () => {
    const res = await callRoute('webhook-test', { token: admin.token, body: { provider: 'standard' } });
    expect(res.body).toEqual({ provider: 'standard', sent: true, status: 200, verified: true });
    const settings = await callRoute('webhook-settings', { token: admin.token });
    expect(settings.body.deliveries[0]).toMatchObject({ provider: 'standard', eventType: 'webhook.test', outcome: 'test', errorCode: null });
    expect((await auditOf(org)).some((a) => a.event === 'webhook.test_sent')).toBe(true);
  });

  it('a refused delivery to the org URL is logged with a coarse code; one to an unknown org nowhere', async () => {
    const forged = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    expect((await deliver(org, forged, 'end-of-call-report')).status).toBe(401);
    const unknownOrg = randomUUID();
    expect((await deliver(unknownOrg, forged)).status).toBe(401);
    const settings = await callRoute('webhook-settings', { token: admin.token });
    expect(settings.body.deliveries[0]).toMatchObject({ provider: 'standard', eventType: null, outcome: 'rejected', errorCode: 'authentication_failed' });
    expect((await db.query('select count(*)::int as n from public.webhook_delivery_events where org_id = $1', [unknownOrg])).rows[0].n).toBe(0);
  });

  it('Vapi and Retell endpoints: URL shown (never the key), test event verified the provider’s way', async () => {
    const key = `key_${randomUUID().replace(/-/g, '')}`;
    const vapiToken = `tok_${randomUUID().replace(/-/g, '')}`;
    const retell = (await db.query(`insert into public.provider_webhook_endpoints (org_id, provider, auth_method, secret) values ($1, 'retell', 'retell-signature', $2) returning id`, [org, key])).rows[0].id;
    const vapi = (await db.query(`insert into public.provider_webhook_endpoints (org_id, provider, auth_method, secret) values ($1, 'vapi', 'bearer', $2) returning id`, [org, vapiToken])).rows[0].id;
    const settings = await callRoute('webhook-settings', { token: admin.token });
    expect(settings.body.endpoints.slice(1)).toEqual([
      {
        provider: 'vapi', path: `/api/webhooks/vapi/${vapi}`, authMethod: 'bearer', createdAt: expect.any(String), endpointId: vapi,
        credential: { fingerprint: fingerprint(vapiToken), last4: null, setAt: expect.any(String) }, previousCredential: null,
      },
      {
        provider: 'retell', path: `/api/webhooks/retell/${retell}`, authMethod: 'retell-signature', createdAt: expect.any(String), endpointId: retell,
        credential: { fingerprint: fingerprint(key), last4: key.slice(-4), setAt: expect.any(String) }, previousCredential: null,
      },
    ]);
    expect(settings.text).not.toContain(key);
    expect(settings.text).not.toContain(vapiToken);
    for (const provider of ['vapi', 'retell']) {
      const res = await callRoute('webhook-test', { token: admin.token, body: { provider } });
      expect(res.body).toEqual({ provider, sent: true, status: 200, verified: true });
    }
    const log = (await callRoute('webhook-settings', { token: admin.token })).body.deliveries.slice(0, 2);
    expect(log.map((d: { provider: string; outcome: string }) => `${d.provider}:${d.outcome}`)).toEqual(['retell:test', 'vapi:test']);
  });

  it('the log keeps the newest 200 per org', async () => {
    await db.query(`select public.record_webhook_delivery($1, 'standard', 'x', 'ignored', null) from generate_series(1, 205)`, [otherOrg]);
    expect((await db.query('select count(*)::int as n from public.webhook_delivery_events where org_id = $1', [otherOrg])).rows[0].n).toBe(200);
    const settings = await callRoute('webhook-settings', { token: otherAdmin.token });
    expect(settings.body.deliveries).toHaveLength(50);
    // And none of them is ours.
    const ours = (await db.query('select id::text from public.webhook_delivery_events where org_id = $1', [org])).rows.map((r) => r.id as string);
    for (const id of ours) expect(settings.text).not.toContain(id);
  });
});

describe('who may', () => {
  it('staff: 403 at every route, and PT403 from the database functions themselves', async () => {
    for (const [route, body] of [['webhook-settings', undefined], ['rotate-secret', { overlapHours: 1 }], ['retire-secret', { secretId: randomUUID() }], ['webhook-test', { provider: 'standard' }]] as const) {
      const res = await callRoute(route, { token: staff.token, body });
      expect(res.status, route).toBe(403);
      expect(res.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    }
    const before = await secretsOf(org);
    const calls = [
      await staff.client.rpc('webhook_settings'),
      await staff.client.rpc('rotate_webhook_secret', { p_overlap_seconds: 0 }),
      await staff.client.rpc('retire_webhook_secret', { p_secret_id: before[0].id }),
      await staff.client.rpc('begin_webhook_test', { p_provider: 'standard' }),
    ];
    for (const r of calls) expect(r.error).toMatchObject({ code: 'PT403', message: 'forbidden' });
    expect(await secretsOf(org)).toEqual(before);
  });

  it('another org’s admin sees only their own org and cannot rotate ours', async () => {
    const before = await secretsOf(org);
    const res = await callRoute('rotate-secret', { token: otherAdmin.token, body: { overlapHours: 0 } });
    expect(res.status).toBe(200);
    expect(await secretsOf(org)).toEqual(before);
    expect((await secretsOf(otherOrg))[0].id).toBe(res.body.id);
    const settings = await callRoute('webhook-settings', { token: otherAdmin.token });
    expect(settings.text).not.toContain(org);
    for (const s of before) expect(settings.text).not.toContain(s.id);
  });

  it('signed out: 401', async () => {
    const { client, session } = await signIn(admin.email);
    await client.auth.signOut({ scope: 'local' });
    for (const route of ['webhook-settings', 'rotate-secret'] as const) {
      expect((await callRoute(route, { token: session.access_token, body: { overlapHours: 1 } })).status).toBe(401);
    }
    expect((await callRoute('webhook-settings', { token: null })).status).toBe(401);
  });
});

describe('bad input is a 4xx and changes nothing', () => {
  it.each([
    ['negative overlap', { overlapHours: -1 }, 400],
    ['overlap over 7 days', { overlapHours: 169 }, 400],
    ['fractional overlap', { overlapHours: 1.5 }, 400],
    ['overlap as text', { overlapHours: '24' }, 400],
    ['unknown field', { overlapHours: 1, orgId: randomUUID() }, 400],
    ['no body fields', {}, 400],
    ['not JSON', '{"overlapHours":', 400],
  ] as const)('rotate: %s', async (_name, body, status) => {
    const before = await secretsOf(org);
    const res = await callRoute('rotate-secret', { token: admin.token, body });
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
    expect(await secretsOf(org)).toEqual(before);
  });

  it('rotate: a form post is 415, an oversized body 413', async () => {
    const before = await secretsOf(org);
    expect((await callRoute('rotate-secret', { token: admin.token, body: 'overlapHours=1', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await callRoute('rotate-secret', { token: admin.token, body: JSON.stringify({ overlapHours: 1, pad: 'x'.repeat(70_000) }) })).status).toBe(413);
    expect(await secretsOf(org)).toEqual(before);
  });

  it('test event: an unknown provider is 400; retire: a malformed id is 400', async () => {
    expect((await callRoute('webhook-test', { token: admin.token, body: { provider: 'twilio' } })).status).toBe(400);
    expect((await callRoute('retire-secret', { token: admin.token, body: { secretId: 'x' } })).status).toBe(400);
  });

  it('the database refuses an out-of-range overlap itself (not only the route)', async () => {
    const r = await admin.client.rpc('rotate_webhook_secret', { p_overlap_seconds: 8 * 24 * 3600 });
    expect(r.error).toMatchObject({ code: '22023' });
  });
});
