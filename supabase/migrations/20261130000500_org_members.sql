-- Org administration, part 1: members and invitations, in the database.
-- Membership is the user's app_metadata (org_id, org_role), which the token carries and the request
-- gate compares with auth.users on every request: a change made here is refused-then-refreshed on
-- the user's next request on every path (20261130000200_request_gate.sql). Every function below is
-- the only way to make its change: admins only (checked before any lookup, so a staff caller learns
-- nothing about ids), the org taken from the token, a per-org lock so that two admins demoting each
-- other cannot leave the org without an admin, and one org_audit_log row per change in the same
-- transaction. Invitations are bearer links: the token is returned once and stored as its SHA-256.

-- ---------------------------------------------------------------- audit trail
-- Who changed what in the org's administration, and when. Admins read it (RLS); only the functions
-- of this and later migrations write it, through org_audit().
create table public.org_audit_log (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  actor_user_id uuid,
  actor_email text,
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  target text,
  detail jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index org_audit_log_org_created_idx on public.org_audit_log (org_id, created_at desc, id desc);

-- Explicit, for projects created before 2026-10-30 whose defaults still hand out ALL.
revoke all on public.org_audit_log from anon, authenticated;
alter table public.org_audit_log enable row level security;
alter table public.org_audit_log force row level security;
create policy org_audit_log_select_admin on public.org_audit_log for select to authenticated
  using (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');
create policy org_audit_log_insert_nobody on public.org_audit_log for insert to authenticated
  with check (false);
create policy org_audit_log_update_nobody on public.org_audit_log for update to authenticated
  using (false) with check (false);
create policy org_audit_log_delete_nobody on public.org_audit_log for delete to authenticated
  using (false);
grant select on public.org_audit_log to authenticated;
grant select, insert, update, delete on public.org_audit_log to service_role;

-- Writes one audit row as the current caller (a user's token, or the service role acting for one).
-- Called only from security definer functions; nobody else may execute it.
create function public.org_audit(p_org_id uuid, p_action text, p_target text, p_detail jsonb default '{}'::jsonb, p_actor uuid default null)
returns void
language sql
volatile
set search_path = ''
as $$
  insert into public.org_audit_log (org_id, actor_user_id, actor_email, action, target, detail)
  values (
    p_org_id,
    coalesce(p_actor, auth.uid()),
    coalesce((select u.email from auth.users u where u.id = p_actor), nullif(auth.jwt() ->> 'email', '')),
    p_action,
    p_target,
    coalesce(p_detail, '{}'::jsonb)
  );
$$;
revoke execute on function public.org_audit(uuid, text, text, jsonb, uuid) from public, anon, authenticated, service_role;

-- The caller's org when the caller is one of its admins; otherwise a 403 before anything is read.
create function public.require_org_admin() returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
begin
  if v_org is null or public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can do this.';
  end if;
  return v_org;
end
$$;
revoke execute on function public.require_org_admin() from public, anon, authenticated, service_role;

-- Serializes the org's administration changes, then makes sure the caller is still an admin of the
-- org now (the request gate checked it when the request began; a concurrent change may have demoted
-- the caller while this one waited for the lock).
create function public.lock_org_administration(p_org uuid) returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('org_members:' || p_org::text, 0));
  if not exists (
    select 1 from auth.users u
    where u.id = auth.uid() and u.raw_app_meta_data ->> 'org_id' = p_org::text and u.raw_app_meta_data ->> 'org_role' = 'admin'
  ) then
    raise sqlstate 'PT401' using message = 'access_changed', detail = 'Your organization or role changed; refresh the session.';
  end if;
end
$$;
revoke execute on function public.lock_org_administration(uuid) from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------- invitations
create table public.org_invitations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  email text not null check (email = lower(email) and length(email) <= 254),
  role text not null check (role in ('admin', 'staff')),
  token_hash bytea not null unique check (length(token_hash) = 32),
  invited_by uuid,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid,
  revoked_at timestamptz,
  check (expires_at > created_at),
  check (accepted_at is null or revoked_at is null)
);
create index org_invitations_org_created_idx on public.org_invitations (org_id, created_at desc);
create index org_invitations_org_email_idx on public.org_invitations (org_id, email);

-- Nobody reads invitations over the API (the token hash stays in the database); admins see them
-- through org_members_overview(), invitees through invitation_preview() (service role).
revoke all on public.org_invitations from anon, authenticated;
alter table public.org_invitations enable row level security;
alter table public.org_invitations force row level security;
create policy org_invitations_select_nobody on public.org_invitations for select to authenticated
  using (false);
create policy org_invitations_insert_nobody on public.org_invitations for insert to authenticated
  with check (false);
create policy org_invitations_update_nobody on public.org_invitations for update to authenticated
  using (false) with check (false);
create policy org_invitations_delete_nobody on public.org_invitations for delete to authenticated
  using (false);
grant select, insert, update, delete on public.org_invitations to service_role;

-- One invitation's state for the admin's list and the invitee's page.
create function public.org_invitation_status(i public.org_invitations) returns text
language sql
stable
set search_path = ''
as $$
  select case
    when i.accepted_at is not null then 'accepted'
    when i.revoked_at is not null then 'revoked'
    when i.expires_at <= now() then 'expired'
    else 'pending'
  end;
$$;
revoke execute on function public.org_invitation_status(public.org_invitations) from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------- the members page in one call
create function public.org_members_overview() returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.require_org_admin();
begin
  return jsonb_build_object(
    'members', coalesce((
      select jsonb_agg(jsonb_build_object(
        'user_id', u.id,
        'email', u.email,
        'role', u.raw_app_meta_data ->> 'org_role',
        'last_sign_in_at', u.last_sign_in_at,
        'created_at', u.created_at
      ) order by lower(u.email))
      from auth.users u
      where u.raw_app_meta_data ->> 'org_id' = v_org::text and u.deleted_at is null
    ), '[]'::jsonb),
    'invitations', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', i.id,
        'email', i.email,
        'role', i.role,
        'status', public.org_invitation_status(i),
        'created_at', i.created_at,
        'expires_at', i.expires_at
      ) order by i.created_at desc)
      from public.org_invitations i
      -- Open ones, and the recently closed ones for context.
      where i.org_id = v_org and i.accepted_at is null and i.revoked_at is null
        and i.expires_at > now() - interval '7 days'
    ), '[]'::jsonb),
    'recent_changes', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', a.id, 'actor_email', a.actor_email, 'action', a.action, 'target', a.target,
        'detail', a.detail, 'created_at', a.created_at
      ) order by a.created_at desc, a.id desc)
      from (
        select * from public.org_audit_log l where l.org_id = v_org order by l.created_at desc, l.id desc limit 25
      ) a
    ), '[]'::jsonb)
  );
end
$$;
grant execute on function public.org_members_overview() to authenticated;

create function public.create_org_invitation(p_email text, p_role text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.require_org_admin();
  v_email text := lower(btrim(coalesce(p_email, '')));
  v_token text;
  v_replaced integer;
  v_row public.org_invitations%rowtype;
begin
  -- ASCII addresses only: one lowercase form in Postgres, GoTrue and the browser alike.
  if v_email !~ '^[!-?A-~]+@[!-?A-~]+\.[!-?A-~]+$' or length(v_email) > 254 then
    raise sqlstate 'PT400' using message = 'invalid_email', detail = 'Enter a valid email address.';
  end if;
  if p_role is null or p_role not in ('admin', 'staff') then
    raise sqlstate 'PT400' using message = 'invalid_role', detail = 'The role must be admin or staff.';
  end if;
  perform public.lock_org_administration(v_org);
  if exists (
    select 1 from auth.users u
    where lower(u.email) = v_email and u.raw_app_meta_data ->> 'org_id' = v_org::text and u.deleted_at is null
  ) then
    raise sqlstate 'PT409' using message = 'already_member', detail = v_email;
  end if;
  -- A new invitation for the same address replaces the open one (its link stops working).
  update public.org_invitations i set revoked_at = now()
  where i.org_id = v_org and i.email = v_email and i.accepted_at is null and i.revoked_at is null;
  get diagnostics v_replaced = row_count;

  v_token := encode(extensions.gen_random_bytes(32), 'hex');
  insert into public.org_invitations (org_id, email, role, token_hash, invited_by, expires_at)
  values (v_org, v_email, p_role, sha256(convert_to(v_token, 'UTF8')), auth.uid(), now() + interval '7 days')
  returning * into v_row;
  perform public.org_audit(v_org, 'member.invited', v_email, jsonb_build_object('role', p_role, 'replaced', v_replaced > 0));
  return jsonb_build_object(
    'id', v_row.id, 'email', v_row.email, 'role', v_row.role, 'status', 'pending',
    'created_at', v_row.created_at, 'expires_at', v_row.expires_at, 'token', v_token
  );
end
$$;
grant execute on function public.create_org_invitation(text, text) to authenticated;

create function public.revoke_org_invitation(p_invitation_id uuid) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.require_org_admin();
  v_row public.org_invitations%rowtype;
begin
  perform public.lock_org_administration(v_org);
  select * into v_row from public.org_invitations i where i.org_id = v_org and i.id = p_invitation_id for update;
  if not found then
    raise sqlstate 'PT404' using message = 'not_found', detail = 'No such invitation.';
  end if;
  if v_row.accepted_at is not null then
    raise sqlstate 'PT409' using message = 'invitation_accepted', detail = v_row.email;
  end if;
  if v_row.revoked_at is null then
    update public.org_invitations set revoked_at = now() where id = v_row.id;
    perform public.org_audit(v_org, 'invitation.revoked', v_row.email, jsonb_build_object('role', v_row.role));
  end if;
end
$$;
grant execute on function public.revoke_org_invitation(uuid) to authenticated;

-- ---------------------------------------------------------------- role changes and removal
-- Locks the member (under the org's lock) and returns their role, or a 404 that reads the same for
-- another org's user and a random id. Takes and returns plain values, not auth.users rows: public
-- functions do not depend on the shape of a table Supabase Auth owns.
create function public.lock_org_member(p_org uuid, p_user_id uuid) returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_role text;
begin
  perform public.lock_org_administration(p_org);
  select u.raw_app_meta_data ->> 'org_role' into v_role from auth.users u
  where u.id = p_user_id and u.raw_app_meta_data ->> 'org_id' = p_org::text and u.deleted_at is null
  for update;
  if not found then
    raise sqlstate 'PT404' using message = 'not_found', detail = 'No such member.';
  end if;
  return v_role;
end
$$;
revoke execute on function public.lock_org_member(uuid, uuid) from public, anon, authenticated, service_role;

-- Refuses a change that would leave the org without a usable admin (under the per-org lock).
create function public.ensure_other_admin(p_org uuid, p_user_id uuid, p_role text) returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if p_role = 'admin' and not exists (
    select 1 from auth.users u
    where u.raw_app_meta_data ->> 'org_id' = p_org::text and u.raw_app_meta_data ->> 'org_role' = 'admin'
      and u.id <> p_user_id and u.deleted_at is null
      and (u.banned_until is null or u.banned_until <= now())
  ) then
    raise sqlstate 'PT409' using message = 'last_admin', detail = 'The organization needs at least one admin.';
  end if;
end
$$;
revoke execute on function public.ensure_other_admin(uuid, uuid, text) from public, anon, authenticated, service_role;

-- An invitation carries its inviter's authority: when the inviter stops being an admin of the org,
-- the invitations they made that are still open stop working too (and say so in the audit trail).
create function public.revoke_invitations_of(p_org uuid, p_inviter uuid) returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_revoked integer;
begin
  update public.org_invitations i set revoked_at = now()
  where i.org_id = p_org and i.invited_by = p_inviter and i.accepted_at is null and i.revoked_at is null;
  get diagnostics v_revoked = row_count;
  if v_revoked > 0 then
    perform public.org_audit(p_org, 'invitation.revoked', (select u.email from auth.users u where u.id = p_inviter),
      jsonb_build_object('reason', 'inviter_no_longer_admin', 'count', v_revoked));
  end if;
end
$$;
revoke execute on function public.revoke_invitations_of(uuid, uuid) from public, anon, authenticated, service_role;

create function public.set_org_member_role(p_user_id uuid, p_role text) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.require_org_admin();
  v_from text;
begin
  if p_role is null or p_role not in ('admin', 'staff') then
    raise sqlstate 'PT400' using message = 'invalid_role', detail = 'The role must be admin or staff.';
  end if;
  v_from := public.lock_org_member(v_org, p_user_id);
  if v_from = p_role then
    return;
  end if;
  if p_role <> 'admin' then
    perform public.ensure_other_admin(v_org, p_user_id, v_from);
    perform public.revoke_invitations_of(v_org, p_user_id);
  end if;
  update auth.users set raw_app_meta_data = coalesce(raw_app_meta_data, '{}'::jsonb) || jsonb_build_object('org_role', p_role), updated_at = now()
  where id = p_user_id;
  perform public.org_audit(v_org, 'member.role_changed', (select u.email from auth.users u where u.id = p_user_id),
    jsonb_build_object('from', v_from, 'to', p_role));
end
$$;
grant execute on function public.set_org_member_role(uuid, text) to authenticated;

create function public.remove_org_member(p_user_id uuid) returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.require_org_admin();
  v_role text;
begin
  v_role := public.lock_org_member(v_org, p_user_id);
  perform public.ensure_other_admin(v_org, p_user_id, v_role);
  perform public.revoke_invitations_of(v_org, p_user_id);
  update auth.users set raw_app_meta_data = coalesce(raw_app_meta_data, '{}'::jsonb) - 'org_id' - 'org_role', updated_at = now()
  where id = p_user_id;
  perform public.org_audit(v_org, 'member.removed', (select u.email from auth.users u where u.id = p_user_id), jsonb_build_object('role', v_role));
end
$$;
grant execute on function public.remove_org_member(uuid) to authenticated;

-- ---------------------------------------------------------------- the invitee's side (service role)
-- The invite page is opened by someone who may have no account yet, so the server asks with the
-- service role; the 256-bit token is the credential. A closed invitation shows its status only.
create function public.invitation_preview(p_token text) returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select case when public.org_invitation_status(i) = 'pending' then
    jsonb_build_object('status', 'pending', 'email', i.email, 'role', i.role, 'org_name', o.name, 'expires_at', i.expires_at)
  else
    jsonb_build_object('status', public.org_invitation_status(i))
  end
  from public.org_invitations i
  join public.organizations o on o.id = i.org_id
  where i.token_hash = sha256(convert_to(coalesce(p_token, ''), 'UTF8'));
$$;
revoke execute on function public.invitation_preview(text) from public, anon, authenticated;
grant execute on function public.invitation_preview(text) to service_role;

-- Makes the user (whose confirmed email must be the invited address) a member with the invited role,
-- once. p_session_id: when a signed-in user accepts, the session their token names must still exist
-- (a signed-out token is refused); null when the server just created the account with the invitee's
-- chosen password. Lock order as everywhere else: the org's lock first, then the invitation row.
create function public.accept_org_invitation(p_token text, p_user_id uuid, p_session_id uuid default null) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_hash bytea := sha256(convert_to(coalesce(p_token, ''), 'UTF8'));
  v_org uuid;
  v_inv public.org_invitations%rowtype;
  v_user record;
  v_status text;
begin
  select i.org_id into v_org from public.org_invitations i where i.token_hash = v_hash;
  if not found then
    raise sqlstate 'PT404' using message = 'not_found', detail = 'No such invitation.';
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('org_members:' || v_org::text, 0));
  select * into v_inv from public.org_invitations i where i.token_hash = v_hash for update;
  v_status := public.org_invitation_status(v_inv);
  -- The inviter must still be an admin of the org (revoke_invitations_of() closes their invitations
  -- when they stop being one; this also covers an inviter whose account was deleted or banned).
  if v_status = 'pending' and not exists (
    select 1 from auth.users u
    where u.id = v_inv.invited_by and u.deleted_at is null and (u.banned_until is null or u.banned_until <= now())
      and u.raw_app_meta_data ->> 'org_id' = v_inv.org_id::text and u.raw_app_meta_data ->> 'org_role' = 'admin'
  ) then
    v_status := 'revoked';
  end if;
  if v_status <> 'pending' then
    raise sqlstate 'PT410' using message = 'invitation_unavailable', detail = v_status;
  end if;
  if not exists (select 1 from public.organizations o where o.id = v_inv.org_id and o.status = 'active') then
    raise sqlstate 'PT403' using message = 'organization_suspended', detail = 'The organization is suspended.';
  end if;
  if p_session_id is not null and not exists (
    select 1 from auth.sessions s where s.id = p_session_id and s.user_id = p_user_id and (s.not_after is null or s.not_after > now())
  ) then
    raise sqlstate 'PT401' using message = 'session_ended', detail = 'The session was signed out or has ended.';
  end if;
  select u.id, u.email, u.email_confirmed_at, u.banned_until, u.raw_app_meta_data ->> 'org_id' as org_id into v_user
  from auth.users u where u.id = p_user_id and u.deleted_at is null for update;
  if not found or v_user.email is null or v_user.email_confirmed_at is null or lower(v_user.email) is distinct from v_inv.email
     or (v_user.banned_until is not null and v_user.banned_until > now()) then
    raise sqlstate 'PT403' using message = 'invitation_email_mismatch', detail = v_inv.email;
  end if;
  if v_user.org_id = v_inv.org_id::text then
    raise sqlstate 'PT409' using message = 'already_member', detail = v_inv.email;
  end if;
  if v_user.org_id is not null then
    raise sqlstate 'PT409' using message = 'member_elsewhere', detail = 'This account belongs to another organization.';
  end if;
  update auth.users
  set raw_app_meta_data = coalesce(raw_app_meta_data, '{}'::jsonb) || jsonb_build_object('org_id', v_inv.org_id, 'org_role', v_inv.role),
      updated_at = now()
  where id = v_user.id;
  update public.org_invitations set accepted_at = now(), accepted_by = v_user.id where id = v_inv.id;
  perform public.org_audit(v_inv.org_id, 'member.joined', v_user.email, jsonb_build_object('role', v_inv.role, 'invitation_id', v_inv.id), v_user.id);
  return jsonb_build_object('org_id', v_inv.org_id, 'role', v_inv.role);
end
$$;
revoke execute on function public.accept_org_invitation(text, uuid, uuid) from public, anon, authenticated;
grant execute on function public.accept_org_invitation(text, uuid, uuid) to service_role;

-- Explicit, for projects created before 2026-10-30 whose defaults still grant functions to anon.
revoke execute on function public.org_members_overview(), public.create_org_invitation(text, text),
  public.revoke_org_invitation(uuid), public.set_org_member_role(uuid, text), public.remove_org_member(uuid)
  from public, anon;
