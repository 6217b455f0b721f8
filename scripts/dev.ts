// npm run dev — the local stack (Postgres, PostgREST, Auth, Storage), migrations, demo data when the
// database is empty, then `next dev` on :3000. Ctrl-C stops everything.
// When .env.local points at a hosted Supabase project, only `next dev` runs.
// When a Supabase CLI stack runs (`npx supabase start`, Docker) or SUPABASE_STACK=cli, that stack is
// used instead: demo data when empty, .env.local, `next dev`; nothing is started on 54321/54322.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { configuredRemoteUrl, writeEnvFile } from '../supabase/local/env-file.ts';
import { onExit, startLocalStack } from '../supabase/local/cli.ts';
import { detectStack } from '../supabase/local/cli-stack.ts';
import { seedDemo } from '../supabase/local/seed/demo.ts';
import { startDevJobLoop } from './lib/dev-job-loop.ts';
import { nextDevArgs } from './lib/next-dev.ts';
import { log } from '../lib/observability/log.ts';

const remote = configuredRemoteUrl();
if (remote) {
  console.log(`using the Supabase project at ${remote} (from .env.local); the local stack is not started`);
} else {
  const choice = detectStack();
  if (choice.kind === 'error') {
    console.error(choice.message);
    process.exit(1);
  }
  let service: { url: string; serviceRoleKey: string };
  if (choice.kind === 'cli') {
    const { stack } = choice;
    console.log(`using the Supabase CLI stack at ${stack.url} (supabase start); the project's own stack is not started`);
    const s = await seedDemo({ url: stack.url, serviceRoleKey: stack.secretKey, dbUrl: stack.dbUrl });
    if (s.createdCalls > 0 || s.createdUsers > 0) {
      console.log(`demo data: ${s.createdUsers} users, ${s.createdCalls} calls, ${s.uploadedRecordings} recordings`);
    }
    const env = writeEnvFile({ url: stack.url, publishableKey: stack.publishableKey, secretKey: stack.secretKey });
    console.log(env === 'written' ? '  wrote .env.local' : '  .env.local points at another project: left unchanged');
    service = { url: stack.url, serviceRoleKey: stack.secretKey };
  } else {
    const stack = await startLocalStack({ seed: true, quiet: true });
    service = { url: stack.url, serviceRoleKey: stack.secretKey };
  }
  // No Inngest Dev Server runs here: a light loop drains the upload queue so a webhook's recording
  // is playable within seconds (see docs/pipeline.md). Local stacks only; DEV_JOBS=0 turns it off.
  // The explicit opt-in for private networks (and plain http): `npm run simulate:call` serves its
  // recording from 127.0.0.1. Only here, for a local stack; never inferred from NODE_ENV.
  process.env.RECORDING_ALLOW_PRIVATE_NETWORKS ??= '1';
  if (process.env.DEV_JOBS !== '0') {
    // The loop prints a short line for each run that did something; its per-run JSON lines (one per
    // org every 2 s, mostly idle) would bury next dev's output. LOG_LEVEL=info brings them back.
    if (!process.env.LOG_LEVEL) log.level = 'warn';
    const loop = startDevJobLoop(service);
    onExit(() => loop.stop());
  }
}

// next dev in its own process group: stopping the group stops next-server and its workers too
// (signalling only a wrapper process left them running). On loopback only, reachable as localhost
// and 127.0.0.1 alike (scripts/lib/next-dev.ts).
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const next = spawn(process.execPath, [nextBin, ...nextDevArgs(process.env.PORT ?? '3000')], {
  stdio: 'inherit',
  env: { ...process.env },
  detached: true,
});
onExit(
  () =>
    new Promise<void>((resolve) => {
      if (next.exitCode !== null || !next.pid) return resolve();
      next.once('exit', () => resolve());
      process.kill(-next.pid, 'SIGTERM');
    }),
);
next.on('exit', (code) => {
  process.kill(process.pid, 'SIGTERM');
  process.exitCode = code ?? 0;
});
