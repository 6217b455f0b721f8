'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { hasErrorCode } from '@/lib/client/api-error';
import type { AccessLogEntry } from '@/lib/client/api-types';
import { formatDateTime, humanize } from '@/lib/client/format';
import { firstPage, hasPrevious, nextPaging, pageNumber, parsePaging, previousPaging, writePaging, type Paging } from '@/lib/client/paging';
import { ACCESS_LOG_PAGE_SIZE, accessLogQuery } from '@/lib/client/queries';
import { ErrorView, ForbiddenView } from '../access-views';
import { ErasureReceipts } from './erasure-receipts';
import { useMe } from '../me-context';
import { Badge } from '../ui/badge';
import { cx } from '../ui/cx';
import { Shield } from '../ui/icons';
import { Pager } from '../ui/pager';
import { Skeleton } from '../ui/skeleton';
import { StateView } from '../ui/state-view';

const ACTIONS: Record<string, { label: string; tone: 'info' | 'warning' }> = {
  'call.viewed': { label: 'Viewed call', tone: 'info' },
  'recording.url_issued': { label: 'Recording URL issued', tone: 'warning' },
  'call.hold_placed': { label: 'Legal hold placed', tone: 'warning' },
  'call.hold_released': { label: 'Legal hold released', tone: 'info' },
  'calls.exported': { label: 'Calls exported (CSV)', tone: 'warning' },
};

function hrefFor(paging: Paging) {
  const params = new URLSearchParams();
  writePaging(params, paging);
  const search = params.toString();
  return search ? `/calls/access-log?${search}` : '/calls/access-log';
}

const cell = 'block md:table-cell md:px-3 md:py-2.5';
const head = 'px-3 py-2 text-left text-xs font-medium tracking-wide text-slate-500 uppercase';

function EntryRow({ entry }: { entry: AccessLogEntry }) {
  const action = ACTIONS[entry.action] ?? { label: humanize(entry.action), tone: 'info' as const };
  return (
    <tr data-testid="access-log-row" className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 px-4 py-3 md:table-row md:p-0">
      <td className={cx(cell, 'col-start-2 row-start-1 text-right text-xs text-slate-500 md:pl-4 md:text-left md:text-sm md:text-slate-700')}>
        <time dateTime={entry.createdAt} className="whitespace-nowrap tabular-nums">
          {formatDateTime(entry.createdAt)}
        </time>
      </td>
      <td className={cx(cell, 'col-start-1 row-start-1 min-w-0 truncate text-sm font-medium text-slate-900 md:font-normal')}>
        {entry.actorEmail ?? <span className="text-slate-400">Unknown user</span>}
      </td>
      <td className={cx(cell, 'col-start-1 row-start-2')}>
        <Badge tone={action.tone}>{action.label}</Badge>
      </td>
      <td className={cx(cell, 'col-start-2 row-start-2 text-right md:pr-4 md:text-left')}>
        {entry.callId ? (
          <Link
            href={`/calls/${encodeURIComponent(entry.callId)}`}
            className="rounded font-mono text-xs text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
            title={entry.callId}
          >
            {entry.callId.slice(0, 8)}
            <span className="sr-only"> (open call {entry.callId})</span>
          </Link>
        ) : (
          <span className="text-xs text-slate-600 tabular-nums" data-testid="export-row-count">
            {entry.rowCount === null ? 'export not finished' : `${entry.rowCount.toLocaleString()} rows`}
          </span>
        )}
      </td>
    </tr>
  );
}

export function AccessLogPage() {
  const me = useMe();
  const router = useRouter();
  const searchParams = useSearchParams();
  const paging = useMemo(() => parsePaging(new URLSearchParams(searchParams.toString())), [searchParams]);
  const log = useQuery(accessLogQuery(me.org.id, paging.cursor));
  const busy = log.isFetching && log.isPlaceholderData;

  if (log.isError && hasErrorCode(log.error, 'forbidden')) {
    return (
      <div className="rounded-xl border border-slate-200 bg-white shadow-xs">
        <ForbiddenView title="Only admins can see the access log" />
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Access log</h1>
        <p className="text-sm text-slate-500">Who opened which call, who was given a recording link and who placed a legal hold in {me.org.name}, newest first.</p>
      </div>
      <section className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs">
        {log.isError ? (
          <ErrorView error={log.error} title="Could not load the access log" onRetry={() => void log.refetch()} />
        ) : log.data && log.data.entries.length === 0 ? (
          <StateView testId="empty-state" icon={<Shield className="size-6" />} title={paging.cursor ? 'No more entries' : 'Nothing logged yet'}>
            {paging.cursor ? 'You have reached the end of the log.' : 'When someone in your organization opens a call or plays a recording, it shows up here.'}
          </StateView>
        ) : (
          <div className={cx('transition-opacity', busy && 'opacity-60')} aria-busy={log.isFetching}>
            <table className="block w-full md:table" data-testid="access-log-table">
              <caption className="sr-only">Access log</caption>
              <thead className="hidden border-b border-slate-200 bg-slate-50/80 md:table-header-group">
                <tr>
                  <th scope="col" className={cx(head, 'w-52 pl-4')}>
                    When
                  </th>
                  <th scope="col" className={head}>
                    Who
                  </th>
                  <th scope="col" className={head}>
                    Action
                  </th>
                  <th scope="col" className={cx(head, 'pr-4')}>
                    Call
                  </th>
                </tr>
              </thead>
              <tbody className="block divide-y divide-slate-100 md:table-row-group">
                {log.data
                  ? log.data.entries.map((entry) => <EntryRow key={entry.id} entry={entry} />)
                  : Array.from({ length: 8 }, (_, i) => (
                      <tr key={i} className="block px-4 py-3 md:table-row md:p-0">
                        <td className={cx(cell, 'md:pl-4')}>
                          <Skeleton className="h-4 w-36" />
                        </td>
                        <td className={cx(cell, 'hidden md:table-cell')}>
                          <Skeleton className="h-4 w-40" />
                        </td>
                        <td className={cx(cell, 'hidden md:table-cell')}>
                          <Skeleton className="h-5 w-24 rounded-full" />
                        </td>
                        <td className={cx(cell, 'hidden md:table-cell md:pr-4')}>
                          <Skeleton className="h-4 w-16" />
                        </td>
                      </tr>
                    ))}
              </tbody>
            </table>
          </div>
        )}
        {log.data && (log.data.entries.length > 0 || paging.cursor) && !log.isError && (
          <Pager
            label="Access log pages"
            busy={busy}
            summary={<span className="font-medium text-slate-700">Page {pageNumber(paging)}</span>}
            canPrevious={hasPrevious(paging)}
            canNext={!!log.data.nextCursor}
            onPrevious={() => router.push(hrefFor(previousPaging(paging)), { scroll: false })}
            onNext={() => {
              const next = log.data?.nextCursor;
              if (next) router.push(hrefFor(nextPaging(paging, next)), { scroll: false });
            }}
          />
        )}
      </section>
      <p className="text-xs text-slate-500">
        Showing {ACCESS_LOG_PAGE_SIZE} entries per page. {paging.cursor && <Link href={hrefFor(firstPage)} className="text-indigo-700 hover:underline">Back to newest</Link>}
      </p>
      <ErasureReceipts orgId={me.org.id} />
    </div>
  );
}
