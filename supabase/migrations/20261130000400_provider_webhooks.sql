-- Real voice providers in: Vapi and Retell post to one URL per provider per org,
-- /api/webhooks/<provider>/<endpoint id>. The endpoint row holds the org and the secret that
-- authenticates the provider (Vapi: a bearer token, an HMAC key or the legacy X-Vapi-Secret; Retell:
-- the org's Retell API key, which signs x-retell-signature). The endpoint id only picks the one
-- candidate secret; the org of a delivery is the owner of the secret that verified it, so a payload
-- can never choose its org. Like webhook_secrets, the table is closed to every API user.
--
-- call_logs gains what these providers report and users look at: assistant and phone-number ids,
-- the success evaluation, structured data and the cost breakdown. Staff read list columns only
-- (docs/security.md): assistant_id is a list column (the list filters on it, like ended_reason);
-- the other four are detail fields, read by admins through open_call() only.
--
-- ingest_call_report learns to merge: a provider that reports one call in two events (Retell's
-- call_ended and call_analyzed) ends in one call whatever the order, because a later event only fills
-- what the row does not have yet (and cost/duration take the larger value), which is commutative.

-- ---------------------------------------------------------------- endpoints
create table public.provider_webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  provider text not null check (provider in ('vapi', 'retell')),
  auth_method text not null,
  secret text not null check (length(secret) between 24 and 512),
  created_at timestamptz not null default now(),
  disabled_at timestamptz,
  unique (org_id, id),
  check (
    (provider = 'vapi' and auth_method in ('bearer', 'hmac', 'x-vapi-secret'))
    or (provider = 'retell' and auth_method = 'retell-signature')
  )
);
create index provider_webhook_endpoints_org_provider_idx on public.provider_webhook_endpoints (org_id, provider);

alter table public.provider_webhook_endpoints enable row level security;
alter table public.provider_webhook_endpoints force row level security;
revoke all on public.provider_webhook_endpoints from anon, authenticated;

create policy provider_webhook_endpoints_select_nobody on public.provider_webhook_endpoints for select to authenticated
  using (false);
create policy provider_webhook_endpoints_insert_nobody on public.provider_webhook_endpoints for insert to authenticated
  with check (false);
create policy provider_webhook_endpoints_update_nobody on public.provider_webhook_endpoints for update to authenticated
  using (false) with check (false);
create policy provider_webhook_endpoints_delete_nobody on public.provider_webhook_endpoints for delete to authenticated
  using (false);

-- The webhook routes (service role) read it; nobody else.
grant select, insert, update, delete on public.provider_webhook_endpoints to service_role;

-- ---------------------------------------------------------------- call fields
alter table public.call_logs
  add column assistant_id text check (length(assistant_id) <= 200),
  add column phone_number_id text check (length(phone_number_id) <= 200),
  add column success_evaluation text check (length(success_evaluation) <= 2000),
  add column structured_data jsonb check (structured_data is null or jsonb_typeof(structured_data) = 'object'),
  add column cost_breakdown jsonb check (cost_breakdown is null or jsonb_typeof(cost_breakdown) = 'object');

-- The list filters on assistant and ended reason within the org, newest first.
create index call_logs_org_assistant_started_idx on public.call_logs (org_id, assistant_id, started_at desc, id desc);
create index call_logs_org_ended_reason_started_idx on public.call_logs (org_id, ended_reason, started_at desc, id desc);

-- A list column (staff too). phone_number_id, success_evaluation, structured_data and cost_breakdown
-- get no user grant: admins read them through open_call().
grant select (assistant_id) on public.call_logs to authenticated;

-- ---------------------------------------------------------------- ingest, merging
create or replace function public.ingest_call_report(p_org_id uuid, p_webhook_id text, p_call jsonb)
returns table (ingested_call_id uuid, is_duplicate boolean, is_queued boolean)
language plpgsql
set search_path = ''
as $$
declare
  v_uuid constant text := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
  v_call_id uuid;
  v_lead uuid;
  v_campaign uuid;
  v_recording text := nullif(p_call ->> 'recording_url', '');
  v_provider text := coalesce(nullif(p_call ->> 'provider', ''), 'voice');
  v_queued boolean := false;
  v_duplicate boolean := false;
  v_stored_recording text;
begin
  if not exists (select 1 from public.organizations o where o.id = p_org_id) then
    raise exception 'unknown organization' using errcode = '22023';
  end if;
  if coalesce(p_call ->> 'provider_call_id', '') = '' then
    raise exception 'provider_call_id is required' using errcode = '22023';
  end if;

  insert into public.webhook_deliveries (org_id, webhook_id) values (p_org_id, p_webhook_id)
  on conflict (org_id, webhook_id) do nothing;
  if not found then
    -- The same delivery again (a replay): nothing changes.
    select d.call_id into v_call_id from public.webhook_deliveries d
    where d.org_id = p_org_id and d.webhook_id = p_webhook_id;
    return query select v_call_id, true, false;
    return;
  end if;

  if (p_call ->> 'lead_id') ~* v_uuid then
    select l.id into v_lead from public.leads l where l.org_id = p_org_id and l.id = (p_call ->> 'lead_id')::uuid;
  end if;
  if (p_call ->> 'campaign_id') ~* v_uuid then
    select c.id into v_campaign from public.campaigns c where c.org_id = p_org_id and c.id = (p_call ->> 'campaign_id')::uuid;
  end if;

  insert into public.call_logs (
    org_id, call_type, status, from_number, to_number, contact_name, lead_id, campaign_id, agent_name,
    started_at, ended_at, duration_seconds, ended_reason, cost, summary, sentiment, transcript,
    provider, provider_call_id, recording_url,
    assistant_id, phone_number_id, success_evaluation, structured_data, cost_breakdown
  )
  select
    p_org_id, r.call_type, r.status, coalesce(r.from_number, ''), coalesce(r.to_number, ''), r.contact_name,
    v_lead, v_campaign, r.agent_name, r.started_at, r.ended_at, coalesce(r.duration_seconds, 0), r.ended_reason,
    coalesce(r.cost, 0), r.summary, r.sentiment, coalesce(r.transcript, '[]'::jsonb),
    v_provider, r.provider_call_id, v_recording,
    r.assistant_id, r.phone_number_id, r.success_evaluation, r.structured_data, r.cost_breakdown
  from jsonb_populate_record(null::public.call_logs, p_call) r
  on conflict (org_id, provider, provider_call_id) do nothing
  returning id into v_call_id;

  if v_call_id is null then
    -- The same provider call in another delivery (a redelivery under a new id, or a second event
    -- about the call): one call row. The later event fills only what is still missing, and cost and
    -- duration take the larger value, so any order of the events ends in the same row.
    v_duplicate := true;
    update public.call_logs c set
      from_number = coalesce(nullif(c.from_number, ''), r.from_number, ''),
      to_number = coalesce(nullif(c.to_number, ''), r.to_number, ''),
      contact_name = coalesce(c.contact_name, r.contact_name),
      lead_id = coalesce(c.lead_id, v_lead),
      campaign_id = coalesce(c.campaign_id, v_campaign),
      agent_name = coalesce(c.agent_name, r.agent_name),
      ended_at = coalesce(c.ended_at, r.ended_at),
      duration_seconds = greatest(c.duration_seconds, coalesce(r.duration_seconds, 0)),
      ended_reason = coalesce(c.ended_reason, r.ended_reason),
      cost = greatest(c.cost, coalesce(r.cost, 0)),
      summary = coalesce(c.summary, r.summary),
      sentiment = coalesce(c.sentiment, r.sentiment),
      transcript = case when jsonb_array_length(c.transcript) = 0 then coalesce(r.transcript, '[]'::jsonb) else c.transcript end,
      recording_url = coalesce(c.recording_url, v_recording),
      assistant_id = coalesce(c.assistant_id, r.assistant_id),
      phone_number_id = coalesce(c.phone_number_id, r.phone_number_id),
      success_evaluation = coalesce(c.success_evaluation, r.success_evaluation),
      structured_data = coalesce(c.structured_data, r.structured_data),
      cost_breakdown = coalesce(c.cost_breakdown, r.cost_breakdown)
    from jsonb_populate_record(null::public.call_logs, p_call) r
    where c.org_id = p_org_id
      and c.provider = v_provider
      and c.provider_call_id = p_call ->> 'provider_call_id'
    returning c.id, c.recording_url, c.recording_storage_path into v_call_id, v_recording, v_stored_recording;
    if v_stored_recording is not null then
      v_recording := null;
    end if;
  end if;

  if v_recording is not null then
    -- At most one queue item per call: an event that brings the first recording URL queues it.
    insert into public.recording_upload_queue (org_id, call_id, recording_url)
    values (p_org_id, v_call_id, v_recording)
    on conflict do nothing;
    v_queued := found;
  end if;
  update public.webhook_deliveries d set call_id = v_call_id
  where d.org_id = p_org_id and d.webhook_id = p_webhook_id;
  return query select v_call_id, v_duplicate, v_queued;
end
$$;

-- ---------------------------------------------------------------- the admin's call detail
create or replace function public.open_call(p_call_id uuid) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_call public.call_logs%rowtype;
  v_result jsonb;
begin
  if v_org is null then
    return null;
  end if;
  if public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can open a call.';
  end if;
  select * into v_call from public.call_logs c where c.org_id = v_org and c.id = p_call_id;
  if not found then
    return null;
  end if;
  insert into public.access_log (org_id, actor_user_id, actor_email, action, call_id)
  values (v_org, auth.uid(), nullif(auth.jwt() ->> 'email', ''), 'call.viewed', v_call.id);

  select jsonb_build_object(
    'call', jsonb_build_object(
      'id', v_call.id, 'call_type', v_call.call_type, 'status', v_call.status,
      'from_number', v_call.from_number, 'to_number', v_call.to_number, 'contact_name', v_call.contact_name,
      'agent_name', v_call.agent_name, 'started_at', v_call.started_at, 'ended_at', v_call.ended_at,
      'duration_seconds', v_call.duration_seconds, 'ended_reason', v_call.ended_reason, 'cost', v_call.cost,
      'sentiment', v_call.sentiment, 'summary', v_call.summary, 'transcript', v_call.transcript,
      'has_recording', v_call.recording_storage_path is not null,
      'provider', v_call.provider, 'assistant_id', v_call.assistant_id, 'phone_number_id', v_call.phone_number_id,
      'success_evaluation', v_call.success_evaluation, 'structured_data', v_call.structured_data,
      'cost_breakdown', v_call.cost_breakdown
    ),
    'lead', (select jsonb_build_object('id', l.id, 'name', l.name, 'phone', l.phone)
             from public.leads l where l.org_id = v_org and l.id = v_call.lead_id),
    'campaign', (select jsonb_build_object('id', k.id, 'name', k.name)
                 from public.campaigns k where k.org_id = v_org and k.id = v_call.campaign_id),
    'queue', (select jsonb_build_object('status', q.status, 'attempts', q.attempts, 'last_error', q.last_error)
              from public.recording_upload_queue q where q.org_id = v_org and q.call_id = v_call.id),
    'failed', (select jsonb_build_object('error', f.error, 'retry_count', f.retry_count, 'max_retries', f.max_retries,
                                         'next_retry_at', f.next_retry_at, 'resolved_at', f.resolved_at,
                                         'dead_lettered_at', f.dead_lettered_at)
               from public.failed_recording_uploads f where f.org_id = v_org and f.call_id = v_call.id)
  ) into v_result;
  return v_result;
end
$$;
