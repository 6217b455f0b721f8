-- Closes the repeated-Prefer gap of the request gate (20261130000200_request_gate.sql): a signed-in
-- user's GET/HEAD may carry no Prefer header at all, so no count preference can hide in an earlier
-- header than the one request.headers shows. Same function otherwise; grants are kept by
-- `create or replace`.

create or replace function public.request_gate_authenticated() returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_claims jsonb := auth.jwt();
  v_session text := v_claims ->> 'session_id';
  v_sub text := v_claims ->> 'sub';
  v_token_meta jsonb := coalesce(v_claims -> 'app_metadata', '{}'::jsonb);
  v_user_meta jsonb;
  v_org_id text;
  v_org record;
  v_prefer text := lower(coalesce(current_setting('request.headers', true)::jsonb ->> 'prefer', ''));
begin
  -- The session must still exist (sign-out deletes it), for this user, and the user be usable.
  if v_session is null or not pg_input_is_valid(v_session, 'uuid') or v_sub is null or not pg_input_is_valid(v_sub, 'uuid') then
    raise sqlstate 'PT401' using message = 'session_ended', detail = 'The token names no session.';
  end if;
  select u.raw_app_meta_data into v_user_meta
  from auth.sessions s
  join auth.users u on u.id = s.user_id
  where s.id = v_session::uuid
    and s.user_id = v_sub::uuid
    and (s.not_after is null or s.not_after > now())
    and u.deleted_at is null
    and (u.banned_until is null or u.banned_until <= now());
  if not found then
    raise sqlstate 'PT401' using message = 'session_ended', detail = 'The session was signed out or has ended.';
  end if;

  -- The org and role the token carries must still be the user's.
  if (v_token_meta ->> 'org_id') is distinct from (v_user_meta ->> 'org_id')
     or (v_token_meta ->> 'org_role') is distinct from (v_user_meta ->> 'org_role') then
    raise sqlstate 'PT401' using message = 'access_changed', detail = 'Your organization or role changed; refresh the session.';
  end if;

  v_org_id := v_token_meta ->> 'org_id';
  if v_org_id is not null then
    if not pg_input_is_valid(v_org_id, 'uuid') then
      raise sqlstate 'PT403' using message = 'no_organization', detail = 'The token names no valid organization.';
    end if;
    select o.name, o.status into v_org from public.organizations o where o.id = v_org_id::uuid;
    if not found then
      raise sqlstate 'PT403' using message = 'no_organization', detail = 'The organization no longer exists.';
    end if;
    if v_org.status <> 'active' then
      raise sqlstate 'PT403' using message = 'organization_suspended', detail = v_org.name;
    end if;
  end if;

  if v_prefer ~ 'count\s*=\s*(planned|estimated)' then
    raise sqlstate 'PT400' using message = 'count_not_allowed',
      detail = 'Planned and estimated counts are not available to users.';
  end if;

  -- A read carries no Prefer header at all. PostgREST takes the first count preference of all
  -- Prefer headers, while request.headers keeps only the last: behind a gateway that passes a
  -- repeated header on unmerged (the local gateway does, like a plain reverse proxy), `Prefer: count=planned` followed by any
  -- harmless Prefer would pass the check above. Whatever the last header says, its presence shows.
  -- (Users hold no write grants on tables; their POSTs are RPCs, whose planned count is the
  -- function's fixed row estimate: tests/integration/request-gate.test.ts checks that no function
  -- users may call is inlinable SQL.)
  if current_setting('request.method', true) in ('GET', 'HEAD')
     and coalesce(current_setting('request.headers', true), '{}')::jsonb ? 'prefer' then
    raise sqlstate 'PT400' using message = 'prefer_not_allowed',
      detail = 'Reads by users take no Prefer header: totals come from the app''s list route.';
  end if;
end
$$;
