// One log line, span and metric sample per per-org job run, for Inngest functions and the local
// runners alike: job name, org, run id, outcome, duration and the summary's counts (numbers only:
// a summary may hold storage paths or error texts, which stay out of the log).
import { randomUUID } from 'node:crypto';
import { runWithContext } from './context';
import { log } from './log';
import { incrementCounter, observeHistogram } from './metrics';
import { withSpan } from './tracing';

function countsOf(summary: unknown): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  if (summary && typeof summary === 'object') {
    for (const [k, v] of Object.entries(summary)) {
      if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
      else if (Array.isArray(v)) out[k] = v.length;
    }
  }
  return out;
}

export async function observeJob<T>(job: string, orgId: string, run: () => Promise<T>, runId: string = randomUUID()): Promise<T> {
  const started = performance.now();
  return runWithContext({ requestId: runId, job, orgId }, () =>
    withSpan(`job ${job}`, { 'app.job': job, 'app.org_id': orgId }, async () => {
      const done = (outcome: 'ok' | 'error') => {
        const seconds = (performance.now() - started) / 1000;
        incrementCounter('app_job_runs_total', { job, org_id: orgId, outcome });
        observeHistogram('app_job_duration_seconds', { job, org_id: orgId }, seconds);
        return Math.round(seconds * 1000);
      };
      try {
        const result = await run();
        log.info({ outcome: 'ok', durationMs: done('ok'), counts: countsOf(result) }, 'job');
        return result;
      } catch (error) {
        log.error({ outcome: 'error', durationMs: done('error'), err: error }, 'job');
        throw error;
      }
    }),
  );
}
