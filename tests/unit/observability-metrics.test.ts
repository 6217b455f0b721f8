// The Prometheus rendering (label escaping, histogram buckets) and the metrics endpoint's token check.
import { describe, expect, it } from 'vitest';
import { metricsAccess } from '../../lib/observability/metrics-endpoint.ts';
import { escapeLabel, incrementCounter, observeHistogram, renderPrometheus, resetMetrics } from '../../lib/observability/metrics.ts';

describe('prometheus text', () => {
  it('escapes label values and renders cumulative buckets, sum and count', () => {
    resetMetrics();
    incrementCounter('app_security_signals_total', { kind: 'a"b\\c\nd' });
    observeHistogram('app_http_request_duration_seconds', { route: 'GET /x', org_id: 'o' }, 0.03);
    observeHistogram('app_http_request_duration_seconds', { route: 'GET /x', org_id: 'o' }, 3);
    const text = renderPrometheus([{ name: 'app_g', help: 'g', samples: [{ labels: { org_id: 'o' }, value: 2 }] }]);
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    expect(text).toContain('app_security_signals_total{kind="a\\"b\\\\c\\nd"} 1');
    expect(text).toContain('app_http_request_duration_seconds_bucket{route="GET /x",org_id="o",le="0.025"} 0');
    expect(text).toContain('app_http_request_duration_seconds_bucket{route="GET /x",org_id="o",le="0.05"} 1');
    expect(text).toContain('app_http_request_duration_seconds_bucket{route="GET /x",org_id="o",le="5"} 2');
    expect(text).toContain('app_http_request_duration_seconds_bucket{route="GET /x",org_id="o",le="+Inf"} 2');
    expect(text).toContain('app_http_request_duration_seconds_count{route="GET /x",org_id="o"} 2');
    expect(text).toContain('# TYPE app_g gauge\napp_g{org_id="o"} 2');
    resetMetrics();
  });
});

describe('metrics token', () => {
  const req = (authorization?: string) => new Request('http://x/api/metrics', { headers: authorization ? { authorization } : {} });
  it.each([
    [undefined, 'Bearer anything', 'disabled'],
    ['short', 'Bearer short', 'disabled'],
    ['a-long-enough-token-1', undefined, 'unauthorized'],
    ['a-long-enough-token-1', 'Bearer a-long-enough-token-2', 'unauthorized'],
    ['a-long-enough-token-1', 'Basic a-long-enough-token-1', 'unauthorized'],
    ['a-long-enough-token-1', 'Bearer a-long-enough-token-1', 'ok'],
  ] as const)('token %s, header %s: %s', (token, header, expected) => expect(metricsAccess(req(header), token)).toBe(expected));
});
