// Realistic provider deliveries for tests and `npm run simulate:call`, typed with the providers'
// own published types (@vapi-ai/server-sdk, retell-sdk): a fixture that drifts from what the
// provider documents fails `npm run typecheck`. Also the senders' side of each auth method.
import { randomUUID } from 'node:crypto';
import type { Vapi } from '@vapi-ai/server-sdk';
import Retell from 'retell-sdk';
import { vapiHmac } from '../../lib/webhooks/providers/auth.ts';

export interface FixtureTurn {
  speaker: 'agent' | 'customer';
  text: string;
  start: number;
  end: number;
}

export const DEFAULT_TURNS: FixtureTurn[] = [
  { speaker: 'agent', text: 'Thanks for calling, this is Ava. How can I help?', start: 0.4, end: 3.5 },
  { speaker: 'customer', text: 'I would like to check my appointment for tomorrow.', start: 4, end: 7 },
  { speaker: 'agent', text: 'You are booked for 10am tomorrow. See you then!', start: 7.5, end: 10.5 },
];

export interface FixtureOptions {
  callId?: string;
  recordingUrl?: string;
  turns?: FixtureTurn[];
  startedAt?: Date;
  durationSeconds?: number;
  assistantId?: string;
}

// ------------------------------------------------------------------------------------------ Vapi

/** A Vapi server message (`{ message }`) of type end-of-call-report, as Vapi posts it. */
export function vapiEndOfCallReport(opts: FixtureOptions = {}): Vapi.ServerMessage & { message: Vapi.ServerMessageEndOfCallReport } {
  const callId = opts.callId ?? randomUUID();
  const started = opts.startedAt ?? new Date(Date.now() - 60_000);
  const ended = new Date(started.getTime() + (opts.durationSeconds ?? 11) * 1000);
  const turns = opts.turns ?? DEFAULT_TURNS;
  const assistantId = opts.assistantId ?? 'asst_5b1e2c3d-ava';
  const messages: Vapi.ArtifactMessagesItem[] = [
    { role: 'system', message: 'You are Ava, the front desk assistant.', time: started.getTime(), secondsFromStart: 0 },
    ...turns.map(
      (t): Vapi.UserMessage | Vapi.BotMessage => ({
        role: t.speaker === 'agent' ? 'bot' : 'user',
        message: t.text,
        time: started.getTime() + t.start * 1000,
        endTime: started.getTime() + t.end * 1000,
        secondsFromStart: t.start,
        duration: (t.end - t.start) * 1000,
      }),
    ),
  ];
  const costBreakdown: Vapi.CostBreakdown = { transport: 0.0044, stt: 0.0071, llm: 0.0123, tts: 0.0092, vapi: 0.0091, total: 0.0421, llmPromptTokens: 1830, llmCompletionTokens: 74, ttsCharacters: 212 };
  const customer: Vapi.CreateCustomerDto = { number: '+14155550142', name: 'Maria Lopez' };
  const call: Vapi.Call = {
    id: callId,
    orgId: 'a4f1c0de-vapi-org',
    type: 'inboundPhoneCall',
    status: 'ended',
    endedReason: 'customer-ended-call',
    createdAt: started.toISOString(),
    updatedAt: ended.toISOString(),
    startedAt: started.toISOString(),
    endedAt: ended.toISOString(),
    cost: 0.0421,
    costBreakdown,
    assistantId,
    phoneNumberId: 'pn_7c9d4e21-front-desk',
    customer,
  };
  return {
    message: {
      type: 'end-of-call-report',
      timestamp: ended.getTime(),
      endedReason: 'customer-ended-call',
      startedAt: started.toISOString(),
      endedAt: ended.toISOString(),
      cost: 0.0421,
      customer,
      phoneNumber: { provider: 'twilio', number: '+14155550100', twilioAccountSid: 'AC00000000000000000000000000000000' },
      assistant: { name: 'Ava (front desk)' },
      call,
      artifact: {
        messages,
        transcript: turns.map((t) => `${t.speaker === 'agent' ? 'AI' : 'User'}: ${t.text}`).join('\n'),
        recordingUrl: opts.recordingUrl ?? `https://storage.vapi.ai/${callId}-mono.wav`,
        stereoRecordingUrl: `https://storage.vapi.ai/${callId}-stereo.wav`,
      },
      analysis: {
        summary: 'The caller confirmed the appointment for tomorrow at 10am.',
        structuredData: { appointmentConfirmed: true, appointmentTime: '10:00' },
        successEvaluation: 'true',
      },
    },
  };
}

/** Another server message type (Vapi sends many); the app acknowledges and ignores it. */
export function vapiStatusUpdate(callId = randomUUID()): Vapi.ServerMessage & { message: Vapi.ServerMessageStatusUpdate } {
  const now = new Date().toISOString();
  return { message: { type: 'status-update', status: 'in-progress', call: { id: callId, orgId: 'a4f1c0de-vapi-org', createdAt: now, updatedAt: now } } };
}

export type VapiAuth = { method: 'bearer' | 'x-vapi-secret' | 'hmac'; secret: string; timestamp?: number | false };

/** The headers Vapi attaches for the endpoint's credential. */
export function vapiHeaders(auth: VapiAuth, body: string): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.method === 'bearer') headers.authorization = `Bearer ${auth.secret}`;
  else if (auth.method === 'x-vapi-secret') headers['x-vapi-secret'] = auth.secret;
  else {
    const ts = auth.timestamp === false ? undefined : String(auth.timestamp ?? Date.now());
    if (ts !== undefined) headers['x-vapi-timestamp'] = ts;
    headers['x-vapi-signature'] = vapiHmac(auth.secret, body, ts);
  }
  return headers;
}

// ---------------------------------------------------------------------------------------- Retell

export type RetellEventName = 'call_started' | 'call_ended' | 'call_analyzed';
export interface RetellWebhook {
  event: RetellEventName;
  call: Retell.PhoneCallResponse;
}

/** A Retell webhook for a phone call; `call_analyzed` adds `call_analysis`, as Retell does. */
export function retellEvent(event: RetellEventName, opts: FixtureOptions = {}): RetellWebhook {
  const callId = opts.callId ?? `call_${randomUUID().replace(/-/g, '')}`;
  const started = opts.startedAt ?? new Date(Date.now() - 60_000);
  const durationMs = (opts.durationSeconds ?? 11) * 1000;
  const turns = opts.turns ?? DEFAULT_TURNS;
  const call: Retell.PhoneCallResponse = {
    call_id: callId,
    call_type: 'phone_call',
    agent_id: opts.assistantId ?? 'agent_2f9c1b7e4d',
    agent_version: 3,
    agent_name: 'Ava (front desk)',
    call_status: event === 'call_started' ? 'ongoing' : 'ended',
    direction: 'inbound',
    from_number: '+14155550142',
    to_number: '+14155550100',
    start_timestamp: started.getTime(),
  };
  if (event === 'call_started') return { event, call };
  Object.assign(call, {
    end_timestamp: started.getTime() + durationMs,
    duration_ms: durationMs,
    disconnection_reason: 'user_hangup',
    recording_url: opts.recordingUrl ?? `https://dxc03zgurdly9.cloudfront.net/${callId}/recording.wav`,
    transcript: turns.map((t) => `${t.speaker === 'agent' ? 'Agent' : 'User'}: ${t.text}`).join('\n'),
    transcript_object: turns.map((t) => ({
      role: t.speaker === 'agent' ? 'agent' : 'user',
      content: t.text,
      words: [
        { word: t.text.split(' ')[0], start: t.start, end: t.start + 0.3 },
        { word: t.text.split(' ').slice(-1)[0], start: t.end - 0.3, end: t.end },
      ],
    })),
    call_cost: {
      combined_cost: 12.5,
      total_duration_seconds: Math.round(durationMs / 1000),
      total_duration_unit_price: 0.0116,
      product_costs: [
        { product: 'elevenlabs_tts', unit_price: 0.0117, cost: 7.0 },
        { product: 'gpt_4o_mini', unit_price: 0.0009, cost: 0.5 },
        { product: 'retell_platform', unit_price: 0.0083, cost: 5.0 },
      ],
    },
  } satisfies Partial<Retell.PhoneCallResponse>);
  if (event === 'call_analyzed') {
    call.call_analysis = {
      call_summary: 'The caller confirmed the appointment for tomorrow at 10am.',
      call_successful: true,
      user_sentiment: 'Positive',
      in_voicemail: false,
      custom_analysis_data: { appointment_confirmed: true, appointment_time: '10:00' },
    };
  }
  return { event, call };
}

/** The x-retell-signature Retell sends, made with retell-sdk's own signer (key: the org's API key). */
export async function retellHeaders(apiKey: string, body: string): Promise<Record<string, string>> {
  return { 'content-type': 'application/json', 'x-retell-signature': await Retell.sign(body, apiKey) };
}
