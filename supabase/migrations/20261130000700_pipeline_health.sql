-- Pipeline health for org admins (issue 14, point 3): how many of the org's recordings are pending,
-- retrying, dead-lettered and stored; the dead letters with their coarse reason; re-queue one or all.
--
-- The pipeline tables stay closed to users. Both functions are SECURITY DEFINER, take the org from the
-- token (public.auth_org_id()), refuse anyone but an admin with PT403 'forbidden' before any lookup,
-- and filter every statement by that org. failed_recording_uploads.error holds coarse codes only
-- (lib/recordings/errors.ts), so the reason shown says nothing about hosts or internals.
--
-- Re-queue is idempotent: it acts only on rows that are dead-lettered and unresolved, and in the same
-- statement resolves them and puts their queue item back to pending (attempts reset, so the lease
-- reclaimer does not dead-letter it again at once). Re-queuing the same dead letter twice queues it
-- once; the second call finds nothing and returns 0. Each call that re-queued something leaves one
-- row in the org's audit trail (public.org_audit()) naming the calls.

-- Counts by state, one scan per table over the org's index prefix:
--   pending       queue items pending or processing that are not in a failure cycle
--   retrying      failures waiting for (or in) a retry
--   dead_lettered failures that gave up and were not re-queued or resolved
--   stored        calls whose recording is in Storage
create function public.pipeline_health() returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
begin
  if v_org is null or public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can see the pipeline health.';
  end if;
  return jsonb_build_object(
    'counts', jsonb_build_object(
      'pending', (
        select count(*) from public.recording_upload_queue q
        where q.org_id = v_org and q.status in ('pending', 'processing')
          and not exists (select 1 from public.failed_recording_uploads f
                          where f.org_id = v_org and f.call_id = q.call_id and f.resolved_at is null)
      ),
      'retrying', (
        select count(*) from public.failed_recording_uploads f
        where f.org_id = v_org and f.resolved_at is null and f.dead_lettered_at is null
      ),
      'dead_lettered', (
        select count(*) from public.failed_recording_uploads f
        where f.org_id = v_org and f.resolved_at is null and f.dead_lettered_at is not null
      ),
      'stored', (
        select count(*) from public.call_logs c
        where c.org_id = v_org and c.recording_storage_path is not null
      )
    ),
    'dead_letters', coalesce((
      select jsonb_agg(jsonb_build_object('id', d.id, 'call_id', d.call_id, 'error', d.error, 'retry_count', d.retry_count,
                                          'attempts', d.attempts, 'dead_lettered_at', d.dead_lettered_at, 'call_started_at', d.started_at)
                       order by d.dead_lettered_at desc, d.id)
      from (
        -- The reason is a coarse code whatever the row holds: older rows and the lease reclaimer
        -- wrote sentences; anything that is not a bare code is shown as its class only.
        select f.id, f.call_id,
               case when f.error ~ '^[a-z_]{1,64}$' then f.error
                    when f.error like 'lease expired%' then 'lease_expired'
                    else 'download_failed' end as error,
               f.retry_count, q.attempts, f.dead_lettered_at, c.started_at
        from public.failed_recording_uploads f
        join public.call_logs c on c.org_id = f.org_id and c.id = f.call_id
        left join public.recording_upload_queue q on q.org_id = f.org_id and q.call_id = f.call_id
        where f.org_id = v_org and f.resolved_at is null and f.dead_lettered_at is not null
        order by f.dead_lettered_at desc, f.id
        limit 100
      ) d
    ), '[]'::jsonb)
  );
end
$$;

-- Re-queues one dead letter of the caller's org (p_dead_letter_id), or all of them (null). Returns
-- the call ids it queued again (empty when there was nothing to do: a foreign, random or already
-- re-queued id answers exactly alike).
create function public.requeue_dead_letters(p_dead_letter_id uuid default null) returns uuid[]
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_calls uuid[];
begin
  if v_org is null or public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can re-queue recordings.';
  end if;
  with dead as (
    select f.id, f.call_id
    from public.failed_recording_uploads f
    where f.org_id = v_org
      and f.resolved_at is null
      and f.dead_lettered_at is not null
      and (p_dead_letter_id is null or f.id = p_dead_letter_id)
    for update of f
  ),
  resolved as (
    update public.failed_recording_uploads f
    set resolved_at = now(), next_retry_at = null, updated_at = now()
    from dead
    where f.org_id = v_org and f.id = dead.id
    returning f.call_id
  ),
  requeued as (
    update public.recording_upload_queue q
    set status = 'pending', attempts = 0, last_error = null, lease_token = null, lease_expires_at = null,
        processing_started_at = null, updated_at = now()
    from resolved
    where q.org_id = v_org and q.call_id = resolved.call_id and q.status = 'failed'
    returning q.call_id
  )
  select coalesce(array_agg(r.call_id order by r.call_id), '{}') into v_calls from resolved r;

  if cardinality(v_calls) > 0 then
    perform public.org_audit(v_org, 'recording.requeued', coalesce(p_dead_letter_id::text, 'all'),
                             jsonb_build_object('call_ids', to_jsonb(v_calls)));
  end if;
  return v_calls;
end
$$;

revoke execute on function public.pipeline_health() from public, anon;
revoke execute on function public.requeue_dead_letters(uuid) from public, anon;
grant execute on function public.pipeline_health() to authenticated;
grant execute on function public.requeue_dead_letters(uuid) to authenticated;
