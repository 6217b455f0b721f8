// The provider adapters and auth checks as pure functions: the shapes the integration test does not
// vary (outbound calls, text-only transcripts, web calls, status mapping) and each auth method's edges.
import { ZodError } from 'zod';
import { describe, expect, it } from 'vitest';
import { retellEvent, vapiEndOfCallReport, vapiHeaders } from '../../scripts/lib/provider-fixtures.ts';
import { verifyRetell, verifyVapi, vapiHmac } from '../../lib/webhooks/providers/auth.ts';
import { adaptRetellEvent } from '../../lib/webhooks/providers/retell.ts';
import { adaptVapiMessage } from '../../lib/webhooks/providers/vapi.ts';

const callOf = (e: ReturnType<typeof adaptVapiMessage>) => {
  if (e.kind !== 'call') throw new Error(`expected a call, got ${e.kind}`);
  return e.call;
};

describe('vapi adapter', () => {
  it('an outbound call: our number is the caller, the customer the callee', () => {
    const p = vapiEndOfCallReport({ callId: 'c1' });
    p.message.call!.type = 'outboundPhoneCall';
    const call = callOf(adaptVapiMessage(p));
    expect(call).toMatchObject({ call_type: 'outbound', from_number: '+14155550100', to_number: '+14155550142' });
  });

  it('without artifact.messages, the plain transcript becomes turns', () => {
    const p = vapiEndOfCallReport({ callId: 'c2' });
    delete p.message.artifact.messages;
    expect(callOf(adaptVapiMessage(p)).transcript).toEqual([
      { speaker: 'agent', text: 'Thanks for calling, this is Ava. How can I help?', start: 0, end: 0 },
      { speaker: 'customer', text: 'I would like to check my appointment for tomorrow.', start: 0, end: 0 },
      { speaker: 'agent', text: 'You are booked for 10am tomorrow. See you then!', start: 0, end: 0 },
    ]);
  });

  it('falls back to the stereo recording, maps ended reasons to statuses, keeps evaluations as text', () => {
    const p = vapiEndOfCallReport({ callId: 'c3' });
    delete p.message.artifact.recordingUrl;
    p.message.endedReason = 'customer-did-not-answer';
    const call = callOf(adaptVapiMessage({ message: { ...p.message, analysis: { successEvaluation: 8 } } }));
    expect(call).toMatchObject({ recording_url: p.message.artifact.stereoRecordingUrl, status: 'no_answer', success_evaluation: '8', summary: null });
  });

  it('other message types are ignored; a report without a call id is invalid', () => {
    expect(adaptVapiMessage({ message: { type: 'speech-update' } })).toEqual({ kind: 'ignored', type: 'speech-update' });
    const p = vapiEndOfCallReport({ callId: 'c4' });
    expect(() => adaptVapiMessage({ message: { ...p.message, call: { ...p.message.call, id: '' } } })).toThrow(ZodError);
  });
});

describe('retell adapter', () => {
  it('a web call (no direction, no numbers) is an inbound call with empty numbers', () => {
    const e = retellEvent('call_ended', { callId: 'call_web' });
    const { direction: _d, from_number: _f, to_number: _t, ...web } = e.call;
    const call = adaptRetellEvent({ event: 'call_ended', call: web });
    expect(call).toMatchObject({ kind: 'call', idempotencyKey: 'retell:call_ended:call_web', call: { call_type: 'inbound', from_number: '', to_number: '' } });
  });

  it.each([
    ['dial_no_answer', 'no_answer'],
    ['dial_busy', 'busy'],
    ['voicemail_reached', 'voicemail'],
    ['error_llm_websocket_open', 'failed'],
    ['agent_hangup', 'completed'],
  ])('disconnection_reason %s → status %s', (reason, status) => {
    const e = retellEvent('call_ended', { callId: `call_${reason}` });
    const adapted = adaptRetellEvent({ ...e, call: { ...e.call, disconnection_reason: reason } });
    expect(adapted.kind === 'call' && adapted.call.status).toBe(status);
  });

  it('a call that never connected (no start) starts at its end', () => {
    const e = retellEvent('call_ended', { callId: 'call_nc' });
    const adapted = adaptRetellEvent({ ...e, call: { ...e.call, start_timestamp: undefined } });
    expect(adapted.kind === 'call' && adapted.call).toMatchObject({ duration_seconds: 0, started_at: new Date(e.call.end_timestamp!).toISOString() });
  });
});

describe('vapi auth', () => {
  const secret = 'a-secret-of-at-least-24-characters';
  const body = Buffer.from('{"message":{"type":"end-of-call-report"}}');
  const now = new Date();
  const h = (headers: Record<string, string>) => new Headers(headers);

  it('HMAC: hex, optional sha256= prefix, timestamp in seconds or milliseconds within 5 minutes', () => {
    const ms = String(now.getTime());
    const s = String(Math.floor(now.getTime() / 1000));
    expect(verifyVapi('hmac', secret, h({ 'x-vapi-timestamp': ms, 'x-vapi-signature': vapiHmac(secret, body, ms) }), body, now)).toBeNull();
    expect(verifyVapi('hmac', secret, h({ 'x-vapi-timestamp': s, 'x-vapi-signature': `sha256=${vapiHmac(secret, body, s)}` }), body, now)).toBeNull();
    expect(verifyVapi('hmac', secret, h({ 'x-vapi-signature': vapiHmac(secret, body) }), body, now)).toBeNull();
    const old = String(now.getTime() - 301_000);
    expect(verifyVapi('hmac', secret, h({ 'x-vapi-timestamp': old, 'x-vapi-signature': vapiHmac(secret, body, old) }), body, now)).toMatch(/tolerance/);
    // The timestamp is signed: dropping or changing it breaks the signature.
    expect(verifyVapi('hmac', secret, h({ 'x-vapi-signature': vapiHmac(secret, body, ms) }), body, now)).toMatch(/does not match/);
    expect(verifyVapi('hmac', secret, h({ 'x-vapi-signature': 'zz' }), body, now)).toMatch(/malformed/);
  });

  it('bearer and x-vapi-secret: exact secret only, and only the configured method', () => {
    expect(verifyVapi('bearer', secret, h(vapiHeaders({ method: 'bearer', secret }, body.toString())), body, now)).toBeNull();
    expect(verifyVapi('bearer', secret, h({ authorization: `Bearer ${secret}x` }), body, now)).not.toBeNull();
    expect(verifyVapi('bearer', secret, h({ authorization: `Basic ${secret}` }), body, now)).not.toBeNull();
    expect(verifyVapi('bearer', secret, h({ 'x-vapi-secret': secret }), body, now)).not.toBeNull();
    expect(verifyVapi('x-vapi-secret', secret, h({ 'x-vapi-secret': secret }), body, now)).toBeNull();
    expect(verifyVapi('x-vapi-secret', secret, h({ authorization: `Bearer ${secret}` }), body, now)).not.toBeNull();
    expect(verifyVapi('retell-signature', secret, h({ authorization: `Bearer ${secret}` }), body, now)).not.toBeNull();
  });
});

describe('retell auth (retell-sdk Retell.verify)', () => {
  it('accepts the SDK’s own signature and refuses another key or body', async () => {
    const Retell = (await import('retell-sdk')).default;
    const body = JSON.stringify(retellEvent('call_ended', { callId: 'call_sig' }));
    const signature = await Retell.sign(body, 'key_one');
    expect(await verifyRetell('key_one', new Headers({ 'x-retell-signature': signature }), Buffer.from(body))).toBeNull();
    expect(await verifyRetell('key_two', new Headers({ 'x-retell-signature': signature }), Buffer.from(body))).not.toBeNull();
    expect(await verifyRetell('key_one', new Headers({ 'x-retell-signature': signature }), Buffer.from(`${body} `))).not.toBeNull();
    expect(await verifyRetell('key_one', new Headers(), Buffer.from(body))).toMatch(/missing/);
  });
});

describe('structured data of any JSON shape is kept, never a reason to refuse the report', () => {
  it.each([
    [{ a: 1 }, { a: 1 }],
    ['Pass', { value: 'Pass' }],
    [[1, 2], { value: [1, 2] }],
    [7, { value: 7 }],
    [null, null],
  ])('vapi structuredData %j → %j', (given, stored) => {
    const p = vapiEndOfCallReport({ callId: 'c-sd' });
    const call = callOf(adaptVapiMessage({ message: { ...p.message, analysis: { ...p.message.analysis, structuredData: given } } }));
    expect(call.structured_data).toEqual(stored);
  });

  it('retell custom_analysis_data that is a string', () => {
    const e = retellEvent('call_analyzed', { callId: 'call_sd' });
    const adapted = adaptRetellEvent({ ...e, call: { ...e.call, call_analysis: { ...e.call.call_analysis, custom_analysis_data: 'booked' } } });
    expect(adapted.kind === 'call' && adapted.call.structured_data).toEqual({ value: 'booked' });
  });
});
