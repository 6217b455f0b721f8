'use client';
// Settings → Pipeline health: how many of the org's recordings are pending, retrying, dead-lettered
// and stored, the dead letters with their coarse reason, and re-queue one or all. Re-queue is
// idempotent on the server: a double click queues once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { hasErrorCode } from '@/lib/client/api-error';
import type { DeadLetter, PipelineCounts } from '@/lib/client/api-types';
import { formatDateTime } from '@/lib/client/format';
import { pipelineHealthQuery, settingsActions } from '@/lib/client/queries';
import { failureText } from '@/lib/client/recording-state';
import { ErrorView, ForbiddenView } from '../access-views';
import { useMe } from '../me-context';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { Check, Refresh } from '../ui/icons';
import { Skeleton } from '../ui/skeleton';
import { StateView } from '../ui/state-view';

const card = 'rounded-xl border border-slate-200 bg-white shadow-xs';

const COUNTS: { key: keyof PipelineCounts; label: string; help: string; tone: string }[] = [
  { key: 'pending', label: 'Pending', help: 'Waiting for the next upload run', tone: 'text-sky-700' },
  { key: 'retrying', label: 'Retrying', help: 'Failed, next try scheduled', tone: 'text-amber-700' },
  { key: 'deadLettered', label: 'Dead-lettered', help: 'Gave up after all retries', tone: 'text-red-700' },
  { key: 'stored', label: 'Stored', help: 'Recordings in storage', tone: 'text-emerald-700' },
];

function Counts({ counts }: { counts: PipelineCounts | null }) {
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
      {COUNTS.map((c) => (
        <div key={c.key} className={cx(card, 'px-4 py-3')}>
          <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{c.label}</dt>
          <dd data-testid={`count-${c.key}`} className={cx('mt-1 text-2xl font-semibold tabular-nums', c.tone)}>
            {counts ? counts[c.key].toLocaleString('en-US') : <Skeleton className="h-7 w-12" />}
          </dd>
          <dd className="text-xs text-slate-500">{c.help}</dd>
        </div>
      ))}
    </dl>
  );
}

function useRequeue() {
  const me = useMe();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deadLetterId?: string) => settingsActions.requeue(deadLetterId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: pipelineHealthQuery(me.org.id).queryKey }),
  });
}

function DeadLetterRow({ letter }: { letter: DeadLetter }) {
  const requeue = useRequeue();
  return (
    <tr data-testid="dead-letter-row" data-call-id={letter.callId}>
      <td className="px-4 py-2.5">
        <Link href={`/calls/${encodeURIComponent(letter.callId)}`} className="font-mono text-xs text-indigo-700 hover:underline" title={letter.callId}>
          {letter.callId.slice(0, 8)}
          <span className="sr-only"> (open call {letter.callId})</span>
        </Link>
        {letter.callStartedAt && <p className="text-xs text-slate-500">{formatDateTime(letter.callStartedAt)}</p>}
      </td>
      <td className="px-3 py-2.5 text-slate-700">
        <span className="first-letter:uppercase">{failureText(letter.reason)}</span>
        <p className="font-mono text-xs text-slate-400">{letter.reason}</p>
      </td>
      <td className="hidden px-3 py-2.5 text-slate-700 tabular-nums md:table-cell">{letter.retryCount}</td>
      <td className="hidden px-3 py-2.5 whitespace-nowrap text-slate-700 tabular-nums md:table-cell">{formatDateTime(letter.deadLetteredAt)}</td>
      <td className="px-4 py-2.5 text-right">
        <Button size="sm" data-testid="requeue-one" disabled={requeue.isPending || requeue.isSuccess} onClick={() => requeue.mutate(letter.id)}>
          {requeue.isSuccess ? <Check className="size-4" /> : <Refresh className="size-4" />}
          {requeue.isPending ? 'Re-queuing…' : requeue.isSuccess ? 'Queued' : 'Re-queue'}
        </Button>
        {requeue.isError && <p className="mt-1 text-xs text-red-700">{requeue.error.message}</p>}
      </td>
    </tr>
  );
}

function DeadLetters({ letters }: { letters: DeadLetter[] | null }) {
  const all = useRequeue();
  return (
    <section className={card} aria-labelledby="dead-letters-title">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <div>
          <h2 id="dead-letters-title" className="text-sm font-semibold text-slate-900">
            Dead letters
          </h2>
          <p className="text-xs text-slate-500">Recordings the pipeline gave up on. Re-queue them once the cause is fixed (for example, the provider is reachable again).</p>
        </div>
        <div className="flex items-center gap-2">
          <span role="status" data-testid="requeue-result" className="text-sm text-slate-600">
            {all.data ? (all.data.requeued === 0 ? 'Nothing to re-queue.' : `Re-queued ${all.data.requeued}.`) : all.isError ? <span className="text-red-700">{all.error.message}</span> : null}
          </span>
          <Button variant="primary" size="sm" data-testid="requeue-all" disabled={!letters?.length || all.isPending} onClick={() => all.mutate(undefined)}>
            <Refresh className="size-4" />
            {all.isPending ? 'Re-queuing…' : 'Re-queue all'}
          </Button>
        </div>
      </div>
      {letters && letters.length === 0 ? (
        <StateView testId="dead-letters-empty" icon={<Check className="size-6" />} title="No dead letters">
          Every recording is stored or still being worked on.
        </StateView>
      ) : (
        <table className="w-full text-sm" data-testid="dead-letters-table">
          <caption className="sr-only">Dead letters</caption>
          <thead className="border-b border-slate-200 bg-slate-50/80 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
            <tr>
              <th scope="col" className="px-4 py-2">
                Call
              </th>
              <th scope="col" className="px-3 py-2">
                Reason
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Retries
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Gave up
              </th>
              <th scope="col" className="px-4 py-2 text-right">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {letters
              ? letters.map((l) => <DeadLetterRow key={l.id} letter={l} />)
              : Array.from({ length: 3 }, (_, i) => (
                  <tr key={i}>
                    <td className="px-4 py-3" colSpan={5}>
                      <Skeleton className="h-4 w-full" />
                    </td>
                  </tr>
                ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function PipelinePage() {
  const me = useMe();
  const health = useQuery(pipelineHealthQuery(me.org.id));

  if (health.isError && hasErrorCode(health.error, 'forbidden')) {
    return (
      <div className={card}>
        <ForbiddenView title="Only admins can see the pipeline health" />
      </div>
    );
  }
  if (health.isError) {
    return (
      <div className={card}>
        <ErrorView error={health.error} title="Could not load the pipeline health" onRetry={() => void health.refetch()} />
      </div>
    );
  }
  return (
    <div className="space-y-5" data-testid="pipeline-page" aria-busy={health.isFetching}>
      <Counts counts={health.data?.counts ?? null} />
      <DeadLetters letters={health.data?.deadLetters ?? null} />
    </div>
  );
}
