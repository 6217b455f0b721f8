// npm run simulate:call [-- --provider standard|vapi|retell] [--org acme|globex] [--app http://localhost:3000] [--timeout 60]
// Plays the voice provider against the running dev app: serves a generated recording from a local
// fixture server, sends a correctly signed end-of-call delivery for a demo org (our Standard
// Webhooks payload; Vapi's end-of-call-report with its HMAC credential; Retell's call_ended then
// call_analyzed, signed like retell-sdk), waits until the pipeline has stored the recording, and
// prints the call id and the time from the first delivery to the stored recording.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createServiceClient } from '../lib/supabase/service.ts';
import { signedWebhookHeaders } from '../lib/webhooks/sign-request.ts';
import { retellEvent, retellHeaders, vapiEndOfCallReport, vapiHeaders } from './lib/provider-fixtures.ts';
import { renderCallWav } from '../supabase/local/seed/audio.ts';
import { ORGS } from '../supabase/local/seed/demo-constants.ts';
import { serviceConfigFromEnv } from './service-env.ts';

const { values } = parseArgs({
  options: {
    org: { type: 'string', default: 'acme' },
    provider: { type: 'string', default: 'standard' },
    app: { type: 'string', default: process.env.APP_URL ?? 'http://localhost:3000' },
    timeout: { type: 'string', default: '60' },
  },
});
const orgKey = values.org as keyof typeof ORGS;
if (!(orgKey in ORGS)) throw new Error(`--org must be one of ${Object.keys(ORGS).join(', ')}`);
const orgId = ORGS[orgKey].id;
const provider = values.provider as 'standard' | 'vapi' | 'retell';
if (!['standard', 'vapi', 'retell'].includes(provider)) throw new Error('--provider must be one of standard, vapi, retell');
const client = createServiceClient(serviceConfigFromEnv());

// The provider's copy of the org's signing secret (locally: read back with the service role).
async function standardSecret(): Promise<string> {
  const now = new Date().toISOString();
  const { data: secrets, error } = await client
    .from('webhook_secrets')
    .select('secret')
    .eq('org_id', orgId)
    .lte('valid_from', now)
    .or(`expires_at.is.null,expires_at.gt."${now}"`)
    .order('valid_from', { ascending: false })
    .limit(1);
  if (error) throw new Error(`reading the webhook secret failed: ${error.message}`);
  if (!secrets.length) throw new Error(`no webhook secret for ${orgKey}: run the seed (npm run dev seeds an empty database)`);
  return secrets[0].secret;
}

// The org's endpoint for a provider: its URL id and the secret the provider holds (Vapi's HMAC key,
// the org's Retell API key).
async function providerEndpoint(name: 'vapi' | 'retell'): Promise<{ id: string; auth_method: string; secret: string }> {
  const { data, error: readError } = await client
    .from('provider_webhook_endpoints')
    .select('id, auth_method, secret')
    .eq('org_id', orgId)
    .eq('provider', name)
    .is('disabled_at', null)
    .order('created_at', { ascending: false })
    .limit(1);
  if (readError) throw new Error(`reading the ${name} endpoint failed: ${readError.message}`);
  if (!data.length) throw new Error(`no ${name} endpoint for ${orgKey}: run the seed (npm run dev seeds an empty database)`);
  return data[0];
}

const turns = [
  { speaker: 'agent' as const, text: 'Thanks for calling, this is a simulated call. How can I help?', start: 0, end: 3.5 },
  { speaker: 'customer' as const, text: 'I would like to check my appointment for tomorrow.', start: 4, end: 7 },
  { speaker: 'agent' as const, text: 'You are booked for 10am tomorrow. See you then!', start: 7.5, end: 10.5 },
];
const wav = renderCallWav(turns, 11, Date.now() % 1000);
const fixture = createServer((req, res) => {
  if (req.url?.startsWith('/recordings/')) {
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.length });
    res.end(wav);
  } else {
    res.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => fixture.listen(0, '127.0.0.1', resolve));
const port = (fixture.address() as AddressInfo).port;

const providerCallId = `sim-${randomUUID()}`;
const started = new Date(Date.now() - 11_000);
const recordingUrl = `http://127.0.0.1:${port}/recordings/${providerCallId}.wav`;
const standardBody = JSON.stringify({
  type: 'end-of-call-report',
  call: {
    id: providerCallId,
    direction: 'inbound',
    from: '+14155550142',
    to: orgKey === 'acme' ? '+14155550100' : '+12125550100',
    startedAt: started.toISOString(),
    endedAt: new Date(started.getTime() + 11_000).toISOString(),
    endedReason: 'customer-ended-call',
    cost: 0.0421,
    customer: { name: 'Simulated Caller' },
    agent: { name: 'Ava (simulated)' },
  },
  artifact: {
    transcript: turns.map((t) => ({
      role: t.speaker === 'agent' ? 'assistant' : 'user',
      message: t.text,
      secondsFromStart: t.start,
      duration: t.end - t.start,
    })),
    recordingUrl,
  },
  analysis: { summary: 'Simulated caller confirmed tomorrow 10am appointment.', sentiment: 'positive' },
});

async function deliver(path: string, headers: Record<string, string>, body: string): Promise<string> {
  const res = await fetch(`${values.app}${path}`, { method: 'POST', headers, body });
  const answer = await res.text();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${answer}`);
  return (JSON.parse(answer) as { callId: string }).callId;
}

const fixtureTurns = turns.map((t) => ({ ...t }));
const t0 = performance.now();
try {
  let callId: string;
  if (provider === 'standard') {
    callId = await deliver(`/api/webhooks/voice?org=${orgId}`, signedWebhookHeaders(await standardSecret(), standardBody), standardBody);
  } else if (provider === 'vapi') {
    const endpoint = await providerEndpoint('vapi');
    const body = JSON.stringify(vapiEndOfCallReport({ callId: providerCallId, recordingUrl, turns: fixtureTurns, startedAt: started, durationSeconds: 11 }));
    const method = endpoint.auth_method as 'bearer' | 'hmac' | 'x-vapi-secret';
    callId = await deliver(`/api/webhooks/vapi/${endpoint.id}`, vapiHeaders({ method, secret: endpoint.secret }, body), body);
  } else {
    const endpoint = await providerEndpoint('retell');
    const opts = { callId: providerCallId, recordingUrl, turns: fixtureTurns, startedAt: started, durationSeconds: 11 };
    // Retell sends call_ended first and call_analyzed once the analysis is done: both land on one call.
    const ended = JSON.stringify(retellEvent('call_ended', opts));
    callId = await deliver(`/api/webhooks/retell/${endpoint.id}`, await retellHeaders(endpoint.secret, ended), ended);
    const analyzed = JSON.stringify(retellEvent('call_analyzed', opts));
    const again = await deliver(`/api/webhooks/retell/${endpoint.id}`, await retellHeaders(endpoint.secret, analyzed), analyzed);
    if (again !== callId) throw new Error(`call_analyzed landed on ${again}, not on call_ended's ${callId}`);
  }
  console.error(`${provider} delivery accepted: call ${callId} (${orgKey}); waiting for the recording…`);

  const deadline = Date.now() + Number(values.timeout) * 1000;
  for (;;) {
    const { data, error: readError } = await client
      .from('call_logs')
      .select('recording_storage_path')
      .eq('org_id', orgId)
      .eq('id', callId)
      .single();
    if (readError) throw new Error(`reading the call failed: ${readError.message}`);
    if (data.recording_storage_path) {
      console.error(`recording stored at call-recordings/${data.recording_storage_path} ${Math.round(performance.now() - t0)} ms after the first delivery`);
      console.error(`open ${values.app}/calls/${callId}`);
      console.log(callId);
      break;
    }
    if (Date.now() > deadline) {
      throw new Error('the recording was not stored in time: is `npm run dev` (with its job loop) running? Try `npm run jobs -- queue`.');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
} finally {
  fixture.close();
}
