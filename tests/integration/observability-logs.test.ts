// Structured logs: one line per request with the request id, route, status, duration, org and
// user; and never a token, key, webhook secret, phone number, e-mail or transcript text, whatever
// the request carried (a successful list, a foreign id, forged tokens, signed and forged webhook
// deliveries with phone numbers and a transcript, an unhandled error).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAfterResponse } from '../../lib/api/after-response.ts';
import { toErrorResponse } from '../../lib/api/errors.ts';
import { observeRequest } from '../../lib/observability/request.ts';
import { scrubString } from '../../lib/observability/scrub.ts';
import { signedWebhookHeaders } from '../../lib/webhooks/sign-request.ts';
import { generateWebhookSecret } from '../../lib/webhooks/signature.ts';
import { ORGS } from '../../supabase/local/seed/demo-constants.ts';
import { applyStackEnv, badTokens, callRoute } from '../helpers/api.ts';
import { signIn, stackEnv } from '../helpers/clients.ts';
import { createOrg } from '../helpers/pipeline-orgs.ts';
import { captureLogs } from '../helpers/logs.ts';

const CALLER = '+14155550199';
const CALLEE = '+1 (415) 555-0177';
const TRANSCRIPT = 'My card number ends in seven seven and my secret word is marmalade';
const SUMMARY = 'Caller asked about the marmalade account';

let capture: ReturnType<typeof captureLogs>;
let db: pg.Client;
let admin: { token: string; userId: string; refresh: string; email: string };
let globexCall: string;
let org: string;
let secret: string;
let forged: Awaited<ReturnType<typeof badTokens>>;

beforeAll(async () => {
  delete process.env.INNGEST_EVENT_KEY;
  delete process.env.INNGEST_DEV;
  applyStackEnv();
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  const a = await signIn('admin@acme.test');
  admin = { token: a.session.access_token, userId: a.user.id, refresh: a.session.refresh_token, email: 'admin@acme.test' };
  globexCall = (await db.query('select id from public.call_logs where org_id = $1 limit 1', [ORGS.globex.id])).rows[0].id;
  org = await createOrg(db);
  secret = generateWebhookSecret();
  await db.query('insert into public.webhook_secrets (org_id, secret) values ($1, $2)', [org, secret]);
  forged = await badTokens(admin.token);
  capture = captureLogs();
});
afterAll(async () => {
  capture?.restore();
  await db?.end();
});

function delivery(providerCallId: string) {
  return JSON.stringify({
    type: 'end-of-call-report',
    call: {
      id: providerCallId, direction: 'inbound', from: CALLER, to: CALLEE,
      startedAt: new Date(Date.now() - 60_000).toISOString(), endedAt: new Date().toISOString(),
      endedReason: 'customer-ended-call', customer: { name: 'Log Scan Caller' },
    },
    artifact: { transcript: [{ role: 'user', message: TRANSCRIPT, secondsFromStart: 0, duration: 3 }] },
    analysis: { summary: SUMMARY, sentiment: 'neutral' },
  });
}

describe('request log lines', () => {
  it('a list request logs request id, route, method, status, duration, org and user', async () => {
    const res = await callRoute('list', { token: admin.token });
    expect(res.status).toBe(200);
    const line = capture.records().findLast((r) => r.msg === 'request' && r.route === 'GET /api/calls-dashboard');
    expect(line).toMatchObject({ level: 'info', method: 'GET', status: 200, orgId: ORGS.acme.id, userId: admin.userId });
    expect(line!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof line!.durationMs).toBe('number');
    expect(typeof line!.time).toBe('string');
  });

  it('a plain caller request id is kept and answered; an odd one is replaced', async () => {
    const { GET } = await import('../../app/api/me/route.ts');
    const ask = (id: string) =>
      GET(new Request('http://localhost:3000/api/me', { headers: { authorization: `Bearer ${admin.token}`, 'x-request-id': id } }), { params: Promise.resolve({}) });
    const kept = await ask('req-0123456789abcdef');
    expect(kept.headers.get('x-request-id')).toBe('req-0123456789abcdef');
    const replaced = await ask('evil", "injected": true, "x": "');
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(capture.text()).not.toContain('injected');
  });

  it('a verified webhook delivery logs its org; a forged one logs the reason, never the payload', async () => {
    const { POST } = await import('../../app/api/webhooks/voice/route.ts');
    const body = delivery(`log-scan-${randomUUID()}`);
    const send = (headers: Record<string, string>) =>
      POST(new Request(`http://localhost:3000/api/webhooks/voice?org=${org}`, { method: 'POST', headers, body }));
    expect((await send(signedWebhookHeaders(secret, body))).status).toBe(200);
    const forgedSecret = generateWebhookSecret();
    expect((await send(signedWebhookHeaders(forgedSecret, body))).status).toBe(401);
    await settleAfterResponse();
    const lines = capture.records().filter((r) => r.route === 'POST /api/webhooks/voice' && r.msg === 'request');
    expect(lines.map((l) => l.status)).toEqual([200, 401]);
    expect(lines[0].orgId).toBe(org);
    expect(capture.records().some((r) => r.msg === 'webhook rejected' && r.targetOrgId === org && /no valid secret/.test(r.reason))).toBe(true);
    expect(capture.text()).not.toContain(forgedSecret);
  });

  it('forged tokens, a foreign id and an unhandled error are logged without their secrets', async () => {
    for (const token of Object.values(forged)) expect((await callRoute('me', { token })).status).toBe(401);
    expect((await callRoute('detail', { token: admin.token, callId: globexCall })).status).toBe(404);
    // An error whose message carries what must never be logged (as a driver error might).
    const leaky = new Error(`insert failed for ${CALLER} with Bearer ${admin.token} key ${stackEnv().secretKey} by ${admin.email}`);
    const res = await observeRequest('GET /api/test-error', new Request('http://localhost:3000/x'), async () => toErrorResponse(leaky));
    expect(res.status).toBe(500);
    await settleAfterResponse();
    const error = capture.records().find((r) => r.msg === 'unhandled API error');
    expect(error?.err?.message).toContain('[phone]');
    expect(capture.records().find((r) => r.route === 'GET /api/test-error' && r.msg === 'request')).toMatchObject({ level: 'error', status: 500 });
  });

  it('a job run logs one line per org: job, org, run id, outcome, duration and counts only', async () => {
    const { runJob } = await import('../../scripts/lib/run-job.ts');
    const { createServiceClient } = await import('../../lib/supabase/service.ts');
    const env = stackEnv();
    const [result] = await runJob({ client: createServiceClient({ url: env.url, serviceRoleKey: env.secretKey }) }, 'stale', { orgId: org });
    expect(result).not.toHaveProperty('error');
    const line = capture.records().findLast((r) => r.msg === 'job' && r.job === 'stale');
    expect(line).toMatchObject({ level: 'info', orgId: org, outcome: 'ok' });
    expect(line!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof line!.durationMs).toBe('number');
    for (const value of Object.values(line!.counts as Record<string, unknown>)) expect(['number', 'boolean']).toContain(typeof value);
  });

  it('the captured output holds no token, key, secret, phone number, e-mail or transcript text', () => {
    const text = capture.text();
    expect(text.length).toBeGreaterThan(0);
    const env = stackEnv();
    const forbidden = [
      admin.token, admin.refresh, ...Object.values(forged), env.secretKey, env.publishableKey, env.serviceRoleKey, env.anonKey, secret,
      CALLER, CALLER.slice(1), '4155550199', CALLEE, '555-0177', admin.email, TRANSCRIPT, 'marmalade', SUMMARY, 'Log Scan Caller',
    ];
    for (const value of forbidden) expect(text, `log output contains ${value.slice(0, 24)}…`).not.toContain(value);
    // Shapes, whatever the value: no JWT, no API or webhook key, nothing phone-like left by a scrub miss.
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
    expect(text).not.toMatch(/sb_(secret|publishable)_|whsec_/);
    expect(text).not.toMatch(/\+\d{10,}/);
    // Every line is one JSON object.
    for (const line of text.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });
});

describe('scrubbing', () => {
  it.each([
    ['call from +14155550142 failed', 'call from [phone] failed'],
    ['(415) 555-0142', '[phone]'],
    ['415.555.0142 and 020 7946 0958', '[phone] and [phone]'],
    ['Bearer abc.def.ghi', 'Bearer [redacted]'],
    ['key sb_secret_abcDEF123 and whsec_QUJD', 'key [api-key] and [webhook-secret]'],
    ['mail admin@acme.test now', 'mail [email] now'],
    ['postgres://postgres:pw@127.0.0.1:54322/postgres', '[connection-string]'],
    ['GET https://rec.example/a.wav?X-Amz-Signature=abc&X-Amz-Credential=k failed', 'GET https://rec.example/a.wav?[redacted] failed'],
  ])('%s', (input, expected) => expect(scrubString(input)).toBe(expected));

  it.each(['2b7c2ef0-5f1a-4c61-9d5e-446655440000', '2026-11-30T09:10:00.000Z', 'ip:203.0.113.5', 'durationMs 1234'])('keeps ids, times and addresses: %s', (value) =>
    expect(scrubString(value)).toBe(value),
  );
});
