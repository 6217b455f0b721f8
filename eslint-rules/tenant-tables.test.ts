// The lint rule's tenant-table list is generated from the migrations. This fails when a migration
// adds (or drops) a table with org_id, or an org-scoped function, and nobody regenerated the list.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTenantSchema, TENANT_TABLES_FILE, tenantSchemaFromMigrations, tenantSchemaFromSql } from './tenant-schema.ts';

describe('eslint-rules/tenant-tables.json', () => {
  it('matches the migrations (run `npm run gen:tenant-tables` if this fails)', () => {
    const committed = readFileSync(TENANT_TABLES_FILE, 'utf8');
    expect(committed, 'eslint-rules/tenant-tables.json is stale: run `npm run gen:tenant-tables`').toBe(
      renderTenantSchema(tenantSchemaFromMigrations()),
    );
  });

  it('covers the known tenant tables', () => {
    const { tables } = tenantSchemaFromMigrations();
    for (const t of ['call_logs', 'leads', 'campaigns', 'knowledge_base', 'recording_upload_queue', 'failed_recording_uploads', 'security_audit_log', 'access_log']) {
      expect(tables).toContain(t);
    }
    expect(tables).not.toContain('organizations');
  });
});

describe('tenantSchemaFromSql', () => {
  const gen = (...sql: string[]) => tenantSchemaFromSql(sql.map((s, i) => ({ name: `${String(i).padStart(3, '0')}.sql`, sql: s })));

  it('finds tables with an org_id column, qualified or not, in file order', () => {
    const s = gen(
      `-- header mentioning create table public.fake (org_id uuid);
       create table public.a (id uuid primary key, org_id uuid not null references public.organizations (id), note text check (note <> ';'));
       create table if not exists b ("org_id" uuid, x int);
       create table public.c (id int, organization uuid);
       create table private.d (org_id uuid);
       create table public.e (id int, unique (org_id, id));`,
      `alter table public.c add column org_id uuid not null;`,
      `alter table public.a rename to a2; drop table if exists public.b cascade;`,
    );
    expect(s.tables).toEqual(['a2', 'c']);
  });

  it('follows column drops and renames', () => {
    const s = gen(
      `create table public.x (org_id uuid, id int); create table public.y (tenant uuid); create table public.z (org_id uuid);`,
      `alter table public.x drop column org_id; alter table only public.y rename column tenant to org_id;
       alter table public.z add column note text, drop column if exists org_id;`,
    );
    expect(s.tables).toEqual(['y']);
  });

  it('ignores DDL inside function bodies and DO blocks', () => {
    const s = gen(`do $$ begin execute 'create table public.q (org_id uuid)'; end $$;
      create function public.f() returns void language plpgsql as $body$ begin create table public.r (org_id uuid); end $body$;`);
    expect(s.tables).toEqual([]);
  });

  it('lists public functions with a p_org_id parameter', () => {
    const s = gen(
      `create function public.claim(p_org_id uuid, p_limit integer) returns void language sql as $$ select 1 $$;
       create or replace function helper(p_org_id_hint text) returns void language sql as $$ select 1 $$;
       create function public.gone(p_org_id uuid) returns void language sql as $$ select 1 $$;
       create function private.hidden(p_org_id uuid) returns void language sql as $$ select 1 $$;`,
      `drop function if exists public.gone(uuid);`,
    );
    expect(s.rpcFunctions).toEqual(['claim']);
  });
});
