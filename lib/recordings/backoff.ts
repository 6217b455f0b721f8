// Retry schedule: exponential (x4) from a base, capped, each delay spread by ±jitter so a provider
// outage does not make every failed upload of every org retry in the same second.

export interface BackoffOptions {
  baseSeconds: number;
  maxSeconds: number;
  /** 0.2 = each delay lands uniformly within ±20% of its nominal value. */
  jitter: number;
  retries: number;
}

export function nominalDelaySeconds(retry: number, o: Pick<BackoffOptions, 'baseSeconds' | 'maxSeconds'>): number {
  return Math.min(o.maxSeconds, o.baseSeconds * 4 ** (retry - 1));
}

/** Delays in seconds before retry 1..retries (index 0 = before the first retry). */
export function retryDelaysSeconds(o: BackoffOptions, random: () => number = Math.random): number[] {
  return Array.from({ length: o.retries }, (_, i) => {
    const nominal = nominalDelaySeconds(i + 1, o);
    const factor = 1 - o.jitter + 2 * o.jitter * random();
    return Math.round(nominal * factor * 1000) / 1000;
  });
}
