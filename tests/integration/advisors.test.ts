// Database advisors against the test stack: Supabase's splinter lints through the pinned Supabase CLI
// (`supabase db advisors --db-url`), the SQL lints that CLI version lacks, project lints and the
// schema guard. The migrated schema has no ERROR and no unaccepted WARN; every ERROR check is shown
// to fire on a canary. CLI canaries are committed in a scratch database (the CLI is another
// process); SQL canaries are rolled back.
import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_WARNINGS, assess, formatReport, fromSchemaGuard, runAdvisors, runCliAdvisors, runSqlAdvisors, type Advisory,
} from '../../supabase/checks/advisors.ts';
import { runSchemaGuard } from '../../supabase/checks/schema-guard.ts';
import tenantSchema from '../../eslint-rules/tenant-tables.json';
import { stackEnv } from '../helpers/clients.ts';
import { withDb } from '../helpers/db.ts';
import { withScratchDatabase } from '../helpers/scratch-db.ts';

const has = (list: Advisory[], name: string, object?: string) =>
  list.some((a) => a.name === name && (object === undefined || a.object === object));

/** SQL lints and schema guard with `canarySql` applied in a transaction that is rolled back. */
async function sqlFindingsWith(canarySql: string) {
  return withDb(async (db) => {
    await db.query('begin');
    try {
      await db.query(canarySql);
      return assess([...(await runSqlAdvisors(db)), ...fromSchemaGuard(await runSchemaGuard(db))]);
    } finally {
      await db.query('rollback');
    }
  });
}

describe('database advisors', () => {
  it('has the Supabase roles the lints assume', async () => {
    const roles = await withDb((db) => db.query<{ rolname: string }>(`select rolname from pg_roles where rolname in ('anon', 'authenticated', 'service_role')`));
    expect(roles.rows.map((r) => r.rolname).sort()).toEqual(['anon', 'authenticated', 'service_role']);
  });

  it('finds no ERROR and no unaccepted WARN on the migrated schema', async () => {
    const report = await withDb((db) => runAdvisors(db, stackEnv().dbUrl));
    expect(report.failures, `advisors failed:\n${formatReport({ ...report, advisories: report.failures })}`).toEqual([]);
    // The CLI really ran: splinter reports INFO-level findings on any real schema.
    expect(report.advisories.some((a) => a.source === 'supabase-cli')).toBe(true);
  });

  it('accepts exactly the documented WARNs, and their justifications hold', async () => {
    const report = await withDb((db) => runAdvisors(db, stackEnv().dbUrl));
    expect(report.accepted.map((a) => `${a.name} ${a.object}`).sort()).toEqual(ACCEPTED_WARNINGS.map((w) => `${w.name} ${w.object}`).sort());
    // Every accepted SECURITY DEFINER function pins its search_path and is not executable by anon.
    for (const w of ACCEPTED_WARNINGS) {
      const { rows } = await withDb((db) =>
        db.query<{ config: string[] | null; anon: boolean; definer: boolean }>(
          `select p.proconfig as config, has_function_privilege('anon', p.oid, 'EXECUTE') as anon, p.prosecdef as definer
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname || '.' || p.proname = $1`,
          [w.object],
        ),
      );
      expect(rows, w.object).toHaveLength(1);
      expect(rows[0], w.object).toMatchObject({ anon: false, definer: true });
      expect(rows[0].config, w.object).toContain('search_path=""');
    }
    const fn = await withDb((db) =>
      db.query<{ config: string[]; anon: boolean; volatility: string; nargs: number }>(
        `select p.proconfig as config, has_function_privilege('anon', p.oid, 'EXECUTE') as anon, p.provolatile as volatility, p.pronargs as nargs
         from pg_proc p where p.oid = 'public.auth_org_id()'::regprocedure`,
      ),
    );
    // enable_seqscan=off keeps the org lookup a primary-key probe (20261126002110, docs/performance.md).
    expect(fn.rows[0]).toEqual({ config: ['search_path=""', 'enable_seqscan=off'], anon: false, volatility: 's', nargs: 0 });
  });

  it('fails on any WARN that is not accepted, and on every ERROR', () => {
    const warn = (name: string, object: string): Advisory => ({ name, level: 'WARN', categories: ['SECURITY'], source: 'sql', object, detail: '' });
    const r = assess([
      warn('authenticated_security_definer_function_executable', 'public.auth_org_id'),
      warn('authenticated_security_definer_function_executable', 'public.other'),
      warn('anon_security_definer_function_executable', 'public.auth_org_id'),
      { ...warn('unused_index', 'public.x'), level: 'INFO' },
    ]);
    expect(r.failures.map((a) => `${a.level} ${a.name} ${a.object}`)).toEqual([
      'ERROR anon_security_definer_function_executable public.auth_org_id', // raised: project policy
      'WARN authenticated_security_definer_function_executable public.other',
    ]);
  });

  it('tenant-tables.json (the lint rule\'s list) matches the live migrated database', async () => {
    const live = await withDb(async (db) => ({
      tables: (
        await db.query<{ t: string }>(
          `select c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
           join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped
           where n.nspname = 'public' and c.relkind in ('r', 'p', 'v') order by 1`,
        )
      ).rows.map((r) => r.t),
      functions: (
        await db.query<{ f: string }>(
          `select distinct p.proname as f from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where n.nspname = 'public' and 'p_org_id' = any (p.proargnames) order by 1`,
        )
      ).rows.map((r) => r.f),
    }));
    expect(tenantSchema.tables).toEqual(live.tables);
    expect(tenantSchema.rpcFunctions).toEqual(live.functions);
  });
});

describe('advisors: each check fires on a canary', () => {
  it('splinter lints via the Supabase CLI (canaries committed in a scratch database)', async () => {
    const found = await withScratchDatabase(stackEnv(), async (db, dbUrl) => {
      await db.query(`
        -- ERROR
        create table public.canary_no_rls (id int primary key);
        create view public.canary_users as select id, email from auth.users;
        create table public.canary_policy_no_rls (id int primary key);
        create policy canary_p on public.canary_policy_no_rls for select to authenticated using (true);
        create table public.canary_um (id int primary key, org_id uuid);
        alter table public.canary_um enable row level security;
        create policy canary_um_select on public.canary_um for select to authenticated
          using (org_id = ((select auth.jwt()) -> 'user_metadata' ->> 'org_id')::uuid);
        create table public.canary_sensitive (id int primary key, password text);
        create table public.canary_fk (id int primary key, email text references auth.users (email));
        -- WARN
        create table public.canary_true (id int primary key);
        alter table public.canary_true enable row level security;
        create policy canary_true_update on public.canary_true for update to authenticated using (true) with check (true);
        create table public.canary_multi (id int primary key);
        alter table public.canary_multi enable row level security;
        create policy canary_m1 on public.canary_multi for select to authenticated using (true);
        create policy canary_m2 on public.canary_multi for select to authenticated using (true);
        create table public.canary_initplan (id int primary key, u uuid);
        alter table public.canary_initplan enable row level security;
        create policy canary_i on public.canary_initplan for select to authenticated using (u = auth.uid());
        create index canary_dup_1 on public.canary_initplan (u);
        create index canary_dup_2 on public.canary_initplan (u);
        create function public.canary_mutable() returns int language sql as 'select 1';
        -- INFO
        create table public.canary_no_pk (x int);
        alter table public.canary_no_pk enable row level security;
        -- Exposed to the API as a migration would do it: no default grants any more.
        grant select on public.canary_no_rls, public.canary_users, public.canary_policy_no_rls, public.canary_um,
          public.canary_sensitive, public.canary_fk, public.canary_true, public.canary_multi, public.canary_initplan,
          public.canary_no_pk to anon, authenticated;
        grant update on public.canary_true to authenticated;
      `);
      return runCliAdvisors(dbUrl);
    });
    const expected: [string, string, string][] = [
      ['ERROR', 'rls_disabled_in_public', 'public.canary_no_rls'],
      ['ERROR', 'auth_users_exposed', 'public.canary_users'],
      ['ERROR', 'security_definer_view', 'public.canary_users'],
      ['ERROR', 'policy_exists_rls_disabled', 'public.canary_policy_no_rls'],
      ['ERROR', 'rls_references_user_metadata', 'public.canary_um'],
      ['ERROR', 'sensitive_columns_exposed', 'public.canary_sensitive'],
      ['ERROR', 'fkey_to_auth_unique', 'public.canary_fk'],
      ['WARN', 'rls_policy_always_true', 'public.canary_true'],
      ['WARN', 'multiple_permissive_policies', 'public.canary_multi'],
      ['WARN', 'auth_rls_initplan', 'public.canary_initplan'],
      ['WARN', 'duplicate_index', 'public.canary_initplan'],
      ['WARN', 'function_search_path_mutable', 'public.canary_mutable'],
      ['INFO', 'no_primary_key', 'public.canary_no_pk'],
      ['INFO', 'rls_enabled_no_policy', 'public.canary_no_pk'],
    ];
    for (const [level, name, object] of expected) {
      expect(found, `${name} on ${object}`).toContainEqual(expect.objectContaining({ level, name, object }));
    }
    // Each of those fails a run; the migrated objects of the scratch database add nothing.
    const failing = assess(found).failures.filter((a) => !a.object.includes('canary'));
    expect(failing).toEqual([]);
  });

  it('a SECURITY DEFINER function executable by anon is an ERROR (project policy; upstream 0028 is WARN)', async () => {
    const r = await sqlFindingsWith(`
      create function public.canary_definer() returns int language sql security definer set search_path = '' as 'select 1';
      grant execute on function public.canary_definer() to anon, authenticated;`);
    expect(r.failures).toContainEqual(expect.objectContaining({ level: 'ERROR', name: 'anon_security_definer_function_executable', object: 'public.canary_definer' }));
    expect(r.failures).toContainEqual(expect.objectContaining({ level: 'WARN', name: 'authenticated_security_definer_function_executable', object: 'public.canary_definer' }));
  });

  it('a SECURITY DEFINER function without a pinned search_path is an ERROR', async () => {
    const r = await sqlFindingsWith(`
      create function public.canary_definer() returns int language sql security definer as 'select 1';
      revoke execute on function public.canary_definer() from public, anon, authenticated;`);
    expect(r.failures).toContainEqual(expect.objectContaining({ level: 'ERROR', name: 'security_definer_search_path_mutable', object: 'public.canary_definer' }));
    expect(has(r.failures, 'anon_security_definer_function_executable', 'public.canary_definer')).toBe(false);
  });

  it('auth_org_id() executable by anon is an ERROR', async () => {
    const r = await sqlFindingsWith(`grant execute on function public.auth_org_id() to anon;`);
    expect(r.failures).toContainEqual(expect.objectContaining({ level: 'ERROR', name: 'anon_security_definer_function_executable', object: 'public.auth_org_id' }));
  });

  it('a tenant-table policy that does not confine rows to the org is an ERROR (upstream 0024 skips SELECT)', async () => {
    const r = await sqlFindingsWith(`
      drop policy call_logs_select_member on public.call_logs;
      create policy call_logs_select_member on public.call_logs for select to authenticated using (true);
      drop policy leads_update_admin on public.leads;
      create policy leads_update_admin on public.leads for update to authenticated
        using (org_id = (select public.auth_org_id()) or (select public.auth_org_role()) = 'admin')
        with check (org_id = (select public.auth_org_id()));
      create policy canary_objects on storage.objects for select to authenticated using (bucket_id = 'call-recordings');`);
    const leaky = r.failures.filter((a) => a.name === 'policy_not_org_scoped').map((a) => `${a.object} ${a.detail.split(' ')[1]} ${a.detail.split(' ')[2]}`);
    expect(leaky).toEqual(['public.call_logs `call_logs_select_member` USING', 'public.leads `leads_update_admin` USING', 'storage.objects `canary_objects` USING']);
  });

  it('a public recordings bucket is an ERROR; with a broad SELECT policy also public_bucket_allows_listing', async () => {
    const r = await sqlFindingsWith(`
      update storage.buckets set public = true where id = 'call-recordings';
      create policy canary_listing on storage.objects for select to anon using (bucket_id = 'call-recordings');`);
    expect(r.failures).toContainEqual(expect.objectContaining({ level: 'ERROR', name: 'storage_bucket_public', object: 'storage.call-recordings' }));
    expect(r.failures).toContainEqual(expect.objectContaining({ level: 'WARN', name: 'public_bucket_allows_listing', object: 'storage.call-recordings' }));
  });

  it('schema guard findings are ERRORs of the advisors (user_metadata inside the function policies call)', async () => {
    const r = await sqlFindingsWith(`
      create or replace function public.auth_org_id() returns uuid language sql stable security definer set search_path = '' as $$
        select (auth.jwt() -> 'user_metadata' ->> 'org_id')::uuid
      $$;`);
    expect(r.failures).toContainEqual(
      expect.objectContaining({ level: 'ERROR', name: 'rls_references_user_metadata', source: 'schema-guard', detail: expect.stringContaining('auth_org_id') }),
    );
  });

  it('schema guard findings are ERRORs of the advisors (unwrapped, volatile policy functions; definer views)', async () => {
    const r = await sqlFindingsWith(`
      drop policy leads_select_member on public.leads;
      create policy leads_select_member on public.leads for select to authenticated using (org_id = public.auth_org_id());
      alter function public.auth_org_role() volatile;
      create view public.canary_view as select id, org_id from public.call_logs;`);
    for (const name of ['auth_rls_initplan', 'policy_function_volatile', 'security_definer_view']) {
      expect(r.failures, name).toContainEqual(expect.objectContaining({ level: 'ERROR', name, source: 'schema-guard' }));
    }
  });
});
