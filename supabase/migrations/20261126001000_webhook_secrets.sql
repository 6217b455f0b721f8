-- Per-org signing secrets for the voice provider's webhooks (Standard Webhooks: "whsec_" + base64).
-- HMAC verification needs the secret itself, so it is stored as is; nothing in the API can reach it:
-- no privileges for anon/authenticated and RLS forced with nobody-policies. Only the service role
-- (the webhook route) reads it. The org of a webhook is the owner of the secret that verifies it.
-- Rotation: insert the new secret and give the old one an expires_at; at most two are valid at once.

create table public.webhook_secrets (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  secret text not null check (secret ~ '^whsec_[A-Za-z0-9+/]{32,}={0,2}$'),
  valid_from timestamptz not null default now(),
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  check (expires_at is null or expires_at > valid_from)
);
create index webhook_secrets_org_valid_idx on public.webhook_secrets (org_id, valid_from desc);

-- At no instant may more than two of an org's secrets be valid: the maximum overlap is reached at
-- some secret's valid_from, so counting the secrets covering each start point is enough.
create function public.webhook_secrets_check_overlap() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_max integer;
begin
  -- Serialize writers per org so two concurrent inserts cannot both pass the count.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('webhook_secrets:' || new.org_id::text, 0));
  select max(n) into v_max
  from (
    select (
      select count(*)
      from public.webhook_secrets s
      where s.org_id = new.org_id
        and s.valid_from <= p.valid_from
        and (s.expires_at is null or s.expires_at > p.valid_from)
    ) as n
    from public.webhook_secrets p
    where p.org_id = new.org_id
  ) x;
  if v_max > 2 then
    raise exception 'an organization may have at most two valid webhook secrets at once'
      using errcode = '23514';
  end if;
  return null;
end
$$;
revoke execute on function public.webhook_secrets_check_overlap() from public, anon, authenticated;

create trigger webhook_secrets_check_overlap
  after insert or update of org_id, valid_from, expires_at on public.webhook_secrets
  for each row execute function public.webhook_secrets_check_overlap();

alter table public.webhook_secrets enable row level security;
alter table public.webhook_secrets force row level security;
revoke all on public.webhook_secrets from anon, authenticated;

create policy webhook_secrets_select_nobody on public.webhook_secrets for select to authenticated
  using (false);
create policy webhook_secrets_insert_nobody on public.webhook_secrets for insert to authenticated
  with check (false);
create policy webhook_secrets_update_nobody on public.webhook_secrets for update to authenticated
  using (false) with check (false);
create policy webhook_secrets_delete_nobody on public.webhook_secrets for delete to authenticated
  using (false);
