// Starts one fresh local stack on free ports for the test run, loads the demo data, and hands the
// URL and keys to the tests through `inject('stack')`. Stops everything afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { defaultCorsOrigins } from '../../supabase/local/gateway.ts';
import { startStack, type Stack } from '../../supabase/local/stack.ts';
import { seedDemo } from '../../supabase/local/seed/demo.ts';

export interface StackEnv {
  url: string;
  /** Current API keys (sb_publishable_… / sb_secret_…), as .env.local holds them. */
  publishableKey: string;
  secretKey: string;
  /** Legacy JWT API keys. */
  anonKey: string;
  serviceRoleKey: string;
  /** `postgres` (owner of the schema, not a superuser). */
  dbUrl: string;
  /** The cluster superuser: scratch databases and their bootstrap only. */
  adminDbUrl: string;
  dataDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackEnv;
  }
}

let stack: Stack | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject) {
  dataDir = mkdtempSync(join(tmpdir(), 'call-dashboard-test-'));
  const t0 = performance.now();
  // Every test signs in from 127.0.0.1, and several files fail sign-ins on purpose (hundreds per run):
  // with the default of 30 failures per IP per 5 minutes, a run fast enough to fit them into one
  // window refused unrelated sign-ins with 429. The per-IP rule itself is tested with explicit limits
  // (auth-contract.test.ts); the per-account limit stays at its default.
  process.env.AUTH_RATE_LIMIT_PER_IP ??= '100000';
  // CORS as `npm run dev` has it by default, whatever PORT/SUPABASE_CORS_ORIGINS the shell has.
  stack = await startStack({ dataDir, apiPort: 0, dbPort: 0, ephemeral: true, corsOrigins: defaultCorsOrigins({}) });
  await seedDemo({ url: stack.url, serviceRoleKey: stack.secretKey, dbUrl: stack.dbUrl });
  console.log(`[stack] started with demo data in ${Math.round(performance.now() - t0)} ms at ${stack.url}`);
  project.provide('stack', {
    url: stack.url,
    publishableKey: stack.publishableKey,
    secretKey: stack.secretKey,
    anonKey: stack.anonKey,
    serviceRoleKey: stack.serviceRoleKey,
    dbUrl: stack.dbUrl,
    adminDbUrl: stack.adminDbUrl,
    dataDir,
  });
}

export async function teardown() {
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
