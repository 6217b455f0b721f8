-- Observability (issue 19): security alerting counted in the database, and the per-org pipeline
-- numbers the metrics endpoint reads. Both are platform-only: no user privileges, service role only.

-- One row per (kind, source, fixed window). A source is who the signal is about: `user:<id>` for a
-- signed-in prober, `org:<id>` for webhook failures against an org, `ip:<address>` when nobody is
-- known (forged tokens). No org_id column: a forged token belongs to no org; org-attributable alerts
-- go to security_audit_log (the platform's security log) with their org.
create table public.security_alert_windows (
  kind text not null check (kind in ('foreign_id_probe', 'invalid_token', 'webhook_auth_failure')),
  source text not null check (length(source) between 1 and 200),
  window_start timestamptz not null,
  window_seconds integer not null check (window_seconds between 1 and 86400),
  attempts integer not null check (attempts > 0),
  threshold integer not null check (threshold > 0),
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  alerted_at timestamptz,
  -- The security_audit_log row of the alert, whose details.count follows the window's attempts.
  alert_log_id bigint references public.security_audit_log (id) on delete set null,
  primary key (kind, source, window_start)
);
-- For pruning old windows and for "alerts of the last day".
create index security_alert_windows_start_idx on public.security_alert_windows (window_start);

alter table public.security_alert_windows enable row level security;
alter table public.security_alert_windows force row level security;

create policy security_alert_windows_select_nobody on public.security_alert_windows for select to authenticated
  using (false);
create policy security_alert_windows_insert_nobody on public.security_alert_windows for insert to authenticated
  with check (false);
create policy security_alert_windows_update_nobody on public.security_alert_windows for update to authenticated
  using (false) with check (false);
create policy security_alert_windows_delete_nobody on public.security_alert_windows for delete to authenticated
  using (false);

grant select, insert, update, delete on public.security_alert_windows to service_role;

-- Counts one signal in its window, atomically (one upsert: concurrent calls each get their own
-- count), and says whether this call is the one that reached the threshold: exactly one call per
-- window and source does, so the alert goes out at most once per window per source. From then on
-- the alert's security_audit_log row carries the window's running count.
create function public.record_security_signal(
  p_kind text,
  p_source text,
  p_org_id uuid,
  p_route text,
  p_window_seconds integer,
  p_threshold integer
)
returns table (attempts integer, window_start timestamptz, alert boolean)
language plpgsql
set search_path = ''
as $$
declare
  v_start timestamptz := to_timestamp(floor(extract(epoch from now()) / p_window_seconds) * p_window_seconds);
  v_attempts integer;
  v_log_id bigint;
begin
  if p_window_seconds is null or p_window_seconds < 1 or p_threshold is null or p_threshold < 1 then
    raise exception 'window and threshold must be positive';
  end if;
  insert into public.security_alert_windows as w (kind, source, window_start, window_seconds, attempts, threshold)
  values (p_kind, p_source, v_start, p_window_seconds, 1, p_threshold)
  on conflict on constraint security_alert_windows_pkey
  do update set attempts = w.attempts + 1, last_seen_at = now()
  returning w.attempts, w.alert_log_id into v_attempts, v_log_id;

  if v_attempts = p_threshold then
    if p_org_id is not null then
      insert into public.security_audit_log (org_id, event, route, details)
      values (p_org_id, 'security_alert', coalesce(p_route, '-'), jsonb_build_object(
        'kind', p_kind, 'source', p_source, 'count', v_attempts, 'threshold', p_threshold,
        'window_start', v_start, 'window_seconds', p_window_seconds))
      returning id into v_log_id;
    end if;
    update public.security_alert_windows w set alerted_at = now(), alert_log_id = v_log_id
    where w.kind = p_kind and w.source = p_source and w.window_start = v_start;
  elsif v_attempts > p_threshold and v_log_id is not null then
    update public.security_audit_log l set details = jsonb_set(l.details, '{count}', to_jsonb(v_attempts))
    where l.id = v_log_id and l.org_id = p_org_id;
  end if;

  return query select v_attempts, v_start, v_attempts = p_threshold;
end;
$$;
revoke all on function public.record_security_signal(text, text, uuid, text, integer, integer) from public, anon, authenticated;
grant execute on function public.record_security_signal(text, text, uuid, text, integer, integer) to service_role;

-- Per-org recording pipeline numbers for the metrics endpoint: queue items by status, the age of the
-- oldest pending item, retries waiting and dead letters. One grouped scan per table, every org.
create function public.org_pipeline_stats()
returns table (
  org_id uuid,
  queue_pending bigint,
  queue_processing bigint,
  queue_failed bigint,
  oldest_pending_seconds double precision,
  retries_waiting bigint,
  dead_letters bigint
)
language sql
stable
set search_path = ''
as $$
  with q as (
    select q.org_id,
           count(*) filter (where q.status = 'pending') as pending,
           count(*) filter (where q.status = 'processing') as processing,
           count(*) filter (where q.status = 'failed') as failed,
           extract(epoch from now() - min(q.created_at) filter (where q.status = 'pending'))::double precision as oldest
    from public.recording_upload_queue q
    where q.status in ('pending', 'processing', 'failed')
    group by q.org_id
  ), f as (
    select f.org_id,
           count(*) filter (where f.resolved_at is null and f.dead_lettered_at is null) as waiting,
           count(*) filter (where f.resolved_at is null and f.dead_lettered_at is not null) as dead
    from public.failed_recording_uploads f
    group by f.org_id
  )
  select o.id,
         coalesce(q.pending, 0), coalesce(q.processing, 0), coalesce(q.failed, 0), coalesce(q.oldest, 0),
         coalesce(f.waiting, 0), coalesce(f.dead, 0)
  from public.organizations o
  left join q on q.org_id = o.id
  left join f on f.org_id = o.id
  order by o.id;
$$;
revoke all on function public.org_pipeline_stats() from public, anon, authenticated;
grant execute on function public.org_pipeline_stats() to service_role;
