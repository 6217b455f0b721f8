// A light local stand-in for the Inngest crons while `npm run dev` runs (no Inngest Dev Server can
// run here): every couple of seconds it reclaims expired leases and drains each active org's upload
// queue, and every 30 s it runs due retries. The database queue is the source of truth, so this
// loop and Inngest (when configured) can run side by side without double-processing.
import type { JobDeps } from '../../lib/recordings/config.ts';
import { createServiceClient, type ServiceConfig } from '../../lib/supabase/service.ts';
import { runJob, type JobName } from './run-job.ts';

export interface DevLoopOptions {
  intervalMs?: number;
  retryEveryMs?: number;
  /** Only these orgs (tests); default every active org. */
  orgIds?: string[];
  log?: (line: string) => void;
}

export function startDevJobLoop(service: ServiceConfig, opts: DevLoopOptions = {}): { stop: () => Promise<void> } {
  const intervalMs = opts.intervalMs ?? 2_000;
  const retryEveryMs = opts.retryEveryMs ?? 30_000;
  const log = opts.log ?? ((line: string) => console.log(`[jobs] ${line}`));
  let stopped = false;
  let lastRetry = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    const deps: JobDeps = { client: createServiceClient(service) };
    const jobs: JobName[] = ['stale', 'queue'];
    if (Date.now() - lastRetry >= retryEveryMs) {
      jobs.push('retry');
      lastRetry = Date.now();
    }
    for (const job of jobs) {
      const results = opts.orgIds
        ? (await Promise.all(opts.orgIds.map((orgId) => runJob(deps, job, { orgId })))).flat()
        : await runJob(deps, job);
      for (const r of results) {
        if (r.error) log(`${job} ${r.orgId}: ${r.error}`);
        else if ((r.completed as number) > 0 || (r.failed as number) > 0 || (r.requeued as number) > 0) {
          log(`${job} ${r.orgId}: ${JSON.stringify(r)}`);
        }
      }
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((e) => log(`tick failed: ${(e as Error).message}`))
        .finally(schedule);
    }, intervalMs);
    timer.unref?.();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
