// npm run test:e2e — the Playwright suite against a production build:
// a fresh local stack with the demo data on free ports, `next build` + `next start` on a free port,
// then `playwright test` (extra arguments are passed through). Everything is stopped afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../supabase/local/seed/demo.ts';
import { freePort } from '../supabase/local/ports.ts';
import { startStack } from '../supabase/local/stack.ts';
import { findChromium } from '../e2e/support/chromium.ts';

// Fail early, with instructions, when no browser exists (never skip).
findChromium();

const dataDir = mkdtempSync(join(tmpdir(), 'call-dashboard-e2e-'));
// The app's port first: the stack answers CORS for the app's origin only.
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const serverLogPath = join(dataDir, 'next-server.log');
const stack = await startStack({ dataDir, apiPort: 0, dbPort: 0, ephemeral: true, corsOrigins: [baseUrl] });
let server: ReturnType<typeof spawn> | undefined;
let exitCode = 1;
try {
  await seedDemo({ url: stack.url, serviceRoleKey: stack.secretKey, dbUrl: stack.dbUrl });
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_PUBLIC_SUPABASE_URL: stack.url,
    // The current key names and opaque keys, as `npm run dev` writes them to .env.local.
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: stack.publishableKey,
    SUPABASE_SECRET_KEY: stack.secretKey,
    NEXT_TELEMETRY_DISABLED: '1',
    // The members scenario walks an invitation link (lib/invitations.ts: off in production by default).
    INVITATION_LINKS: '1',
    // The app's public origin, as production sets it: invitation mails send the invitee back to it,
    // and the local Auth honours only redirects to the app's origin (the server's own request URL
    // need not be the address the browser used).
    APP_URL: baseUrl,
  };
  // NEXT_PUBLIC_* values are inlined at build time, so the build follows the stack it runs against.
  const t0 = performance.now();
  const build = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: appEnv });
  if (build.status !== 0) throw new Error('next build failed');
  console.log(`[e2e] next build took ${Math.round((performance.now() - t0) / 1000)} s`);

  // Its own process group (detached), so stopping it stops next-server too, not only a wrapper.
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  // The server's output is kept whole in a file the specs read (a password must never be in it). The
  // terminal gets all of it but the routine JSON lines (level info/debug: one per request), which
  // would bury Playwright's report; warnings, errors and anything not JSON still show.
  server = spawn(process.execPath, [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'], env: appEnv, detached: true });
  const serverLog = createWriteStream(serverLogPath);
  const show = (out: NodeJS.WriteStream) => {
    let pending = '';
    return (chunk: Buffer) => {
      serverLog.write(chunk);
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (!isRoutineLogLine(line)) out.write(`${line}\n`);
    };
  };
  server.stdout!.on('data', show(process.stdout));
  server.stderr!.on('data', show(process.stderr));
  await waitForHttp(`${baseUrl}/login`, 60_000);

  // Asynchronous on purpose: the stack's gateway, Auth and Storage run in this process and must keep
  // answering while the browser tests run.
  const run = spawn('npx', ['playwright', 'test', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, E2E_BASE_URL: baseUrl, E2E_SUPABASE_URL: stack.url, E2E_PUBLISHABLE_KEY: stack.publishableKey, E2E_SECRET_KEY: stack.secretKey, E2E_DB_URL: stack.dbUrl, E2E_SERVER_LOG: serverLogPath },
  });
  exitCode = await new Promise<number>((resolve) => run.once('exit', (code) => resolve(code ?? 1)));
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    process.kill(-server.pid, 'SIGTERM');
    await exited;
  }
  await stack.stop();
  if (exitCode !== 0 && existsSync(serverLogPath)) {
    // Kept with Playwright's traces: the routine lines the terminal did not show.
    mkdirSync('test-results', { recursive: true });
    copyFileSync(serverLogPath, join('test-results', 'e2e-next-server.log'));
    console.log('[e2e] the app server\'s whole log: test-results/e2e-next-server.log');
  }
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);

function isRoutineLogLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level;
    return level === 'info' || level === 'debug';
  } catch {
    return false;
  }
}

async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
