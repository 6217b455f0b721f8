import { describe, expect, it } from 'vitest';
import { changeVsPrevious, formatDay, formatHour, formatHourShort, formatMinutes, formatShare, rateChange } from '@/lib/client/overview-format';
import {
  addDays,
  customRangeProblem,
  daysBetween,
  overviewHref,
  parseOverviewState,
  resolvePeriod,
  todayIn,
} from '@/lib/client/overview-url-state';

describe('overview URL state', () => {
  it('defaults to the last 30 days of all calls', () => {
    expect(parseOverviewState('')).toEqual({ direction: 'all', period: { preset: '30d' } });
    expect(overviewHref(parseOverviewState(''))).toBe('/overview');
  });

  it('round-trips presets, custom ranges and directions through the URL', () => {
    for (const qs of ['period=7d', 'period=90d&direction=inbound', 'period=custom&from=2026-03-01&to=2026-03-31&direction=outbound']) {
      const state = parseOverviewState(qs);
      expect(overviewHref(state)).toBe(`/overview?${qs}`);
    }
  });

  it('drops what the API would refuse instead of showing an error for a hand-edited URL', () => {
    expect(parseOverviewState('period=1y&direction=sideways')).toEqual({ direction: 'all', period: { preset: '30d' } });
    expect(parseOverviewState('period=custom&from=2026-02-30&to=2026-03-01').period).toEqual({ preset: '30d' });
    // Longer than the API's 366 days.
    expect(parseOverviewState('period=custom&from=2024-01-01&to=2026-01-01').period).toEqual({ preset: '30d' });
  });

  it('swaps a reversed custom range', () => {
    expect(parseOverviewState('period=custom&from=2026-04-10&to=2026-04-01').period).toEqual({ preset: 'custom', from: '2026-04-01', to: '2026-04-10' });
  });

  it('says why a custom range cannot be applied', () => {
    expect(customRangeProblem('', '2026-01-01')).toMatch(/both dates/);
    expect(customRangeProblem('2025-01-01', '2026-01-01')).toBeNull(); // 366 days
    expect(customRangeProblem('2025-01-01', '2026-01-02')).toMatch(/366/);
  });
});

describe('periods in the org time zone', () => {
  // 2026-11-30 03:30 UTC is still the 29th in New York and already the 30th in Berlin.
  const now = new Date('2026-11-30T03:30:00Z');

  it('counts "today" in the org zone, not the browser zone', () => {
    expect(todayIn('America/New_York', now)).toBe('2026-11-29');
    expect(todayIn('Europe/Berlin', now)).toBe('2026-11-30');
    expect(resolvePeriod({ preset: '7d' }, 'America/New_York', now)).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(resolvePeriod({ preset: '30d' }, 'Europe/Berlin', now)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });

  it('counts calendar days across a daylight-saving change as whole days', () => {
    // New York falls back on 2026-11-01 (a 25-hour day): still one day.
    expect(daysBetween('2026-10-31', '2026-11-02')).toBe(3);
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(resolvePeriod({ preset: '90d' }, 'UTC', now)).toEqual({ from: '2026-09-02', to: '2026-11-30' });
  });
});

describe('overview formatting', () => {
  it('formats local days without shifting them into the browser zone', () => {
    expect(formatDay('2026-11-01')).toBe('Nov 1');
    expect(formatDay('2026-11-01', 'long')).toBe('Sun, Nov 1, 2026');
  });

  it('formats minutes, shares and hours', () => {
    expect(formatMinutes(0)).toBe('0 min');
    expect(formatMinutes(30)).toBe('0.5 min');
    expect(formatMinutes(74_040)).toBe('1,234 min');
    expect(formatShare(1, 3)).toBe('33%');
    expect(formatShare(0, 0)).toBe('—');
    expect(formatHour(0)).toBe('12 AM');
    expect(formatHour(13)).toBe('1 PM');
    expect(formatHourShort(18)).toBe('6p');
  });
});

describe('change against the previous period', () => {
  it('says how a number moved, and nothing when there is nothing to compare', () => {
    expect(changeVsPrevious(112, 100)).toEqual({ text: '+12%', direction: 'up' });
    expect(changeVsPrevious(92, 100)).toEqual({ text: '\u22128%', direction: 'down' });
    expect(changeVsPrevious(100, 100)).toEqual({ text: 'no change', direction: 'same' });
    expect(changeVsPrevious(5, 0)).toEqual({ text: 'none before', direction: 'up' });
    expect(changeVsPrevious(0, 0)).toBeNull();
  });

  it('compares rates in percentage points', () => {
    expect(rateChange(71, 100, 68, 100)).toEqual({ text: '+3 pts', direction: 'up' });
    expect(rateChange(1, 2, 3, 4)).toEqual({ text: '\u221225 pts', direction: 'down' });
    expect(rateChange(1, 0, 1, 2)).toBeNull();
  });
});
