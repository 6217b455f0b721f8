// Timing helpers for the bench: percentiles, and a round-robin runner that interleaves the arms of
// one comparison so background load (other test suites on the same 2 cores) hits every arm alike.

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  min: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] : NaN);
  return {
    n: s.length,
    p50: round(q(0.5)),
    p95: round(q(0.95)),
    min: round(s[0] ?? NaN),
    mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}

export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function ratio(a: number, b: number): number {
  return round(a / b, 2);
}

export type Arm = () => Promise<number>;

/** Small deterministic PRNG (mulberry32), so a run's arm order is reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs every arm `warmup` times, then `reps` rounds of one sample per arm, each round in a fresh
 * random order: a fixed cyclic order would always put the same (possibly cache-evicting) arm
 * before a given one and bias it. An arm returns the time it measured (ms): server-side time for
 * SQL, wall time for HTTP.
 */
export async function interleaved(arms: Record<string, Arm>, opts: { warmup: number; reps: number; seed?: number }): Promise<Record<string, Summary>> {
  const names = Object.keys(arms);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const random = prng(opts.seed ?? 42);
  for (let w = 0; w < opts.warmup; w++) for (const n of names) await arms[n]();
  for (let r = 0; r < opts.reps; r++) {
    const order = [...names];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const n of order) samples[n].push(await arms[n]());
  }
  return Object.fromEntries(names.map((n) => [n, summarize(samples[n])]));
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
