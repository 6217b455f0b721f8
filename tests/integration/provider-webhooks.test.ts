// POST /api/webhooks/vapi/<endpoint> and /api/webhooks/retell/<endpoint>, called in-process with
// real Requests against the test run's stack, with fixtures typed by the providers' own SDK types.
// Every handled event type of both providers: valid, bad signature, replay, another org's secret,
// unknown event type, oversized, malformed. A valid delivery's recording is then fetched and stored
// by the real upload job. Retell's call_analyzed before call_ended ends in the same single call.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStackEnv, callRoute } from '../helpers/api.ts';
import { clientWithToken, DEMO_PASSWORD, serviceClient, signIn, stackEnv } from '../helpers/clients.ts';
import { startProviderFixture, type ProviderFixture } from '../helpers/pipeline-fixture.ts';
import { createOrg } from '../helpers/pipeline-orgs.ts';
import { processUploadForCall } from '../../lib/recordings/process-upload-queue.ts';
import {
  retellEvent,
  retellHeaders,
  vapiEndOfCallReport,
  vapiHeaders,
  vapiStatusUpdate,
  type VapiAuth,
} from '../../scripts/lib/provider-fixtures.ts';

type Post = (r: Request, ctx: { params: Promise<{ endpointId: string }> }) => Promise<Response>;

let db: pg.Client;
let fixture: ProviderFixture;
let A: string;
let B: string;
let vapiPOST: Post;
let retellPOST: Post;
const ep: Record<string, { id: string; secret: string }> = {};

const secret = () => `sk_${randomUUID().replace(/-/g, '')}${randomUUID().replace(/-/g, '')}`;

async function endpoint(org: string, provider: 'vapi' | 'retell', method: string) {
  const s = secret();
  const { rows } = await db.query<{ id: string }>(
    `insert into public.provider_webhook_endpoints (org_id, provider, auth_method, secret) values ($1, $2, $3, $4) returning id`,
    [org, provider, method, s],
  );
  return { id: rows[0].id, secret: s };
}

function post(provider: 'vapi' | 'retell', endpointId: string, body: string | ReadableStream, headers: Record<string, string>) {
  const init = { method: 'POST', headers, body, ...(typeof body === 'string' ? {} : { duplex: 'half' }) } as RequestInit;
  const req = new Request(`http://localhost:3000/api/webhooks/${provider}/${endpointId}`, init);
  return (provider === 'vapi' ? vapiPOST : retellPOST)(req, { params: Promise.resolve({ endpointId }) });
}

interface CallRow {
  id: string; org_id: string; provider: string; call_type: string; status: string; from_number: string; to_number: string;
  contact_name: string | null; agent_name: string | null; duration_seconds: number; ended_reason: string | null; cost: string;
  summary: string | null; sentiment: string | null; transcript: { speaker: string; text: string; start: number; end: number }[];
  recording_url: string | null; recording_storage_path: string | null; assistant_id: string | null; phone_number_id: string | null;
  success_evaluation: string | null; structured_data: unknown; cost_breakdown: unknown;
}
async function callsFor(providerCallId: string) {
  return (await db.query<CallRow>('select * from public.call_logs where provider_call_id = $1', [providerCallId])).rows;
}
async function queueFor(callId: string) {
  return (await db.query('select org_id, status, recording_url from public.recording_upload_queue where call_id = $1', [callId])).rows;
}
async function deliveriesFor(org: string, key: string) {
  return (await db.query('select call_id from public.webhook_deliveries where org_id = $1 and webhook_id = $2', [org, key])).rows;
}

/** Runs the real upload job for the call and checks the stored object is the provider's audio. */
async function expectRecordingStored(org: string, callId: string) {
  expect(await processUploadForCall({ client: serviceClient() }, org, callId, { allowPrivateNetworks: true })).toMatchObject({ completed: 1 });
  const [row] = (await db.query<CallRow>('select * from public.call_logs where id = $1', [callId])).rows;
  expect(row.recording_storage_path).toBe(`${org}/${callId}.wav`);
  const { data, error } = await serviceClient().storage.from('call-recordings').download(row.recording_storage_path!);
  expect(error).toBeNull();
  const bytes = Buffer.from(await data!.arrayBuffer());
  expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
}

beforeAll(async () => {
  delete process.env.INNGEST_EVENT_KEY;
  delete process.env.INNGEST_DEV;
  applyStackEnv();
  vapiPOST = (await import('../../app/api/webhooks/vapi/[endpointId]/route.ts')).POST;
  retellPOST = (await import('../../app/api/webhooks/retell/[endpointId]/route.ts')).POST;
  db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  fixture = await startProviderFixture();
  A = await createOrg(db);
  B = await createOrg(db);
  ep.vapiBearerA = await endpoint(A, 'vapi', 'bearer');
  ep.vapiHmacA = await endpoint(A, 'vapi', 'hmac');
  ep.vapiSecretA = await endpoint(A, 'vapi', 'x-vapi-secret');
  ep.retellA = await endpoint(A, 'retell', 'retell-signature');
  ep.vapiBearerB = await endpoint(B, 'vapi', 'bearer');
  ep.retellB = await endpoint(B, 'retell', 'retell-signature');
});
afterAll(async () => {
  await fixture?.close();
  await db?.end();
});

// ------------------------------------------------------------------------------------------ Vapi
const vapiAuths: [string, () => { id: string; auth: VapiAuth }][] = [
  ['bearer token', () => ({ id: ep.vapiBearerA.id, auth: { method: 'bearer', secret: ep.vapiBearerA.secret } })],
  ['HMAC with timestamp', () => ({ id: ep.vapiHmacA.id, auth: { method: 'hmac', secret: ep.vapiHmacA.secret } })],
  ['HMAC of the body only', () => ({ id: ep.vapiHmacA.id, auth: { method: 'hmac', secret: ep.vapiHmacA.secret, timestamp: false } })],
  ['legacy X-Vapi-Secret', () => ({ id: ep.vapiSecretA.id, auth: { method: 'x-vapi-secret', secret: ep.vapiSecretA.secret } })],
];

describe('vapi end-of-call-report', () => {
  it.each(vapiAuths)('%s: stores the normalised call under the endpoint’s org, with a playable recording', async (_name, make) => {
    const { id, auth } = make();
    const callId = randomUUID();
    const payload = vapiEndOfCallReport({ callId, recordingUrl: fixture.url(`/ok/vapi-${callId}.wav`) });
    const body = JSON.stringify(payload);
    const res = await post('vapi', id, body, vapiHeaders(auth, body));
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json).toEqual({ received: true, callId: expect.any(String), duplicate: false });

    const rows = await callsFor(callId);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toMatchObject({
      id: json.callId,
      org_id: A,
      provider: 'vapi',
      call_type: 'inbound',
      status: 'completed',
      from_number: '+14155550142',
      to_number: '+14155550100',
      contact_name: 'Maria Lopez',
      agent_name: 'Ava (front desk)',
      duration_seconds: 11,
      ended_reason: 'customer-ended-call',
      cost: '0.0421',
      summary: 'The caller confirmed the appointment for tomorrow at 10am.',
      sentiment: null,
      recording_url: payload.message.artifact.recordingUrl,
      assistant_id: 'asst_5b1e2c3d-ava',
      phone_number_id: 'pn_7c9d4e21-front-desk',
      success_evaluation: 'true',
      structured_data: { appointmentConfirmed: true, appointmentTime: '10:00' },
      cost_breakdown: expect.objectContaining({ total: 0.0421, llm: 0.0123, llmPromptTokens: 1830 }),
    });
    // Spoken turns only (the system prompt is not speech), in order, with their times.
    expect(row.transcript).toEqual([
      { speaker: 'agent', text: 'Thanks for calling, this is Ava. How can I help?', start: 0.4, end: 3.5 },
      { speaker: 'customer', text: 'I would like to check my appointment for tomorrow.', start: 4, end: 7 },
      { speaker: 'agent', text: 'You are booked for 10am tomorrow. See you then!', start: 7.5, end: 10.5 },
    ]);
    expect(await queueFor(row.id)).toEqual([{ org_id: A, status: 'pending', recording_url: payload.message.artifact.recordingUrl }]);
    expect(await deliveriesFor(A, `vapi:end-of-call-report:${callId}`)).toEqual([{ call_id: row.id }]);
    await expectRecordingStored(A, row.id);
  });

  it('a replay (same report again) → 200 duplicate, one call, one queue item, nothing changed', async () => {
    const callId = randomUUID();
    const body = JSON.stringify(vapiEndOfCallReport({ callId, recordingUrl: fixture.url(`/ok/vapi-${callId}.wav`) }));
    const headers = vapiHeaders({ method: 'bearer', secret: ep.vapiBearerA.secret }, body);
    const first = await (await post('vapi', ep.vapiBearerA.id, body, headers)).json();
    const before = await callsFor(callId);
    const results = await Promise.all(Array.from({ length: 4 }, () => post('vapi', ep.vapiBearerA.id, body, headers)));
    for (const r of results) expect(await r.json()).toEqual({ received: true, callId: first.callId, duplicate: true });
    expect(await callsFor(callId)).toEqual(before);
    expect(await queueFor(first.callId)).toHaveLength(1);
  });

  it('an HMAC delivery replayed after 5 minutes → 401', async () => {
    const callId = randomUUID();
    const body = JSON.stringify(vapiEndOfCallReport({ callId }));
    const headers = vapiHeaders({ method: 'hmac', secret: ep.vapiHmacA.secret, timestamp: Date.now() - 301_000 }, body);
    const res = await post('vapi', ep.vapiHmacA.id, body, headers);
    expect(res.status).toBe(401);
    expect(await callsFor(callId)).toEqual([]);
  });

  it('other server message types → 200 ignored, nothing stored', async () => {
    const callId = randomUUID();
    const body = JSON.stringify(vapiStatusUpdate(callId));
    const res = await post('vapi', ep.vapiBearerA.id, body, vapiHeaders({ method: 'bearer', secret: ep.vapiBearerA.secret }, body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, ignored: 'status-update' });
    expect(await callsFor(callId)).toEqual([]);
  });
});

describe('vapi: refused deliveries leave no rows', () => {
  const unauthorizedCases: [string, (body: string, tampered: string) => { id: string; body: string; headers: Record<string, string> }][] = [
    ['a wrong bearer token', (body) => ({ id: ep.vapiBearerA.id, body, headers: vapiHeaders({ method: 'bearer', secret: secret() }, body) })],
    ['no credentials at all', (body) => ({ id: ep.vapiBearerA.id, body, headers: { 'content-type': 'application/json' } })],
    ['another org’s token at this org’s URL', (body) => ({ id: ep.vapiBearerA.id, body, headers: vapiHeaders({ method: 'bearer', secret: ep.vapiBearerB.secret }, body) })],
    ['this org’s token at another org’s URL', (body) => ({ id: ep.vapiBearerB.id, body, headers: vapiHeaders({ method: 'bearer', secret: ep.vapiBearerA.secret }, body) })],
    ['a tampered body under a valid HMAC', (body, tampered) => ({ id: ep.vapiHmacA.id, body: tampered, headers: vapiHeaders({ method: 'hmac', secret: ep.vapiHmacA.secret }, body) })],
    ['an HMAC made with a wrong key', (body) => ({ id: ep.vapiHmacA.id, body, headers: vapiHeaders({ method: 'hmac', secret: secret() }, body) })],
    ['the HMAC endpoint’s key sent as a bearer token (method mismatch)', (body) => ({ id: ep.vapiHmacA.id, body, headers: vapiHeaders({ method: 'bearer', secret: ep.vapiHmacA.secret }, body) })],
    ['a wrong X-Vapi-Secret', (body) => ({ id: ep.vapiSecretA.id, body, headers: vapiHeaders({ method: 'x-vapi-secret', secret: secret() }, body) })],
    ['a Retell endpoint id at the Vapi URL', (body) => ({ id: ep.retellA.id, body, headers: vapiHeaders({ method: 'bearer', secret: ep.retellA.secret }, body) })],
    ['an unknown endpoint id', (body) => ({ id: randomUUID(), body, headers: vapiHeaders({ method: 'bearer', secret: ep.vapiBearerA.secret }, body) })],
    ['a malformed endpoint id', (body) => ({ id: 'not-a-uuid', body, headers: vapiHeaders({ method: 'bearer', secret: ep.vapiBearerA.secret }, body) })],
  ];
  it.each(unauthorizedCases)('%s → 401', async (_name, make) => {
    const callId = randomUUID();
    const body = JSON.stringify(vapiEndOfCallReport({ callId }));
    const req = make(body, body.replace('Maria Lopez', 'Mallory'));
    const res = await post('vapi', req.id, req.body, req.headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Webhook authentication failed.' } });
    expect(await callsFor(callId)).toEqual([]);
  });

  it('a disabled endpoint → 401', async () => {
    const disabled = await endpoint(A, 'vapi', 'bearer');
    await db.query('update public.provider_webhook_endpoints set disabled_at = now() where id = $1', [disabled.id]);
    const callId = randomUUID();
    const body = JSON.stringify(vapiEndOfCallReport({ callId }));
    expect((await post('vapi', disabled.id, body, vapiHeaders({ method: 'bearer', secret: disabled.secret }, body))).status).toBe(401);
    expect(await callsFor(callId)).toEqual([]);
  });

  it('oversized (declared and streamed) → 413', async () => {
    const callId = randomUUID();
    const payload = vapiEndOfCallReport({ callId });
    const body = JSON.stringify({ ...payload, padding: 'x'.repeat(1024 * 1024) });
    const headers = vapiHeaders({ method: 'bearer', secret: ep.vapiBearerA.secret }, body);
    const declared = await post('vapi', ep.vapiBearerA.id, body, headers);
    expect(declared.status).toBe(413);
    expect((await declared.json()).error.code).toBe('payload_too_large');
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < body.length; i += 64 * 1024) c.enqueue(new TextEncoder().encode(body.slice(i, i + 64 * 1024)));
        c.close();
      },
    });
    expect((await post('vapi', ep.vapiBearerA.id, stream, headers)).status).toBe(413);
    expect(await callsFor(callId)).toEqual([]);
  });

  const malformed: [string, (callId: string) => string][] = [
    ['not JSON', () => '{"message": {"type": "end-of-call-report",'],
    ['no message envelope', (callId) => JSON.stringify(vapiEndOfCallReport({ callId }).message)],
    ['a report without a call', (callId) => {
      const p = vapiEndOfCallReport({ callId });
      return JSON.stringify({ message: { ...p.message, call: undefined, endedReason: callId } });
    }],
    ['a recording URL that is not http(s)', (callId) => {
      const p = vapiEndOfCallReport({ callId });
      p.message.artifact.recordingUrl = 'file:///etc/passwd';
      return JSON.stringify(p);
    }],
    ['ended before it started', (callId) => {
      const p = vapiEndOfCallReport({ callId });
      p.message.endedAt = new Date(Date.parse(p.message.startedAt!) - 1000).toISOString();
      return JSON.stringify(p);
    }],
  ];
  it.each(malformed)('authenticated but malformed (%s) → 400, nothing stored', async (_name, make) => {
    const callId = randomUUID();
    const body = make(callId);
    const res = await post('vapi', ep.vapiBearerA.id, body, vapiHeaders({ method: 'bearer', secret: ep.vapiBearerA.secret }, body));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({ code: 'invalid_request', message: expect.any(String) });
    expect(await callsFor(callId)).toEqual([]);
    expect((await db.query('select 1 from public.call_logs where ended_reason = $1', [callId])).rowCount).toBe(0);
  });

  it('a payload naming another org anywhere is stored under the endpoint’s org only', async () => {
    const callId = randomUUID();
    const p = vapiEndOfCallReport({ callId });
    const body = JSON.stringify({ org_id: B, orgId: B, message: { ...p.message, org_id: B, orgId: B, call: { ...p.message.call, orgId: B, org_id: B } } });
    const res = await post('vapi', ep.vapiBearerA.id, body, vapiHeaders({ method: 'bearer', secret: ep.vapiBearerA.secret }, body));
    expect(res.status).toBe(200);
    expect((await callsFor(callId)).map((r) => r.org_id)).toEqual([A]);
  });
});

// ---------------------------------------------------------------------------------------- Retell
async function sendRetell(endpointId: string, key: string, payload: unknown) {
  const body = JSON.stringify(payload);
  return post('retell', endpointId, body, await retellHeaders(key, body));
}

describe('retell call_ended and call_analyzed', () => {
  const expectedAnalyzed = {
    provider: 'retell',
    call_type: 'inbound',
    status: 'completed',
    from_number: '+14155550142',
    to_number: '+14155550100',
    agent_name: 'Ava (front desk)',
    duration_seconds: 11,
    ended_reason: 'user_hangup',
    cost: '0.1250',
    summary: 'The caller confirmed the appointment for tomorrow at 10am.',
    sentiment: 'positive',
    assistant_id: 'agent_2f9c1b7e4d',
    phone_number_id: null,
    success_evaluation: 'true',
    structured_data: { appointment_confirmed: true, appointment_time: '10:00' },
    cost_breakdown: expect.objectContaining({ combined_cost: 12.5, currency: 'USD cents', product_costs: expect.any(Array) }),
  };

  it('call_ended stores the call and queues its recording; call_analyzed then completes the same call', async () => {
    const callId = `call_${randomUUID().replace(/-/g, '')}`;
    const opts = { callId, recordingUrl: fixture.url(`/ok/retell-${callId}.wav`), startedAt: new Date(Date.now() - 60_000) };
    const ended = await sendRetell(ep.retellA.id, ep.retellA.secret, retellEvent('call_ended', opts));
    expect(ended.status).toBe(200);
    const first = await ended.json();
    expect(first).toEqual({ received: true, callId: expect.any(String), duplicate: false });
    let [row] = await callsFor(callId);
    expect(row).toMatchObject({ ...expectedAnalyzed, org_id: A, summary: null, sentiment: null, success_evaluation: null, structured_data: null });
    expect(row.transcript).toEqual([
      { speaker: 'agent', text: 'Thanks for calling, this is Ava. How can I help?', start: 0.4, end: 3.5 },
      { speaker: 'customer', text: 'I would like to check my appointment for tomorrow.', start: 4, end: 7 },
      { speaker: 'agent', text: 'You are booked for 10am tomorrow. See you then!', start: 7.5, end: 10.5 },
    ]);
    expect(await queueFor(row.id)).toEqual([{ org_id: A, status: 'pending', recording_url: opts.recordingUrl }]);

    const analyzed = await sendRetell(ep.retellA.id, ep.retellA.secret, retellEvent('call_analyzed', opts));
    expect(analyzed.status).toBe(200);
    expect(await analyzed.json()).toEqual({ received: true, callId: first.callId, duplicate: true });
    const rows = await callsFor(callId);
    expect(rows).toHaveLength(1);
    [row] = rows;
    expect(row).toMatchObject({ ...expectedAnalyzed, id: first.callId, org_id: A });
    expect(await queueFor(row.id)).toHaveLength(1);
    await expectRecordingStored(A, row.id);
  });

  it('call_analyzed before call_ended ends in the same one call', async () => {
    const callId = `call_${randomUUID().replace(/-/g, '')}`;
    const opts = { callId, recordingUrl: fixture.url(`/ok/retell-${callId}.wav`), startedAt: new Date(Date.now() - 60_000) };
    const analyzed = await (await sendRetell(ep.retellA.id, ep.retellA.secret, retellEvent('call_analyzed', opts))).json();
    expect(analyzed).toMatchObject({ duplicate: false });
    const afterAnalyzed = await callsFor(callId);
    const ended = await (await sendRetell(ep.retellA.id, ep.retellA.secret, retellEvent('call_ended', opts))).json();
    expect(ended).toEqual({ received: true, callId: analyzed.callId, duplicate: true });
    const rows = await callsFor(callId);
    expect(rows).toEqual(afterAnalyzed);
    expect(rows[0]).toMatchObject({ ...expectedAnalyzed, id: analyzed.callId, org_id: A });
    expect(await queueFor(analyzed.callId)).toHaveLength(1);
    await expectRecordingStored(A, analyzed.callId);
  });

  it('both orders, delivered concurrently, end in one identical call', async () => {
    const callId = `call_${randomUUID().replace(/-/g, '')}`;
    const opts = { callId, recordingUrl: fixture.url(`/ok/retell-${callId}.wav`), startedAt: new Date(Date.now() - 60_000) };
    const results = await Promise.all([
      sendRetell(ep.retellA.id, ep.retellA.secret, retellEvent('call_ended', opts)),
      sendRetell(ep.retellA.id, ep.retellA.secret, retellEvent('call_analyzed', opts)),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const rows = await callsFor(callId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ...expectedAnalyzed, org_id: A });
    expect(await queueFor(rows[0].id)).toHaveLength(1);
  });

  it('a replayed event → 200 duplicate, one call', async () => {
    const callId = `call_${randomUUID().replace(/-/g, '')}`;
    const payload = retellEvent('call_analyzed', { callId, recordingUrl: fixture.url(`/ok/retell-${callId}.wav`) });
    const body = JSON.stringify(payload);
    const headers = await retellHeaders(ep.retellA.secret, body);
    const first = await (await post('retell', ep.retellA.id, body, headers)).json();
    const before = await callsFor(callId);
    const again = await post('retell', ep.retellA.id, body, headers);
    expect(await again.json()).toEqual({ received: true, callId: first.callId, duplicate: true });
    expect(await callsFor(callId)).toEqual(before);
  });

  it('a signature older than 5 minutes (a late replay) → 401', async () => {
    const callId = `call_${randomUUID().replace(/-/g, '')}`;
    const body = JSON.stringify(retellEvent('call_ended', { callId }));
    const { createHmac } = await import('node:crypto');
    const ts = Date.now() - 301_000;
    const digest = createHmac('sha256', ep.retellA.secret).update(body + ts).digest('hex');
    const res = await post('retell', ep.retellA.id, body, { 'content-type': 'application/json', 'x-retell-signature': `v=${ts},d=${digest}` });
    expect(res.status).toBe(401);
    expect(await callsFor(callId)).toEqual([]);
  });

  it('other events (call_started, …) → 200 ignored, nothing stored', async () => {
    const callId = `call_${randomUUID().replace(/-/g, '')}`;
    for (const payload of [retellEvent('call_started', { callId }), { event: 'transcript_updated', call: retellEvent('call_started', { callId }).call }]) {
      const res = await sendRetell(ep.retellA.id, ep.retellA.secret, payload);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true, ignored: payload.event });
    }
    expect(await callsFor(callId)).toEqual([]);
  });
});

describe('retell: refused deliveries leave no rows', () => {
  const cases: [string, (body: string) => Promise<{ id: string; body: string; headers: Record<string, string> }>][] = [
    ['a signature made with another key', async (body) => ({ id: ep.retellA.id, body, headers: await retellHeaders(secret(), body) })],
    ['another org’s API key at this org’s URL', async (body) => ({ id: ep.retellA.id, body, headers: await retellHeaders(ep.retellB.secret, body) })],
    ['this org’s API key at another org’s URL', async (body) => ({ id: ep.retellB.id, body, headers: await retellHeaders(ep.retellA.secret, body) })],
    ['a tampered body', async (body) => ({ id: ep.retellA.id, body: body.replace('Ava (front desk)', 'Mallory'), headers: await retellHeaders(ep.retellA.secret, body) })],
    ['no signature', async (body) => ({ id: ep.retellA.id, body, headers: { 'content-type': 'application/json' } })],
    ['a malformed signature', async (body) => ({ id: ep.retellA.id, body, headers: { 'content-type': 'application/json', 'x-retell-signature': 'v=abc,d=zz' } })],
    ['a Vapi endpoint id at the Retell URL', async (body) => ({ id: ep.vapiBearerA.id, body, headers: await retellHeaders(ep.vapiBearerA.secret, body) })],
  ];
  it.each(cases)('%s → 401', async (_name, make) => {
    for (const event of ['call_ended', 'call_analyzed'] as const) {
      const callId = `call_${randomUUID().replace(/-/g, '')}`;
      const req = await make(JSON.stringify(retellEvent(event, { callId })));
      const res = await post('retell', req.id, req.body, req.headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Webhook authentication failed.' } });
      expect(await callsFor(callId)).toEqual([]);
    }
  });

  it('oversized → 413', async () => {
    const callId = `call_${randomUUID().replace(/-/g, '')}`;
    const body = JSON.stringify({ ...retellEvent('call_ended', { callId }), padding: 'x'.repeat(1024 * 1024) });
    const res = await post('retell', ep.retellA.id, body, await retellHeaders(ep.retellA.secret, body));
    expect(res.status).toBe(413);
    expect(await callsFor(callId)).toEqual([]);
  });

  const malformed: [string, (callId: string) => string][] = [
    ['not JSON', () => '{"event": "call_ended", "call": {'],
    ['no event', (callId) => JSON.stringify({ call: retellEvent('call_ended', { callId }).call })],
    ['a direction that is not one', (callId) => JSON.stringify({ event: 'call_ended', call: { ...retellEvent('call_ended', { callId }).call, direction: 'sideways' } })],
    ['timestamps that are not epoch ms', (callId) => JSON.stringify({ event: 'call_analyzed', call: { ...retellEvent('call_analyzed', { callId }).call, start_timestamp: '2026-11-30' } })],
    ['no times at all', (callId) => JSON.stringify({ event: 'call_ended', call: { ...retellEvent('call_ended', { callId }).call, start_timestamp: undefined, end_timestamp: undefined } })],
  ];
  it.each(malformed)('signed but malformed (%s) → 400, nothing stored', async (_name, make) => {
    const callId = `call_${randomUUID().replace(/-/g, '')}`;
    const body = make(callId);
    const res = await post('retell', ep.retellA.id, body, await retellHeaders(ep.retellA.secret, body));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({ code: 'invalid_request', message: expect.any(String) });
    expect(await callsFor(callId)).toEqual([]);
  });
});

// ------------------------------------------------------------------------- what users see of it
describe('the provider fields reach admins on the detail, staff only as list columns', () => {
  async function member(org: string, role: 'admin' | 'staff') {
    const email = `provider-${role}-${randomUUID().slice(0, 8)}@example.test`;
    const created = await serviceClient().auth.admin.createUser({ email, password: DEMO_PASSWORD, email_confirm: true, app_metadata: { org_id: org, org_role: role } });
    if (created.error) throw created.error;
    return (await signIn(email)).session.access_token;
  }

  it('admin: GET /api/calls-dashboard/<id> shows success evaluation, structured data, cost breakdown, ended reason, assistant and phone number ids', async () => {
    const callId = randomUUID();
    const body = JSON.stringify(vapiEndOfCallReport({ callId }));
    const { callId: id } = await (await post('vapi', ep.vapiBearerA.id, body, vapiHeaders({ method: 'bearer', secret: ep.vapiBearerA.secret }, body))).json();
    const res = await callRoute('detail', { token: await member(A, 'admin'), callId: id });
    expect(res.status).toBe(200);
    expect(res.body.call).toMatchObject({
      id,
      provider: 'vapi',
      endedReason: 'customer-ended-call',
      assistantId: 'asst_5b1e2c3d-ava',
      phoneNumberId: 'pn_7c9d4e21-front-desk',
      successEvaluation: 'true',
      structuredData: { appointmentConfirmed: true, appointmentTime: '10:00' },
      costBreakdown: expect.objectContaining({ total: 0.0421 }),
    });
    // Another org's admin gets the same 404 as for a random id.
    expect((await callRoute('detail', { token: await member(B, 'admin'), callId: id })).status).toBe(404);
  });

  it('staff: the list filters by assistant and ended reason; the detail-only columns are refused at the Data API', async () => {
    const callId = `call_${randomUUID().replace(/-/g, '')}`;
    const assistant = `agent_${randomUUID().slice(0, 8)}`;
    await sendRetell(ep.retellA.id, ep.retellA.secret, retellEvent('call_analyzed', { callId, assistantId: assistant }));
    const token = await member(A, 'staff');
    const list = await callRoute('list', { token, query: new URLSearchParams({ assistant, ended_reason: 'user_hangup' }) });
    expect(list.status).toBe(200);
    expect(list.body.calls.map((c: { id: string }) => c.id)).toEqual((await callsFor(callId)).map((r) => r.id));
    const staff = clientWithToken(token);
    const listColumns = await staff.from('call_logs').select('id, assistant_id, ended_reason').eq('org_id', A).eq('assistant_id', assistant);
    expect(listColumns.error).toBeNull();
    expect(listColumns.data).toEqual([{ id: expect.any(String), assistant_id: assistant, ended_reason: 'user_hangup' }]);
    for (const column of ['success_evaluation', 'structured_data', 'cost_breakdown', 'phone_number_id']) {
      const { data, error } = await staff.from('call_logs').select(column).eq('org_id', A).limit(1);
      expect(data).toBeNull();
      expect(error?.code).toBe('42501');
    }
  });
});
