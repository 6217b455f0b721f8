import { describe, expect, it } from 'vitest';
import {
  customerNumber,
  formatCost,
  formatCostPrecise,
  formatDuration,
  formatPhone,
  formatRange,
  formatTotal,
  humanize,
  roundEstimate,
} from '@/lib/client/format';
import { loginErrorMessage } from '@/lib/client/login-errors';
import { describeRecordingState } from '@/lib/client/recording-state';
import { safeNextPath } from '@/lib/client/safe-next';
import { activeTurnIndex } from '@/lib/client/transcript';

describe('formatting', () => {
  it('phones', () => {
    expect(formatPhone('+14155550100')).toBe('(415) 555-0100');
    expect(formatPhone('4155550100')).toBe('(415) 555-0100');
    expect(formatPhone('+442079460958')).toBe('+442 079 460 958');
    expect(formatPhone('')).toBe('—');
    expect(formatPhone('anonymous')).toBe('anonymous');
  });

  it('durations as m:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7)).toBe('0:07');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(-1)).toBe('—');
  });

  it('costs to the cent, never a misleading $0.00', () => {
    expect(formatCost(0.1234)).toBe('$0.12');
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.0042)).toBe('<$0.01');
    expect(formatCost(12.5)).toBe('$12.50');
    expect(formatCostPrecise(0.1234)).toBe('$0.1234');
  });

  it('totals are honest about estimates', () => {
    expect(formatTotal({ value: 1234, kind: 'exact' })).toBe('1,234 calls');
    expect(formatTotal({ value: 1, kind: 'exact' })).toBe('1 call');
    expect(formatTotal({ value: 12345, kind: 'planned' })).toBe('about 12,300 calls');
    expect(roundEstimate(987654)).toBe(988000);
    expect(formatRange(2, 25, 25, { value: 1234, kind: 'exact' })).toBe('26–50 of 1,234');
    expect(formatRange(1, 25, 3, { value: 12345, kind: 'planned' })).toBe('1–3 of about 12,300');
  });

  it('labels', () => {
    expect(humanize('customer-ended-call')).toBe('Customer ended call');
    expect(customerNumber({ callType: 'outbound', fromNumber: 'line', toNumber: 'cust' })).toBe('cust');
    expect(customerNumber({ callType: 'inbound', fromNumber: 'cust', toNumber: 'line' })).toBe('cust');
  });
});

describe('recording pipeline wording', () => {
  const t = (iso: string) => `T(${iso})`;
  const base = { attempts: 0, maxAttempts: 3, lastError: null, nextRetryAt: null };
  it.each([
    [{ ...base, state: 'stored' as const }, 'Stored'],
    [{ ...base, state: 'pending' as const }, 'Pending upload'],
    [{ ...base, state: 'failed' as const, attempts: 2, lastError: 'HTTP 503', nextRetryAt: 'X' }, 'Failed — retry 3 of 3, next at T(X)'],
    [{ ...base, state: 'dead_lettered' as const, attempts: 3, lastError: 'HTTP 404 from provider' }, 'Gave up after 3 retries: HTTP 404 from provider'],
    [{ ...base, state: 'dead_lettered' as const, attempts: 3, lastError: 'download_http_error' }, 'Gave up after 3 retries: the provider answered with an error'],
    [{ ...base, state: 'dead_lettered' as const, attempts: 1, lastError: 'download_forbidden_address' }, 'Gave up after 1 retry: the recording URL points to a non-public address'],
    [{ ...base, state: 'none' as const }, 'No recording'],
  ])('%o', (rec, label) => {
    expect(describeRecordingState(rec, t).label).toBe(label);
  });
});

describe('safeNextPath', () => {
  it.each([
    ['/calls?direction=inbound', '/calls?direction=inbound'],
    ['/calls/abc#x', '/calls/abc#x'],
    [null, '/calls'],
    ['', '/calls'],
    ['//evil.example/calls', '/calls'],
    ['/\\evil.example', '/calls'],
    ['https://evil.example/', '/calls'],
    ['javascript:alert(1)', '/calls'],
    ['calls', '/calls'],
    ['/\t/evil.example', '/calls'],
    ['/login?next=/login', '/calls'],
    // Paths that only become protocol-relative once dot segments are resolved.
    ['/.//evil.example/x', '/calls'],
    ['/calls/..//evil.example', '/calls'],
    ['/%2e//evil.example', '/calls'],
    ['/%2E%2E//evil.example', '/calls'],
    ['/./\\evil.example', '/calls'],
    ['/calls/../\tevil.example', '/calls'],
    ['/\n/evil.example', '/calls'],
    ['http:/evil.example', '/calls'],
    ['HTTPS://evil.example', '/calls'],
    ['/%5cevil.example', '/%5cevil.example'],
    ['/%2f%2fevil.example', '/%2f%2fevil.example'],
    ['/calls/./a/../b?x=//y', '/calls/b?x=//y'],
    // Encoded: percent-escapes stay escaped in the path, so they cannot become a host.
    ['%2F%2Fevil.example', '/calls'],
    ['/%2e%2e/%2e%2e//evil.example', '/calls'],
    ['/%09/evil.example', '/%09/evil.example'],
    // Backslash in every position a browser would read as a slash.
    ['\\evil.example', '/calls'],
    ['/\\evil.example', '/calls'],
    ['\\/evil.example', '/calls'],
    ['\\\\evil.example', '/calls'],
    ['/calls/..\\evil.example', '/calls'],
    // Tab, newline and carriage return are stripped by URL parsers: "/\t/" would become "//".
    ['/\t\t/evil.example', '/calls'],
    ['/\r/evil.example', '/calls'],
    ['\t//evil.example', '/calls'],
    [' //evil.example', '/calls'],
    // Scheme variants.
    ['JaVaScRiPt:alert(1)', '/calls'],
    ['java\tscript:alert(1)', '/calls'],
    ['data:text/html,<script>alert(1)</script>', '/calls'],
    ['https:evil.example', '/calls'],
    ['//evil.example@same/x', '/calls'],
    ['/login/', '/calls'],
  ])('%s → %s', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});

describe('activeTurnIndex', () => {
  const turns = [
    { speaker: 'agent' as const, text: 'a', start: 0, end: 2 },
    { speaker: 'customer' as const, text: 'b', start: 3, end: 5 },
    { speaker: 'agent' as const, text: 'c', start: 6, end: 9 },
  ];
  it('follows playback and holds through pauses between turns', () => {
    expect(activeTurnIndex(turns, 0)).toBe(0);
    expect(activeTurnIndex(turns, 2.5)).toBe(0);
    expect(activeTurnIndex(turns, 3)).toBe(1);
    expect(activeTurnIndex(turns, 100)).toBe(2);
    expect(activeTurnIndex([], 1)).toBe(-1);
    expect(activeTurnIndex([{ ...turns[1] }], 1)).toBe(-1);
  });
});

describe('login error messages', () => {
  it('say what happened', () => {
    expect(loginErrorMessage({ name: 'AuthApiError', status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' })).toBe('Wrong email or password.');
    expect(loginErrorMessage({ name: 'AuthApiError', status: 429, code: 'over_request_rate_limit' })).toMatch(/Too many/);
    expect(loginErrorMessage({ name: 'AuthRetryableFetchError', status: 0, message: 'Failed to fetch' })).toMatch(/reach/);
    expect(loginErrorMessage({ name: 'AuthApiError', status: 422, code: 'something_new', message: 'Server says so' })).toBe('Server says so');
  });
});

describe('recording pipeline wording, odd counters', () => {
  it('a failed upload was tried at least once', () => {
    const rec = { state: 'failed' as const, attempts: 0, maxAttempts: 3, lastError: 'x', nextRetryAt: null };
    expect(describeRecordingState(rec, String).label).toBe('Failed — retry 1 of 3');
  });
});
