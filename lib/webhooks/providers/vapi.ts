// Vapi server messages → the one call record ingest_call_report takes. Vapi posts every server
// message as `{ "message": { "type": …, … } }`; only `end-of-call-report` makes a call, every other
// type is acknowledged and ignored. The schema names only the fields we store (the shapes follow
// @vapi-ai/server-sdk's ServerMessageEndOfCallReport); unknown keys are stripped, so nothing in the
// payload can name an org.
import { z } from 'zod';
import { statusFromEndedReason, type CallRecordInput } from '../voice-payload';
import { asStructuredData } from './structured-data';

export const VAPI_PROVIDER = 'vapi';

const text = (max: number) => z.string().max(max);
const isoTime = z.iso.datetime({ offset: true });
const url = z.url({ protocol: /^https?$/ }).max(2_048);
const jsonObject = z.record(z.string().max(200), z.unknown());

const person = z.object({ number: text(64).optional(), name: text(200).optional() }).optional();
// The report's phoneNumber has `number`; the call's (an imported Twilio number) `twilioPhoneNumber`.
const phoneNumber = z.object({ number: text(64).optional(), twilioPhoneNumber: text(64).optional() }).optional();
const assistant = z.object({ name: text(200).optional() }).optional();

const message = z.object({
  role: text(40),
  message: text(10_000).optional(),
  time: z.number().optional(),
  endTime: z.number().optional(),
  secondsFromStart: z.number().min(0).max(86_400).optional(),
  duration: z.number().min(0).optional(),
});

export const vapiEndOfCallReportSchema = z.object({
  type: z.literal('end-of-call-report'),
  endedReason: text(200).optional(),
  cost: z.number().min(0).max(100_000).optional(),
  costBreakdown: jsonObject.optional(),
  startedAt: isoTime.optional(),
  endedAt: isoTime.optional(),
  customer: person,
  phoneNumber,
  assistant,
  call: z.object({
    id: z.string().min(1).max(200),
    type: text(40).optional(),
    assistantId: text(200).optional(),
    phoneNumberId: text(200).optional(),
    createdAt: isoTime.optional(),
    startedAt: isoTime.optional(),
    endedAt: isoTime.optional(),
    cost: z.number().min(0).max(100_000).optional(),
    costBreakdown: jsonObject.optional(),
    customer: person,
    phoneNumber,
    assistant,
  }),
  artifact: z
    .object({
      transcript: text(200_000).optional(),
      messages: z.array(message).max(5_000).optional(),
      recordingUrl: url.optional(),
      stereoRecordingUrl: url.optional(),
    })
    .optional(),
  analysis: z
    .object({
      summary: text(20_000).optional(),
      // Usually an object, but the assistant's structuredDataSchema decides: any JSON is kept.
      structuredData: z.unknown().optional(),
      // The SDK types it as a string; rubrics produce "true", "8", "Pass", … and some send a bare
      // boolean or number: all are kept as text.
      successEvaluation: z.union([text(2_000), z.boolean(), z.number()]).optional(),
    })
    .optional(),
});

export type VapiEndOfCallReport = z.infer<typeof vapiEndOfCallReportSchema>;

const vapiEnvelopeSchema = z.object({ message: z.object({ type: text(64) }) });

export type AdaptedEvent =
  | { kind: 'ignored'; type: string }
  | { kind: 'call'; idempotencyKey: string; call: CallRecordInput };

/** The delivery's type, then (for an end-of-call report) its call record. Throws ZodError on bad input. */
export function adaptVapiMessage(json: unknown): AdaptedEvent {
  const { message: head } = vapiEnvelopeSchema.parse(json);
  if (head.type !== 'end-of-call-report') return { kind: 'ignored', type: head.type };
  const report = vapiEndOfCallReportSchema.parse((json as { message: unknown }).message);
  // Vapi sends no delivery id: the report is one per call, so the call id is the idempotency key.
  return { kind: 'call', idempotencyKey: `vapi:end-of-call-report:${report.call.id}`, call: vapiCallRecord(report) };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function vapiCallRecord(report: VapiEndOfCallReport): CallRecordInput {
  const { call } = report;
  const direction = call.type === 'outboundPhoneCall' ? 'outbound' : 'inbound';
  const customer = report.customer ?? call.customer;
  const ours = report.phoneNumber?.number ?? call.phoneNumber?.number ?? call.phoneNumber?.twilioPhoneNumber ?? '';
  const theirs = customer?.number ?? '';
  const startedAt = report.startedAt ?? call.startedAt ?? call.createdAt;
  if (!startedAt) throw issue(['message', 'startedAt'], 'the report has no start time');
  const endedAt = report.endedAt ?? call.endedAt ?? null;
  const started = Date.parse(startedAt);
  const ended = endedAt ? Date.parse(endedAt) : null;
  if (ended !== null && ended < started) throw issue(['message', 'endedAt'], 'endedAt is before startedAt');
  const evaluation = report.analysis?.successEvaluation;
  return {
    call_type: direction,
    status: statusFromEndedReason(report.endedReason),
    from_number: direction === 'inbound' ? theirs : ours,
    to_number: direction === 'inbound' ? ours : theirs,
    contact_name: customer?.name ?? null,
    agent_name: (report.assistant ?? call.assistant)?.name ?? null,
    started_at: new Date(started).toISOString(),
    ended_at: ended === null ? null : new Date(ended).toISOString(),
    duration_seconds: ended === null ? 0 : Math.round((ended - started) / 1000),
    ended_reason: report.endedReason ?? null,
    cost: report.cost ?? call.cost ?? 0,
    summary: report.analysis?.summary ?? null,
    sentiment: null,
    transcript: vapiTranscript(report.artifact),
    provider: VAPI_PROVIDER,
    provider_call_id: call.id,
    // The mono mix plays in the browser; the stereo file (one channel per side) is the fallback.
    recording_url: report.artifact?.recordingUrl ?? report.artifact?.stereoRecordingUrl ?? null,
    lead_id: null,
    campaign_id: null,
    assistant_id: call.assistantId ?? null,
    phone_number_id: call.phoneNumberId ?? null,
    success_evaluation: evaluation === undefined ? null : String(evaluation),
    structured_data: asStructuredData(report.analysis?.structuredData),
    cost_breakdown: report.costBreakdown ?? call.costBreakdown ?? null,
  };
}

/** Spoken turns from `artifact.messages` (system prompts and tool calls are not speech); the plain
 * `artifact.transcript` ("AI: …\nUser: …") when there are no messages. */
function vapiTranscript(artifact: VapiEndOfCallReport['artifact']): CallRecordInput['transcript'] {
  const spoken = (artifact?.messages ?? []).filter(
    (m) => (m.role === 'user' || m.role === 'bot' || m.role === 'assistant') && typeof m.message === 'string',
  );
  if (spoken.length > 0) {
    return spoken.map((m) => {
      const start = m.secondsFromStart ?? 0;
      const seconds = m.time !== undefined && m.endTime !== undefined ? Math.max(0, (m.endTime - m.time) / 1000) : (m.duration ?? 0) / 1000;
      return { speaker: m.role === 'user' ? 'customer' : 'agent', text: m.message ?? '', start: round1(start), end: round1(start + seconds) };
    });
  }
  return (artifact?.transcript ?? '')
    .split('\n')
    .map((line) => /^(AI|Assistant|Bot|User|Customer):\s*(.*)$/i.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null && m[2] !== '')
    .slice(0, 5_000)
    .map((m) => ({ speaker: /^(user|customer)$/i.test(m[1]) ? 'customer' : 'agent', text: m[2], start: 0, end: 0 }));
}

function issue(path: string[], message: string) {
  return new z.ZodError([{ code: 'custom', path, message, input: undefined }]);
}
