import { describe, expect, it } from 'vitest';
import {
  backHrefFromDetail,
  callsListHref,
  clearFilters,
  detailHref,
  hasActiveFilters,
  parseCallsListState,
  parseIsoDate,
  serializeCallsListState,
  toApiSearchParams,
  toggleSort,
  withFilters,
} from '@/lib/client/calls-url-state';
import { nextPaging } from '@/lib/client/paging';

describe('parseCallsListState', () => {
  it('gives the defaults for an empty URL', () => {
    expect(parseCallsListState('')).toEqual({
      direction: 'all',
      statuses: [],
      from: null,
      to: null,
      q: '',
      assistant: '',
      endedReason: '',
      sentiments: [],
      success: '',
      hasRecording: '',
      minDuration: '',
      maxDuration: '',
      minCost: '',
      maxCost: '',
      sort: 'started_at',
      order: 'desc',
      cursor: null,
      prev: [],
    });
  });

  it('reads sentiment, success, recording and range filters, drops malformed ones, swaps reversed ranges, round-trips them to the API', () => {
    const s = parseCallsListState(
      'sentiment=negative&sentiment=positive&sentiment=angry&success=false&has_recording=true&min_duration=600&max_duration=30&min_cost=0.25&max_cost=1.5',
    );
    expect(s).toMatchObject({
      sentiments: ['positive', 'negative'],
      success: 'false',
      hasRecording: 'true',
      minDuration: '30',
      maxDuration: '600',
      minCost: '0.25',
      maxCost: '1.5',
    });
    expect(parseCallsListState(serializeCallsListState(s))).toEqual(s);
    const api = toApiSearchParams(s);
    expect(api.getAll('sentiment')).toEqual(['positive', 'negative']);
    expect(Object.fromEntries([...api].filter(([k]) => k !== 'sentiment'))).toMatchObject({
      success: 'false', has_recording: 'true', min_duration: '30', max_duration: '600', min_cost: '0.25', max_cost: '1.5',
    });
    // Values the API would refuse never reach it: they are dropped from the state.
    expect(parseCallsListState('success=yes&has_recording=1&min_duration=-5&max_duration=1e3&min_cost=1.23456&max_cost=abc&sentiment=')).toMatchObject({
      sentiments: [], success: '', hasRecording: '', minDuration: '', maxDuration: '', minCost: '', maxCost: '',
    });
    expect(parseCallsListState('max_duration=86401').maxDuration).toBe('');
    expect(hasActiveFilters(parseCallsListState('has_recording=false'))).toBe(true);
    expect(clearFilters(s)).toMatchObject({ sentiments: [], success: '', hasRecording: '', minDuration: '', maxCost: '' });
    expect(withFilters(s, { minCost: '9' })).toMatchObject({ minCost: '1.5', maxCost: '9' });
  });

  it('reads the assistant and ended reason exactly (trimmed), drops over-long values, round-trips them to the API', () => {
    const s = parseCallsListState('assistant=%20asst_1%20&ended_reason=customer-ended-call');
    expect(s).toMatchObject({ assistant: 'asst_1', endedReason: 'customer-ended-call' });
    expect(parseCallsListState(serializeCallsListState(s))).toEqual(s);
    expect(parseCallsListState(`assistant=${'a'.repeat(201)}`).assistant).toBe('');
    const api = toApiSearchParams(s);
    expect(api.get('assistant')).toBe('asst_1');
    expect(api.get('ended_reason')).toBe('customer-ended-call');
  });

  it('reads every parameter', () => {
    const s = parseCallsListState('direction=inbound&status=busy&status=completed&from=2026-01-01&to=2026-01-31&q=%20maria%20%20g%20&sort=cost&order=asc&cursor=c3&prev=c2');
    expect(s).toMatchObject({
      direction: 'inbound',
      statuses: ['completed', 'busy'], // canonical order, not URL order
      from: '2026-01-01',
      to: '2026-01-31',
      q: 'maria g',
      sort: 'cost',
      order: 'asc',
      cursor: 'c3',
      prev: ['c2'],
    });
  });

  it('drops unknown and malformed values instead of passing them to the API', () => {
    const s = parseCallsListState('direction=sideways&status=completed&status=exploded&status=completed&from=2026-02-30&to=yesterday&sort=org_id&order=up&limit=1000&org_id=x');
    expect(s.direction).toBe('all');
    expect(s.statuses).toEqual(['completed']);
    expect(s.from).toBeNull();
    expect(s.to).toBeNull();
    expect(s.sort).toBe('started_at');
    expect(s.order).toBe('desc');
    expect(toApiSearchParams(s).has('org_id')).toBe(false);
  });

  it('swaps a reversed date range', () => {
    const s = parseCallsListState('from=2026-03-10&to=2026-03-01');
    expect([s.from, s.to]).toEqual(['2026-03-01', '2026-03-10']);
  });

  it('caps the search text', () => {
    expect(parseCallsListState(`q=${'x'.repeat(500)}`).q).toHaveLength(200);
  });

  it('ignores prev cursors without a current cursor', () => {
    expect(parseCallsListState('prev=a&prev=b')).toMatchObject({ cursor: null, prev: [] });
  });
});

describe('serializeCallsListState', () => {
  it('round-trips and leaves defaults out', () => {
    const url = 'direction=outbound&status=completed&status=no_answer&from=2026-01-01&q=x%25%2Corg_id.neq.0&sort=duration&order=desc&prev=a&cursor=b';
    const state = parseCallsListState(url);
    expect(parseCallsListState(serializeCallsListState(state))).toEqual(state);
    expect(serializeCallsListState(parseCallsListState(''))).toBe('');
    expect(callsListHref(parseCallsListState('direction=all&sort=started_at&order=desc'))).toBe('/calls');
  });
});

describe('toApiSearchParams', () => {
  it('sends only the parameters the handler knows, with repeated status', () => {
    const params = toApiSearchParams(parseCallsListState('status=failed&status=busy&q=hello&cursor=abc&prev=zzz'));
    expect([...params.keys()].sort()).toEqual(['cursor', 'direction', 'limit', 'order', 'q', 'sort', 'status', 'status'].sort());
    expect(params.getAll('status')).toEqual(['busy', 'failed']);
    expect(params.get('limit')).toBe('25');
    expect(params.has('prev')).toBe(false);
  });

  it('never pastes search text into anything but q', () => {
    const evil = '),or(id.not.is.null';
    const params = toApiSearchParams(withFilters(parseCallsListState(''), { q: evil }));
    expect(params.get('q')).toBe(evil);
    expect(params.toString()).not.toContain('or(id');
  });
});

describe('state transitions', () => {
  const page3 = parseCallsListState('direction=inbound&status=completed&cursor=c3&prev=c2');

  it('any filter change goes back to page 1', () => {
    expect(withFilters(page3, { q: 'x' })).toMatchObject({ cursor: null, prev: [], q: 'x', direction: 'inbound' });
    expect(withFilters(page3, { direction: 'all' })).toMatchObject({ cursor: null, prev: [] });
  });

  it('toggles sort: a new column sorts descending, the same one flips', () => {
    const byCost = toggleSort(page3, 'cost');
    expect(byCost).toMatchObject({ sort: 'cost', order: 'desc', cursor: null });
    expect(toggleSort(byCost, 'cost')).toMatchObject({ sort: 'cost', order: 'asc' });
    expect(toggleSort(toggleSort(byCost, 'cost'), 'cost')).toMatchObject({ order: 'desc' });
  });

  it('text columns sort A→Z first, then flip', () => {
    for (const key of ['number', 'agent', 'status'] as const) {
      const first = toggleSort(page3, key);
      expect(first).toMatchObject({ sort: key, order: 'asc', cursor: null });
      expect(toggleSort(first, key)).toMatchObject({ sort: key, order: 'desc' });
    }
  });

  it('clearing filters keeps the tab and the sort', () => {
    const s = toggleSort(page3, 'duration');
    const cleared = clearFilters({ ...s, q: 'x', from: '2026-01-01' });
    expect(cleared).toMatchObject({ direction: 'inbound', statuses: [], q: '', from: null, to: null, sort: 'duration', cursor: null });
    expect(hasActiveFilters(cleared)).toBe(false);
    expect(hasActiveFilters(page3)).toBe(true);
  });

  it('next page pushes the current cursor', () => {
    expect(nextPaging(page3, 'c4')).toEqual({ cursor: 'c4', prev: ['c2', 'c3'] });
  });
});

describe('detail back link', () => {
  it('carries the list state to the detail page and back', () => {
    const list = parseCallsListState('direction=outbound&q=maria&cursor=c2');
    const href = detailHref('0f8fad5b-d9cb-469f-a165-70867728950e', list);
    const search = new URL(href, 'http://x').searchParams;
    expect(backHrefFromDetail(search)).toBe(callsListHref(list));
  });

  it('cannot be turned into an open redirect', () => {
    const back = backHrefFromDetail(new URLSearchParams({ list: '//evil.example/x?direction=inbound' }));
    expect(back.startsWith('/calls')).toBe(true);
    expect(backHrefFromDetail(new URLSearchParams({ list: 'https://evil.example' }))).toBe('/calls');
    expect(backHrefFromDetail(new URLSearchParams())).toBe('/calls');
  });
});

describe('parseIsoDate', () => {
  it.each([
    ['2026-01-31', '2026-01-31'],
    ['2024-02-29', '2024-02-29'],
    ['2025-02-29', null],
    ['2026-1-3', null],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(parseIsoDate(input)).toBe(expected);
  });
});
