// Mapping the provider's end-of-call report onto call_logs columns.
import { describe, expect, it } from 'vitest';
import { endOfCallReportSchema, statusFromEndedReason, toCallRecord } from '../../lib/webhooks/voice-payload.ts';

const report = {
  type: 'end-of-call-report',
  org_id: '00000000-0000-4000-8000-000000000000',
  call: {
    id: 'call_1',
    orgId: '00000000-0000-4000-8000-000000000000',
    direction: 'outbound',
    from: '+14155550100',
    to: '+14155550111',
    startedAt: '2026-11-26T10:00:00.000Z',
    endedAt: '2026-11-26T10:01:30.400Z',
    endedReason: 'customer-ended-call',
    cost: 0.12,
    customer: { name: 'Maria' },
    metadata: { leadId: '11111111-1111-4111-8111-111111111111', orgId: 'x' },
  },
  artifact: {
    transcript: [
      { role: 'assistant', message: 'Hello', secondsFromStart: 0.04, duration: 1.2 },
      { role: 'user', message: 'Hi', secondsFromStart: 1.5 },
    ],
    recordingUrl: 'https://rec.example/r.wav',
  },
  analysis: { summary: 'Short call', sentiment: 'positive' },
};

describe('voice payload', () => {
  it('maps an end-of-call report onto call columns', () => {
    const r = toCallRecord(endOfCallReportSchema.parse(report));
    expect(r).toEqual({
      call_type: 'outbound',
      status: 'completed',
      from_number: '+14155550100',
      to_number: '+14155550111',
      contact_name: 'Maria',
      agent_name: null,
      started_at: '2026-11-26T10:00:00.000Z',
      ended_at: '2026-11-26T10:01:30.400Z',
      duration_seconds: 90,
      ended_reason: 'customer-ended-call',
      cost: 0.12,
      summary: 'Short call',
      sentiment: 'positive',
      transcript: [
        { speaker: 'agent', text: 'Hello', start: 0, end: 1.2 },
        { speaker: 'customer', text: 'Hi', start: 1.5, end: 1.5 },
      ],
      provider: 'voice',
      provider_call_id: 'call_1',
      recording_url: 'https://rec.example/r.wav',
      lead_id: '11111111-1111-4111-8111-111111111111',
      campaign_id: null,
    });
  });

  it('never carries an org id from the body', () => {
    const r = toCallRecord(endOfCallReportSchema.parse(report));
    expect(JSON.stringify(r)).not.toContain('00000000-0000-4000-8000-000000000000');
  });

  it('rejects bad input', () => {
    const bad = (patch: Record<string, unknown>) =>
      endOfCallReportSchema.safeParse({ ...report, call: { ...report.call, ...patch } }).success;
    expect(bad({ direction: 'sideways' })).toBe(false);
    expect(bad({ startedAt: 'yesterday' })).toBe(false);
    expect(bad({ cost: -1 })).toBe(false);
    expect(bad({ id: '' })).toBe(false);
    expect(endOfCallReportSchema.safeParse({ ...report, artifact: { recordingUrl: 'file:///etc/passwd' } }).success).toBe(false);
    expect(() => toCallRecord(endOfCallReportSchema.parse({ ...report, call: { ...report.call, endedAt: '2026-11-26T09:00:00Z' } }))).toThrow();
  });

  it('derives the status from the ended reason', () => {
    expect(statusFromEndedReason('customer-did-not-answer')).toBe('no_answer');
    expect(statusFromEndedReason('customer-busy')).toBe('busy');
    expect(statusFromEndedReason('voicemail')).toBe('voicemail');
    expect(statusFromEndedReason('pipeline-error-openai')).toBe('failed');
    expect(statusFromEndedReason(undefined)).toBe('completed');
  });
});
