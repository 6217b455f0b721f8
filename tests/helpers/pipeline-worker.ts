// A queue worker in its own process (own Node runtime, own HTTP connections), for the concurrency
// and crash tests. Configured by env; prints one JSON line per event on stdout.
//   WORKER_ORGS     comma-separated org ids to drain, in a per-worker rotated order
//   WORKER_WAIT_GO  "1": print {"ready":true} and wait for a line on stdin before starting
//   WORKER_BATCH, WORKER_LEASE_SECONDS, WORKER_DOWNLOAD_TIMEOUT_MS
import { createInterface } from 'node:readline';
import { processUploadQueueForOrg } from '../../lib/recordings/process-upload-queue.ts';
import { createServiceClient } from '../../lib/supabase/service.ts';

const env = process.env;
const orgs = (env.WORKER_ORGS ?? '').split(',').filter(Boolean);
const index = Number(env.WORKER_INDEX ?? 0);
const order = orgs.map((_, i) => orgs[(i + index) % orgs.length]);
const opts = {
  batchSize: Number(env.WORKER_BATCH ?? 5),
  leaseSeconds: Number(env.WORKER_LEASE_SECONDS ?? 120),
  downloadTimeoutMs: Number(env.WORKER_DOWNLOAD_TIMEOUT_MS ?? 30_000),
  allowPrivateNetworks: true,
  allowedRecordingHosts: [],
};
const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

if (env.WORKER_WAIT_GO === '1') {
  out({ ready: true });
  const rl = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => rl.once('line', () => resolve()));
  rl.close();
}

const deps = { client: createServiceClient({ url: env.STACK_URL!, serviceRoleKey: env.SERVICE_ROLE_KEY! }) };
const started = performance.now();
const items: { queueId: string; outcome: string; path?: string }[] = [];
// Keep sweeping every org until a full pass finds nothing to claim.
for (;;) {
  let claimed = 0;
  for (const orgId of order) {
    const r = await processUploadQueueForOrg(deps, orgId, opts);
    claimed += r.claimed;
    for (const i of r.items) items.push({ queueId: i.queueId, outcome: i.outcome, path: 'path' in i ? i.path : undefined });
  }
  if (claimed === 0) break;
}
out({ done: true, pid: process.pid, ms: performance.now() - started, items });
// Exit explicitly: the parent's stdin pipe would otherwise keep this process alive.
process.exit(0);
