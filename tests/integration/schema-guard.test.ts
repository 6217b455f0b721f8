// The schema guard passes on the migrated schema, and fails on each kind of mistake it exists for:
// every canary is created inside a transaction that is rolled back.
import { describe, expect, it } from 'vitest';
import { runSchemaGuard } from '../../supabase/checks/schema-guard.ts';
import { withDb } from '../helpers/db.ts';

async function findingsWith(canarySql: string) {
  return withDb(async (db) => {
    await db.query('begin');
    try {
      await db.query(canarySql);
      return await runSchemaGuard(db);
    } finally {
      await db.query('rollback');
    }
  });
}

describe('schema guard', () => {
  it('passes on the migrated schema', async () => {
    expect(await withDb((db) => runSchemaGuard(db))).toEqual([]);
  });

  it('fails on a public table without RLS', async () => {
    const f = await findingsWith('create table public.canary_no_rls (id int primary key)');
    expect(f).toContainEqual(expect.objectContaining({ rule: 'rls_disabled', object: 'public.canary_no_rls' }));
  });

  it('fails on RLS enabled but not forced', async () => {
    const f = await findingsWith('create table public.canary_unforced (id int primary key); alter table public.canary_unforced enable row level security;');
    expect(f).toContainEqual(expect.objectContaining({ rule: 'rls_not_forced' }));
  });

  it('fails on an org table without policies or an org_id index', async () => {
    const f = await findingsWith(`
      create table public.canary_tenant (id int primary key, org_id uuid not null references public.organizations (id));
      alter table public.canary_tenant enable row level security;
      alter table public.canary_tenant force row level security;`);
    expect(f).toContainEqual(expect.objectContaining({ rule: 'org_id_unindexed', object: 'public.canary_tenant' }));
    expect(f.filter((x) => x.rule === 'policy_missing' && x.object === 'public.canary_tenant')).toHaveLength(4);
  });

  it('fails on a nullable org_id', async () => {
    const f = await findingsWith('alter table public.leads alter column org_id drop not null');
    expect(f).toContainEqual(expect.objectContaining({ rule: 'org_id_nullable', object: 'public.leads' }));
  });

  it('fails when a policy reads user_metadata', async () => {
    const f = await findingsWith(`
      drop policy leads_select_member on public.leads;
      create policy leads_select_member on public.leads for select to authenticated
        using (org_id = ((select auth.jwt()) -> 'user_metadata' ->> 'org_id')::uuid);`);
    expect(f).toContainEqual(expect.objectContaining({ rule: 'rls_references_user_metadata' }));
  });

  it('fails when a function a policy calls reads user_metadata (lint 0015 cannot see this)', async () => {
    const f = await findingsWith(`
      create or replace function public.auth_org_id() returns uuid language sql stable security definer set search_path = '' as $$
        select (auth.jwt() -> 'user_metadata' ->> 'org_id')::uuid
      $$;`);
    expect(f).toContainEqual(
      expect.objectContaining({ rule: 'rls_references_user_metadata', detail: expect.stringContaining('auth_org_id') }),
    );
  });

  it('fails when the claim function is not wrapped in (select ...)', async () => {
    const f = await findingsWith(`
      drop policy campaigns_select_member on public.campaigns;
      create policy campaigns_select_member on public.campaigns for select to authenticated using (org_id = public.auth_org_id());`);
    expect(f).toContainEqual(expect.objectContaining({ rule: 'auth_rls_initplan', object: expect.stringContaining('campaigns') }));
  });

  it('fails when a policy function is VOLATILE', async () => {
    const f = await findingsWith(`alter function public.auth_org_role() volatile`);
    expect(f).toContainEqual(expect.objectContaining({ rule: 'policy_function_volatile' }));
  });

  it('fails on a policy for public or anon, or FOR ALL', async () => {
    const f = await findingsWith(`
      create policy leads_all_public on public.leads for all using (org_id = (select public.auth_org_id()));`);
    expect(f).toContainEqual(expect.objectContaining({ rule: 'policy_for_all' }));
    expect(f).toContainEqual(expect.objectContaining({ rule: 'policy_role' }));
  });

  it('fails on a view without security_invoker', async () => {
    const f = await findingsWith('create view public.canary_view as select id, org_id from public.call_logs');
    expect(f).toContainEqual(expect.objectContaining({ rule: 'security_definer_view', object: 'public.canary_view' }));
  });
});
