// The overview's state is the URL: a period (the last 7, 30 or 90 local days, or a custom range of
// local dates) and a direction. Presets are resolved against "today" in the org's time zone, so a
// link means the same days to everyone in the org, wherever their browser is.
import { DIRECTION_FILTERS, OVERVIEW_MAX_DAYS, type DirectionFilter } from '@/lib/api/contract';
import { parseIsoDate } from './calls-url-state';

export const OVERVIEW_PRESETS = ['7d', '30d', '90d'] as const;
export type OverviewPreset = (typeof OVERVIEW_PRESETS)[number];
export const PRESET_DAYS: Record<OverviewPreset, number> = { '7d': 7, '30d': 30, '90d': 90 };
export const DEFAULT_PRESET: OverviewPreset = '30d';

export type OverviewPeriod = { preset: OverviewPreset } | { preset: 'custom'; from: string; to: string };

export interface OverviewState {
  period: OverviewPeriod;
  direction: DirectionFilter;
}

type ParamsLike = Pick<URLSearchParams, 'get' | 'toString'>;

const DAY_MS = 86_400_000;
const toUtc = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Days from `from` to `to`, both included (calendar days: no clock, no time zone involved). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS) + 1;
}

export function addDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * DAY_MS);
}

/**
 * A custom range the API accepts, or why not. Unparseable dates fall back to the default period
 * (the URL was edited by hand); a reversed range is swapped, as in the list's date filter.
 */
export function customRangeProblem(from: string, to: string): string | null {
  if (!parseIsoDate(from) || !parseIsoDate(to)) return 'Enter both dates.';
  const [a, b] = from <= to ? [from, to] : [to, from];
  if (daysBetween(a, b) > OVERVIEW_MAX_DAYS) return `Choose at most ${OVERVIEW_MAX_DAYS} days.`;
  return null;
}

export function parseOverviewState(input: ParamsLike | string): OverviewState {
  const params = new URLSearchParams(typeof input === 'string' ? input : input.toString());
  const d = params.get('direction');
  const direction: DirectionFilter = d && (DIRECTION_FILTERS as readonly string[]).includes(d) ? (d as DirectionFilter) : 'all';
  const p = params.get('period');
  if (p === 'custom') {
    const from = params.get('from') ?? '';
    const to = params.get('to') ?? '';
    if (!customRangeProblem(from, to)) return { direction, period: from <= to ? { preset: 'custom', from, to } : { preset: 'custom', from: to, to: from } };
  }
  const preset = (OVERVIEW_PRESETS as readonly string[]).includes(p ?? '') ? (p as OverviewPreset) : DEFAULT_PRESET;
  return { direction, period: { preset } };
}

/** The URL of a state; defaults are left out, so the plain /overview is the default view. */
export function overviewHref(state: OverviewState): string {
  const params = new URLSearchParams();
  if (state.period.preset === 'custom') {
    params.set('period', 'custom');
    params.set('from', state.period.from);
    params.set('to', state.period.to);
  } else if (state.period.preset !== DEFAULT_PRESET) params.set('period', state.period.preset);
  if (state.direction !== 'all') params.set('direction', state.direction);
  const qs = params.toString();
  return qs ? `/overview?${qs}` : '/overview';
}

/** Today's date in a time zone (YYYY-MM-DD). */
export function todayIn(timeZone: string, now = new Date()): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The local dates a period covers in the org's time zone. */
export function resolvePeriod(period: OverviewPeriod, timeZone: string, now = new Date()): { from: string; to: string } {
  if (period.preset === 'custom') return { from: period.from, to: period.to };
  const to = todayIn(timeZone, now);
  return { from: addDays(to, -(PRESET_DAYS[period.preset] - 1)), to };
}

export function toOverviewSearchParams(range: { from: string; to: string }, direction: DirectionFilter): URLSearchParams {
  return new URLSearchParams({ from: range.from, to: range.to, direction });
}
