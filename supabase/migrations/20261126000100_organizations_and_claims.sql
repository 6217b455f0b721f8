-- Organizations (tenants) and the two claim helpers every policy uses.
-- org_id and org_role come only from the verified JWT's app_metadata, which only the service role
-- can write. user_metadata is user-editable (auth.updateUser) and is never read here.

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  status text not null default 'active' check (status in ('active', 'suspended')),
  created_at timestamptz not null default now()
);

-- The caller's org, or null when the token names none, names a malformed id, or names an org that is
-- not active (a suspended org's users see nothing). SECURITY DEFINER only so the status lookup does
-- not recurse through the organizations policy; search_path is pinned and anon cannot execute it.
create function public.auth_org_id() returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select o.id
  from public.organizations o
  where o.status = 'active'
    and o.id = (
      select case
        when (auth.jwt() -> 'app_metadata' ->> 'org_id') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        then (auth.jwt() -> 'app_metadata' ->> 'org_id')::uuid
      end
    )
$$;

-- The caller's role in its org ('admin' | 'staff'), or null.
create function public.auth_org_role() returns text
language sql
stable
set search_path = ''
as $$
  select case
    when (auth.jwt() -> 'app_metadata' ->> 'org_role') in ('admin', 'staff')
    then auth.jwt() -> 'app_metadata' ->> 'org_role'
  end
$$;

revoke execute on function public.auth_org_id() from public, anon;
revoke execute on function public.auth_org_role() from public, anon;
grant execute on function public.auth_org_id() to authenticated, service_role;
grant execute on function public.auth_org_role() to authenticated, service_role;

alter table public.organizations enable row level security;
alter table public.organizations force row level security;
revoke all on public.organizations from anon;

create policy organizations_select_member on public.organizations
  for select to authenticated
  using (id = (select public.auth_org_id()));
-- Organizations are created and changed by the service role only.
create policy organizations_insert_nobody on public.organizations
  for insert to authenticated with check (false);
create policy organizations_update_nobody on public.organizations
  for update to authenticated using (false) with check (false);
create policy organizations_delete_nobody on public.organizations
  for delete to authenticated using (false);
