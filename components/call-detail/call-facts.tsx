'use client';
import type { CallDetail } from '@/lib/client/api-types';
import { directionLabel, formatCost, formatCostPrecise, formatDateTime, formatDuration, formatPhone, humanize } from '@/lib/client/format';
import { describeRecordingState } from '@/lib/client/recording-state';
import { Badge } from '../ui/badge';

function Row({ term, children, testId }: { term: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[7.5rem_1fr] gap-3 px-4 py-2 text-sm" data-testid={testId}>
      <dt className="text-slate-500">{term}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

export function CallFacts({ call }: { call: CallDetail }) {
  return (
    <dl className="divide-y divide-slate-100" data-testid="call-metadata">
      <Row term="Direction">{directionLabel(call.callType)}</Row>
      <Row term="From">
        <span className="tabular-nums" data-phone={call.fromNumber}>
          {formatPhone(call.fromNumber)}
        </span>
      </Row>
      <Row term="To">
        <span className="tabular-nums" data-phone={call.toNumber}>
          {formatPhone(call.toNumber)}
        </span>
      </Row>
      <Row term="Agent">{call.agentName ?? '—'}</Row>
      <Row term="Started">
        <time dateTime={call.startedAt}>{formatDateTime(call.startedAt)}</time>
      </Row>
      <Row term="Ended">{call.endedAt ? <time dateTime={call.endedAt}>{formatDateTime(call.endedAt)}</time> : '—'}</Row>
      <Row term="Duration">
        <span className="tabular-nums">{formatDuration(call.durationSeconds)}</span>
      </Row>
      <Row term="Cost">
        <span className="tabular-nums" title={formatCostPrecise(call.cost)}>
          {formatCost(call.cost)}
        </span>
        {call.cost > 0 && <span className="ml-1.5 text-xs text-slate-400 tabular-nums">({formatCostPrecise(call.cost)})</span>}
      </Row>
      <Row term="Ended reason" testId="call-ended-reason">
        {humanize(call.endedReason)}
        {call.endedReason && <code className="ml-1.5 text-xs text-slate-400">{call.endedReason}</code>}
      </Row>
      <Row term="Provider" testId="call-provider">{call.provider}</Row>
      <Row term="Assistant id" testId="call-assistant-id">
        {call.assistantId ? <code className="text-xs">{call.assistantId}</code> : '—'}
      </Row>
      <Row term="Phone number id" testId="call-phone-number-id">
        {call.phoneNumberId ? <code className="text-xs">{call.phoneNumberId}</code> : '—'}
      </Row>
      <Row term="Success" testId="call-success-evaluation">{call.successEvaluation ?? '—'}</Row>
      <Row term="Structured data" testId="call-structured-data">
        <JsonFacts value={call.structuredData} />
      </Row>
      <Row term="Cost breakdown" testId="call-cost-breakdown">
        <JsonFacts value={call.costBreakdown} />
      </Row>
      <Row term="Lead" testId="call-lead">
        {call.lead ? (
          <>
            {call.lead.name ?? 'Unnamed lead'}
            {call.lead.phone && <span className="block text-xs text-slate-500 tabular-nums">{formatPhone(call.lead.phone)}</span>}
          </>
        ) : (
          '—'
        )}
      </Row>
      <Row term="Campaign" testId="call-campaign">
        {call.campaign?.name ?? '—'}
      </Row>
    </dl>
  );
}

/** Provider-shaped objects, one key per line; nested values as compact JSON (rendered as text, never HTML). */
function JsonFacts({ value }: { value: Record<string, unknown> | null }) {
  const entries = value ? Object.entries(value) : [];
  if (entries.length === 0) return <>—</>;
  return (
    <dl className="space-y-0.5 text-xs">
      {entries.map(([k, v]) => (
        <div key={k} className="flex gap-2">
          <dt className="shrink-0 text-slate-500">{k}</dt>
          <dd className="min-w-0 break-all tabular-nums">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function RecordingPipelineState({ call }: { call: CallDetail }) {
  const view = describeRecordingState(call.recording, (iso) => formatDateTime(iso));
  return (
    <div className="space-y-1.5 px-4 py-3" data-testid="recording-state" data-state={call.recording.state}>
      <Badge tone={view.tone} dot wrap className="max-w-full">
        {view.label}
      </Badge>
      {view.detail && <p className="text-xs break-words text-slate-500">Last error: {view.detail}</p>}
    </div>
  );
}
