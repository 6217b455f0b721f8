'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useRef, useState } from 'react';
import { hasErrorCode } from '@/lib/client/api-error';
import type { CallDetail } from '@/lib/client/api-types';
import { backHrefFromDetail } from '@/lib/client/calls-url-state';
import { customerNumber, directionLabel, formatCost, formatDateTime, formatDuration, formatPhone } from '@/lib/client/format';
import { callDetailQuery } from '@/lib/client/queries';
import { describeRecordingState } from '@/lib/client/recording-state';
import { ErrorView, ForbiddenView, NotFoundView } from '../access-views';
import { DirectionIcon, SentimentBadge, StatusBadge } from '../calls/call-badges';
import { useMe } from '../me-context';
import { Badge } from '../ui/badge';
import { ArrowLeft, Mic } from '../ui/icons';
import { Skeleton } from '../ui/skeleton';
import { CallFacts, RecordingPipelineState } from './call-facts';
import { RecordingPlayer } from './recording-player';
import { RetentionCard } from './retention-card';
import { Transcript } from './transcript';

function Card({ title, children, className, actions }: { title: string; children: React.ReactNode; className?: string; actions?: React.ReactNode }) {
  return (
    <section className={`overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs ${className ?? ''}`}>
      <div className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
        <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

function BackLink({ href }: { href: string }) {
  return (
    <Link
      href={href}
      data-testid="back-to-calls"
      className="inline-flex items-center gap-1.5 rounded-md text-sm font-medium text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      <ArrowLeft className="size-4" />
      All calls
    </Link>
  );
}

function DetailSkeleton() {
  return (
    <div className="space-y-4" data-testid="call-detail-loading" aria-busy="true">
      <span className="sr-only" role="status">
        Loading call…
      </span>
      <div className="rounded-xl border border-slate-200 bg-white p-5">
        <Skeleton className="h-6 w-56" />
        <Skeleton className="mt-3 h-4 w-80" />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Skeleton className="h-24 w-full rounded-xl" />
          <Skeleton className="h-72 w-full rounded-xl" />
        </div>
        <Skeleton className="h-96 w-full rounded-xl" />
      </div>
    </div>
  );
}

function CallDetailView({ call, orgId }: { call: CallDetail; orgId: string }) {
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const [time, setTime] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [started, setStarted] = useState(false);
  const stored = call.recording.state === 'stored';
  const title = call.contactName?.trim() || formatPhone(customerNumber(call));

  // A line clicked before the recording has loaded plays as soon as it has.
  const pendingSeek = useRef<number | null>(null);

  const seek = (seconds: number) => {
    setTime(seconds);
    setStarted(true);
    const audio = audioRef.current;
    if (!audio || audio.readyState < HTMLMediaElement.HAVE_METADATA) {
      pendingSeek.current = seconds;
      return;
    }
    audio.currentTime = seconds;
    audio.play().catch(() => undefined);
  };

  return (
    <div className="space-y-4" data-testid="call-detail" data-call-id={call.id}>
      <header className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="flex min-w-0 items-start gap-3">
            <DirectionIcon direction={call.callType} className="mt-1" />
            <div className="min-w-0">
              <h1 className="truncate text-xl font-semibold tracking-tight text-slate-900" data-testid="call-title">
                {title}
              </h1>
              <p className="mt-0.5 text-sm text-slate-500">
                <span className="tabular-nums" data-testid="call-customer-phone">
                  {formatPhone(customerNumber(call))}
                </span>
                <span aria-hidden="true"> · </span>
                <time dateTime={call.startedAt}>{formatDateTime(call.startedAt)}</time>
              </p>
              <div className="mt-2.5 flex flex-wrap items-center gap-2">
                <Badge tone="neutral">{directionLabel(call.callType)}</Badge>
                <StatusBadge status={call.status} />
                {call.sentiment && <SentimentBadge sentiment={call.sentiment} />}
              </div>
            </div>
          </div>
          <dl className="flex gap-6 text-right">
            <div>
              <dt className="text-xs text-slate-500">Duration</dt>
              <dd className="text-lg font-semibold text-slate-900 tabular-nums">{formatDuration(call.durationSeconds)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Cost</dt>
              <dd className="text-lg font-semibold text-slate-900 tabular-nums">{formatCost(call.cost)}</dd>
            </div>
          </dl>
        </div>
      </header>

      <div className="grid items-start gap-4 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <Card title="Recording">
            <div className="p-4">
              {stored ? (
                <RecordingPlayer
                  orgId={orgId}
                  callId={call.id}
                  audioRef={audioRef}
                  onTime={(t) => {
                    setTime(t);
                    if (t > 0) setStarted(true);
                  }}
                  onPlayingChange={(p) => {
                    setPlaying(p);
                    if (p) setStarted(true);
                  }}
                  onReady={(audio) => {
                    const seconds = pendingSeek.current;
                    if (seconds === null) return;
                    pendingSeek.current = null;
                    audio.currentTime = seconds;
                    audio.play().catch(() => undefined);
                  }}
                />
              ) : (
                <div className="flex items-center gap-3 text-sm text-slate-600" data-testid="no-recording">
                  <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-slate-100 text-slate-500">
                    <Mic className="size-4" />
                  </span>
                  <span>
                    {call.recording.state === 'erased' ? (
                      <span data-testid="recording-erased">The recording was erased {formatDateTime(call.recordingErasedAt ?? call.startedAt)}.</span>
                    ) : call.recording.state === 'none' ? (
                      'This call has no recording.'
                    ) : call.recording.state === 'dead_lettered' ? (
                      'The recording could not be copied from the voice provider.'
                    ) : (
                      <>
                        The recording is not playable yet.{' '}
                        <span className="text-slate-500">{describeRecordingState(call.recording, (iso) => formatDateTime(iso)).label}.</span>
                      </>
                    )}
                  </span>
                </div>
              )}
            </div>
          </Card>
          <Card
            title="Transcript"
            actions={
              call.transcript.length > 0 && stored ? <span className="text-xs text-slate-500">Select a line to play from there</span> : undefined
            }
          >
            {call.contentErasedAt ? (
              <p className="px-4 py-3 text-sm text-slate-500" data-testid="transcript-erased">
                The transcript was erased {formatDateTime(call.contentErasedAt)}.
              </p>
            ) : (
              <Transcript
                turns={call.transcript}
                currentTime={time}
                started={started}
                playing={playing}
                canSeek={stored}
                onSeek={seek}
                agentName={call.agentName}
              />
            )}
          </Card>
        </div>

        <aside className="min-w-0 space-y-4" aria-label="Call information">
          <Card title="Summary">
            <p className="px-4 py-3 text-sm leading-relaxed text-pretty text-slate-700" data-testid="call-summary">
              {call.summary || <span className="text-slate-500">{call.contentErasedAt ? 'The summary was erased.' : 'No summary for this call.'}</span>}
            </p>
          </Card>
          <Card title="Details">
            <CallFacts call={call} />
          </Card>
          <Card title="Recording pipeline">
            <RecordingPipelineState call={call} />
          </Card>
          <Card title="Retention">
            <RetentionCard call={call} orgId={orgId} />
          </Card>
        </aside>
      </div>
    </div>
  );
}

export function CallDetailPage({ callId }: { callId: string }) {
  const me = useMe();
  const searchParams = useSearchParams();
  const backHref = backHrefFromDetail(searchParams);
  const detail = useQuery(callDetailQuery(me.org.id, callId));

  let body: React.ReactNode;
  if (detail.isPending) body = <DetailSkeleton />;
  else if (detail.isError) {
    const error = detail.error;
    // Unknown, other org's and malformed ids all read the same: "not found".
    if (hasErrorCode(error, 'not_found', 'invalid_request')) {
      body = (
        <div className="rounded-xl border border-slate-200 bg-white shadow-xs">
          <NotFoundView backHref={backHref} />
        </div>
      );
    } else if (hasErrorCode(error, 'forbidden')) {
      body = (
        <div className="rounded-xl border border-slate-200 bg-white shadow-xs">
          <ForbiddenView title="Only admins can open call details" backHref={backHref} />
        </div>
      );
    } else {
      body = (
        <div className="rounded-xl border border-slate-200 bg-white shadow-xs">
          <ErrorView error={error} title="Could not load this call" onRetry={() => void detail.refetch()} />
        </div>
      );
    }
  } else body = <CallDetailView call={detail.data.call} orgId={me.org.id} />;

  return (
    <div className="space-y-4">
      <BackLink href={backHref} />
      {body}
    </div>
  );
}
