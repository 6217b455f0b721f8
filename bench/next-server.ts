// The Next app for the route-handler layer: a production build (`next build`, then `next start`)
// of a snapshot of the app's sources, made in a folder of its own so that neither the build nor
// the server touches the working tree's .next/ (other people run builds and e2e from it) and
// half-edited files elsewhere in the repo cannot break the bench. The build is reused while the
// snapshot's content hash is unchanged. The folder is per checkout (its node_modules is a symlink
// into the checkout), and the key covers the lockfile: a build made by another clone, since deleted,
// or with other dependencies is never reused.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../supabase/local/ports.ts';
import { appSnapshot, checkoutFolderName, nextBinIn, writeAppSnapshot } from '../scripts/lib/app-snapshot.ts';

export interface NextServer {
  url: string;
  buildSeconds: number | null;
  stop(): Promise<void>;
}

export async function buildAndStartNext(env: Record<string, string>, log: (line: string) => void, onOutput?: (chunk: string) => void): Promise<NextServer> {
  const { files, key } = appSnapshot();
  const dir = join(tmpdir(), checkoutFolderName('bench-next'));
  const nextBin = nextBinIn(dir);
  const stamp = join(dir, '.bench-build-key');
  let buildSeconds: number | null = null;

  if (!(existsSync(stamp) && readFileSync(stamp, 'utf8') === key && existsSync(join(dir, '.next', 'BUILD_ID')) && existsSync(nextBin))) {
    log(`  building the app (production, snapshot ${key}) in ${dir} ...`);
    writeAppSnapshot(dir, files);
    const t0 = performance.now();
    const buildEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } as Record<string, string | undefined>;
    // NEXT_PUBLIC_* present at build time would be inlined; the bench stack's URL is only known at run time.
    for (const k of Object.keys(buildEnv)) if (k.startsWith('NEXT_PUBLIC_') || k.startsWith('SUPABASE_')) delete buildEnv[k];
    const res = spawnSync('nice', ['-n', '5', process.execPath, nextBin, 'build'], {
      cwd: dir,
      env: buildEnv as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
    if (res.status !== 0) {
      throw new Error(`next build failed (snapshot in ${dir}):\n${(res.stdout + res.stderr).split('\n').slice(-30).join('\n')}`);
    }
    buildSeconds = Math.round((performance.now() - t0) / 100) / 10;
    writeFileSync(stamp, key);
    log(`  built in ${buildSeconds} s`);
  } else {
    log(`  reusing the production build of snapshot ${key} in ${dir}`);
  }

  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dir,
    env: { ...process.env, ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output = (output + String(d)).slice(-4000)));
  if (onOutput) child.stdout?.on('data', (d) => onOutput(String(d)));
  child.stderr?.on('data', (d) => (output = (output + String(d)).slice(-4000)));
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`next start exited:\n${output}`);
    try {
      const res = await fetch(`${url}/api/me`);
      await res.arrayBuffer();
      if (res.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`next start did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    buildSeconds,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
