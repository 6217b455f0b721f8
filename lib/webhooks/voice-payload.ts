// The voice provider's webhook body, modelled on common providers' end-of-call reports (Vapi's
// `end-of-call-report`, Retell's `call_ended`): call id, direction, numbers, times, ended reason,
// cost, transcript turns, summary, recording URL. Unknown keys are stripped, so an `org_id` (or
// anything else) in the body can never reach the database: the org comes from the verifying secret.
import { z } from 'zod';
import { DIRECTIONS, ENDED_CALL_STATUSES, SENTIMENTS, type Direction, type Sentiment, type TranscriptTurn } from '@/lib/api/contract';

const text = (max: number) => z.string().max(max);
const timestamp = z.iso.datetime({ offset: true });

const transcriptTurn = z.object({
  role: z.enum(['assistant', 'agent', 'bot', 'user', 'customer']),
  message: text(10_000),
  secondsFromStart: z.number().min(0).max(86_400),
  duration: z.number().min(0).max(86_400).optional(),
});


export const endOfCallReportSchema = z.object({
  type: z.literal('end-of-call-report'),
  call: z.object({
    id: z.string().min(1).max(200),
    direction: z.enum(DIRECTIONS),
    from: text(64).default(''),
    to: text(64).default(''),
    status: z.enum(ENDED_CALL_STATUSES).optional(),
    startedAt: timestamp,
    endedAt: timestamp.optional(),
    endedReason: text(200).optional(),
    cost: z.number().min(0).max(100_000).optional(),
    customer: z.object({ name: text(200).optional() }).optional(),
    agent: z.object({ name: text(200).optional() }).optional(),
    // Ids the app gave the provider when it placed the call; kept only if they are the org's own.
    metadata: z.object({ leadId: z.uuid().optional(), campaignId: z.uuid().optional() }).optional(),
  }),
  artifact: z
    .object({
      transcript: z.array(transcriptTurn).max(5_000).default([]),
      recordingUrl: z.url({ protocol: /^https?$/ }).max(2_048).optional(),
    })
    .optional(),
  analysis: z
    .object({
      summary: text(20_000).optional(),
      sentiment: z.enum(SENTIMENTS).optional(),
    })
    .optional(),
});

export type EndOfCallReport = z.infer<typeof endOfCallReportSchema>;

/** Only the type is read first: other event types (status updates, …) are acknowledged and ignored. */
export const webhookEnvelopeSchema = z.object({ type: z.string().max(64) });

/** The columns ingest_call_report takes (p_call). */
export interface CallRecordInput {
  call_type: Direction;
  status: (typeof ENDED_CALL_STATUSES)[number];
  from_number: string;
  to_number: string;
  contact_name: string | null;
  agent_name: string | null;
  started_at: string;
  ended_at: string | null;
  duration_seconds: number;
  ended_reason: string | null;
  cost: number;
  summary: string | null;
  sentiment: Sentiment | null;
  transcript: TranscriptTurn[];
  provider: string;
  provider_call_id: string;
  recording_url: string | null;
  lead_id: string | null;
  campaign_id: string | null;
  /** Provider-specific fields (Vapi, Retell); the generic endpoint leaves them out. */
  assistant_id?: string | null;
  phone_number_id?: string | null;
  success_evaluation?: string | null;
  structured_data?: Record<string, unknown> | null;
  cost_breakdown?: Record<string, unknown> | null;
}

export const PROVIDER = 'voice';

export function toCallRecord(report: EndOfCallReport): CallRecordInput {
  const { call } = report;
  const started = Date.parse(call.startedAt);
  const ended = call.endedAt ? Date.parse(call.endedAt) : null;
  if (ended !== null && ended < started) throw new z.ZodError([{ code: 'custom', path: ['call', 'endedAt'], message: 'endedAt is before startedAt', input: call.endedAt }]);
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return {
    call_type: call.direction,
    status: call.status ?? statusFromEndedReason(call.endedReason),
    from_number: call.from,
    to_number: call.to,
    contact_name: call.customer?.name ?? null,
    agent_name: call.agent?.name ?? null,
    started_at: new Date(started).toISOString(),
    ended_at: ended === null ? null : new Date(ended).toISOString(),
    duration_seconds: ended === null ? 0 : Math.round((ended - started) / 1000),
    ended_reason: call.endedReason ?? null,
    cost: call.cost ?? 0,
    summary: report.analysis?.summary ?? null,
    sentiment: report.analysis?.sentiment ?? null,
    transcript: (report.artifact?.transcript ?? []).map((t) => ({
      speaker: t.role === 'user' || t.role === 'customer' ? 'customer' : 'agent',
      text: t.message,
      start: round1(t.secondsFromStart),
      end: round1(t.secondsFromStart + (t.duration ?? 0)),
    })),
    provider: PROVIDER,
    provider_call_id: call.id,
    recording_url: report.artifact?.recordingUrl ?? null,
    lead_id: call.metadata?.leadId ?? null,
    campaign_id: call.metadata?.campaignId ?? null,
  };
}

/** Providers report why a call ended rather than a status; map the common reasons. */
export function statusFromEndedReason(reason: string | undefined): CallRecordInput['status'] {
  const r = (reason ?? '').toLowerCase();
  if (r.includes('did-not-answer') || r.includes('no-answer') || r === 'dial_no_answer') return 'no_answer';
  if (r.includes('busy')) return 'busy';
  if (r.includes('voicemail')) return 'voicemail';
  if (r.includes('error') || r.includes('failed')) return 'failed';
  return 'completed';
}
