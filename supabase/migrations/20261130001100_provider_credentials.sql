-- Vapi and Retell credentials from the settings page (issue 14, point 2), rotated with an overlap
-- window like the Standard Webhooks secret (20261130000600_webhook_settings.sql).
--
-- An endpoint (its id is in the provider's URL, which stays the same across rotations) holds its
-- current credential in `secret` and, during a rotation, the previous one in `previous_secret` until
-- `previous_expires_at`: both verify until then, only the current one after. At most two at once, as
-- for webhook_secrets: a rotation while the previous one is still valid is refused (PT409
-- rotation_in_progress); "retire" ends the overlap now and forgets the previous credential.
--   Vapi:   the secret is made here (pgcrypto) and returned once, by rotate_vapi_secret(); the admin
--           pastes it into Vapi as the Bearer Token credential of the server URL.
--   Retell: the "secret" is the org's own Retell API key (Retell signs with it), so the admin pastes
--           it: set_retell_api_key() is write-only. Nothing ever returns it again; the settings show
--           a fingerprint and its last 4 characters.
-- The fingerprint of a credential is the first 12 hex digits of its SHA-256: enough to tell two
-- credentials apart on the page and in the delivery log, nothing to verify with. Deliveries record
-- the fingerprint of the credential that verified them (webhook_delivery_events.credential_fingerprint).
--
-- The functions follow the webhook settings ones: SECURITY DEFINER, the org from the token only,
-- PT403 for non-admins before any lookup, every statement filtered by that org, one audit row per
-- change (never the credential), and the tables stay closed to every API user.

-- ---------------------------------------------------------------- endpoint credentials
alter table public.provider_webhook_endpoints
  add column secret_set_at timestamptz not null default now(),
  add column previous_secret text check (length(previous_secret) between 24 and 512),
  add column previous_expires_at timestamptz,
  add constraint provider_webhook_endpoints_previous_pair check ((previous_secret is null) = (previous_expires_at is null));

update public.provider_webhook_endpoints set secret_set_at = created_at;

-- ---------------------------------------------------------------- deliveries say which credential
alter table public.webhook_delivery_events
  add column credential_fingerprint text check (credential_fingerprint ~ '^[0-9a-f]{12}$');

drop function public.record_webhook_delivery(uuid, text, text, text, text);

-- As before (20261130000600_webhook_settings.sql), plus the fingerprint of the credential that
-- verified the delivery (null when none did, and for Standard Webhooks deliveries).
create function public.record_webhook_delivery(p_org_id uuid, p_provider text, p_event_type text, p_outcome text, p_error_code text,
                                               p_credential_fingerprint text default null)
returns void
language plpgsql
set search_path = ''
as $$
begin
  insert into public.webhook_delivery_events (org_id, provider, event_type, outcome, error_code, credential_fingerprint)
  select o.id, p_provider, left(nullif(p_event_type, ''), 100), p_outcome, p_error_code, p_credential_fingerprint
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
revoke execute on function public.record_webhook_delivery(uuid, text, text, text, text, text) from public, anon, authenticated;
grant execute on function public.record_webhook_delivery(uuid, text, text, text, text, text) to service_role;

-- ---------------------------------------------------------------- the admin's view
-- As before, and per provider endpoint: the current credential's fingerprint and since when, the
-- previous one's while it is still valid, and for Retell the last 4 characters of each key. Never a
-- credential itself.
create or replace function public.webhook_settings() returns jsonb
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
      select jsonb_agg(jsonb_build_object(
               'id', e.id, 'provider', e.provider, 'auth_method', e.auth_method, 'created_at', e.created_at,
               'credential', jsonb_build_object(
                 'fingerprint', left(encode(sha256(convert_to(e.secret, 'UTF8')), 'hex'), 12),
                 'last4', case when e.provider = 'retell' then right(e.secret, 4) end,
                 'set_at', e.secret_set_at),
               'previous_credential', case when e.previous_expires_at > now() then jsonb_build_object(
                 'fingerprint', left(encode(sha256(convert_to(e.previous_secret, 'UTF8')), 'hex'), 12),
                 'last4', case when e.provider = 'retell' then right(e.previous_secret, 4) end,
                 'expires_at', e.previous_expires_at) end)
             order by e.provider, e.created_at desc)
      from public.provider_webhook_endpoints e
      where e.org_id = v_org and e.disabled_at is null
    ), '[]'::jsonb),
    'deliveries', coalesce((
      select jsonb_agg(jsonb_build_object('id', d.id, 'provider', d.provider, 'event_type', d.event_type, 'outcome', d.outcome,
                                          'error_code', d.error_code, 'received_at', d.received_at,
                                          'credential_fingerprint', d.credential_fingerprint)
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

-- ---------------------------------------------------------------- replace a provider credential
-- The one write behind both providers' forms (not callable by users: the two functions below check
-- the caller first). On the org's newest enabled endpoint of the provider: none yet → a new endpoint
-- with this credential; otherwise the current credential stays valid for p_overlap_seconds more (0 =
-- retired at once) and the new one is current from now. Returns the endpoint id and what was retired.
create function public.replace_provider_credential(p_org_id uuid, p_provider text, p_secret text, p_overlap_seconds integer)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_now timestamptz := now();
  v_endpoint public.provider_webhook_endpoints;
  v_id uuid;
  v_fingerprint text := left(encode(sha256(convert_to(p_secret, 'UTF8')), 'hex'), 12);
  v_retiring jsonb := null;
begin
  if p_overlap_seconds is null or p_overlap_seconds < 0 or p_overlap_seconds > 7 * 24 * 3600 then
    raise exception 'overlap must be between 0 and 604800 seconds' using errcode = '22023';
  end if;
  -- One change of the org's provider credentials at a time.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('provider_credentials:' || p_org_id::text, 0));

  select * into v_endpoint from public.provider_webhook_endpoints e
  where e.org_id = p_org_id and e.provider = p_provider and e.disabled_at is null
  order by e.created_at desc
  limit 1;

  if v_endpoint.id is null then
    insert into public.provider_webhook_endpoints (org_id, provider, auth_method, secret, secret_set_at)
    values (p_org_id, p_provider, case p_provider when 'vapi' then 'bearer' else 'retell-signature' end, p_secret, v_now)
    returning id into v_id;
    perform public.org_audit(p_org_id, p_provider || '_credential.created', v_id::text, jsonb_build_object('fingerprint', v_fingerprint));
  else
    v_id := v_endpoint.id;
    if v_endpoint.previous_expires_at > v_now then
      raise sqlstate 'PT409' using message = 'rotation_in_progress', detail = 'Two credentials are valid; retire the old one before replacing it again.';
    end if;
    if p_overlap_seconds > 0 then
      v_retiring := jsonb_build_object('fingerprint', left(encode(sha256(convert_to(v_endpoint.secret, 'UTF8')), 'hex'), 12),
                                       'expires_at', v_now + make_interval(secs => p_overlap_seconds));
    end if;
    update public.provider_webhook_endpoints e
    set previous_secret = case when p_overlap_seconds > 0 then e.secret end,
        previous_expires_at = case when p_overlap_seconds > 0 then v_now + make_interval(secs => p_overlap_seconds) end,
        secret = p_secret,
        secret_set_at = v_now
    where e.org_id = p_org_id and e.id = v_id;
    perform public.org_audit(p_org_id, p_provider || '_credential.rotated', v_id::text,
                             jsonb_build_object('fingerprint', v_fingerprint, 'overlap_seconds', p_overlap_seconds, 'retiring', v_retiring));
  end if;
  return jsonb_build_object('endpoint_id', v_id, 'fingerprint', v_fingerprint, 'set_at', v_now, 'retiring', v_retiring);
end
$$;
revoke execute on function public.replace_provider_credential(uuid, text, text, integer) from public, anon, authenticated, service_role;

-- Vapi: makes a new bearer secret for the caller's org and returns it, the only time it is readable.
create function public.rotate_vapi_secret(p_overlap_seconds integer) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_secret text;
begin
  if v_org is null or public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can create or rotate its Vapi secret.';
  end if;
  -- 32 random bytes, base64url: a header-safe bearer token.
  v_secret := 'vapi_' || translate(rtrim(pg_catalog.encode(extensions.gen_random_bytes(32), 'base64'), '='), '+/', '-_');
  return public.replace_provider_credential(v_org, 'vapi', v_secret, p_overlap_seconds) || jsonb_build_object('secret', v_secret);
end
$$;

-- Retell: stores the org's Retell API key (write-only). Pasting the current key again changes nothing.
create function public.set_retell_api_key(p_api_key text, p_overlap_seconds integer) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_current text;
begin
  if v_org is null or public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can set its Retell API key.';
  end if;
  if p_api_key is null or length(p_api_key) not between 24 and 512 or p_api_key !~ '^[!-~]+$' then
    raise sqlstate 'PT400' using message = 'invalid_api_key', detail = 'A Retell API key is 24 to 512 printable characters without spaces.';
  end if;
  select e.secret into v_current from public.provider_webhook_endpoints e
  where e.org_id = v_org and e.provider = 'retell' and e.disabled_at is null
  order by e.created_at desc
  limit 1;
  if v_current = p_api_key then
    raise sqlstate 'PT409' using message = 'credential_unchanged', detail = 'This is already the current Retell API key.';
  end if;
  return public.replace_provider_credential(v_org, 'retell', p_api_key, p_overlap_seconds) || jsonb_build_object('last4', right(p_api_key, 4));
end
$$;

-- Ends an endpoint's overlap now: the previous credential stops verifying and is forgotten. True if
-- one was retired; a foreign, random or already retired endpoint id is false alike.
create function public.retire_provider_credential(p_endpoint_id uuid) returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_provider text;
begin
  if v_org is null or public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can retire a provider credential.';
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('provider_credentials:' || v_org::text, 0));
  update public.provider_webhook_endpoints e
  set previous_secret = null, previous_expires_at = null
  where e.org_id = v_org
    and e.id = p_endpoint_id
    and e.disabled_at is null
    and e.previous_expires_at > now()
  returning e.provider into v_provider;
  if v_provider is null then
    return false;
  end if;
  perform public.org_audit(v_org, v_provider || '_credential.retired', p_endpoint_id::text);
  return true;
end
$$;

-- Signed-in users may call the admin functions (they refuse everyone but admins); the service role
-- needs none of them. Hosted projects grant nothing by default.
revoke execute on function public.rotate_vapi_secret(integer) from public, anon;
revoke execute on function public.set_retell_api_key(text, integer) from public, anon;
revoke execute on function public.retire_provider_credential(uuid) from public, anon;
grant execute on function public.rotate_vapi_secret(integer) to authenticated;
grant execute on function public.set_retell_api_key(text, integer) to authenticated;
grant execute on function public.retire_provider_credential(uuid) to authenticated;
