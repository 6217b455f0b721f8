// npm run dev — the local stack (Postgres, PostgREST, Auth, Storage), migrations, demo data when the
// database is empty, then `next dev` on :3000. Ctrl-C stops everything.
// When .env.local points at a hosted Supabase project, only `next dev` runs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { configuredRemoteUrl } from '../supabase/local/env-file.ts';
import { onExit, startLocalStack } from '../supabase/local/cli.ts';
import { startDevJobLoop } from '../lib/recordings/dev-loop.ts';

const remote = configuredRemoteUrl();
if (remote) {
  console.log(`using the Supabase project at ${remote} (from .env.local); the local stack is not started`);
} else {
  const stack = await startLocalStack({ seed: true, quiet: true });
  // No Inngest Dev Server runs here: a light loop drains the upload queue so a webhook's recording
  // is playable within seconds (see docs/pipeline.md). Local stack only; DEV_JOBS=0 turns it off.
  if (process.env.DEV_JOBS !== '0') {
    const loop = startDevJobLoop({ url: stack.url, serviceRoleKey: stack.serviceRoleKey });
    onExit(() => loop.stop());
  }
}

// next dev in its own process group: stopping the group stops next-server and its workers too
// (signalling only a wrapper process left them running).
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const next = spawn(process.execPath, [nextBin, 'dev', '--port', process.env.PORT ?? '3000'], {
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
