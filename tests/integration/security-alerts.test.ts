// Security alerting: N cross-tenant signals from one source within a window send exactly one alert
// to the deployment's alert webhook (a local receiver here), however many more arrive and however
// concurrently, and the alert shows in the security log with the window's count. Kinds: foreign
// ids on detail/recording, forged tokens (per client address), webhook authentication failures
// (per targeted org).
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAfterResponse } from '../../lib/api/after-response.ts';
import type { AlertPayload } from '../../lib/security/alerts.ts';
import { signedWebhookHeaders } from '../../lib/webhooks/sign-request.ts';
import { generateWebhookSecret } from '../../lib/webhooks/signature.ts';
import { ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { applyStackEnv, badTokens, callRoute } from '../helpers/api.ts';
import { anonClient, clientWithToken, DEMO_PASSWORD, serviceClient, signIn, stackEnv } from '../helpers/clients.ts';
import { createOrg } from '../helpers/pipeline-orgs.ts';

const THRESHOLD = 3;
const WINDOW_SECONDS = 3600;

let receiver: Server;
const received: AlertPayload[] = [];
let db: pg.Client;
let globexCalls: string[];

const alertsFor = (source: string) => received.filter((a) => a.source === source);
const securityLog = (orgId: string) =>
  db.query<{ event: string; route: string; details: Record<string, unknown> }>(
    `select event, route, details from public.security_audit_log where org_id = $1 and event = 'security_alert' order by id`,
    [orgId],
  );

/** A fresh org with one signed-in admin: its own alert source, untouched by other tests. */
async function freshAdmin() {
  const orgId = await createOrg(db);
  const email = `alerts-${randomUUID()}@example.test`;
  const { error } = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: orgId, org_role: 'admin' } });
  if (error) throw error;
  const { session, user } = await signIn(email);
  return { orgId, userId: user.id, token: session.access_token };
}

beforeAll(async () => {
  // The counting windows are fixed (aligned to the epoch): keep the test inside one.
  const toBoundary = WINDOW_SECONDS - (Math.floor(Date.now() / 1000) % WINDOW_SECONDS);
  if (toBoundary < 60) await new Promise((r) => setTimeout(r, (toBoundary + 1) * 1000));
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  process.env.SECURITY_ALERT_WEBHOOK_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;
  process.env.SECURITY_ALERT_THRESHOLD = String(THRESHOLD);
  process.env.SECURITY_ALERT_WINDOW_SECONDS = String(WINDOW_SECONDS);
  delete process.env.INNGEST_EVENT_KEY;
  delete process.env.INNGEST_DEV;
  applyStackEnv();
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  globexCalls = (await db.query('select id from public.call_logs where org_id = $1 order by id limit 10', [ORGS.globex.id])).rows.map((r) => r.id);
});
afterAll(async () => {
  delete process.env.SECURITY_ALERT_WEBHOOK_URL;
  delete process.env.SECURITY_ALERT_THRESHOLD;
  delete process.env.SECURITY_ALERT_WINDOW_SECONDS;
  await db?.end();
  await new Promise((r) => receiver?.close(r));
});

describe('foreign-id probes', () => {
  it(`${THRESHOLD + 2} probes in a window send exactly one alert, and the security log shows the count`, async () => {
    const prober = await freshAdmin();
    for (const [i, callId] of globexCalls.slice(0, THRESHOLD + 2).entries()) {
      const res = await callRoute(i % 2 ? 'recording' : 'detail', { token: prober.token, callId });
      expect(res.status).toBe(404);
      await settleAfterResponse();
      // Nothing before the threshold.
      if (i < THRESHOLD - 1) expect(alertsFor(`user:${prober.userId}`)).toEqual([]);
    }
    const alerts = alertsFor(`user:${prober.userId}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'foreign_id_probe', orgId: prober.orgId, count: THRESHOLD, threshold: THRESHOLD, windowSeconds: WINDOW_SECONDS });
    expect(alerts[0].text).toContain('foreign id probe');

    const log = (await securityLog(prober.orgId)).rows;
    expect(log).toHaveLength(1);
    expect(log[0].details).toMatchObject({ kind: 'foreign_id_probe', source: `user:${prober.userId}`, count: THRESHOLD + 2, threshold: THRESHOLD });
  });

  it('concurrent probes still send exactly one alert', async () => {
    const prober = await freshAdmin();
    const results = await Promise.all(globexCalls.slice(0, 8).map((callId) => callRoute('detail', { token: prober.token, callId })));
    expect(results.every((r) => r.status === 404)).toBe(true);
    await settleAfterResponse();
    expect(alertsFor(`user:${prober.userId}`)).toHaveLength(1);
    expect((await securityLog(prober.orgId)).rows[0].details).toMatchObject({ count: 8 });
  });

  it('random ids are not cross-tenant signals: no alert', async () => {
    const prober = await freshAdmin();
    for (let i = 0; i < THRESHOLD + 1; i++) expect((await callRoute('detail', { token: prober.token, callId: randomUUID() })).status).toBe(404);
    await settleAfterResponse();
    expect(alertsFor(`user:${prober.userId}`)).toEqual([]);
    expect((await securityLog(prober.orgId)).rows).toEqual([]);
  });
});

describe('forged tokens', () => {
  it('are counted per client address: one alert, no org in it', async () => {
    const { session } = await signIn('staff@acme.test');
    // Bad signature, alg none, a foreign key (invalid_token); expired ones are not signals.
    const forged = Object.values(await badTokens(session.access_token));
    const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const { GET } = await import('../../app/api/me/route.ts');
    let sent = 0;
    for (const t of [...forged, ...forged]) {
      const res = await GET(new Request('http://localhost:3000/api/me', { headers: { authorization: `Bearer ${t}`, 'x-forwarded-for': `${address}, 10.0.0.1` } }), {
        params: Promise.resolve({}),
      });
      expect(res.status).toBe(401);
      if ((await res.json()).error.code === 'invalid_token') sent++;
    }
    await settleAfterResponse();
    expect(sent).toBeGreaterThanOrEqual(THRESHOLD);
    const alerts = alertsFor(`ip:${address}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'invalid_token', orgId: null, count: THRESHOLD, route: 'GET /api/me' });
  });
});

describe('webhook authentication failures', () => {
  it('against one org: one alert for that org, in its security log', async () => {
    const { POST } = await import('../../app/api/webhooks/voice/route.ts');
    const orgId = await createOrg(db);
    await db.query('insert into public.webhook_secrets (org_id, secret) values ($1, $2)', [orgId, generateWebhookSecret()]);
    const body = JSON.stringify({ type: 'end-of-call-report', call: { id: `alert-${randomUUID()}` } });
    for (let i = 0; i < THRESHOLD + 1; i++) {
      const res = await POST(new Request(`http://localhost:3000/api/webhooks/voice?org=${orgId}`, { method: 'POST', headers: signedWebhookHeaders(generateWebhookSecret(), body), body }));
      expect(res.status).toBe(401);
    }
    await settleAfterResponse();
    const alerts = alertsFor(`org:${orgId}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'webhook_auth_failure', orgId, count: THRESHOLD, route: 'POST /api/webhooks/voice' });
    expect((await securityLog(orgId)).rows[0]).toMatchObject({ route: 'POST /api/webhooks/voice', details: { kind: 'webhook_auth_failure', count: THRESHOLD + 1 } });
  });
});

describe('the counting is platform-only', () => {
  it('users and anon can neither read nor write the windows, nor call the functions', async () => {
    const clients = {
      anon: anonClient(),
      staff: clientWithToken((await signIn('staff@acme.test')).session.access_token),
      admin: clientWithToken((await signIn('admin@acme.test')).session.access_token),
    };
    const args = { p_kind: 'invalid_token', p_source: 'ip:203.0.113.9', p_org_id: ORGS.acme.id, p_route: 'x', p_window_seconds: 60, p_threshold: 1 };
    for (const [who, client] of Object.entries(clients)) {
      const t = client.from('security_alert_windows');
      const results = [
        await t.select('source'),
        await t.insert({ kind: 'invalid_token', source: 'ip:x', window_start: new Date().toISOString(), window_seconds: 60, attempts: 1, threshold: 1 }),
        await t.update({ attempts: 1 }).eq('kind', 'invalid_token'),
        await t.delete().eq('kind', 'invalid_token'),
        await client.rpc('record_security_signal', args),
        await client.rpc('org_pipeline_stats'),
      ];
      for (const r of results) expect(r.error?.code, who).toBe('42501');
    }
    expect((await db.query(`select count(*)::int n from public.security_alert_windows where source = 'ip:203.0.113.9'`)).rows[0].n).toBe(0);
  });
});
