// Retell webhooks → the one call record ingest_call_report takes. Retell posts
// `{ "event": …, "call": { … } }`; `call_ended` and `call_analyzed` carry the call (the second adds
// `call_analysis`), every other event is acknowledged and ignored. Both events of a call land on one
// row: ingest_call_report merges them in either order. The schema names only the fields we store
// (the shapes follow retell-sdk's PhoneCallResponse / WebCallResponse); unknown keys are stripped.
import { z } from 'zod';
import { statusFromEndedReason, type CallRecordInput } from '../voice-payload';
import { asStructuredData } from './structured-data';
import type { AdaptedEvent } from './vapi';

export const RETELL_PROVIDER = 'retell';
export const RETELL_CALL_EVENTS = ['call_ended', 'call_analyzed'] as const;

const text = (max: number) => z.string().max(max);
// Epoch milliseconds, between 2000 and 2100.
const epochMs = z.number().int().min(946_684_800_000).max(4_102_444_800_000);
const jsonObject = z.record(z.string().max(200), z.unknown());

const word = z.object({ start: z.number().min(0).max(86_400), end: z.number().min(0).max(86_400) });

export const retellCallSchema = z.object({
  call_id: z.string().min(1).max(200),
  agent_id: text(200).optional(),
  agent_name: text(200).optional(),
  // Web calls have no direction or numbers.
  direction: z.enum(['inbound', 'outbound']).optional(),
  from_number: text(64).optional(),
  to_number: text(64).optional(),
  start_timestamp: epochMs.optional(),
  end_timestamp: epochMs.optional(),
  disconnection_reason: text(200).optional(),
  transcript_object: z
    .array(z.object({ role: text(40), content: text(10_000), words: z.array(word).max(20_000).default([]) }))
    .max(5_000)
    .optional(),
  recording_url: z.url({ protocol: /^https?$/ }).max(2_048).optional(),
  call_analysis: z
    .object({
      call_summary: text(20_000).optional(),
      call_successful: z.boolean().optional(),
      user_sentiment: z.enum(['Negative', 'Positive', 'Neutral', 'Unknown']).optional(),
      custom_analysis_data: z.unknown().optional(),
    })
    .optional(),
  // combined_cost is in cents.
  call_cost: z
    .object({ combined_cost: z.number().min(0).max(10_000_000), product_costs: z.array(jsonObject).max(100).optional() })
    .loose()
    .optional(),
  metadata: z.object({ leadId: z.uuid().optional(), campaignId: z.uuid().optional() }).optional().catch(undefined),
});

export type RetellCall = z.infer<typeof retellCallSchema>;

const retellEnvelopeSchema = z.object({ event: text(64) });

export function adaptRetellEvent(json: unknown): AdaptedEvent {
  const { event } = retellEnvelopeSchema.parse(json);
  if (!(RETELL_CALL_EVENTS as readonly string[]).includes(event)) return { kind: 'ignored', type: event };
  const { call } = z.object({ call: retellCallSchema }).parse(json);
  // Retell sends no delivery id; one delivery per event and call, so that pair is the key.
  return { kind: 'call', idempotencyKey: `retell:${event}:${call.call_id}`, call: retellCallRecord(call) };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const SENTIMENT = { Positive: 'positive', Neutral: 'neutral', Negative: 'negative', Unknown: null } as const;

export function retellCallRecord(call: RetellCall): CallRecordInput {
  // A call that never connected may have no start: it then started (and ended) at its end.
  const started = call.start_timestamp ?? call.end_timestamp;
  if (started === undefined) throw new z.ZodError([{ code: 'custom', path: ['call', 'start_timestamp'], message: 'the call has no start or end time', input: undefined }]);
  const ended = call.end_timestamp ?? null;
  if (ended !== null && ended < started) throw new z.ZodError([{ code: 'custom', path: ['call', 'end_timestamp'], message: 'end_timestamp is before start_timestamp', input: ended }]);
  const analysis = call.call_analysis;
  return {
    call_type: call.direction ?? 'inbound',
    // From disconnection_reason only (voicemail_reached, dial_no_answer, …), which both events carry:
    // a field only call_analyzed has would make the status depend on the order of the events.
    status: statusFromEndedReason(call.disconnection_reason),
    from_number: call.from_number ?? '',
    to_number: call.to_number ?? '',
    contact_name: null,
    agent_name: call.agent_name ?? null,
    started_at: new Date(started).toISOString(),
    ended_at: ended === null ? null : new Date(ended).toISOString(),
    duration_seconds: ended === null ? 0 : Math.round((ended - started) / 1000),
    ended_reason: call.disconnection_reason ?? null,
    cost: call.call_cost ? Math.round(call.call_cost.combined_cost * 100) / 10_000 : 0,
    summary: analysis?.call_summary ?? null,
    sentiment: analysis?.user_sentiment ? SENTIMENT[analysis.user_sentiment] : null,
    transcript: (call.transcript_object ?? [])
      .filter((u) => u.role === 'agent' || u.role === 'user')
      .map((u) => ({
        speaker: u.role === 'user' ? 'customer' : 'agent',
        text: u.content,
        start: round1(u.words[0]?.start ?? 0),
        end: round1(u.words[u.words.length - 1]?.end ?? 0),
      })),
    provider: RETELL_PROVIDER,
    provider_call_id: call.call_id,
    recording_url: call.recording_url ?? null,
    lead_id: call.metadata?.leadId ?? null,
    campaign_id: call.metadata?.campaignId ?? null,
    assistant_id: call.agent_id ?? null,
    // Retell reports the numbers themselves, not a phone-number id.
    phone_number_id: null,
    success_evaluation: analysis?.call_successful === undefined ? null : String(analysis.call_successful),
    structured_data: asStructuredData(analysis?.custom_analysis_data),
    cost_breakdown: call.call_cost ? { ...call.call_cost, currency: 'USD cents' } : null,
  };
}
