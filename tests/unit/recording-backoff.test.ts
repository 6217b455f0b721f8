// The retry schedule: x4 exponential from the base, capped, ±jitter.
import { describe, expect, it } from 'vitest';
import { nominalDelaySeconds, retryDelaysSeconds } from '../../lib/recordings/backoff.ts';

const o = { baseSeconds: 60, maxSeconds: 3600, jitter: 0.2, retries: 3 };

describe('retry backoff', () => {
  it('grows x4 per retry: 1 min, 4 min, 16 min', () => {
    expect([1, 2, 3].map((r) => nominalDelaySeconds(r, o))).toEqual([60, 240, 960]);
  });

  it('is capped', () => {
    expect(nominalDelaySeconds(6, o)).toBe(3600);
  });

  it('spreads each delay within ±jitter', () => {
    expect(retryDelaysSeconds(o, () => 0)).toEqual([48, 192, 768]);
    expect(retryDelaysSeconds(o, () => 1)).toEqual([72, 288, 1152]);
    expect(retryDelaysSeconds(o, () => 0.5)).toEqual([60, 240, 960]);
    for (let i = 0; i < 200; i++) {
      const d = retryDelaysSeconds(o);
      d.forEach((s, k) => {
        const nominal = nominalDelaySeconds(k + 1, o);
        expect(s).toBeGreaterThanOrEqual(nominal * 0.8);
        expect(s).toBeLessThanOrEqual(nominal * 1.2);
      });
    }
  });

  it('has one delay per allowed retry', () => {
    expect(retryDelaysSeconds({ ...o, retries: 5 })).toHaveLength(5);
  });
});
