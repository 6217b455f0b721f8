'use client';
// How the org's calls are going: volume, talk time, spend, outcomes, sentiment, agents and busy
// hours over a period of local days in the org's time zone. Staff and admins see the same page
// (every number comes from list fields). One request per period: GET /api/overview.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useOptimistic, useState, useTransition } from 'react';
import type { CallOverview } from '@/lib/client/api-types';
import { formatCost } from '@/lib/client/format';
import {
  agentLabel,
  changeVsPrevious,
  endedReasonLabel,
  formatCount,
  formatDay,
  formatHour,
  formatMinutes,
  formatShare,
  rateChange,
  sentimentColor,
  sentimentLabel,
  statusColor,
  statusLabel,
  successColor,
  successLabel,
  WEEKDAYS,
  type Change,
} from '@/lib/client/overview-format';
import {
  addDays,
  customRangeProblem,
  daysBetween,
  overviewHref,
  parseOverviewState,
  resolvePeriod,
  type OverviewPeriod,
  type OverviewState,
} from '@/lib/client/overview-url-state';
import { overviewQuery, timeZoneQuery } from '@/lib/client/queries';
import { DIRECTION_FILTERS, OVERVIEW_MAX_DAYS, type DirectionFilter } from '@/lib/api/contract';
import { ErrorView } from '../access-views';
import { useMe } from '../me-context';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { Phone } from '../ui/icons';
import { Skeleton } from '../ui/skeleton';
import { StateView } from '../ui/state-view';
import { ChartCard, type TableSpec } from './chart-card';
import { BarList, DailyChart, Donut, HoursHeatmap, type Slice } from './overview-charts';

function useOverviewUrlState() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const urlState = useMemo(() => parseOverviewState(searchParams), [searchParams]);
  const [state, setOptimistic] = useOptimistic(urlState);
  const [, startTransition] = useTransition();
  const navigate = useCallback(
    (next: OverviewState) =>
      startTransition(() => {
        setOptimistic(next);
        router.push(overviewHref(next), { scroll: false });
      }),
    [router, setOptimistic],
  );
  return { state, navigate };
}

const DIRECTION_LABELS: Record<DirectionFilter, string> = { all: 'All calls', inbound: 'Inbound', outbound: 'Outbound' };
const PERIOD_LABELS = { '7d': '7 days', '30d': '30 days', '90d': '90 days', custom: 'Custom' } as const;

/** A row of toggle buttons (one pressed): the period and the direction. */
function Segmented<T extends string>({ label, options, value, onChange, testId }: { label: string; options: { value: T; label: string }[]; value: T; onChange(v: T): void; testId: string }) {
  return (
    <div role="group" aria-label={label} className="inline-flex rounded-lg bg-slate-100 p-0.5" data-testid={testId}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={o.value === value}
          onClick={() => onChange(o.value)}
          data-testid={`${testId}-${o.value}`}
          className={cx(
            'rounded-md px-2.5 py-1 text-sm font-medium whitespace-nowrap transition-colors',
            'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
            o.value === value ? 'bg-white text-slate-900 shadow-xs' : 'text-slate-600 hover:text-slate-900',
          )}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

function CustomRange({ initial, onApply }: { initial: { from: string; to: string }; onApply(range: { from: string; to: string }): void }) {
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const problem = customRangeProblem(from, to);
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) onApply(from <= to ? { from, to } : { from: to, to: from });
      }}
      data-testid="overview-custom-range"
    >
      <label className="text-xs text-slate-600">
        From
        <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} className="mt-0.5 block h-8 rounded-md border border-slate-300 px-2 text-sm" data-testid="overview-from" />
      </label>
      <label className="text-xs text-slate-600">
        To
        <input type="date" value={to} onChange={(e) => setTo(e.target.value)} className="mt-0.5 block h-8 rounded-md border border-slate-300 px-2 text-sm" data-testid="overview-to" />
      </label>
      <Button type="submit" size="sm" variant="primary" disabled={!!problem} data-testid="overview-apply">
        Apply
      </Button>
      {problem && (
        <p role="alert" className="w-full text-xs text-red-700">
          {problem}
        </p>
      )}
    </form>
  );
}

const ARROW: Record<Change['direction'], string> = { up: '\u2191', down: '\u2193', same: '\u2192' };

function Kpi({ label, value, hint, change, period, testId }: { label: string; value: string; hint?: string; change?: Change | null; period: string; testId: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-xs" data-testid={testId}>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 flex flex-wrap items-baseline gap-x-2">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums" data-testid={`${testId}-value`}>
          {value}
        </span>
        {change && (
          <span className="text-xs font-medium text-slate-600 tabular-nums" data-testid={`${testId}-change`}>
            <span aria-hidden="true">{ARROW[change.direction]} </span>
            {change.text} <span className="font-normal text-slate-500">vs {period}</span>
          </span>
        )}
      </dd>
      {hint && <dd className="mt-0.5 text-xs text-slate-500">{hint}</dd>}
    </div>
  );
}

function OverviewSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" data-testid="overview-loading">
      <span className="sr-only" role="status">
        Loading the overview…
      </span>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} className="h-[86px] rounded-xl" />
        ))}
      </div>
      <Skeleton className="h-[318px] rounded-xl" />
      <div className="grid gap-4 lg:grid-cols-2">
        <Skeleton className="h-64 rounded-xl" />
        <Skeleton className="h-64 rounded-xl" />
      </div>
    </div>
  );
}

type DailyMetric = 'calls' | 'minutes' | 'spend';
const DAILY: Record<DailyMetric, { label: string; pick(d: CallOverview['days'][number]): number; format(v: number): string }> = {
  calls: { label: 'Calls', pick: (d) => d.calls, format: formatCount },
  minutes: { label: 'Minutes', pick: (d) => Math.round(d.seconds / 60), format: (v) => formatCount(v) },
  spend: { label: 'Spend', pick: (d) => d.cost, format: formatCost },
};

/** The first `n` items, the rest summed into one "Other" slice. */
function topWithOther(items: Slice[], n: number): Slice[] {
  if (items.length <= n) return items;
  const rest = items.slice(n - 1);
  return [...items.slice(0, n - 1), { label: `Other (${rest.length})`, value: rest.reduce((s, i) => s + i.value, 0), color: '#94a3b8' }];
}

function OverviewCharts({ overview: o, previous: p }: { overview: CallOverview; previous: CallOverview['totals'] | null }) {
  const [metric, setMetric] = useState<DailyMetric>('calls');
  const m = DAILY[metric];
  const t = o.totals;
  const verdicts = t.succeeded + t.unsuccessful;
  const period = `previous ${o.days.length} days`;

  const statuses: Slice[] = o.statuses.map((s) => ({ label: statusLabel(s.status), value: s.calls, color: statusColor[s.status] ?? '#64748b' }));
  const reasons: Slice[] = o.endedReasons.map((r) => ({ label: endedReasonLabel(r.endedReason), value: r.calls, color: '#6366f1' }));
  const success: Slice[] = o.success.map((s) => ({ label: successLabel(s.succeeded), value: s.calls, color: successColor(s.succeeded) }));
  const sentiments: Slice[] = o.sentiments.map((s) => ({ label: sentimentLabel(s.sentiment), value: s.calls, color: sentimentColor(s.sentiment) }));
  const agents: Slice[] = o.agents.map((a) => ({ label: agentLabel(a.agent), value: a.calls, color: '#4f46e5' }));
  const busiest = [...o.hours].sort((a, b) => b.calls - a.calls)[0];

  const sliceTable = (caption: string, items: Slice[], noun: string): TableSpec => {
    const total = items.reduce((s, i) => s + i.value, 0);
    return {
      caption,
      columns: [{ label: noun }, { label: 'Calls', numeric: true }, { label: 'Share', numeric: true }],
      rows: items.map((i) => [i.label, formatCount(i.value), formatShare(i.value, total)]),
    };
  };

  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="overview-kpis">
        <Kpi
          testId="kpi-calls"
          label="Calls"
          value={formatCount(t.calls)}
          change={p && changeVsPrevious(t.calls, p.calls)}
          period={period}
          hint={`${formatCount(Math.round(t.calls / o.days.length))} a day on average`}
        />
        <Kpi
          testId="kpi-minutes"
          label="Talk time"
          value={formatMinutes(t.seconds)}
          change={p && changeVsPrevious(t.seconds, p.seconds)}
          period={period}
          hint={t.calls > 0 ? `${formatMinutes(t.seconds / t.calls)} a call` : undefined}
        />
        <Kpi
          testId="kpi-spend"
          label="Spend"
          value={formatCost(t.cost)}
          change={p && changeVsPrevious(t.cost, p.cost)}
          period={period}
          hint={t.calls > 0 ? `${formatCost(t.cost / t.calls)} a call` : undefined}
        />
        <Kpi
          testId="kpi-success"
          label="Success rate"
          change={p && rateChange(t.succeeded, verdicts, p.succeeded, p.succeeded + p.unsuccessful)}
          period={period}
          value={formatShare(t.succeeded, verdicts)}
          hint={verdicts > 0 ? `${formatCount(t.succeeded)} of ${formatCount(verdicts)} with a verdict` : 'No verdicts in this period'}
        />
      </dl>

      <ChartCard
        testId="chart-daily"
        title={`${m.label} per day`}
        description={`Each bar is one day in ${o.timeZone}.`}
        table={{
          caption: `Calls, minutes and spend per day, ${formatDay(o.from, 'long')} to ${formatDay(o.to, 'long')}`,
          columns: [{ label: 'Day' }, { label: 'Calls', numeric: true }, { label: 'Minutes', numeric: true }, { label: 'Spend', numeric: true }],
          rows: o.days.map((d) => [formatDay(d.day, 'long'), formatCount(d.calls), formatMinutes(d.seconds), formatCost(d.cost)]),
        }}
        actions={
          <Segmented<DailyMetric>
            label="Daily metric"
            testId="daily-metric"
            value={metric}
            onChange={setMetric}
            options={(Object.keys(DAILY) as DailyMetric[]).map((k) => ({ value: k, label: DAILY[k].label }))}
          />
        }
      >
        <DailyChart points={o.days.map((d) => ({ day: d.day, value: m.pick(d) }))} format={m.format} label={m.label} />
      </ChartCard>

      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard testId="chart-status" title="Outcome" description="How calls ended." table={sliceTable('Calls by status', statuses, 'Status')}>
          <BarList items={statuses} format={formatCount} label="Calls" />
        </ChartCard>
        <ChartCard testId="chart-success" title="Success" description="The provider's verdict on each call." table={sliceTable('Calls by success verdict', success, 'Verdict')}>
          <Donut items={success} format={formatCount} />
        </ChartCard>
        <ChartCard testId="chart-ended-reason" title="Ended reason" description="Who or what ended the call." table={sliceTable('Calls by ended reason', reasons, 'Ended reason')}>
          <BarList items={topWithOther(reasons, 8)} format={formatCount} label="Calls" />
        </ChartCard>
        <ChartCard testId="chart-sentiment" title="Sentiment" description="The customer's mood, as the provider's analysis rated it." table={sliceTable('Calls by sentiment', sentiments, 'Sentiment')}>
          <Donut items={sentiments} format={formatCount} />
        </ChartCard>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard
          testId="chart-agents"
          title="Agents"
          description="Calls per agent (the 8 busiest; all in the table)."
          table={{
            caption: 'Calls, minutes, spend and success per agent',
            columns: [{ label: 'Agent' }, { label: 'Calls', numeric: true }, { label: 'Minutes', numeric: true }, { label: 'Spend', numeric: true }, { label: 'Successful', numeric: true }],
            rows: o.agents.map((a) => [agentLabel(a.agent), formatCount(a.calls), formatMinutes(a.seconds), formatCost(a.cost), formatShare(a.succeeded, a.calls)]),
          }}
        >
          <BarList items={topWithOther(agents, 8)} format={formatCount} label="Calls" />
        </ChartCard>
        <ChartCard
          testId="chart-hours"
          title="Busiest hours"
          description={busiest ? `Busiest: ${WEEKDAYS[busiest.weekday - 1]}s at ${formatHour(busiest.hour)} (${o.timeZone}).` : undefined}
          table={{
            caption: 'Calls by weekday and hour of day',
            columns: [{ label: 'Weekday' }, { label: 'Hour' }, { label: 'Calls', numeric: true }],
            rows: o.hours.map((h) => [WEEKDAYS[h.weekday - 1], formatHour(h.hour), formatCount(h.calls)]),
          }}
        >
          <HoursHeatmap cells={o.hours} />
        </ChartCard>
      </div>
    </div>
  );
}

export function OverviewPage() {
  const me = useMe();
  const { state, navigate } = useOverviewUrlState();
  const tz = useQuery(timeZoneQuery(me.org.id));
  const range = tz.data ? resolvePeriod(state.period, tz.data.timeZone) : null;
  const overview = useQuery({
    ...overviewQuery(me.org.id, { from: range?.from ?? '', to: range?.to ?? '', direction: state.direction }),
    enabled: range !== null,
  });
  // The period of the same length just before, for the KPIs' "vs previous N days" (one more call
  // of the same cheap kind; the KPIs show without it until it arrives).
  const previousRange = range && { from: addDays(range.from, -daysBetween(range.from, range.to)), to: addDays(range.from, -1) };
  const previous = useQuery({
    ...overviewQuery(me.org.id, { from: previousRange?.from ?? '', to: previousRange?.to ?? '', direction: state.direction }),
    enabled: previousRange !== null,
  });
  const [customOpen, setCustomOpen] = useState(state.period.preset === 'custom');
  const o = overview.data?.overview;
  const p = previous.data && !previous.isPlaceholderData ? previous.data.overview.totals : null;
  const setPeriod = (period: OverviewPeriod) => navigate({ ...state, period });

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold text-slate-900">Overview</h1>
          <p className="mt-1 text-sm text-slate-600" data-testid="overview-period">
            {range ? (
              <>
                {formatDay(range.from, 'long')} – {formatDay(range.to, 'long')} · {daysBetween(range.from, range.to)} days in{' '}
                <span className="font-medium text-slate-800" data-testid="overview-time-zone">
                  {tz.data?.timeZone}
                </span>
                {me.role === 'admin' && (
                  <>
                    {' '}
                    (
                    <Link href="/settings/organization" className="text-indigo-700 hover:underline">
                      change
                    </Link>
                    )
                  </>
                )}
              </>
            ) : (
              'How your calls are going.'
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Segmented
            label="Direction"
            testId="overview-direction"
            value={state.direction}
            onChange={(direction) => navigate({ ...state, direction })}
            options={DIRECTION_FILTERS.map((d) => ({ value: d, label: DIRECTION_LABELS[d] }))}
          />
          <Segmented
            label="Period"
            testId="overview-preset"
            value={customOpen ? 'custom' : state.period.preset}
            onChange={(p) => {
              if (p === 'custom') setCustomOpen(true);
              else {
                setCustomOpen(false);
                setPeriod({ preset: p });
              }
            }}
            options={(['7d', '30d', '90d', 'custom'] as const).map((p) => ({ value: p, label: PERIOD_LABELS[p] }))}
          />
        </div>
      </div>
      {customOpen && range && (
        <CustomRange key={`${range.from}:${range.to}`} initial={range} onApply={(r) => setPeriod({ preset: 'custom', ...r })} />
      )}

      {tz.isError ? (
        <div className="rounded-xl border border-slate-200 bg-white shadow-xs">
          <ErrorView error={tz.error} title="Could not load the overview" onRetry={() => void tz.refetch()} />
        </div>
      ) : overview.isError && !o ? (
        <div className="rounded-xl border border-slate-200 bg-white shadow-xs">
          <ErrorView error={overview.error} title="Could not load the overview" onRetry={() => void overview.refetch()} />
        </div>
      ) : !o ? (
        <OverviewSkeleton />
      ) : (
        <div className={cx('transition-opacity', overview.isPlaceholderData && 'opacity-60')} aria-busy={overview.isPlaceholderData} data-testid="overview">
          {o.source === 'calls' && (
            <p role="status" className="mb-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="overview-recounting">
              The time zone changed to {o.timeZone}: the numbers are exact, counted from the calls themselves while the summaries are rebuilt, so this page may be
              slower for a few minutes.
            </p>
          )}
          {overview.isError && (
            <p role="alert" className="mb-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
              Could not load the newest numbers; showing the last ones.
            </p>
          )}
          {o.totals.calls === 0 ? (
            <div className="rounded-xl border border-slate-200 bg-white shadow-xs">
              <StateView testId="overview-empty" icon={<Phone className="size-6" />} title="No calls in this period">
                {state.direction === 'all' ? 'No call started' : `No ${state.direction} call started`} between {formatDay(o.from, 'long')} and {formatDay(o.to, 'long')}{' '}
                ({o.timeZone}). Try a longer period{state.direction === 'all' ? '' : ' or all directions'}; up to {OVERVIEW_MAX_DAYS} days.
              </StateView>
            </div>
          ) : (
            <OverviewCharts overview={o} previous={overview.isPlaceholderData ? null : p} />
          )}
        </div>
      )}
    </div>
  );
}
