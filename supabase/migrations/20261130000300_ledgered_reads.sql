-- The role boundary and the access ledger, in the database.
-- Staff (and admins) read list fields of their org's calls, nothing more, on every path. Transcript,
-- summary, lead and campaign, pipeline state and the recording are reachable only through
-- open_call() and open_recording(): admins only, and each writes its access_log row in the same
-- transaction as the read, so the ledger cannot be skipped. Users no longer read recordings at
-- Storage at all: the server signs a 5-minute URL with the service role after open_recording().
-- The user-facing search covers list fields only (names, agent, numbers): searching transcripts
-- would tell staff what the transcripts say.

-- ---------------------------------------------------------------- list fields
alter table public.call_logs
  add column has_recording boolean generated always as (recording_storage_path is not null) stored,
  add column list_search tsvector generated always as (
    to_tsvector('simple'::regconfig, coalesce(contact_name, '') || ' ' || coalesce(agent_name, ''))
  ) stored;
create index call_logs_list_search_idx on public.call_logs using gin (list_search);

revoke select (transcript, summary, search_vector, recording_storage_path, provider, provider_call_id, lead_id, campaign_id)
  on public.call_logs from authenticated;
grant select (has_recording, list_search) on public.call_logs to authenticated;

-- Pipeline state: admins see it in open_call(); nobody reads the tables directly.
revoke select (
  id, org_id, call_id, status, attempts, processing_started_at, lease_expires_at, last_error, completed_at,
  created_at, updated_at
) on public.recording_upload_queue from authenticated;
revoke select on public.failed_recording_uploads from authenticated;

-- ---------------------------------------------------------------- access ledger
-- Its bigint id comes from one platform-wide sequence, which would tell an admin how much every
-- other org reads: users see a random per-entry id instead.
alter table public.access_log add column entry_id uuid not null default gen_random_uuid();
create unique index access_log_entry_id_key on public.access_log (entry_id);
create index access_log_org_created_entry_idx on public.access_log (org_id, created_at desc, entry_id desc);
revoke select on public.access_log from authenticated;
grant select (entry_id, org_id, actor_user_id, actor_email, action, call_id, created_at) on public.access_log to authenticated;

-- ---------------------------------------------------------------- recordings at Storage
-- No user reads or signs recording objects directly (a signed URL of any lifetime, with no ledger row).
drop policy call_recordings_select_admin on storage.objects;

-- ---------------------------------------------------------------- ledgered reads
-- Shared checks: the caller's org (null: nothing), and admins only. A staff caller is refused before
-- any lookup, so the answer never depends on whether the id exists; an admin gets null for a foreign
-- and a random id alike, with no write in either case.
create function public.open_call(p_call_id uuid) returns jsonb
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
      'has_recording', v_call.recording_storage_path is not null
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

-- The stored recording's path, exactly {org_id}/{call_id}.{ext}, after its ledger row; null when
-- the call has none (or is not the org's). The server then signs it for at most 5 minutes.
create function public.open_recording(p_call_id uuid) returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_path text;
begin
  if v_org is null then
    return null;
  end if;
  if public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can play recordings.';
  end if;
  select c.recording_storage_path into v_path from public.call_logs c where c.org_id = v_org and c.id = p_call_id;
  if v_path is null or v_path !~ ('^' || v_org::text || '/' || p_call_id::text || '\.[a-z0-9]{2,5}$') then
    return null;
  end if;
  insert into public.access_log (org_id, actor_user_id, actor_email, action, call_id)
  values (v_org, auth.uid(), nullif(auth.jwt() ->> 'email', ''), 'recording.url_issued', p_call_id);
  return v_path;
end
$$;

grant execute on function public.open_call(uuid) to authenticated;
grant execute on function public.open_recording(uuid) to authenticated;
