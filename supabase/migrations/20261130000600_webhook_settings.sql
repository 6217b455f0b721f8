-- Webhook settings for org admins (issue 14, point 2): see the org's endpoints, create or rotate the
-- Standard Webhooks signing secret with an overlap window, retire the old secret early, and read the
-- last deliveries.
--
-- The secret tables stay closed to every API user (nobody-policies, no grants). Admins reach them only
-- through the SECURITY DEFINER functions below, which take the org from the token
-- (public.auth_org_id()) and refuse anyone but an admin with PT403 'forbidden' BEFORE any lookup, so
-- the answer never depends on whether an id exists. The new secret is made here (pgcrypto's
-- gen_random_bytes, a default extension of hosted projects) and returned once, by the rotation call:
-- no function returns an existing secret. Every change leaves a row in the org's audit trail
-- (org_audit_log through public.org_audit(), 20261130000500_org_members.sql), never the secret itself.
--
-- webhook_delivery_events: one row per delivery the webhook routes attributed to an org (accepted,
-- duplicate, ignored, test, or refused with a coarse code), written by the service role through
-- record_webhook_delivery(), which keeps the newest 200 per org. Closed to users like the secrets.

-- ---------------------------------------------------------------- delivery events
create table public.webhook_delivery_events (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  provider text not null check (provider in ('standard', 'vapi', 'retell')),
  event_type text check (length(event_type) between 1 and 100),
  outcome text not null check (outcome in ('accepted', 'duplicate', 'ignored', 'test', 'rejected', 'invalid')),
  -- Coarse codes only: nothing about hosts, keys or stack traces reaches the org.
  error_code text check (error_code in ('authentication_failed', 'invalid_payload', 'internal_error')),
  received_at timestamptz not null default now()
);
create index webhook_delivery_events_org_received_idx on public.webhook_delivery_events (org_id, received_at desc, id desc);

alter table public.webhook_delivery_events enable row level security;
alter table public.webhook_delivery_events force row level security;
revoke all on public.webhook_delivery_events from anon, authenticated;

create policy webhook_delivery_events_select_nobody on public.webhook_delivery_events for select to authenticated
  using (false);
create policy webhook_delivery_events_insert_nobody on public.webhook_delivery_events for insert to authenticated
  with check (false);
create policy webhook_delivery_events_update_nobody on public.webhook_delivery_events for update to authenticated
  using (false) with check (false);
create policy webhook_delivery_events_delete_nobody on public.webhook_delivery_events for delete to authenticated
  using (false);

grant select, insert, delete on public.webhook_delivery_events to service_role;

-- The webhook routes' record of one delivery (service role). p_org_id is the org the URL named (the
-- org whose secret verified, or whose URL a refused delivery was sent to); an org that does not exist
-- records nothing, so a forged URL cannot fail differently. Keeps the newest 200 rows per org, so an
-- unauthenticated sender can never grow the table.
create function public.record_webhook_delivery(p_org_id uuid, p_provider text, p_event_type text, p_outcome text, p_error_code text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  insert into public.webhook_delivery_events (org_id, provider, event_type, outcome, error_code)
  select o.id, p_provider, left(nullif(p_event_type, ''), 100), p_outcome, p_error_code
  from public.organizations o
  where o.id = p_org_id;
  if not found then
    return;
  end if;
  delete from public.webhook_delivery_events e
  where e.org_id = p_org_id
    and e.id in (
      select x.id from public.webhook_delivery_events x
      where x.org_id = p_org_id
      order by x.received_at desc, x.id desc
      offset 200
    );
end
$$;
revoke execute on function public.record_webhook_delivery(uuid, text, text, text, text) from public, anon, authenticated;
grant execute on function public.record_webhook_delivery(uuid, text, text, text, text) to service_role;

-- ---------------------------------------------------------------- the admin's view
-- The org's secrets that are valid now or later (ids and dates only, never the secret), its provider
-- endpoints (id, provider, auth method; the URL is built from the id) and its last 50 deliveries.
create function public.webhook_settings() returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
begin
  if v_org is null or public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can see its webhook settings.';
  end if;
  return jsonb_build_object(
    'secrets', coalesce((
      select jsonb_agg(jsonb_build_object('id', s.id, 'valid_from', s.valid_from, 'expires_at', s.expires_at, 'created_at', s.created_at)
                       order by s.valid_from desc, s.id)
      from public.webhook_secrets s
      where s.org_id = v_org and (s.expires_at is null or s.expires_at > now())
    ), '[]'::jsonb),
    'endpoints', coalesce((
      select jsonb_agg(jsonb_build_object('id', e.id, 'provider', e.provider, 'auth_method', e.auth_method, 'created_at', e.created_at)
                       order by e.provider, e.created_at desc)
      from public.provider_webhook_endpoints e
      where e.org_id = v_org and e.disabled_at is null
    ), '[]'::jsonb),
    'deliveries', coalesce((
      select jsonb_agg(jsonb_build_object('id', d.id, 'provider', d.provider, 'event_type', d.event_type, 'outcome', d.outcome,
                                          'error_code', d.error_code, 'received_at', d.received_at)
                       order by d.received_at desc, d.id desc)
      from (
        select * from public.webhook_delivery_events x
        where x.org_id = v_org
        order by x.received_at desc, x.id desc
        limit 50
      ) d
    ), '[]'::jsonb)
  );
end
$$;

-- ---------------------------------------------------------------- create / rotate
-- Makes a new signing secret for the caller's org and returns it: the only time it is ever readable.
-- The secrets valid now stay valid for p_overlap_seconds more (0 = retired at once), so senders can
-- switch without losing a delivery. A rotation while two secrets are already valid is refused
-- (PT409 'rotation_in_progress'): retire the old one first. The trigger on webhook_secrets holds the
-- "at most two valid at once" rule whatever calls it.
create function public.rotate_webhook_secret(p_overlap_seconds integer) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_now timestamptz := now();
  v_valid integer;
  v_id uuid;
  v_secret text;
  v_retiring jsonb;
begin
  if v_org is null or public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can rotate its webhook secret.';
  end if;
  if p_overlap_seconds is null or p_overlap_seconds < 0 or p_overlap_seconds > 7 * 24 * 3600 then
    raise exception 'overlap must be between 0 and 604800 seconds' using errcode = '22023';
  end if;
  -- One rotation per org at a time (the same lock the overlap trigger takes).
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('webhook_secrets:' || v_org::text, 0));

  select count(*) into v_valid from public.webhook_secrets s
  where s.org_id = v_org and s.valid_from <= v_now and (s.expires_at is null or s.expires_at > v_now);
  if v_valid >= 2 then
    raise sqlstate 'PT409' using message = 'rotation_in_progress', detail = 'Two secrets are valid; retire the old one before rotating again.';
  end if;

  with retired as (
    update public.webhook_secrets s
    set expires_at = least(coalesce(s.expires_at, 'infinity'::timestamptz), v_now + make_interval(secs => p_overlap_seconds))
    where s.org_id = v_org and s.valid_from <= v_now and (s.expires_at is null or s.expires_at > v_now)
    returning s.id, s.expires_at
  )
  select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'expires_at', r.expires_at)), '[]'::jsonb) into v_retiring from retired r;

  v_secret := 'whsec_' || pg_catalog.encode(extensions.gen_random_bytes(32), 'base64');
  insert into public.webhook_secrets (org_id, secret, valid_from)
  values (v_org, v_secret, v_now)
  returning id into v_id;

  perform public.org_audit(v_org, case when jsonb_array_length(v_retiring) = 0 then 'webhook_secret.created' else 'webhook_secret.rotated' end,
                           v_id::text, jsonb_build_object('overlap_seconds', p_overlap_seconds, 'retiring', v_retiring));

  return jsonb_build_object('id', v_id, 'secret', v_secret, 'valid_from', v_now, 'retiring', v_retiring);
end
$$;

-- ---------------------------------------------------------------- retire now
-- Ends the overlap early: the older of two valid secrets stops verifying now. The newest valid secret
-- cannot be retired this way (the org would be left without one). True if a secret was retired; a
-- foreign, random or already retired id is false alike.
create function public.retire_webhook_secret(p_secret_id uuid) returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_now timestamptz := now();
  v_done uuid;
begin
  if v_org is null or public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can retire a webhook secret.';
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('webhook_secrets:' || v_org::text, 0));
  update public.webhook_secrets s
  set expires_at = greatest(v_now, s.valid_from + interval '1 microsecond')
  where s.org_id = v_org
    and s.id = p_secret_id
    and s.valid_from <= v_now
    and (s.expires_at is null or s.expires_at > v_now)
    and exists (
      select 1 from public.webhook_secrets n
      where n.org_id = v_org and n.id <> s.id and n.valid_from >= s.valid_from and n.valid_from <= v_now
        and (n.expires_at is null or n.expires_at > v_now)
    )
  returning s.id into v_done;
  if v_done is null then
    return false;
  end if;
  perform public.org_audit(v_org, 'webhook_secret.retired', v_done::text);
  return true;
end
$$;

-- ---------------------------------------------------------------- test event
-- The admin check (and audit row) before the server signs a test delivery with the org's secret: the
-- route calls this with the user's token, and only then reads the secret with the service role.
-- Returns the org the test is for (the caller's, from the token).
create function public.begin_webhook_test(p_provider text) returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
begin
  if v_org is null or public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can send a test event.';
  end if;
  if p_provider is null or p_provider not in ('standard', 'vapi', 'retell') then
    raise exception 'unknown provider' using errcode = '22023';
  end if;
  perform public.org_audit(v_org, 'webhook.test_sent', p_provider);
  return v_org;
end
$$;

-- Signed-in users may call the admin functions (the functions refuse everyone but admins); the
-- service role needs none of them. Hosted projects grant nothing by default.
revoke execute on function public.webhook_settings() from public, anon;
revoke execute on function public.rotate_webhook_secret(integer) from public, anon;
revoke execute on function public.retire_webhook_secret(uuid) from public, anon;
revoke execute on function public.begin_webhook_test(text) from public, anon;
grant execute on function public.webhook_settings() to authenticated;
grant execute on function public.rotate_webhook_secret(integer) to authenticated;
grant execute on function public.retire_webhook_secret(uuid) to authenticated;
grant execute on function public.begin_webhook_test(text) to authenticated;
