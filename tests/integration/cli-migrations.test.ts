// The migrations apply unchanged through the pinned Supabase CLI (`supabase db push --db-url`), as
// the non-superuser `postgres` role, into a database shaped like a new hosted project (bootstrap
// only: no default grants, hosted default extensions only). Then the whole RLS matrix runs there.
// Canaries show the check bites: a migration that needs a superuser, one that uses an extension it
// did not create, and a schema that leans on default grants all fail here.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, MIGRATIONS_DIR } from '../../supabase/local/migrate.ts';
import { stackEnv } from '../helpers/clients.ts';
import { asRole, userClaims } from '../helpers/db.ts';
import { defineRlsMatrix } from '../helpers/rls-matrix.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/scratch-db.ts';
import { cliDbPush } from '../helpers/supabase-cli.ts';

let hosted: ScratchDatabase;
let pushed: { ok: boolean; output: string };

beforeAll(async () => {
  hosted = await createScratchDatabase(stackEnv(), { migrations: false });
  pushed = await cliDbPush(hosted.dbUrl);
}, 180_000);
afterAll(async () => {
  await hosted?.drop();
});

describe('supabase db push into a hosted-shaped database, as postgres', () => {
  it('applies every migration and records it', async () => {
    expect(pushed.output).not.toMatch(/error/i);
    expect(pushed.ok).toBe(true);
    const db = new pg.Client({ connectionString: hosted.dbUrl });
    await db.connect();
    try {
      const me = (await db.query('select rolsuper from pg_roles where rolname = current_user')).rows[0];
      expect(me.rolsuper).toBe(false);
      const versions = (await db.query('select version from supabase_migrations.schema_migrations order by version')).rows.map((r) => r.version);
      expect(versions).toEqual(listMigrations().map((m) => m.version));
    } finally {
      await db.end();
    }
  });
});

describe('RLS matrix on the CLI-migrated database', () => {
  defineRlsMatrix(() => hosted.dbUrl);
});

describe('the check bites', () => {
  /** A copy of the migrations with `edit` applied, pushed into a fresh hosted-shaped database. */
  async function pushVariant(edit: (dir: string) => void, after?: (dbUrl: string) => Promise<void>) {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-variant-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    edit(dir);
    const db = await createScratchDatabase(stackEnv(), { migrations: false });
    try {
      const run = await cliDbPush(db.dbUrl, dir);
      if (after) await after(db.dbUrl);
      return run;
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const file = (dir: string, nameEnd: string) => listMigrations(dir).find((m) => m.file.endsWith(nameEnd))!.file;

  it('a migration that needs a superuser fails', async () => {
    const run = await pushVariant((dir) =>
      writeFileSync(join(dir, '29991231000000_needs_superuser.sql'), 'create extension if not exists file_fdw with schema extensions;\n'),
    );
    expect(run.ok).toBe(false);
    expect(run.output).toMatch(/permission denied|must be superuser|SQLSTATE 42501/i);
  }, 120_000);

  it('a migration using an extension it did not create fails', async () => {
    const run = await pushVariant((dir) => {
      const f = file(dir, '_tenant_tables.sql');
      writeFileSync(f, readFileSync(f, 'utf8').replace(/create extension if not exists pg_trgm with schema extensions;/, ''));
    });
    expect(run.ok).toBe(false);
    expect(run.output).toMatch(/gin_trgm_ops/);
  }, 120_000);

  it('without the explicit grants, signed-in users and the service role are refused (no default grant saves them)', async () => {
    let refused: (string | undefined)[] = [];
    const run = await pushVariant(
      (dir) => rmSync(file(dir, '_explicit_api_grants.sql')),
      async (dbUrl) => {
        const db = new pg.Client({ connectionString: dbUrl });
        await db.connect();
        try {
          refused = [
            (await asRole(db, 'authenticated', userClaims({ orgId: '00000000-0000-4000-8000-000000000000', role: 'admin' }), 'select id from public.call_logs')).error,
            (await asRole(db, 'service_role', { role: 'service_role' }, 'select id from public.organizations')).error,
          ];
        } finally {
          await db.end();
        }
      },
    );
    expect(run.ok).toBe(true);
    expect(refused).toEqual(['42501', '42501']);
  }, 120_000);
});
