'use client';
import { useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useOptimistic, useRef, useTransition } from 'react';
import { hasErrorCode } from '@/lib/client/api-error';
import type { CallListItem } from '@/lib/client/api-types';
import {
  callsListHref,
  clearFilters,
  detailHref,
  hasActiveFilters,
  PAGE_SIZE,
  parseCallsListState,
  toggleSort,
  withFilters,
  type CallFilters,
  type CallsListState,
} from '@/lib/client/calls-url-state';
import { formatRange, formatTotal } from '@/lib/client/format';
import { hasPrevious, MAX_PREV_DEPTH, nextPaging, pageNumber, previousPaging } from '@/lib/client/paging';
import { callsQuery } from '@/lib/client/queries';
import { ErrorView } from '../access-views';
import { useMe } from '../me-context';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { Phone, Search } from '../ui/icons';
import { Pager } from '../ui/pager';
import { Skeleton } from '../ui/skeleton';
import { StateView } from '../ui/state-view';
import { ActiveFilters } from './active-filters';
import { CallsTableBody, CallsTableHead, CallsTableSkeleton } from './calls-table';
import { ExactFilter } from './exact-filter';
import { ExportButton } from './export-button';
import { MoreFilters } from './more-filters';
import { DateRangeFilter } from './date-range-filter';
import { CALLS_PANEL_ID, DirectionTabs, tabId } from './direction-tabs';
import { SearchBox } from './search-box';
import { SortSelect } from './sort-select';
import { StatusFilter } from './status-filter';

/**
 * The list's state is the URL. Controls show the requested state at once (useOptimistic) while the
 * navigation is in flight; updates build on the newest requested state, so a debounced search
 * landing right after a status click does not undo it.
 */
function useCallsUrlState() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const urlState = useMemo(() => parseCallsListState(searchParams), [searchParams]);
  const [state, setOptimistic] = useOptimistic(urlState);
  const [isPending, startTransition] = useTransition();
  const requested = useRef<CallsListState | null>(null);

  const navigate = useCallback(
    (update: (current: CallsListState) => CallsListState, mode: 'push' | 'replace' = 'push') => {
      const base = isPending && requested.current ? requested.current : parseCallsListState(window.location.search);
      const next = update(base);
      requested.current = next;
      const href = callsListHref(next);
      startTransition(() => {
        setOptimistic(next);
        if (mode === 'push') router.push(href, { scroll: false });
        else router.replace(href, { scroll: false });
      });
    },
    [router, isPending, setOptimistic],
  );
  return { state, navigate };
}

export function CallsPage() {
  const me = useMe();
  const { state, navigate } = useCallsUrlState();
  const isAdmin = me.role === 'admin';

  const input = useMemo(
    () => ({
      direction: state.direction,
      statuses: state.statuses,
      from: state.from,
      to: state.to,
      q: state.q,
      assistant: state.assistant,
      endedReason: state.endedReason,
      sentiments: state.sentiments,
      success: state.success,
      hasRecording: state.hasRecording,
      minDuration: state.minDuration,
      maxDuration: state.maxDuration,
      minCost: state.minCost,
      maxCost: state.maxCost,
      sort: state.sort,
      order: state.order,
      cursor: state.cursor,
    }),
    [state],
  );
  const calls = useQuery(callsQuery(me.org.id, input));

  const setFilters = (patch: Partial<CallFilters>, mode: 'push' | 'replace' = 'push') => navigate((s) => withFilters(s, patch), mode);
  const onClear = () => navigate(clearFilters);

  const data = calls.data;
  const page = pageNumber(state);
  const filtered = hasActiveFilters(state);
  const busy = calls.isFetching && calls.isPlaceholderData;
  // Staff browse; only admins open a call (the API enforces it too).
  const hrefFor = isAdmin ? (call: CallListItem) => detailHref(call.id, state) : null;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-x-4 gap-y-1">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">Calls</h1>
          <p className="text-sm text-slate-500">
            Inbound and outbound calls of {me.org.name}
            {isAdmin ? '. Open a call for its recording and transcript.' : '.'}
          </p>
        </div>
        <div className="flex items-center gap-3">
        {isAdmin && <ExportButton filters={input} />}
          <p className="text-sm text-slate-600" aria-live="polite">
            {data ? (
              <span data-testid="total-count" data-total-kind={data.total.kind} className="font-medium text-slate-900 tabular-nums">
                {formatTotal(data.total)}
              </span>
            ) : calls.isPending ? (
              <Skeleton className="h-4 w-20" />
            ) : null}
          </p>
        </div>
      </div>

      <DirectionTabs value={state.direction} onChange={(direction) => setFilters({ direction })} />

      <section
        id={CALLS_PANEL_ID}
        role="tabpanel"
        aria-labelledby={tabId(state.direction)}
        className="overflow-visible rounded-xl border border-slate-200 bg-white shadow-xs"
      >
        <div className="flex flex-col gap-2 p-3 sm:flex-row sm:flex-wrap sm:items-center sm:gap-3 sm:px-4">
          <SearchBox value={state.q} onCommit={(q) => setFilters({ q }, 'replace')} />
          <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap sm:items-center sm:gap-3">
            <StatusFilter value={state.statuses} onChange={(statuses) => setFilters({ statuses })} />
            <SortSelect sort={state.sort} order={state.order} onChange={(sort, order) => setFilters({ sort, order })} />
            <DateRangeFilter from={state.from} to={state.to} onChange={(range) => setFilters(range)} />
            <ExactFilter id="filter-assistant" label="Assistant id" placeholder="Assistant id" value={state.assistant} onCommit={(assistant) => setFilters({ assistant })} />
            <ExactFilter id="filter-ended-reason" label="Ended reason" placeholder="Ended reason" value={state.endedReason} onCommit={(endedReason) => setFilters({ endedReason })} />
            <MoreFilters state={state} onChange={(patch) => setFilters(patch)} />
          </div>
        </div>
        <ActiveFilters state={state} onChange={(patch) => setFilters(patch)} onClear={onClear} />

        {calls.isError ? (
          <div className="border-t border-slate-200">
            {hasErrorCode(calls.error, 'invalid_request') ? (
              <ErrorView
                error={calls.error}
                title="These filters can’t be used"
                actions={<Button onClick={() => navigate(() => parseCallsListState(''))}>Reset the list</Button>}
              />
            ) : (
              <ErrorView error={calls.error} title="Could not load calls" onRetry={() => void calls.refetch()} />
            )}
          </div>
        ) : data && data.calls.length === 0 ? (
          <div className="border-t border-slate-200" data-testid="empty-state">
            {state.cursor ? (
              <StateView icon={<Search className="size-6" />} title="No more calls" actions={<Button onClick={() => navigate((s) => withFilters(s, {}))}>Back to the first page</Button>}>
                The calls on this page changed since it was loaded.
              </StateView>
            ) : filtered ? (
              <StateView
                icon={<Search className="size-6" />}
                title="No calls match these filters"
                actions={
                  <Button variant="primary" onClick={onClear} data-testid="clear-filters">
                    Clear filters
                  </Button>
                }
              >
                Try a wider date or amount range, fewer statuses or a different search.
              </StateView>
            ) : (
              <StateView icon={<Phone className="size-6" />} title={state.direction === 'all' ? 'No calls yet' : `No ${state.direction} calls yet`}>
                Calls appear here as soon as your agents take or place them.
              </StateView>
            )}
          </div>
        ) : (
          <div className={cx('border-t border-slate-200 transition-opacity md:overflow-x-auto', busy && 'opacity-60')} aria-busy={calls.isFetching}>
            <table className="block w-full md:table md:min-w-[44rem]" data-testid="calls-table">
              <caption className="sr-only">
                {`Calls, ${state.direction === 'all' ? 'all directions' : state.direction}, sorted by ${state.sort === 'started_at' ? 'time' : state.sort} ${state.order === 'asc' ? 'ascending' : 'descending'}`}
              </caption>
              <CallsTableHead sort={state} onSort={(key) => navigate((s) => toggleSort(s, key))} canOpen={isAdmin} />
              {data ? <CallsTableBody calls={data.calls} hrefFor={hrefFor} /> : <CallsTableSkeleton />}
            </table>
          </div>
        )}

        {data && (data.calls.length > 0 || state.cursor) && !calls.isError && (
          <Pager
            label="Calls pages"
            busy={busy}
            summary={
              <>
                <span className="font-medium text-slate-700">Page {page}</span>
                {state.prev.length < MAX_PREV_DEPTH && data.calls.length > 0 && (
                  <span className="hidden sm:inline"> · {formatRange(page, PAGE_SIZE, data.calls.length, data.total)}</span>
                )}
              </>
            }
            canPrevious={hasPrevious(state)}
            canNext={!!data.nextCursor}
            onPrevious={() => navigate((s) => ({ ...s, ...previousPaging(s) }))}
            onNext={() => {
              const next = data.nextCursor;
              if (next) navigate((s) => ({ ...s, ...nextPaging(s, next) }));
            }}
          />
        )}
      </section>
    </div>
  );
}
