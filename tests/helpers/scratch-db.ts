// A throwaway database on the test stack's Postgres server, with the local bootstrap and every
// migration applied. For checks that run in another process (the Supabase CLI) and so cannot see a
// rolled-back transaction: canaries are committed here, never in the database the other tests use.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, PROJECT_ROOT } from '../../supabase/local/migrate.ts';

export async function withScratchDatabase<T>(serverUrl: string, fn: (db: pg.Client, dbUrl: string) => Promise<T>): Promise<T> {
  const name = `scratch_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const db = new pg.Client({ connectionString: dbUrl });
  try {
    await db.connect();
    // Roles are cluster-wide and already exist; the bootstrap only adds this database's schemas.
    await db.query(readFileSync(join(PROJECT_ROOT, 'supabase', 'local', 'bootstrap.sql'), 'utf8'));
    await migrate(dbUrl);
    return await fn(db, dbUrl);
  } finally {
    await db.end().catch(() => {});
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
