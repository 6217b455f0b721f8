// npm run stack — starts the local Supabase-compatible stack and keeps it running until Ctrl-C.
// Prints the URL and keys and writes them to .env.local for Next.js.
import { log } from '../../lib/observability/log.ts';
import { seedDemo } from './seed/demo.ts';
import { startStack, type Stack } from './stack.ts';
import { releaseSignalHooks } from './embedded-postgres.ts';
import { writeEnvFile } from './env-file.ts';

export async function startLocalStack(opts: { seed: boolean; quiet?: boolean; envFile?: boolean }): Promise<Stack> {
  const t0 = performance.now();
  const stack = await startStack({
    dataDir: process.env.SUPABASE_DATA_DIR || undefined,
    apiPort: Number(process.env.SUPABASE_API_PORT ?? 54321),
    dbPort: Number(process.env.SUPABASE_DB_PORT ?? 54322),
    // Structured like the app's own log (one JSON object per line): the child processes' output
    // with STACK_DEBUG=1, one line per gateway request with STACK_ACCESS_LOG=1.
    log: process.env.STACK_DEBUG ? (line) => log.info({ component: 'stack' }, line) : undefined,
    accessLog: process.env.STACK_ACCESS_LOG ? (entry) => log.info({ component: 'gateway', ...entry }, 'stack request') : undefined,
  });
  onExit(() => stack.stop());
  if (opts.seed) {
    const s = await seedDemo({ url: stack.url, serviceRoleKey: stack.secretKey, dbUrl: stack.dbUrl });
    if (s.createdCalls > 0 || s.createdUsers > 0) {
      console.log(`demo data: ${s.createdUsers} users, ${s.createdCalls} calls, ${s.uploadedRecordings} recordings`);
    }
  }
  const env = opts.envFile === false ? 'kept' : writeEnvFile({ url: stack.url, publishableKey: stack.publishableKey, secretKey: stack.secretKey });
  console.log(`local stack ready in ${Math.round(performance.now() - t0)} ms`);
  console.log(`  API URL:          ${stack.url}`);
  console.log(`  DB URL:           ${stack.dbUrl}`);
  if (!opts.quiet) {
    console.log(`  publishable key:  ${stack.publishableKey}`);
    console.log(`  secret key:       ${stack.secretKey}`);
    console.log(`  anon key (legacy JWT):         ${stack.anonKey}`);
    console.log(`  service_role key (legacy JWT): ${stack.serviceRoleKey}`);
  }
  if (opts.envFile !== false) {
    console.log(env === 'written' ? '  wrote .env.local' : '  .env.local points at another project: left unchanged');
  }
  return stack;
}

const exitHandlers: (() => Promise<void>)[] = [];
let exiting = false;

/** Stops child processes on Ctrl-C, SIGTERM or a crash, so no Postgres or PostgREST is orphaned. */
export function onExit(handler: () => Promise<void>) {
  exitHandlers.push(handler);
  if (exitHandlers.length > 1) return;
  // Ours stop the whole stack in order; embedded-postgres's would exit once Postgres is down.
  releaseSignalHooks();
  const run = async (code: number) => {
    if (exiting) return;
    exiting = true;
    for (const h of exitHandlers.reverse()) await h().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void run(130));
  process.on('SIGTERM', () => void run(143));
  process.on('SIGHUP', () => void run(129));
  process.on('uncaughtException', (e) => {
    console.error(e);
    void run(1);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await startLocalStack({ seed: process.argv.includes('--seed'), quiet: false, envFile: !process.argv.includes('--no-env-file') });
  console.log('press Ctrl-C to stop');
}
