// Applies the local bootstrap (roles and schemas hosted Supabase provides) as the superuser, and then
// every file of supabase/migrations in name order as `postgres` (not a superuser, as on hosted), each
// in its own transaction, recorded like the Supabase CLI records them. Applying twice is a no-op.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'supabase', 'migrations');
const BOOTSTRAP = join(import.meta.dirname, 'bootstrap.sql');

export interface MigrationResult {
  applied: string[];
  skipped: string[];
}

export function listMigrations(dir = MIGRATIONS_DIR): { version: string; name: string; file: string }[] {
  return readdirSync(dir)
    .filter((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.slice(0, 14), name: f.slice(15, -4), file: join(dir, f) }));
}

/** Login passwords of the roles the stack connects as (the superuser's is set when the cluster is made). */
export interface RolePasswords {
  postgres: string;
  authenticator: string;
  supabase_auth_admin: string;
  supabase_storage_admin: string;
}

export async function bootstrap(adminUrl: string, passwords: RolePasswords): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // Serialize concurrent starts against one database.
    await client.query('select pg_advisory_lock(4242)');
    await client.query(readFileSync(BOOTSTRAP, 'utf8'));
    for (const [role, password] of Object.entries(passwords)) {
      await client.query(`alter role ${role} with login password '${password.replace(/'/g, "''")}'`);
    }
  } finally {
    await client.query('select pg_advisory_unlock(4242)').catch(() => {});
    await client.end();
  }
}

export async function migrate(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const result: MigrationResult = { applied: [], skipped: [] };
  try {
    await client.query('select pg_advisory_lock(4243)');
    // The history table, as the Supabase CLI creates it on first push (as the migration role).
    await client.query(`create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (version text primary key, statements text[], name text)`);
    const done = new Set(
      (await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const m of listMigrations(dir)) {
      if (done.has(m.version)) {
        result.skipped.push(m.version);
        continue;
      }
      const sql = readFileSync(m.file, 'utf8');
      for (let attempt = 1; ; attempt++) {
        try {
          await client.query('begin');
          await client.query(sql);
          await client.query(
            'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
            [m.version, m.name, [sql]],
          );
          await client.query('commit');
          break;
        } catch (error) {
          await client.query('rollback');
          // Role settings (`alter role … set`) are cluster-wide rows: two databases of one cluster
          // migrated at once (the tests' scratch databases) can collide on them. The transaction
          // was rolled back whole, so running it again is safe.
          if (attempt < 5 && (error as Error).message === 'tuple concurrently updated') {
            await new Promise((r) => setTimeout(r, 100 * attempt));
            continue;
          }
          throw new Error(`migration ${m.version}_${m.name} failed: ${(error as Error).message}`);
        }
      }
      result.applied.push(m.version);
    }
    // Tell a running PostgREST to reload its schema cache.
    await client.query(`notify pgrst, 'reload schema'`);
  } finally {
    await client.query('select pg_advisory_unlock(4243)').catch(() => {});
    await client.end();
  }
  return result;
}
