// A throwaway database on the test stack's Postgres server, shaped like a new hosted project: the
// local bootstrap applied by the superuser, then (unless `migrations: false`) every migration applied
// as `postgres`. For checks that run in another process (the Supabase CLI) and so cannot see a
// rolled-back transaction: canaries are committed here, never in the database the other tests use.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, PROJECT_ROOT } from '../../supabase/local/migrate.ts';

export interface ScratchServer {
  /** The cluster superuser (creates the database and runs the bootstrap). */
  adminDbUrl: string;
  /** `postgres` on the same server (the migration role). */
  dbUrl: string;
}

const onDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

export interface ScratchDatabase {
  /** `postgres` on the new database. */
  dbUrl: string;
  drop(): Promise<void>;
}

/** A new database with the bootstrap applied, and the migrations unless `migrations: false`. */
export async function createScratchDatabase(server: ScratchServer, opts: { migrations?: boolean } = {}): Promise<ScratchDatabase> {
  const name = `scratch_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: server.adminDbUrl });
  await admin.connect();
  const drop = async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    // From template0: copying template1 fails while any other session is connected to it, and
    // several suites create scratch databases at once.
    await admin.query(`create database ${name} template template0`);
    // Roles are cluster-wide and already exist; the bootstrap adds this database's schemas and grants.
    const boot = new pg.Client({ connectionString: onDatabase(server.adminDbUrl, name) });
    await boot.connect();
    try {
      await boot.query(readFileSync(join(PROJECT_ROOT, 'supabase', 'local', 'bootstrap.sql'), 'utf8'));
    } finally {
      await boot.end();
    }
    const dbUrl = onDatabase(server.dbUrl, name);
    if (opts.migrations !== false) await migrate(dbUrl);
    return { dbUrl, drop };
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
}

export async function withScratchDatabase<T>(
  server: ScratchServer,
  fn: (db: pg.Client, dbUrl: string) => Promise<T>,
  opts: { migrations?: boolean } = {},
): Promise<T> {
  const scratch = await createScratchDatabase(server, opts);
  const db = new pg.Client({ connectionString: scratch.dbUrl });
  try {
    await db.connect();
    return await fn(db, scratch.dbUrl);
  } finally {
    await db.end().catch(() => {});
    await scratch.drop();
  }
}
