-- Retention and deletion (issue 16): per-org retention settings, the erasure of a call's content
-- (recording object, transcript/summary/analysis and the search text generated from them, provider
-- recording URLs in the call and the pipeline queue tables), a receipt per erasure that outlives the
-- call, and a legal hold per call that retention skips.
--
-- Who may do what is decided here, not in the routes: the admin functions (retention_policy,
-- set_retention_policy, erase_call, set_legal_hold) take the org from auth_org_id() and refuse
-- non-admins with PT403 before any lookup; unknown and foreign ids both answer null. The retention job
-- (service role) calls claim_erasure_batch(p_org_id, …), which only ever touches p_org_id's rows.
--
-- Storage bytes cannot be deleted inside a transaction, so an erasure has two steps: the database
-- step (this file) clears the columns, deletes queue rows and writes the receipt with the object's
-- path and version, all in one transaction; then the server removes the object through the Storage
-- API and stamps the receipt's storage_erased_at. A crash between the two leaves a receipt with
-- storage_erased_at null: the next run (or the next delete request for that call) finishes it.
-- A call is erased at most once per kind (the *_erased_at stamps, under a row lock), so there is
-- never a second receipt for the same erasure.

-- ---------------------------------------------------------------- settings
-- One row per org once an admin saved the settings; without a row the defaults apply
-- (retention_for_org). In a row, null means "keep".
create table public.retention_policies (
  org_id uuid primary key references public.organizations (id) on delete cascade,
  recording_days integer check (recording_days between 1 and 3650),
  transcript_days integer check (transcript_days between 1 and 3650),
  metadata_days integer check (metadata_days between 1 and 3650),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  -- Deleting the call record deletes everything, so it cannot come before the content's own limits.
  constraint retention_policies_metadata_last check (
    metadata_days is null
    or (recording_days is not null and transcript_days is not null
        and metadata_days >= recording_days and metadata_days >= transcript_days)
  )
);

alter table public.retention_policies enable row level security;
alter table public.retention_policies force row level security;
revoke all on public.retention_policies from anon, authenticated;
-- Users go through retention_policy() / set_retention_policy() (admins only).
create policy retention_policies_select_nobody on public.retention_policies for select to authenticated
  using (false);
create policy retention_policies_insert_nobody on public.retention_policies for insert to authenticated
  with check (false);
create policy retention_policies_update_nobody on public.retention_policies for update to authenticated
  using (false) with check (false);
create policy retention_policies_delete_nobody on public.retention_policies for delete to authenticated
  using (false);
grant select, insert, update, delete on public.retention_policies to service_role;

-- ---------------------------------------------------------------- call state
alter table public.call_logs
  add column recording_erased_at timestamptz,
  add column content_erased_at timestamptz,
  add column legal_hold_at timestamptz,
  add column legal_hold_by uuid;
-- Staff and admins see in the list that a call was erased (not an error); the hold is detail only.
grant select (recording_erased_at, content_erased_at) on public.call_logs to authenticated;
-- The retention job's scan: oldest first among what is still there and not held.
create index call_logs_org_started_recording_due_idx on public.call_logs (org_id, started_at)
  where recording_erased_at is null and legal_hold_at is null;
create index call_logs_org_started_content_due_idx on public.call_logs (org_id, started_at)
  where content_erased_at is null and legal_hold_at is null;

-- The hold is audited in the org's ledger (the admin's access log page).
alter table public.access_log drop constraint access_log_action_check;
alter table public.access_log add constraint access_log_action_check
  check (action in ('call.viewed', 'recording.url_issued', 'call.hold_placed', 'call.hold_released'));

-- ---------------------------------------------------------------- receipts
-- Proof of an erasure: who (or the retention job), when, which call, what was erased, and the Storage
-- object's path and version. No foreign key to call_logs: the receipt outlives the call.
create table public.erasure_receipts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  call_id uuid not null,
  source text not null check (source in ('request', 'retention')),
  actor_user_id uuid,
  actor_email text,
  erased text[] not null check (
    cardinality(erased) > 0
    and erased <@ array['recording', 'provider_urls', 'transcript', 'summary', 'analysis', 'call_record']::text[]
  ),
  storage_path text,
  object_version text,
  created_at timestamptz not null default now(),
  -- Null while the Storage object still has to be removed (only when storage_path is set).
  storage_erased_at timestamptz,
  unique (org_id, id),
  check (source = 'retention' or actor_user_id is not null)
);
create index erasure_receipts_org_created_idx on public.erasure_receipts (org_id, created_at desc, id desc);
create index erasure_receipts_org_pending_idx on public.erasure_receipts (org_id, created_at)
  where storage_path is not null and storage_erased_at is null;

alter table public.erasure_receipts enable row level security;
alter table public.erasure_receipts force row level security;
revoke all on public.erasure_receipts from anon, authenticated;
create policy erasure_receipts_select_admin on public.erasure_receipts for select to authenticated
  using (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');
create policy erasure_receipts_insert_nobody on public.erasure_receipts for insert to authenticated
  with check (false);
create policy erasure_receipts_update_nobody on public.erasure_receipts for update to authenticated
  using (false) with check (false);
create policy erasure_receipts_delete_nobody on public.erasure_receipts for delete to authenticated
  using (false);
grant select (id, org_id, call_id, source, actor_email, erased, object_version, created_at, storage_erased_at)
  on public.erasure_receipts to authenticated;
grant select, insert, update on public.erasure_receipts to service_role;

-- ---------------------------------------------------------------- effective policy
-- Defaults (no row): recordings 365 days, transcripts and summaries 365 days, call records kept.
create function public.retention_for_org(p_org_id uuid)
returns table (recording_days integer, transcript_days integer, metadata_days integer, is_default boolean)
language plpgsql
stable
set search_path = ''
as $$
begin
  return query
    select p.recording_days, p.transcript_days, p.metadata_days, false
    from public.retention_policies p where p.org_id = p_org_id;
  if not found then
    return query select 365, 365, null::integer, true;
  end if;
end
$$;

-- ---------------------------------------------------------------- one call's erasure (database step)
-- p_kinds: 'recording' (object path, provider URLs, queue rows), 'content' (transcript, summary,
-- analysis; the generated search text follows), 'call_record' (the row itself, so everything).
-- Locks the row; a held call, an unknown call and a kind already erased are skipped. Returns the
-- receipt (only when something was erased) and the Storage path still to remove.
create function public.erase_call_row(p_org_id uuid, p_call_id uuid, p_kinds text[], p_source text, p_actor uuid, p_email text)
returns table (receipt_id uuid, storage_path text, erased text[])
language plpgsql
set search_path = ''
as $$
declare
  v_call public.call_logs%rowtype;
  v_erased text[] := '{}';
  v_path text;
  v_version text;
  v_all boolean := 'call_record' = any(p_kinds);
  v_receipt uuid;
begin
  select * into v_call from public.call_logs c where c.org_id = p_org_id and c.id = p_call_id for update;
  if not found or v_call.legal_hold_at is not null then
    return;
  end if;

  if (v_all or 'recording' = any(p_kinds)) and v_call.recording_erased_at is null then
    v_path := v_call.recording_storage_path;
    if v_path is not null then
      v_erased := array_append(v_erased, 'recording');
      select o.version into v_version from storage.objects o where o.bucket_id = 'call-recordings' and o.name = v_path;
    end if;
    if v_call.recording_url is not null
       or exists (select 1 from public.recording_upload_queue q where q.org_id = p_org_id and q.call_id = p_call_id)
       or exists (select 1 from public.failed_recording_uploads f where f.org_id = p_org_id and f.call_id = p_call_id) then
      v_erased := array_append(v_erased, 'provider_urls');
    end if;
    delete from public.failed_recording_uploads f where f.org_id = p_org_id and f.call_id = p_call_id;
    delete from public.recording_upload_queue q where q.org_id = p_org_id and q.call_id = p_call_id;
    update public.call_logs c set recording_storage_path = null, recording_url = null, recording_erased_at = now()
    where c.org_id = p_org_id and c.id = p_call_id;
  end if;

  if (v_all or 'content' = any(p_kinds)) and v_call.content_erased_at is null then
    if jsonb_array_length(v_call.transcript) > 0 then v_erased := array_append(v_erased, 'transcript'); end if;
    if v_call.summary is not null then v_erased := array_append(v_erased, 'summary'); end if;
    if v_call.success_evaluation is not null or v_call.structured_data is not null then
      v_erased := array_append(v_erased, 'analysis');
    end if;
    update public.call_logs c
    set transcript = '[]'::jsonb, summary = null, success_evaluation = null, structured_data = null, content_erased_at = now()
    where c.org_id = p_org_id and c.id = p_call_id;
  end if;

  if v_all then
    delete from public.call_logs c where c.org_id = p_org_id and c.id = p_call_id;
    v_erased := array_append(v_erased, 'call_record');
  end if;

  if cardinality(v_erased) = 0 then
    return;
  end if;
  insert into public.erasure_receipts (org_id, call_id, source, actor_user_id, actor_email, erased, storage_path, object_version, storage_erased_at)
  values (p_org_id, p_call_id, p_source, p_actor, p_email, v_erased, v_path, v_version, case when v_path is null then now() end)
  returning id into v_receipt;
  return query select v_receipt, v_path, v_erased;
end
$$;

-- ---------------------------------------------------------------- the retention job's batch
-- Up to p_limit of the org's due calls, oldest first, each erased as above in this one transaction;
-- one row per claimed call.
-- SKIP LOCKED: a concurrent run (or a delete request holding a row) never blocks or double-erases.
create function public.claim_erasure_batch(p_org_id uuid, p_limit integer, p_now timestamptz default now())
returns table (receipt_id uuid, call_id uuid, storage_path text, erased text[])
language plpgsql
set search_path = ''
as $$
declare
  v_policy record;
  v_call record;
  v_kinds text[];
  v_receipt uuid;
  v_path text;
  v_erased text[];
begin
  if p_limit is null or p_limit < 1 or p_limit > 1000 then
    raise exception 'p_limit must be between 1 and 1000' using errcode = '22023';
  end if;
  select * into v_policy from public.retention_for_org(p_org_id);
  for v_call in
    select c.id, c.started_at, c.recording_erased_at, c.content_erased_at
    from public.call_logs c
    where c.org_id = p_org_id
      and c.legal_hold_at is null
      and (
        (v_policy.metadata_days is not null and c.started_at < p_now - make_interval(days => v_policy.metadata_days))
        or (v_policy.recording_days is not null and c.recording_erased_at is null
            and c.started_at < p_now - make_interval(days => v_policy.recording_days))
        or (v_policy.transcript_days is not null and c.content_erased_at is null
            and c.started_at < p_now - make_interval(days => v_policy.transcript_days))
      )
    order by c.started_at, c.id
    limit p_limit
    for update skip locked
  loop
    v_kinds := '{}';
    if v_policy.metadata_days is not null and v_call.started_at < p_now - make_interval(days => v_policy.metadata_days) then
      v_kinds := array['call_record'];
    else
      if v_policy.recording_days is not null and v_call.started_at < p_now - make_interval(days => v_policy.recording_days) then
        v_kinds := array_append(v_kinds, 'recording');
      end if;
      if v_policy.transcript_days is not null and v_call.started_at < p_now - make_interval(days => v_policy.transcript_days) then
        v_kinds := array_append(v_kinds, 'content');
      end if;
    end if;
    -- One row per claimed call, with a null receipt when nothing was left to erase (the stamps are set
    -- anyway, so the call is not claimed again): the caller knows the batch was full.
    v_receipt := null; v_path := null; v_erased := null;
    select e.receipt_id, e.storage_path, e.erased into v_receipt, v_path, v_erased
    from public.erase_call_row(p_org_id, v_call.id, v_kinds, 'retention', null, null) e;
    return query select v_receipt, v_call.id, v_path, v_erased;
  end loop;
end
$$;

-- ---------------------------------------------------------------- admin functions (user's token)
create function public.retention_policy() returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_result jsonb;
begin
  if v_org is null then
    return null;
  end if;
  if public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can see retention settings.';
  end if;
  select jsonb_build_object(
    'recording_days', r.recording_days, 'transcript_days', r.transcript_days, 'metadata_days', r.metadata_days,
    'is_default', r.is_default,
    'updated_at', (select p.updated_at from public.retention_policies p where p.org_id = v_org)
  ) into v_result
  from public.retention_for_org(v_org) r;
  return v_result;
end
$$;

create function public.set_retention_policy(p_recording_days integer, p_transcript_days integer, p_metadata_days integer)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
begin
  if v_org is null then
    return null;
  end if;
  if public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can change retention.';
  end if;
  -- The table's checks refuse out-of-range or inconsistent values (23514 → 400), writing nothing.
  insert into public.retention_policies (org_id, recording_days, transcript_days, metadata_days, updated_at, updated_by)
  values (v_org, p_recording_days, p_transcript_days, p_metadata_days, now(), auth.uid())
  on conflict (org_id) do update
    set recording_days = excluded.recording_days, transcript_days = excluded.transcript_days,
        metadata_days = excluded.metadata_days, updated_at = excluded.updated_at, updated_by = excluded.updated_by;
  -- Built here rather than by calling retention_policy(): the role check above is this function's own.
  return (
    select jsonb_build_object(
      'recording_days', p.recording_days, 'transcript_days', p.transcript_days, 'metadata_days', p.metadata_days,
      'is_default', false, 'updated_at', p.updated_at
    )
    from public.retention_policies p where p.org_id = v_org
  );
end
$$;

-- Deletes one call's content now (recording, provider URLs, transcript, summary, analysis); the call
-- record stays, marked erased. Held calls are refused (PT409). Erasing an erased call again writes
-- no receipt. Returns the call's erasure state and the receipts whose Storage object the server must
-- still remove (the new one, or one a crashed earlier request left behind); null when the id is not
-- a call of the caller's org.
create function public.erase_call(p_call_id uuid) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_call public.call_logs%rowtype;
  v_receipt uuid;
begin
  if v_org is null then
    return null;
  end if;
  if public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can delete calls.';
  end if;
  select * into v_call from public.call_logs c where c.org_id = v_org and c.id = p_call_id for update;
  if not found then
    return null;
  end if;
  if v_call.legal_hold_at is not null then
    raise sqlstate 'PT409' using message = 'legal_hold', detail = 'The call is on legal hold.';
  end if;
  select e.receipt_id into v_receipt
  from public.erase_call_row(v_org, p_call_id, array['recording', 'content'], 'request', auth.uid(), nullif(auth.jwt() ->> 'email', '')) e;

  return jsonb_build_object(
    'receipt_id', v_receipt,
    'call', (select jsonb_build_object('recording_erased_at', c.recording_erased_at, 'content_erased_at', c.content_erased_at)
             from public.call_logs c where c.org_id = v_org and c.id = p_call_id),
    'pending', coalesce((
      select jsonb_agg(jsonb_build_object('receipt_id', r.id, 'storage_path', r.storage_path) order by r.created_at)
      from public.erasure_receipts r
      where r.org_id = v_org and r.call_id = p_call_id and r.storage_path is not null and r.storage_erased_at is null
    ), '[]'::jsonb)
  );
end
$$;

-- Places or releases the legal hold; each change is a ledger row (no row when nothing changes).
-- Returns the hold state, or null when the id is not a call of the caller's org.
create function public.set_legal_hold(p_call_id uuid, p_hold boolean) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_held timestamptz;
begin
  if v_org is null then
    return null;
  end if;
  if public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can place legal holds.';
  end if;
  if p_hold is null then
    raise exception 'p_hold is required' using errcode = '22023';
  end if;
  select c.legal_hold_at into v_held from public.call_logs c where c.org_id = v_org and c.id = p_call_id for update;
  if not found then
    return null;
  end if;
  if p_hold and v_held is null then
    update public.call_logs c set legal_hold_at = now(), legal_hold_by = auth.uid()
    where c.org_id = v_org and c.id = p_call_id returning c.legal_hold_at into v_held;
    insert into public.access_log (org_id, actor_user_id, actor_email, action, call_id)
    values (v_org, auth.uid(), nullif(auth.jwt() ->> 'email', ''), 'call.hold_placed', p_call_id);
  elsif not p_hold and v_held is not null then
    update public.call_logs c set legal_hold_at = null, legal_hold_by = null where c.org_id = v_org and c.id = p_call_id;
    v_held := null;
    insert into public.access_log (org_id, actor_user_id, actor_email, action, call_id)
    values (v_org, auth.uid(), nullif(auth.jwt() ->> 'email', ''), 'call.hold_released', p_call_id);
  end if;
  return jsonb_build_object('held', v_held is not null, 'since', v_held);
end
$$;

grant execute on function public.retention_policy() to authenticated;
grant execute on function public.set_retention_policy(integer, integer, integer) to authenticated;
grant execute on function public.erase_call(uuid) to authenticated;
grant execute on function public.set_legal_hold(uuid, boolean) to authenticated;
-- The retention job (service role).
grant execute on function public.retention_for_org(uuid) to service_role;
grant execute on function public.erase_call_row(uuid, uuid, text[], text, uuid, text) to service_role;
grant execute on function public.claim_erasure_batch(uuid, integer, timestamptz) to service_role;

-- ---------------------------------------------------------------- ingest: erased calls stay erased
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
      -- An erased call is never refilled: a redelivery after the erasure changes nothing.
      and c.recording_erased_at is null and c.content_erased_at is null
    returning c.id, c.recording_url, c.recording_storage_path into v_call_id, v_recording, v_stored_recording;
    if v_call_id is null then
      -- The call exists but its content was erased (retention or a deletion request): keep it erased.
      select c.id into v_call_id from public.call_logs c
      where c.org_id = p_org_id and c.provider = v_provider and c.provider_call_id = p_call ->> 'provider_call_id';
      v_recording := null;
    end if;
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

-- ---------------------------------------------------------------- the admin's call detail: erasure and hold state
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
      'cost_breakdown', v_call.cost_breakdown,
      'recording_erased_at', v_call.recording_erased_at, 'content_erased_at', v_call.content_erased_at,
      'legal_hold_at', v_call.legal_hold_at
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
