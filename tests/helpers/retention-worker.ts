// The retention job in its own process, for the crash test. Env: STACK_URL, SERVICE_ROLE_KEY,
// RETENTION_ORG, RETENTION_BATCH. With RETENTION_HANG_AFTER_CLAIM=1 it prints {"claimed": [...]}
// after its first batch's database step and then waits (the test kills it there with SIGKILL).
import { eraseExpiredForOrg } from '../../lib/retention/erase-expired.ts';
import { createServiceClient } from '../../lib/supabase/service.ts';

const env = process.env;
const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
const deps = { client: createServiceClient({ url: env.STACK_URL!, serviceRoleKey: env.SERVICE_ROLE_KEY! }) };
const result = await eraseExpiredForOrg(deps, env.RETENTION_ORG!, {
  batchSize: Number(env.RETENTION_BATCH ?? 5),
  afterClaim: async (batch) => {
    if (env.RETENTION_HANG_AFTER_CLAIM !== '1') return;
    out({ claimed: batch });
    await new Promise(() => {});
  },
});
out({ done: true, result });
process.exit(0);
