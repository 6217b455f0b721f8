// Starts the whole local Supabase-compatible stack: Postgres 17, PostgREST 12, local Auth and
// Storage, behind one gateway URL. Used by `npm run stack`, `npm run dev`, the tests and the bench.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createAuthService } from './auth/server.ts';
import { createPool } from './db.ts';
import { createGateway, defaultCorsOrigins, type GatewayAccessEntry } from './gateway.ts';
import { loadOrCreateKeys, type StackKeys } from './keys.ts';
import { bootstrap, migrate, PROJECT_ROOT, type RolePasswords } from './migrate.ts';
import { freePort } from './ports.ts';
import { startPostgres } from './postgres.ts';
import { startPostgrest, type PostgrestHandle } from './postgrest.ts';
import { createStorageService } from './storage/server.ts';

export interface StackOptions {
  /** Folder for database files, keys and storage bytes. Default `.data/` in the project. */
  dataDir?: string;
  /** Gateway port (default 54321; 0 = any free port). */
  apiPort?: number;
  /** Postgres port (default 54322; 0 = any free port). Ignored when DATABASE_URL is set. */
  dbPort?: number;
  /** Throwaway cluster: trade durability for speed (tests). */
  ephemeral?: boolean;
  /** Browser origins the gateway answers with CORS (default: SUPABASE_CORS_ORIGINS, else the app on localhost/127.0.0.1 :PORT or :3000). */
  corsOrigins?: string[];
  log?: (line: string) => void;
  /** One entry per gateway request (method, service, status, duration): the stack's access log. */
  accessLog?: (entry: GatewayAccessEntry) => void;
}

export interface Stack {
  url: string;
  /** `postgres`: owns the schema, not a superuser (as on hosted Supabase). Tests and seeds use it. */
  dbUrl: string;
  /** The cluster superuser `supabase_admin`: bootstrap and scratch databases only. */
  adminDbUrl: string;
  /** Current API keys (sb_publishable_… / sb_secret_…), accepted by the gateway like hosted. */
  publishableKey: string;
  secretKey: string;
  /** Legacy JWT API keys (role anon / service_role). */
  anonKey: string;
  serviceRoleKey: string;
  keys: StackKeys;
  dataDir: string;
  /** Stops and restarts PostgREST alone, on the same port (outage tests: readiness, 503s). */
  postgrest: ServiceSwitch;
  /**
   * Fault injection for tests and `npm run load -- --faults` (loopback only, like the whole stack).
   * Postgres: a fast shutdown (SIGINT) and a restart on the same port and data folder (not with
   * DATABASE_URL). Auth and Storage run inside this process, so "stopped" means the gateway answers
   * for them exactly as it does for a PostgREST that is gone: 502, the upstream-unreachable body.
   */
  postgres: ServiceSwitch;
  auth: ServiceSwitch;
  storage: ServiceSwitch;
  stop(): Promise<void>;
}

export interface ServiceSwitch {
  stop(): Promise<void>;
  start(): Promise<void>;
}

export const DEFAULT_DATA_DIR = join(PROJECT_ROOT, '.data');
/** The Supabase CLI's local password for `postgres`; the server listens on loopback only. */
export const POSTGRES_PASSWORD = 'postgres';

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('The local stack refuses to start with NODE_ENV=production: point the app at a hosted Supabase project instead.');
  }
  const log = opts.log ?? (() => {});
  const dataDir = opts.dataDir ?? DEFAULT_DATA_DIR;
  mkdirSync(dataDir, { recursive: true });
  const apiPort = opts.apiPort === 0 ? await freePort() : (opts.apiPort ?? 54321);
  const dbPort = opts.dbPort === 0 ? await freePort() : (opts.dbPort ?? 54322);

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
  };
  try {
    const superuserPassword = readOrCreateSecret(join(dataDir, 'supabase-admin-password'));
    const pg = await startPostgres({ dataDir, port: dbPort, ephemeral: opts.ephemeral, superuserPassword, log });
    stops.push(() => pg.stop());
    const postgres: ServiceSwitch = { stop: () => pg.stop(), start: () => pg.start() };

    const publicUrl = `http://127.0.0.1:${apiPort}`;
    const keys = await loadOrCreateKeys(join(dataDir, 'jwt-keys.json'), `${publicUrl}/auth/v1`);
    // `postgres` keeps the Supabase CLI's well-known local password (loopback only); the service
    // logins get their own secrets, like the hosted services.
    const passwords: RolePasswords = {
      postgres: POSTGRES_PASSWORD,
      authenticator: readOrCreateSecret(join(dataDir, 'authenticator-password')),
      supabase_auth_admin: readOrCreateSecret(join(dataDir, 'auth-admin-password')),
      supabase_storage_admin: readOrCreateSecret(join(dataDir, 'storage-admin-password')),
    };
    await bootstrap(pg.adminUrl, passwords);
    const dbUrl = pg.urlFor('postgres', passwords.postgres);
    // Migrations run as postgres, which is not a superuser: as `supabase db push` on hosted.
    await migrate(dbUrl);

    const pgrstOptions = {
      dbUri: pg.urlFor('authenticator', passwords.authenticator),
      port: await freePort(),
      adminPort: await freePort(),
      jwks: keys.jwks,
      log: (l: string) => log(`postgrest: ${l}`),
    };
    let pgrst: PostgrestHandle | null = await startPostgrest(pgrstOptions);
    const postgrest = {
      stop: async () => {
        await pgrst?.stop();
        pgrst = null;
      },
      start: async () => {
        pgrst ??= await startPostgrest(pgrstOptions);
      },
    };
    stops.push(() => postgrest.stop());

    // Each local service logs in as its hosted counterpart does: Auth as supabase_auth_admin (owner of
    // auth.*), Storage as supabase_storage_admin (owner of storage.*, switching to the caller's role).
    const authPool = createPool(pg.urlFor('supabase_auth_admin', passwords.supabase_auth_admin), 10);
    const storagePool = createPool(pg.urlFor('supabase_storage_admin', passwords.supabase_storage_admin), 10);
    stops.push(() => authPool.end(), () => storagePool.end());
    const appOrigins = opts.corsOrigins ?? defaultCorsOrigins();
    const ctx = { pool: authPool, keys, publicUrl, dataDir, log, appOrigins };
    const down = new Set<'auth' | 'storage'>();
    const inProcess = (name: 'auth' | 'storage'): ServiceSwitch => ({
      stop: async () => void down.add(name),
      start: async () => void down.delete(name),
    });
    const gateway = createGateway({
      ctx,
      postgrestUrl: pgrst.url,
      auth: createAuthService(ctx),
      storage: createStorageService({ ...ctx, pool: storagePool }),
      isDown: (service) => down.has(service),
      corsOrigins: appOrigins,
      accessLog: opts.accessLog,
    });
    await listen(gateway, apiPort);
    stops.push(() => closeServer(gateway));

    return {
      url: publicUrl,
      dbUrl,
      adminDbUrl: pg.adminUrl,
      publishableKey: keys.publishableKey,
      secretKey: keys.secretKey,
      anonKey: keys.anonKey,
      serviceRoleKey: keys.serviceRoleKey,
      keys,
      dataDir,
      postgrest,
      postgres,
      auth: inProcess('auth'),
      storage: inProcess('storage'),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function readOrCreateSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(24).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: is another stack running? (set SUPABASE_API_PORT)`) : e),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
