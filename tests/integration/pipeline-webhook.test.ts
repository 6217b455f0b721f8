// POST /api/webhooks/voice, called in-process with real Requests against the test run's stack.
// Verification failures must leave no rows; the org is the owner of the verifying secret only.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyStackEnv } from '../helpers/api.ts';
import { stackEnv } from '../helpers/clients.ts';
import { asRole, userClaims } from '../helpers/db.ts';
import { createOrg } from '../helpers/pipeline-orgs.ts';
import { generateWebhookSecret } from '../../lib/webhooks/signature.ts';
import { signedWebhookHeaders } from '../../lib/webhooks/sign-request.ts';

let db: pg.Client;
let A: string;
let B: string;
let secretA: string;
let secretB: string;
let leadB: string;
let campaignB: string;
let POST: (r: Request) => Promise<Response>;

function report(providerCallId: string, extra: Record<string, unknown> = {}, callExtra: Record<string, unknown> = {}) {
  return {
    type: 'end-of-call-report',
    call: {
      id: providerCallId,
      direction: 'inbound',
      from: '+14155550142',
      to: '+14155550100',
      startedAt: new Date(Date.now() - 60_000).toISOString(),
      endedAt: new Date().toISOString(),
      endedReason: 'customer-ended-call',
      cost: 0.05,
      customer: { name: 'Webhook Caller' },
      ...callExtra,
    },
    artifact: {
      transcript: [{ role: 'assistant', message: 'Hello from the webhook test', secondsFromStart: 0, duration: 2 }],
      recordingUrl: `https://recordings.provider.example/${providerCallId}.wav`,
    },
    analysis: { summary: 'webhook test call', sentiment: 'neutral' },
    ...extra,
  };
}

function send(body: string, headers: Record<string, string>, query = `?org=${A}`) {
  return POST(new Request(`http://localhost:3000/api/webhooks/voice${query}`, { method: 'POST', headers, body }));
}

async function rowsFor(providerCallId: string) {
  return (
    await db.query<{ id: string; org_id: string; lead_id: string | null; campaign_id: string | null; summary: string }>(
      'select id, org_id, lead_id, campaign_id, summary from public.call_logs where provider_call_id = $1',
      [providerCallId],
    )
  ).rows;
}

async function queueFor(callId: string) {
  return (await db.query('select org_id, status, recording_url from public.recording_upload_queue where call_id = $1', [callId])).rows;
}

beforeAll(async () => {
  delete process.env.INNGEST_EVENT_KEY;
  delete process.env.INNGEST_DEV;
  applyStackEnv();
  ({ POST } = await import('../../app/api/webhooks/voice/route.ts'));
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  A = await createOrg(db);
  B = await createOrg(db);
  secretA = generateWebhookSecret();
  secretB = generateWebhookSecret();
  await db.query('insert into public.webhook_secrets (org_id, secret) values ($1, $2), ($3, $4)', [A, secretA, B, secretB]);
  leadB = (await db.query(`insert into public.leads (org_id, name) values ($1, 'B lead') returning id`, [B])).rows[0].id;
  campaignB = (await db.query(`insert into public.campaigns (org_id, name) values ($1, 'B campaign') returning id`, [B])).rows[0].id;
});
afterAll(async () => {
  await db?.end();
});

describe('voice webhook: valid deliveries', () => {
  it('stores the call and its queue item under the verifying org, visible to that org only', async () => {
    const pid = `wh-${randomUUID()}`;
    const body = JSON.stringify(report(pid));
    const res = await send(body, signedWebhookHeaders(secretA, body));
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json).toMatchObject({ received: true, duplicate: false });
    // Inngest is not configured here, so the send is skipped (tests/unit/inngest-notify.test.ts proves
    // the skip and the bounded wait when Inngest does not answer; no wall-clock check here).

    const rows = await rowsFor(pid);
    expect(rows).toEqual([expect.objectContaining({ id: json.callId, org_id: A, summary: 'webhook test call' })]);
    expect(await queueFor(json.callId)).toEqual([
      { org_id: A, status: 'pending', recording_url: `https://recordings.provider.example/${pid}.wav` },
    ]);

    // Users see list fields only (provider ids are not among them): look the call up by its id.
    const sql = 'select id from public.call_logs where id = $1';
    const own = await asRole(db, 'authenticated', userClaims({ orgId: A, role: 'staff' }), sql, [json.callId]);
    expect(own.error).toBeUndefined();
    expect(own.rows).toHaveLength(1);
    expect((await asRole(db, 'authenticated', userClaims({ orgId: B, role: 'admin' }), sql, [json.callId])).rows).toHaveLength(0);
  });

  it('refuses a delivery whose URL names no org, even correctly signed: at most two secrets are ever tried', async () => {
    const pid = `wh-${randomUUID()}`;
    const body = JSON.stringify(report(pid));
    const res = await send(body, signedWebhookHeaders(secretB, body), '');
    expect(res.status).toBe(401);
    expect(await rowsFor(pid)).toEqual([]);
  });

  it('accepts either secret during a rotation, and several signatures in one header', async () => {
    const next = generateWebhookSecret();
    const rotating = await createOrg(db);
    const old = generateWebhookSecret();
    await db.query(
      `insert into public.webhook_secrets (org_id, secret, valid_from, expires_at) values ($1, $2, now() - interval '1 day', now() + interval '1 hour'), ($1, $3, now(), null)`,
      [rotating, old, next],
    );
    for (const secrets of [[old], [next], [next, old]]) {
      const pid = `wh-${randomUUID()}`;
      const body = JSON.stringify(report(pid));
      const res = await send(body, signedWebhookHeaders(secrets, body), `?org=${rotating}`);
      expect(res.status).toBe(200);
      expect((await rowsFor(pid)).map((r) => r.org_id)).toEqual([rotating]);
    }
    // A third valid secret at once is refused by the database.
    await expect(db.query('insert into public.webhook_secrets (org_id, secret) values ($1, $2)', [rotating, generateWebhookSecret()])).rejects.toThrow(
      /at most two/,
    );
  });

  it('acknowledges other event types without storing anything', async () => {
    const body = JSON.stringify({ type: 'status-update', call: { id: 'whatever' } });
    const res = await send(body, signedWebhookHeaders(secretA, body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, ignored: 'status-update' });
  });
});

describe('voice webhook: refused deliveries leave no rows', () => {
  const cases: [string, (pid: string) => { body: string; headers: Record<string, string>; query?: string }][] = [
    ['tampered body', (pid) => {
      const signed = JSON.stringify(report(pid));
      return { body: signed.replace('webhook test call', 'tampered call'), headers: signedWebhookHeaders(secretA, signed) };
    }],
    ['wrong secret', (pid) => {
      const body = JSON.stringify(report(pid));
      return { body, headers: signedWebhookHeaders(generateWebhookSecret(), body) };
    }],
    ['timestamp older than 5 minutes', (pid) => {
      const body = JSON.stringify(report(pid));
      return { body, headers: signedWebhookHeaders(secretA, body, { timestamp: Math.floor(Date.now() / 1000) - 301 }) };
    }],
    ['timestamp more than 5 minutes ahead', (pid) => {
      const body = JSON.stringify(report(pid));
      return { body, headers: signedWebhookHeaders(secretA, body, { timestamp: Math.floor(Date.now() / 1000) + 301 }) };
    }],
    ['another org’s secret with this org’s hint', (pid) => {
      const body = JSON.stringify(report(pid));
      return { body, headers: signedWebhookHeaders(secretB, body) };
    }],
    ['an expired secret', (pid) => {
      const body = JSON.stringify(report(pid));
      return { body, headers: signedWebhookHeaders(EXPIRED, body), query: `?org=${EXPIRED_ORG}` };
    }],
    ['a malformed hint', (pid) => {
      const body = JSON.stringify(report(pid));
      return { body, headers: signedWebhookHeaders(secretA, body), query: `?org=not-a-uuid` };
    }],
    ...(['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const).map(
      (h) =>
        [`missing ${h}`, (pid: string) => {
          const body = JSON.stringify(report(pid));
          const headers = signedWebhookHeaders(secretA, body);
          delete headers[h];
          return { body, headers };
        }] as [string, (pid: string) => { body: string; headers: Record<string, string> }],
    ),
    ['an empty signature', (pid) => {
      const body = JSON.stringify(report(pid));
      return { body, headers: { ...signedWebhookHeaders(secretA, body), 'webhook-signature': 'v1,' } };
    }],
  ];
  let EXPIRED = '';
  let EXPIRED_ORG = '';
  beforeAll(async () => {
    EXPIRED_ORG = await createOrg(db);
    EXPIRED = generateWebhookSecret();
    await db.query(
      `insert into public.webhook_secrets (org_id, secret, valid_from, expires_at) values ($1, $2, now() - interval '2 days', now() - interval '1 day')`,
      [EXPIRED_ORG, EXPIRED],
    );
  });

  it.each(cases)('%s → 401', async (_name, make) => {
    const pid = `wh-${randomUUID()}`;
    const { body, headers, query } = make(pid);
    const res = await send(body, headers, query);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Webhook signature verification failed.' } });
    expect(await rowsFor(pid)).toEqual([]);
  });

  it('oversize body → 413, nothing stored', async () => {
    const pid = `wh-${randomUUID()}`;
    const body = JSON.stringify(report(pid, { padding: 'x'.repeat(1024 * 1024) }));
    const res = await send(body, signedWebhookHeaders(secretA, body));
    expect(res.status).toBe(413);
    expect(await rowsFor(pid)).toEqual([]);
  });

  it('oversize streamed body without Content-Length → 413', async () => {
    const pid = `wh-${randomUUID()}`;
    const body = JSON.stringify(report(pid, { padding: 'x'.repeat(1024 * 1024) }));
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < body.length; i += 64 * 1024) c.enqueue(new TextEncoder().encode(body.slice(i, i + 64 * 1024)));
        c.close();
      },
    });
    const req = new Request(`http://localhost:3000/api/webhooks/voice?org=${A}`, {
      method: 'POST',
      headers: signedWebhookHeaders(secretA, body),
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect((await POST(req)).status).toBe(413);
    expect(await rowsFor(pid)).toEqual([]);
  });

  it('a signed but invalid payload → 400, nothing stored', async () => {
    const pid = `wh-${randomUUID()}`;
    const body = JSON.stringify(report(pid, {}, { direction: 'sideways' }));
    const res = await send(body, signedWebhookHeaders(secretA, body));
    expect(res.status).toBe(400);
    expect(await rowsFor(pid)).toEqual([]);
  });
});

describe('voice webhook: idempotency and org binding', () => {
  it('a replayed delivery (same webhook-id) → one row, 2xx', async () => {
    const pid = `wh-${randomUUID()}`;
    const body = JSON.stringify(report(pid));
    const headers = signedWebhookHeaders(secretA, body);
    const first = await (await send(body, headers)).json();
    const again = await send(body, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, callId: first.callId, duplicate: true });
    expect(await rowsFor(pid)).toHaveLength(1);
  });

  it('concurrent replays and a redelivery under a new webhook-id → still one row and one queue item', async () => {
    const pid = `wh-${randomUUID()}`;
    const body = JSON.stringify(report(pid));
    const headers = signedWebhookHeaders(secretA, body);
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => send(body, headers)),
      ...Array.from({ length: 5 }, () => send(body, signedWebhookHeaders(secretA, body))),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const ids = new Set(await Promise.all(results.map(async (r) => (await r.json()).callId)));
    const rows = await rowsFor(pid);
    expect(rows).toHaveLength(1);
    expect([...ids]).toEqual([rows[0].id]);
    expect(await queueFor(rows[0].id)).toHaveLength(1);
  });

  it('a payload naming another org’s ids anywhere is stored under the verifying org only', async () => {
    const pid = `wh-${randomUUID()}`;
    const body = JSON.stringify(
      report(pid, { org_id: B, orgId: B, organization: { id: B } }, { orgId: B, org_id: B, metadata: { leadId: leadB, campaignId: campaignB, orgId: B } }),
    );
    const res = await send(body, signedWebhookHeaders(secretA, body));
    expect(res.status).toBe(200);
    const rows = await rowsFor(pid);
    expect(rows).toEqual([expect.objectContaining({ org_id: A, lead_id: null, campaign_id: null })]);
    expect((await queueFor(rows[0].id)).map((q) => q.org_id)).toEqual([A]);
    // Org B gained nothing.
    const inB = await db.query('select count(*)::int as n from public.call_logs where org_id = $1', [B]);
    const bRows = await db.query('select provider_call_id from public.call_logs where org_id = $1', [B]);
    expect(bRows.rows.map((r) => r.provider_call_id)).not.toContain(pid);
    expect(inB.rows[0].n).toBe(bRows.rowCount);
  });

  it('keeps the org’s own lead and campaign ids', async () => {
    const leadA = (await db.query(`insert into public.leads (org_id, name) values ($1, 'A lead') returning id`, [A])).rows[0].id;
    const pid = `wh-${randomUUID()}`;
    const body = JSON.stringify(report(pid, {}, { metadata: { leadId: leadA } }));
    expect((await send(body, signedWebhookHeaders(secretA, body))).status).toBe(200);
    expect((await rowsFor(pid))[0].lead_id).toBe(leadA);
  });
});

describe('voice webhook: Inngest unreachable', () => {
  it('still answers 200 quickly and keeps the queue row', async () => {
    // The Inngest client reads its environment when created: load a fresh copy of the route.
    vi.resetModules();
    process.env.INNGEST_DEV = '1';
    process.env.INNGEST_BASE_URL = 'http://127.0.0.1:9';
    try {
      const fresh = (await import('../../app/api/webhooks/voice/route.ts')).POST;
      const pid = `wh-${randomUUID()}`;
      const body = JSON.stringify(report(pid));
      const res = await fresh(new Request(`http://localhost:3000/api/webhooks/voice?org=${A}`, { method: 'POST', headers: signedWebhookHeaders(secretA, body), body }));
      // Answered although Inngest is unreachable; that the wait is bounded by notify's timeout (not the
      // SDK's ~1.5 s of retries) is proven without a wall clock in tests/unit/inngest-notify.test.ts.
      expect(res.status).toBe(200);
      const rows = await rowsFor(pid);
      expect(await queueFor(rows[0].id)).toEqual([expect.objectContaining({ org_id: A, status: 'pending' })]);
    } finally {
      delete process.env.INNGEST_DEV;
      delete process.env.INNGEST_BASE_URL;
    }
  });
});
