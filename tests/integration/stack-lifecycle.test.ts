// The local stack as a process: refuses production, listens on loopback only, leaves no Postgres or
// PostgREST behind after Ctrl-C, re-applies nothing on a second start, and seeds idempotently.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { listMigrations, migrate } from '../../supabase/local/migrate.ts';
import { freePort } from '../../supabase/local/ports.ts';
import { startStack } from '../../supabase/local/stack.ts';
import { startPostgres } from '../../supabase/local/postgres.ts';
import EmbeddedPostgres from '../../supabase/local/embedded-postgres.ts';
import pg from 'pg';
import { seedDemo } from '../../supabase/local/seed/demo.ts';
import { writeEnvFile, configuredRemoteUrl } from '../../supabase/local/env-file.ts';
import { stackEnv } from '../helpers/clients.ts';
import { withDb } from '../helpers/db.ts';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Every process below `pid` (npx → tsx → node → postgres, postgrest, …). */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map((l) => Number(l.trim())).filter(Boolean);
  } catch {
    // no children
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

const canConnect = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

describe('the stack refuses production', () => {
  it('throws with NODE_ENV=production before starting anything', async () => {
    // process.env is typed read-only for NODE_ENV under Next's types; the test sets it anyway.
    const env = process.env as Record<string, string | undefined>;
    const saved = env.NODE_ENV;
    env.NODE_ENV = 'production';
    try {
      const dataDir = tempDir('stack-prod-');
      await expect(startStack({ dataDir })).rejects.toThrow(/NODE_ENV=production/);
      expect(existsSync(join(dataDir, 'pg'))).toBe(false);
    } finally {
      env.NODE_ENV = saved;
    }
  });
});

describe('npm run stack as a process', () => {
  // Ctrl-C in a terminal signals the whole process group; `kill <pid>` (a process manager, a
  // script) signals the stack's process alone, which must then stop its children itself.
  it.each([
    ['SIGINT', 'its process group'],
    ['SIGTERM', 'its own process only'],
  ] as const)('serves on loopback only and leaves no child processes after %s to %s', { timeout: 120_000 }, async (signal, target) => {
    const dataDir = tempDir('stack-proc-');
    const [apiPort, dbPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['--import', 'tsx', 'supabase/local/cli.ts', '--no-env-file'], {
      env: { ...process.env, SUPABASE_DATA_DIR: dataDir, SUPABASE_API_PORT: String(apiPort), SUPABASE_DB_PORT: String(dbPort), NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a signal to the group reaches it the way Ctrl-C in a terminal does.
      detached: true,
    });
    // Whatever happens below, the process group does not outlive the test.
    onTestFinished(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const deadline = Date.now() + 90_000;
    while (!out.includes('press Ctrl-C') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(out, out).toContain(`http://127.0.0.1:${apiPort}`);

    const pgPid = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(alive(pgPid)).toBe(true);
    const health = await fetch(`http://127.0.0.1:${apiPort}/rest/v1/`);
    expect(health.status).toBeLessThan(500);

    // Reachable on loopback, not on any other address of this machine.
    expect(await canConnect('127.0.0.1', apiPort)).toBe(true);
    expect(await canConnect('127.0.0.1', dbPort)).toBe(true);
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      expect(await canConnect(external.address, apiPort)).toBe(false);
      expect(await canConnect(external.address, dbPort)).toBe(false);
    }

    const tree = descendants(child.pid!);
    const commands = tree.map((p) => { try { return execFileSync('ps', ['-o', 'comm=', '-p', String(p)], { encoding: 'utf8' }).trim(); } catch { return ''; } });
    expect(commands).toContain('postgrest');
    expect(commands).toContain('postgres');
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(target === 'its process group' ? -child.pid! : child.pid!, signal);
    await exited;
    const gone = Date.now() + 15_000;
    while (alive(pgPid) && Date.now() < gone) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pgPid)).toBe(false);
    expect(tree.filter(alive)).toEqual([]);
    expect(await canConnect('127.0.0.1', apiPort)).toBe(false);
    expect(await canConnect('127.0.0.1', dbPort)).toBe(false);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });
});

describe('DATABASE_URL', () => {
  it('points the stack at an existing Postgres, which it neither creates nor stops', { timeout: 120_000 }, async () => {
    const external = await startPostgres({ dataDir: tempDir('external-pg-'), port: await freePort(), ephemeral: true, superuserPassword: 'external-secret' });
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = external.adminUrl;
    const dataDir = tempDir('stack-ext-');
    try {
      const stack = await startStack({ dataDir, apiPort: 0, ephemeral: true });
      expect(stack.adminDbUrl).toBe(external.adminUrl);
      // Migrations and tests use postgres, which the bootstrap made and which is no superuser.
      expect(new URL(stack.dbUrl).username).toBe('postgres');
      expect(existsSync(join(dataDir, 'pg'))).toBe(false);
      const res = await fetch(`${stack.url}/rest/v1/organizations?select=id`, { headers: { apikey: stack.serviceRoleKey, authorization: `Bearer ${stack.serviceRoleKey}` } });
      expect(res.status).toBe(200);
      await stack.stop();
      // The external server is still up, with the schema the stack migrated into it.
      const db = new pg.Client({ connectionString: external.adminUrl });
      await db.connect();
      const n = (await db.query('select count(*)::int as n from supabase_migrations.schema_migrations')).rows[0].n;
      await db.end();
      expect(n).toBe(listMigrations().length);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      await external.stop();
    }
  });

  it('a data folder made by the older stack (superuser "postgres") is refused with the way out, and left running nothing', { timeout: 120_000 }, async () => {
    const dataDir = tempDir('stack-old-');
    chmodSync(dataDir, 0o711); // as root, Postgres runs as its own user and must reach the folder
    const port = await freePort();
    // What the previous version of the stack created: initdb with the superuser `postgres`.
    const old = new EmbeddedPostgres({
      databaseDir: join(dataDir, 'pg'),
      port,
      user: 'postgres',
      password: 'postgres',
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: () => {},
      onError: () => {},
    });
    await old.initialise();
    await expect(startStack({ dataDir, apiPort: 0, dbPort: port, ephemeral: true })).rejects.toThrow(/npm run db:reset/);
    expect(await canConnect('127.0.0.1', port)).toBe(false);
  });

  it('refuses a DATABASE_URL that logs in as postgres: that role must not be a superuser', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = stackEnv().dbUrl;
    try {
      await expect(startStack({ dataDir: tempDir('stack-ext-pg-'), apiPort: 0, ephemeral: true })).rejects.toThrow(/superuser other than "postgres"/);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});

describe('idempotence', () => {
  it('re-running the migrations applies nothing and every file is recorded once', async () => {
    const result = await migrate(stackEnv().dbUrl);
    expect(result.applied).toEqual([]);
    const recorded = await withDb(async (db) => (await db.query('select version from supabase_migrations.schema_migrations order by version')).rows.map((r) => r.version));
    expect(recorded).toEqual(listMigrations().map((m) => m.version));
  });

  it('seeding the demo data again creates nothing', async () => {
    const env = stackEnv();
    const count = () => withDb(async (db) => (await db.query('select count(*)::int as n from public.call_logs')).rows[0].n);
    const before = await count();
    const summary = await seedDemo({ url: env.url, serviceRoleKey: env.serviceRoleKey, dbUrl: env.dbUrl });
    expect(summary).toEqual({ createdUsers: 0, createdCalls: 0, uploadedRecordings: 0 });
    expect(await count()).toBe(before);
  });
});

describe('.env.local', () => {
  it('is written for the local stack and left alone when it points at a hosted project', () => {
    const dir = tempDir('envfile-');
    const file = join(dir, '.env.local');
    const saved = process.env.NEXT_PUBLIC_SUPABASE_URL;
    delete process.env.NEXT_PUBLIC_SUPABASE_URL;
    try {
      expect(writeEnvFile({ url: 'http://127.0.0.1:54321', publishableKey: 'a', secretKey: 's' }, file)).toBe('written');
      expect(readFileSync(file, 'utf8')).toContain('NEXT_PUBLIC_SUPABASE_URL=http://127.0.0.1:54321');
      writeFileSync(file, 'NEXT_PUBLIC_SUPABASE_URL=https://abc.supabase.co\nSUPABASE_SERVICE_ROLE_KEY=hosted\n');
      expect(configuredRemoteUrl(file)).toBe('https://abc.supabase.co');
      expect(writeEnvFile({ url: 'http://127.0.0.1:54321', publishableKey: 'a', secretKey: 's' }, file)).toBe('kept');
      expect(readFileSync(file, 'utf8')).toContain('SUPABASE_SERVICE_ROLE_KEY=hosted');
    } finally {
      if (saved !== undefined) process.env.NEXT_PUBLIC_SUPABASE_URL = saved;
    }
  });
});
