'use client';
import Link from 'next/link';
import type { CallListItem } from '@/lib/client/api-types';
import type { SortKey, SortOrder } from '@/lib/client/calls-url-state';
import {
  customerNumber,
  directionLabel,
  formatCost,
  formatCostPrecise,
  formatDateTime,
  formatDuration,
  formatListDateTime,
  formatPhone,
  lineNumber,
} from '@/lib/client/format';
import { Badge } from '../ui/badge';
import { cx } from '../ui/cx';
import { ChevronRight, Mic, SortAsc, SortDesc, SortNone } from '../ui/icons';
import { Skeleton } from '../ui/skeleton';
import { DirectionIcon, SentimentBadge, StatusBadge } from './call-badges';

export interface SortState {
  sort: SortKey;
  order: SortOrder;
}

// Below md the table turns into a stack of cards: every <tr> becomes a 3-column grid and each
// cell is placed in it; headers hide (sorting moves to a select above the list).
const cell = 'block md:table-cell md:px-3 md:py-2.5 md:align-middle';
const headCell = 'px-3 py-2 text-left text-xs font-medium tracking-wide text-slate-500 uppercase whitespace-nowrap';

function SortableHeader({
  label,
  sortKey,
  sort,
  onSort,
  align = 'left',
  className,
}: {
  label: string;
  sortKey: SortKey;
  sort: SortState;
  onSort(key: SortKey): void;
  align?: 'left' | 'right';
  className?: string;
}) {
  const active = sort.sort === sortKey;
  const Icon = !active ? SortNone : sort.order === 'asc' ? SortAsc : SortDesc;
  return (
    <th scope="col" aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'} className={cx(headCell, 'py-1', className)}>
      <button
        type="button"
        onClick={() => onSort(sortKey)}
        data-testid={`sort-${sortKey}`}
        className={cx(
          'group -mx-1.5 inline-flex items-center gap-1 rounded px-1.5 py-1 uppercase hover:bg-slate-100 hover:text-slate-800',
          'focus-visible:outline-2 focus-visible:outline-indigo-600',
          active && 'text-slate-900',
          align === 'right' && 'flex-row-reverse',
        )}
      >
        {label}
        <Icon className={cx('size-3.5', active ? 'text-indigo-600' : 'text-slate-300 group-hover:text-slate-500')} />
        <span className="sr-only">
          {active ? `, sorted ${sort.order === 'asc' ? 'ascending' : 'descending'}. Activate to sort ${sort.order === 'asc' ? 'descending' : 'ascending'}.` : ', activate to sort'}
        </span>
      </button>
    </th>
  );
}

export function CallsTableHead({ sort, onSort, canOpen }: { sort: SortState; onSort(key: SortKey): void; canOpen: boolean }) {
  return (
    <thead className="hidden border-b border-slate-200 bg-slate-50/80 md:table-header-group">
      <tr>
        <SortableHeader label="Time" sortKey="started_at" sort={sort} onSort={onSort} className="w-[9.5rem] pl-4" />
        <SortableHeader label="From / To" sortKey="number" sort={sort} onSort={onSort} />
        <SortableHeader label="Agent" sortKey="agent" sort={sort} onSort={onSort} className="hidden lg:table-cell" />
        <SortableHeader label="Status" sortKey="status" sort={sort} onSort={onSort} />
        <th scope="col" className={cx(headCell, 'hidden xl:table-cell')}>
          Sentiment
        </th>
        <SortableHeader label="Duration" sortKey="duration" sort={sort} onSort={onSort} align="right" className="w-24 text-right" />
        <SortableHeader label="Cost" sortKey="cost" sort={sort} onSort={onSort} align="right" className="w-24 text-right" />
        <th scope="col" className={cx(headCell, 'w-16 pr-4')}>
          <span className="sr-only">{canOpen ? 'Recording and details' : 'Recording'}</span>
        </th>
      </tr>
    </thead>
  );
}

function CallRow({ call, href }: { call: CallListItem; href: string | null }) {
  const customer = customerNumber(call);
  const line = lineNumber(call);
  const name = call.contactName?.trim();
  return (
    <tr
      data-testid="call-row"
      data-call-id={call.id}
      className={cx(
        'relative grid grid-cols-[1fr_auto_auto] items-center gap-x-3 gap-y-1.5 px-4 py-3 md:table-row md:p-0',
        href && 'cursor-pointer pr-9 hover:bg-slate-50 has-[a:focus-visible]:bg-indigo-50/40 md:pr-0',
      )}
    >
      <td className={cx(cell, 'col-start-3 row-start-1 text-right text-xs text-slate-500 md:pl-4 md:text-left md:text-sm md:text-slate-700')}>
        <time dateTime={call.startedAt} title={formatDateTime(call.startedAt)} className="whitespace-nowrap tabular-nums">
          {formatListDateTime(call.startedAt)}
        </time>
      </td>
      <td className={cx(cell, 'col-span-2 col-start-1 row-start-1 min-w-0')}>
        <div className="flex min-w-0 items-center gap-2.5">
          <DirectionIcon direction={call.callType} />
          <div className="min-w-0">
            <div className="truncate text-sm font-medium text-slate-900">
              {href ? (
                // The link stretches over the whole row (after:inset-0), so a click anywhere opens
                // the call while keyboard and screen-reader users get one real link per row.
                <Link
                  href={href}
                  data-testid="call-row-link"
                  className="outline-none after:absolute after:inset-0 after:content-[''] focus-visible:after:rounded-sm focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-indigo-600"
                >
                  {name || formatPhone(customer)}
                </Link>
              ) : (
                name || formatPhone(customer)
              )}
            </div>
            <div className="truncate text-xs text-slate-500" title={`${directionLabel(call.callType)} · from ${formatPhone(call.fromNumber)} to ${formatPhone(call.toNumber)}`}>
              <span data-testid="call-row-phone" data-phone={customer} className="tabular-nums">
                {formatPhone(customer)}
              </span>
              <span className="hidden sm:inline">
                <span aria-hidden="true"> {call.callType === 'outbound' ? '←' : '→'} </span>
                <span className="sr-only">{call.callType === 'outbound' ? ', called from ' : ', called '}</span>
                <span className="tabular-nums">{formatPhone(line)}</span>
              </span>
            </div>
          </div>
        </div>
      </td>
      <td className={cx(cell, 'hidden max-w-[12rem] truncate text-sm text-slate-600 lg:table-cell')} title={call.agentName ?? undefined}>
        {call.agentName ?? '—'}
      </td>
      <td className={cx(cell, 'col-start-1 row-start-2')}>
        <StatusBadge status={call.status} />
      </td>
      <td className={cx(cell, 'hidden xl:table-cell')}>
        <SentimentBadge sentiment={call.sentiment} />
      </td>
      <td className={cx(cell, 'col-start-2 row-start-2 text-right text-sm text-slate-600 tabular-nums md:text-slate-700')}>
        <span className="sr-only md:hidden">Duration </span>
        {formatDuration(call.durationSeconds)}
      </td>
      <td className={cx(cell, 'col-start-3 row-start-2 text-right text-sm text-slate-600 tabular-nums md:text-slate-700')} title={formatCostPrecise(call.cost)}>
        <span className="sr-only md:hidden">Cost </span>
        {formatCost(call.cost)}
      </td>
      <td className={cx(cell, 'absolute top-1/2 right-3 -translate-y-1/2 md:static md:translate-y-0 md:pr-4')}>
        <div className="flex items-center justify-end gap-2 text-slate-400">
          {(call.contentErasedAt || call.recordingErasedAt) && (
            <Badge tone="neutral" data-testid="call-erased-badge" title={`Erased ${formatDateTime(call.contentErasedAt ?? call.recordingErasedAt!)}`}>
              {call.contentErasedAt ? 'Erased' : 'Recording erased'}
            </Badge>
          )}
          {call.hasRecording && (
            <span title="Recording available" className="hidden md:inline">
              <Mic className="size-4" />
              <span className="sr-only">Recording available</span>
            </span>
          )}
          {href && <ChevronRight className="size-4 text-slate-400" data-testid="call-row-chevron" />}
        </div>
      </td>
    </tr>
  );
}

export function CallsTableBody({ calls, hrefFor }: { calls: CallListItem[]; hrefFor: ((call: CallListItem) => string) | null }) {
  return (
    <tbody className="block divide-y divide-slate-100 md:table-row-group">
      {calls.map((call) => (
        <CallRow key={call.id} call={call} href={hrefFor ? hrefFor(call) : null} />
      ))}
    </tbody>
  );
}

export function CallsTableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <tbody className="block divide-y divide-slate-100 md:table-row-group" data-testid="calls-loading">
      {Array.from({ length: rows }, (_, i) => (
        <tr key={i} className="grid grid-cols-[1fr_auto] gap-2 px-4 py-3.5 md:table-row md:p-0">
          <td className={cx(cell, 'md:pl-4')}>
            <Skeleton className="h-4 w-24" />
          </td>
          <td className={cell}>
            <div className="flex items-center gap-2.5">
              <Skeleton className="size-6 rounded-full" />
              <div className="space-y-1.5">
                <Skeleton className="h-3.5 w-32" />
                <Skeleton className="h-3 w-24" />
              </div>
            </div>
          </td>
          <td className={cx(cell, 'hidden lg:table-cell')}>
            <Skeleton className="h-3.5 w-28" />
          </td>
          <td className={cx(cell, 'hidden md:table-cell')}>
            <Skeleton className="h-5 w-20 rounded-full" />
          </td>
          <td className={cx(cell, 'hidden xl:table-cell')}>
            <Skeleton className="h-5 w-16 rounded-full" />
          </td>
          <td className={cx(cell, 'hidden md:table-cell')}>
            <Skeleton className="ml-auto h-3.5 w-10" />
          </td>
          <td className={cx(cell, 'hidden md:table-cell')}>
            <Skeleton className="ml-auto h-3.5 w-12" />
          </td>
          <td className={cx(cell, 'hidden md:table-cell md:pr-4')} />
        </tr>
      ))}
    </tbody>
  );
}
