// The local database is shaped like a new hosted Supabase project, and no looser: roles and their
// attributes, no default privileges for the API roles in public, the hosted default extensions only,
// per-role statement timeouts, platform schemas owned by their services, and a postgres role that
// can create policies on storage.objects but cannot alter or drop the platform's tables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPool, withClaims } from '../../supabase/local/db.ts';
import { listMigrations } from '../../supabase/local/migrate.ts';
import { stackEnv } from '../helpers/clients.ts';
import { withDb } from '../helpers/db.ts';
import { withScratchDatabase } from '../helpers/scratch-db.ts';

const HOSTED_DEFAULT_EXTENSIONS = ['pg_stat_statements', 'pgcrypto', 'plpgsql', 'uuid-ossp'];

describe('roles', () => {
  it('migrations and tests log in as postgres, which is not a superuser', async () => {
    const me = await withDb(async (db) => (await db.query('select current_user as u, rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = current_user')).rows[0]);
    expect(me).toEqual({ u: 'postgres', rolsuper: false, rolbypassrls: true, rolcreaterole: true });
  });

  it('have the hosted attributes and memberships', async () => {
    const roles = await withDb(async (db) =>
      (await db.query(`
        select r.rolname, r.rolsuper, r.rolcanlogin, r.rolinherit, r.rolbypassrls,
               coalesce((select array_agg(g.rolname::text order by g.rolname) from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid), '{}') as member_of
          from pg_roles r
         where r.rolname in ('supabase_admin', 'postgres', 'anon', 'authenticated', 'service_role', 'authenticator', 'supabase_auth_admin', 'supabase_storage_admin')
         order by r.rolname`)).rows,
    );
    const by = Object.fromEntries(roles.map((r) => [r.rolname, r]));
    expect(by.supabase_admin).toMatchObject({ rolsuper: true });
    expect(by.postgres).toMatchObject({ rolsuper: false, rolcanlogin: true });
    for (const api of ['anon', 'authenticated']) expect(by[api]).toMatchObject({ rolsuper: false, rolcanlogin: false, rolinherit: false, rolbypassrls: false, member_of: [] });
    expect(by.service_role).toMatchObject({ rolsuper: false, rolcanlogin: false, rolinherit: false, rolbypassrls: true, member_of: [] });
    expect(by.authenticator).toMatchObject({ rolsuper: false, rolcanlogin: true, rolinherit: false, member_of: ['anon', 'authenticated', 'service_role'] });
    for (const svc of ['supabase_auth_admin', 'supabase_storage_admin']) expect(by[svc]).toMatchObject({ rolsuper: false, rolcanlogin: true });
    // postgres: the API roles (hosted grants them with admin option), authenticator only to configure
    // it (admin, no set, no inherit), and the storage owner for storage policies; never the Auth owner.
    expect(by.postgres.member_of).toEqual(['anon', 'authenticated', 'authenticator', 'service_role', 'supabase_storage_admin']);
    const asPostgres = await withDb(async (db) =>
      (await db.query(`select pg_has_role('postgres', 'authenticator', 'SET') as set_auth, pg_has_role('postgres', 'authenticator', 'USAGE') as use_auth,
                              pg_has_role('postgres', 'supabase_auth_admin', 'MEMBER') as auth_admin`)).rows[0],
    );
    expect(asPostgres).toEqual({ set_auth: false, use_auth: false, auth_admin: false });
  });

  it('carry the hosted statement timeouts (anon 3 s, authenticated and authenticator 8 s)', async () => {
    const settings = await withDb(async (db) =>
      Object.fromEntries(
        (await db.query(`
          select r.rolname, c as setting from pg_db_role_setting s join pg_roles r on r.oid = s.setrole, unnest(s.setconfig) c
           where s.setdatabase = 0 and c like 'statement_timeout=%'`)).rows.map((r) => [r.rolname, r.setting]),
      ),
    );
    expect(settings).toMatchObject({ anon: 'statement_timeout=3s', authenticated: 'statement_timeout=8s', authenticator: 'statement_timeout=8s' });
  });

  it('PostgREST\'s login gets its timeout, and requests run as the caller get the role\'s', async () => {
    const password = readFileSync(join(stackEnv().dataDir, 'authenticator-password'), 'utf8').trim();
    const url = new URL(stackEnv().dbUrl);
    url.username = 'authenticator';
    url.password = password;
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      expect((await db.query('show statement_timeout')).rows[0].statement_timeout).toBe('8s');
    } finally {
      await db.end();
    }
    // The local Storage server's path (as PostgREST does for an impersonated role).
    const pool = createPool(stackEnv().dbUrl, 1);
    try {
      const show = (role: 'anon' | 'authenticated') => withClaims(pool, role, { role }, async (c) => (await c.query('show statement_timeout')).rows[0].statement_timeout);
      expect(await show('anon')).toBe('3s');
      expect(await show('authenticated')).toBe('8s');
      await expect(withClaims(pool, 'anon', { role: 'anon' }, (c) => c.query('select pg_sleep(3.5)'))).rejects.toMatchObject({ code: '57014' });
    } finally {
      await pool.end();
    }
  });
});

describe('default privileges', () => {
  it('grant the API roles nothing in public (or anywhere the project creates objects)', async () => {
    const rows = await withDb(async (db) =>
      (await db.query(`
        select n.nspname, d.defaclobjtype, a.privilege_type, coalesce(r.rolname, 'public') as grantee
          from pg_default_acl d
          left join pg_namespace n on n.oid = d.defaclnamespace
          cross join lateral aclexplode(d.defaclacl) a
          left join pg_roles r on r.oid = a.grantee
         where (n.nspname = 'public' or d.defaclnamespace = 0)
           and (a.grantee = 0 or r.rolname in ('anon', 'authenticated', 'service_role'))`)).rows,
    );
    expect(rows).toEqual([]);
  });
});

describe('extensions', () => {
  it('are the hosted defaults plus those a migration creates, all in schema extensions', async () => {
    const installed = await withDb(async (db) =>
      (await db.query(`select e.extname, n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace order by 1`)).rows,
    );
    const created = new Set(
      listMigrations().flatMap((m) =>
        [...readFileSync(m.file, 'utf8').matchAll(/create extension if not exists "?([\w-]+)"? with schema extensions/gi)].map((x) => x[1]),
      ),
    );
    expect(created).toContain('pg_trgm');
    for (const e of installed) {
      if (e.extname === 'plpgsql') continue;
      expect(e.nspname, e.extname).toBe('extensions');
      expect(HOSTED_DEFAULT_EXTENSIONS.includes(e.extname) || created.has(e.extname), `${e.extname} is neither a hosted default nor created by a migration`).toBe(true);
    }
  });
});

describe('platform schemas', () => {
  it('auth tables belong to supabase_auth_admin, storage tables to supabase_storage_admin, public tables to postgres', async () => {
    const owners = await withDb(async (db) =>
      (await db.query(`
        select n.nspname, array_agg(distinct pg_get_userbyid(c.relowner)::text) as owners
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname in ('auth', 'storage', 'public') and c.relkind in ('r', 'p')
         group by n.nspname order by n.nspname`)).rows,
    );
    expect(owners).toEqual([
      { nspname: 'auth', owners: ['supabase_auth_admin'] },
      { nspname: 'public', owners: ['postgres'] },
      { nspname: 'storage', owners: ['supabase_storage_admin'] },
    ]);
  });

  it('postgres may add a storage policy (as on hosted) but not alter, drop or extend storage and auth', async () => {
    // In a database of its own: these statements take exclusive locks that other suites' Storage
    // traffic would contend with.
    const outcomes = await withScratchDatabase(
      stackEnv(),
      async (db) => {
        const attempt = async (sql: string) => {
          await db.query('begin');
          try {
            await db.query(sql);
            return 'ok';
          } catch (e) {
            return (e as { code?: string }).code;
          } finally {
            await db.query('rollback');
          }
        };
        return {
          policy: await attempt(`create policy canary on storage.objects for select to authenticated using (false)`),
          disableRls: await attempt('alter table storage.objects disable row level security'),
          alterAuth: await attempt('alter table auth.users add column canary text'),
          createInStorage: await attempt('create table storage.canary (id int)'),
          dropStorage: await attempt('drop table storage.buckets cascade'),
          untrustedExtension: await attempt('create extension if not exists file_fdw with schema extensions'),
        };
      },
      { migrations: false },
    );
    expect(outcomes).toEqual({
      policy: 'ok',
      disableRls: '42501',
      alterAuth: '42501',
      createInStorage: '42501',
      dropStorage: '42501',
      untrustedExtension: '42501',
    });
  });
});
