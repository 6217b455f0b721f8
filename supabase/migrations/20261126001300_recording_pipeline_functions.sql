-- The recording pipeline's database side. Every state change that must be atomic (a call and its
-- queue item; a claim; a completion and the call's storage path) is one function = one transaction.
-- All functions: service role only, search_path pinned, every statement filtered by p_org_id.
-- Claims take a lease (token + expiry); completion and failure are conditional on the token, so a
-- worker whose lease was reclaimed changes nothing.

-- ------------------------------------------------------------------ ingest
-- Stores one end-of-call report for p_org_id (the org whose webhook secret verified the request).
-- Idempotent twice over: on the delivery's webhook-id and on (org, provider, provider_call_id).
-- p_call carries call_logs columns; org_id, id and anything unknown in it are ignored. Lead and
-- campaign ids are kept only if they name rows of p_org_id.
create function public.ingest_call_report(p_org_id uuid, p_webhook_id text, p_call jsonb)
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
  v_queued boolean := false;
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
    provider, provider_call_id, recording_url
  )
  select
    p_org_id, r.call_type, r.status, coalesce(r.from_number, ''), coalesce(r.to_number, ''), r.contact_name,
    v_lead, v_campaign, r.agent_name, r.started_at, r.ended_at, coalesce(r.duration_seconds, 0), r.ended_reason,
    coalesce(r.cost, 0), r.summary, r.sentiment, coalesce(r.transcript, '[]'::jsonb),
    coalesce(nullif(r.provider, ''), 'voice'), r.provider_call_id, v_recording
  from jsonb_populate_record(null::public.call_logs, p_call) r
  on conflict (org_id, provider, provider_call_id) do nothing
  returning id into v_call_id;

  if v_call_id is null then
    -- Same provider call delivered under another webhook-id: one call row.
    select c.id into v_call_id from public.call_logs c
    where c.org_id = p_org_id
      and c.provider = coalesce(nullif(p_call ->> 'provider', ''), 'voice')
      and c.provider_call_id = p_call ->> 'provider_call_id';
    update public.webhook_deliveries d set call_id = v_call_id
    where d.org_id = p_org_id and d.webhook_id = p_webhook_id;
    return query select v_call_id, true, false;
    return;
  end if;

  if v_recording is not null then
    insert into public.recording_upload_queue (org_id, call_id, recording_url)
    values (p_org_id, v_call_id, v_recording)
    on conflict do nothing;
    v_queued := found;
  end if;
  update public.webhook_deliveries d set call_id = v_call_id
  where d.org_id = p_org_id and d.webhook_id = p_webhook_id;
  return query select v_call_id, false, v_queued;
end
$$;

-- ------------------------------------------------------------------ claim
-- Claims up to p_limit pending items of p_org_id (or only p_call_id's item) with a lease.
-- FOR UPDATE SKIP LOCKED: concurrent claimers never get the same row and never wait on each other.
-- The join on call_logs by (org_id, call_id) means an item whose call is not the org's is never
-- claimed (the composite FK already forbids it; this holds even if the FK were bypassed).
create function public.claim_upload_batch(p_org_id uuid, p_limit integer, p_lease_seconds integer, p_call_id uuid default null)
returns table (queue_id uuid, call_id uuid, recording_url text, attempts integer, lease_token uuid, lease_expires_at timestamptz)
language sql
set search_path = ''
as $$
  with picked as (
    select q.id
    from public.recording_upload_queue q
    join public.call_logs c on c.org_id = q.org_id and c.id = q.call_id
    where q.org_id = p_org_id
      and q.status = 'pending'
      and (p_call_id is null or q.call_id = p_call_id)
    order by q.created_at, q.id
    limit least(greatest(coalesce(p_limit, 1), 1), 100)
    for update of q skip locked
  )
  update public.recording_upload_queue q
  set status = 'processing',
      attempts = q.attempts + 1,
      processing_started_at = now(),
      lease_expires_at = now() + make_interval(secs => least(greatest(coalesce(p_lease_seconds, 300), 1), 3600)),
      lease_token = gen_random_uuid(),
      updated_at = now()
  from picked
  where q.org_id = p_org_id and q.id = picked.id
  returning q.id, q.call_id, q.recording_url, q.attempts, q.lease_token, q.lease_expires_at
$$;

-- ------------------------------------------------------------------ complete
-- Marks the item done and points the call at its stored recording, only if the caller still holds
-- the lease. Returns false (and changes nothing) for a stale token: a late worker is harmless.
create function public.complete_upload(p_org_id uuid, p_queue_id uuid, p_lease_token uuid, p_path text)
returns boolean
language plpgsql
set search_path = ''
as $$
declare
  v_call_id uuid;
begin
  if p_path is null or left(p_path, 37) <> p_org_id::text || '/' then
    raise exception 'storage path must be under the organization prefix' using errcode = '22023';
  end if;
  update public.recording_upload_queue q
  set status = 'completed', completed_at = now(), lease_token = null, lease_expires_at = null,
      last_error = null, updated_at = now()
  where q.org_id = p_org_id and q.id = p_queue_id and q.status = 'processing' and q.lease_token = p_lease_token
  returning q.call_id into v_call_id;
  if v_call_id is null then
    return false;
  end if;
  update public.call_logs c set recording_storage_path = p_path
  where c.org_id = p_org_id and c.id = v_call_id;
  update public.failed_recording_uploads f set resolved_at = now(), next_retry_at = null, updated_at = now()
  where f.org_id = p_org_id and f.call_id = v_call_id and f.resolved_at is null;
  return true;
end
$$;

-- ------------------------------------------------------------------ fail
-- Records a failed attempt, only if the caller still holds the lease. The first failure of a cycle
-- opens a failed_recording_uploads row (retry_count 0); a failed retry (retry_count was raised when
-- it was claimed) schedules the next one or, at max_retries, dead-letters it.
-- p_retry_delays[k] is the delay in seconds before retry k (backoff with jitter, computed by the caller).
create function public.fail_upload(p_org_id uuid, p_queue_id uuid, p_lease_token uuid, p_error text, p_retry_delays double precision[])
returns table (retry_count integer, next_retry_at timestamptz, dead_lettered boolean)
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_call_id uuid;
  v_failed public.failed_recording_uploads;
  v_error text := left(coalesce(p_error, 'unknown error'), 2000);
  v_n integer := coalesce(array_length(p_retry_delays, 1), 0);
begin
  update public.recording_upload_queue q
  set status = 'failed', last_error = v_error, lease_token = null, lease_expires_at = null, updated_at = now()
  where q.org_id = p_org_id and q.id = p_queue_id and q.status = 'processing' and q.lease_token = p_lease_token
  returning q.call_id into v_call_id;
  if v_call_id is null then
    return;
  end if;

  select * into v_failed from public.failed_recording_uploads f
  where f.org_id = p_org_id and f.call_id = v_call_id
  for update;

  if v_failed.id is null or v_failed.resolved_at is not null or v_failed.dead_lettered_at is not null then
    -- A new failure cycle.
    insert into public.failed_recording_uploads as f (org_id, call_id, queue_id, error, retry_count, next_retry_at)
    values (p_org_id, v_call_id, p_queue_id, v_error, 0,
            now() + make_interval(secs => coalesce(p_retry_delays[1], 60)))
    on conflict (org_id, call_id) do update
      set queue_id = excluded.queue_id, error = excluded.error, retry_count = 0,
          next_retry_at = excluded.next_retry_at, resolved_at = null, dead_lettered_at = null, updated_at = now()
    returning * into v_failed;
  elsif v_failed.retry_count >= v_failed.max_retries then
    update public.failed_recording_uploads f
    set error = v_error, next_retry_at = null, dead_lettered_at = now(), updated_at = now()
    where f.org_id = p_org_id and f.id = v_failed.id
    returning * into v_failed;
  else
    update public.failed_recording_uploads f
    set error = v_error, updated_at = now(),
        next_retry_at = now() + make_interval(secs => coalesce(p_retry_delays[least(v_failed.retry_count + 1, greatest(v_n, 1))], 60))
    where f.org_id = p_org_id and f.id = v_failed.id
    returning * into v_failed;
  end if;
  return query select v_failed.retry_count, v_failed.next_retry_at, v_failed.dead_lettered_at is not null;
end
$$;

-- ------------------------------------------------------------------ retry
-- Claims failed uploads of p_org_id whose retry is due: raises retry_count and leases the queue
-- item again, in one statement. Filters failed_recording_uploads by its own org_id.
create function public.claim_retry_batch(p_org_id uuid, p_limit integer, p_lease_seconds integer)
returns table (queue_id uuid, call_id uuid, recording_url text, attempts integer, lease_token uuid, lease_expires_at timestamptz, retry_count integer)
language sql
set search_path = ''
as $$
  with due as (
    select f.id as failed_id, q.id as queue_id
    from public.failed_recording_uploads f
    join public.recording_upload_queue q on q.org_id = f.org_id and q.call_id = f.call_id
    join public.call_logs c on c.org_id = f.org_id and c.id = f.call_id
    where f.org_id = p_org_id
      and f.resolved_at is null
      and f.dead_lettered_at is null
      and f.next_retry_at <= now()
      and f.retry_count < f.max_retries
      and q.status = 'failed'
    order by f.next_retry_at, f.id
    limit least(greatest(coalesce(p_limit, 1), 1), 100)
    for update of f, q skip locked
  ),
  bumped as (
    update public.failed_recording_uploads f
    set retry_count = f.retry_count + 1, next_retry_at = null, updated_at = now()
    from due
    where f.org_id = p_org_id and f.id = due.failed_id
    returning f.id as failed_id, f.retry_count
  )
  update public.recording_upload_queue q
  set status = 'processing',
      attempts = q.attempts + 1,
      processing_started_at = now(),
      lease_expires_at = now() + make_interval(secs => least(greatest(coalesce(p_lease_seconds, 300), 1), 3600)),
      lease_token = gen_random_uuid(),
      updated_at = now()
  from due join bumped on bumped.failed_id = due.failed_id
  where q.org_id = p_org_id and q.id = due.queue_id
  returning q.id, q.call_id, q.recording_url, q.attempts, q.lease_token, q.lease_expires_at, bumped.retry_count
$$;

-- ------------------------------------------------------------------ reclaim
-- Items of p_org_id whose lease expired (the worker crashed or overran) go back to pending with
-- their attempts kept and the token cleared, so the old worker's completion updates nothing.
-- An item that has already used p_max_attempts leases is dead-lettered instead of looping forever.
create function public.reclaim_expired_uploads(p_org_id uuid, p_max_attempts integer)
returns table (queue_id uuid, call_id uuid, attempts integer, status text)
language sql
set search_path = ''
as $$
  with expired as (
    select q.id
    from public.recording_upload_queue q
    where q.org_id = p_org_id and q.status = 'processing' and q.lease_expires_at < now()
    for update skip locked
  ),
  released as (
    update public.recording_upload_queue q
    set status = case when q.attempts >= p_max_attempts then 'failed' else 'pending' end,
        last_error = case when q.attempts >= p_max_attempts
                          then 'lease expired after ' || q.attempts || ' attempts; giving up'
                          else coalesce(q.last_error, 'lease expired; requeued') end,
        lease_token = null, lease_expires_at = null, processing_started_at = null, updated_at = now()
    from expired
    where q.org_id = p_org_id and q.id = expired.id
    returning q.id, q.call_id, q.attempts, q.status, q.last_error
  ),
  dead as (
    insert into public.failed_recording_uploads as f (org_id, call_id, queue_id, error, retry_count, dead_lettered_at)
    select p_org_id, r.call_id, r.id, r.last_error, 0, now() from released r where r.status = 'failed'
    on conflict (org_id, call_id) do update
      set error = excluded.error, next_retry_at = null, dead_lettered_at = now(), resolved_at = null, updated_at = now()
    returning f.id
  )
  select r.id, r.call_id, r.attempts, r.status from released r
$$;

-- ------------------------------------------------------------------ orphans
-- Which of p_paths (storage object names) no call of p_org_id references. Paths outside the org's
-- prefix are never returned, so a caller bug cannot turn into deleting another org's objects.
-- An object whose call still has an upload in flight ({org}/{call_id}.{ext}, queue item pending or
-- processing) is not an orphan either: a worker may be about to point the call at it.
create function public.unreferenced_recording_paths(p_org_id uuid, p_paths text[])
returns setof text
language sql
stable
set search_path = ''
as $$
  select p
  from unnest(p_paths) as p
  where left(p, 37) = p_org_id::text || '/'
    and not exists (
      select 1 from public.call_logs c
      where c.org_id = p_org_id and c.recording_storage_path = p
    )
    and not exists (
      select 1 from public.recording_upload_queue q
      where q.org_id = p_org_id
        and q.status in ('pending', 'processing')
        and q.call_id = case
          when split_part(split_part(p, '/', 2), '.', 1) ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
          then split_part(split_part(p, '/', 2), '.', 1)::uuid
        end
    )
$$;

-- Service role only. (Default privileges grant execute to the API roles; take it back.)
revoke execute on function public.ingest_call_report(uuid, text, jsonb) from public, anon, authenticated;
revoke execute on function public.claim_upload_batch(uuid, integer, integer, uuid) from public, anon, authenticated;
revoke execute on function public.complete_upload(uuid, uuid, uuid, text) from public, anon, authenticated;
revoke execute on function public.fail_upload(uuid, uuid, uuid, text, double precision[]) from public, anon, authenticated;
revoke execute on function public.claim_retry_batch(uuid, integer, integer) from public, anon, authenticated;
revoke execute on function public.reclaim_expired_uploads(uuid, integer) from public, anon, authenticated;
revoke execute on function public.unreferenced_recording_paths(uuid, text[]) from public, anon, authenticated;
grant execute on function public.ingest_call_report(uuid, text, jsonb) to service_role;
grant execute on function public.claim_upload_batch(uuid, integer, integer, uuid) to service_role;
grant execute on function public.complete_upload(uuid, uuid, uuid, text) to service_role;
grant execute on function public.fail_upload(uuid, uuid, uuid, text, double precision[]) to service_role;
grant execute on function public.claim_retry_batch(uuid, integer, integer) to service_role;
grant execute on function public.reclaim_expired_uploads(uuid, integer) to service_role;
grant execute on function public.unreferenced_recording_paths(uuid, text[]) to service_role;
