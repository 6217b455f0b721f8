-- One gate in the database for every Data API request of a signed-in user: PostgREST runs
-- public.request_gate() before each request (db-pre-request), in the request's own transaction, so
-- the check costs a few index probes, not a round trip. It refuses, with a status PostgREST passes
-- on and a message our routes map to their error codes:
--   401 session_ended   the token's session was signed out (or its user deleted or banned)
--   401 access_changed  the user's org or role in app_metadata is no longer what the token says
--                       (removed, moved or demoted): refresh the session
--   403 organization_suspended / no_organization   the token's org is suspended or gone
--   400 count_not_allowed  count=planned / count=estimated: planner statistics span every org, so
--                       an estimate filtered on another org's id or values would reveal its size
-- anon and service_role requests pass through (anon holds no privileges; the service role is ours).
-- RLS still keys every row on the token's claims; the gate makes sure those claims are current.

-- What PostgREST calls for every request, as the request's role: cheap and privilege-free for anon
-- and the service role; a signed-in user's request goes on to the checks, which read auth.* and so
-- run as the owner (and are executable by authenticated only).
create function public.request_gate() returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if auth.jwt() ->> 'role' = 'authenticated' then
    perform public.request_gate_authenticated();
  end if;
end
$$;

create function public.request_gate_authenticated() returns void
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
      detail = 'Planned and estimated counts are not available to users; use count=exact.';
  end if;
end
$$;

grant execute on function public.request_gate() to anon, authenticated, service_role;
grant execute on function public.request_gate_authenticated() to authenticated;

-- PostgREST reads its in-database configuration from the authenticator role (db-config), on start
-- and on `notify pgrst, 'reload config'`.
alter role authenticator set pgrst.db_pre_request = 'public.request_gate';
notify pgrst, 'reload config';
