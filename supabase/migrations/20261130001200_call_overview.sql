-- The analytics overview (issue 15, points 1-2): the org's time zone, per-day rollups of its calls
-- kept up to date as calls arrive, and one function that answers the whole overview.
--
-- Time zone: organizations.time_zone, an IANA region name or 'UTC' (no abbreviations such as 'EST',
-- no POSIX strings such as 'UTC+3': their meaning is not the place's). Admins change it through
-- set_org_time_zone() (PT403 for staff, audited); every member reads it through org_time_zone().
--
-- Rollups: call_rollups holds, per org, zone, local day, direction, dimension and key, the calls,
-- seconds, cost and succeeded counts of the calls that started on that local day. A local day/hour is
-- `started_at at time zone <zone>`, so daylight saving is right by construction (the fall-back day
-- has 25 hours, its 01:00 hour two hours of calls). A statement trigger on call_logs applies each
-- statement's changes (old rows negatively, new rows positively) in ONE upsert whose rows are sorted
-- by key, so concurrent webhooks lock rollup rows in the same order (no deadlock) and add rather than
-- overwrite (no lost update). Rows whose counts fall to zero stay (zeros are harmless; removing them
-- would race with a concurrent insert of the same key).
--
-- A zone change makes the rollups stale: organizations.rollups_time_zone is the zone they are
-- complete in. Until it equals time_zone, call_overview() counts from call_logs directly (exact,
-- slower). rebuild_call_rollups(org) (service role) builds the new zone's rows in chunks of about
-- 50,000 calls (each chunk one short statement, inside the hosted 8 s statement timeout that the
-- service role gets through PostgREST); meanwhile the trigger maintains both zones, and each chunk
-- replaces its days under the org row's lock (FOR UPDATE; writers take FOR KEY SHARE), so a chunk
-- and a concurrent webhook never miss each other. The last chunk switches rollups_time_zone.

-- ---------------------------------------------------------------- the org's time zone
-- The format check is immutable; whether the zone exists (pg_timezone_names) is checked by
-- set_org_time_zone(), as the list of zones is the server's, not a constant.
alter table public.organizations
  add column time_zone text not null default 'UTC'
    constraint organizations_time_zone_region
    check (time_zone = 'UTC' or time_zone ~ '^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$'),
  -- The zone call_rollups is complete in; differs from time_zone while a rebuild is due or running.
  add column rollups_time_zone text not null default 'UTC',
  -- A rebuild in progress: the zone it builds, and the local days [next, to] it still has to do.
  add column rollups_building_zone text,
  add column rollups_build_next date,
  add column rollups_build_to date;

-- True for the zones an org may choose: the server's IANA region names (Europe/Berlin,
-- America/Argentina/Buenos_Aires, …) and 'UTC'.
create function public.is_org_time_zone(p_zone text) returns boolean
language sql
stable
set search_path = ''
as $$
  select p_zone is not null
    and (p_zone = 'UTC'
         or (p_zone ~ '^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$'
             and exists (select 1 from pg_catalog.pg_timezone_names z where z.name = p_zone)))
$$;

-- ---------------------------------------------------------------- rollups
create table public.call_rollups (
  org_id uuid not null references public.organizations (id) on delete cascade,
  time_zone text not null,
  local_day date not null,
  direction text not null check (direction in ('inbound', 'outbound')),
  -- total: key null · status · ended_reason · success ('true' | 'false' | null) · sentiment ·
  -- agent (agent_name) · hour (local hour '0'-'23'; the weekday follows from local_day)
  dimension text not null check (dimension in ('total', 'status', 'ended_reason', 'success', 'sentiment', 'agent', 'hour')),
  key text,
  calls bigint not null default 0,
  seconds bigint not null default 0,
  cost numeric not null default 0,
  succeeded bigint not null default 0,
  constraint call_rollups_key unique nulls not distinct (org_id, time_zone, local_day, direction, dimension, key)
);

alter table public.call_rollups enable row level security;
alter table public.call_rollups force row level security;
revoke all on public.call_rollups from anon, authenticated;
-- Every number derives from list fields, so staff may read them as admins do. Only the trigger and
-- rebuild_call_rollups() write.
create policy call_rollups_select_member on public.call_rollups for select to authenticated
  using (org_id = (select public.auth_org_id()));
create policy call_rollups_insert_nobody on public.call_rollups for insert to authenticated
  with check (false);
create policy call_rollups_update_nobody on public.call_rollups for update to authenticated
  using (false) with check (false);
create policy call_rollups_delete_nobody on public.call_rollups for delete to authenticated
  using (false);
grant select on public.call_rollups to authenticated;
grant select on public.call_rollups to service_role;

-- One org's rollup rows for zone p_zone, counted from call_logs: the local days [p_from, p_to]
-- (null: unbounded). The same definition serves the rebuild and the overview's exact path; it runs
-- with the caller's rights (RLS applies to a signed-in caller). plpgsql, not SQL: a set-returning
-- SQL function a user may call could be inlined into a planned count (request-gate.test.ts).
create function public.call_rollup_rows(p_org_id uuid, p_zone text, p_from date, p_to date)
returns table (local_day date, direction text, dimension text, key text, calls bigint, seconds bigint, cost numeric, succeeded bigint)
language plpgsql
stable
set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
  select l.local_day, c.call_type, d.dimension, d.key,
         count(*), sum(c.duration_seconds)::bigint, sum(c.cost), count(*) filter (where c.succeeded is true)
  from public.call_logs c
  cross join lateral (select c.started_at at time zone p_zone as ts) t
  cross join lateral (select t.ts::date as local_day) l
  cross join lateral (values
    ('total', null::text), ('status', c.status), ('ended_reason', c.ended_reason), ('success', c.succeeded::text),
    ('sentiment', c.sentiment), ('agent', c.agent_name), ('hour', extract(hour from t.ts)::int::text)
  ) d (dimension, key)
  where c.org_id = p_org_id
    -- A day's span in UTC is within a day either side of its local bounds; the exact test follows.
    and (p_from is null or c.started_at >= (p_from - 1)::timestamp at time zone 'UTC')
    and (p_to is null or c.started_at < (p_to + 2)::timestamp at time zone 'UTC')
    and (p_from is null or l.local_day >= p_from)
    and (p_to is null or l.local_day <= p_to)
  group by 1, 2, 3, 4;
end
$$;

-- A statement's changes to call_logs, one row per changed call with its sign (+1 new, -1 old).
create type public.call_rollup_change as (
  org_id uuid, started_at timestamptz, call_type text, status text, ended_reason text, sentiment text,
  agent_name text, succeeded boolean, duration_seconds integer, cost numeric, sign integer
);

-- Applies changes to the rollups of every zone the org maintains (the complete one and, during a
-- rebuild, the one being built), in one upsert sorted by key.
create function public.apply_call_rollup_changes(p_changes public.call_rollup_change[]) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if cardinality(p_changes) = 0 then
    return;
  end if;
  -- Waits for a running rebuild chunk of these orgs (FOR UPDATE) and holds it off until commit.
  perform 1 from public.organizations o
  where o.id in (select distinct c.org_id from unnest(p_changes) c)
  order by o.id
  for key share;

  insert into public.call_rollups as r (org_id, time_zone, local_day, direction, dimension, key, calls, seconds, cost, succeeded)
  select c.org_id, z.zone, (c.started_at at time zone z.zone)::date, c.call_type, d.dimension, d.key,
         sum(c.sign), sum(c.sign * c.duration_seconds), sum(c.sign * c.cost), sum(c.sign * (c.succeeded is true)::int)
  from unnest(p_changes) c
  -- An org deleted in this transaction (cascade) is invisible here: its rows go with it.
  join public.organizations o on o.id = c.org_id
  cross join lateral (select o.rollups_time_zone union select o.rollups_building_zone where o.rollups_building_zone is not null) z (zone)
  cross join lateral (values
    ('total', null::text), ('status', c.status), ('ended_reason', c.ended_reason), ('success', c.succeeded::text),
    ('sentiment', c.sentiment), ('agent', c.agent_name),
    ('hour', extract(hour from c.started_at at time zone z.zone)::int::text)
  ) d (dimension, key)
  group by 1, 2, 3, 4, 5, 6
  having sum(c.sign) <> 0 or sum(c.sign * c.duration_seconds) <> 0 or sum(c.sign * c.cost) <> 0
      or sum(c.sign * (c.succeeded is true)::int) <> 0
  order by 1, 2, 3, 4, 5, 6
  on conflict on constraint call_rollups_key do update
    set calls = r.calls + excluded.calls,
        seconds = r.seconds + excluded.seconds,
        cost = r.cost + excluded.cost,
        succeeded = r.succeeded + excluded.succeeded;
end
$$;
revoke execute on function public.apply_call_rollup_changes(public.call_rollup_change[]) from public, anon, authenticated, service_role;

-- The statement trigger: collects the changed calls from the transition tables. An update that
-- changes nothing the rollups count (the recording pipeline's, an erasure of the transcript) adds none.
create function public.call_logs_rollups_trigger() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_changes public.call_rollup_change[];
begin
  if tg_op = 'INSERT' then
    select array_agg(row(n.org_id, n.started_at, n.call_type, n.status, n.ended_reason, n.sentiment, n.agent_name,
                         n.succeeded, n.duration_seconds, n.cost, 1)::public.call_rollup_change)
    into v_changes from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(row(o.org_id, o.started_at, o.call_type, o.status, o.ended_reason, o.sentiment, o.agent_name,
                         o.succeeded, o.duration_seconds, o.cost, -1)::public.call_rollup_change)
    into v_changes from old_rows o;
  else
    select array_agg(x.change) into v_changes
    from old_rows o
    join new_rows n on n.id = o.id
    cross join lateral (values
      (row(o.org_id, o.started_at, o.call_type, o.status, o.ended_reason, o.sentiment, o.agent_name,
           o.succeeded, o.duration_seconds, o.cost, -1)::public.call_rollup_change),
      (row(n.org_id, n.started_at, n.call_type, n.status, n.ended_reason, n.sentiment, n.agent_name,
           n.succeeded, n.duration_seconds, n.cost, 1)::public.call_rollup_change)
    ) x (change)
    where (o.org_id, o.started_at, o.call_type, o.status, o.ended_reason, o.sentiment, o.agent_name, o.succeeded, o.duration_seconds, o.cost)
          is distinct from
          (n.org_id, n.started_at, n.call_type, n.status, n.ended_reason, n.sentiment, n.agent_name, n.succeeded, n.duration_seconds, n.cost);
  end if;
  perform public.apply_call_rollup_changes(coalesce(v_changes, '{}'));
  return null;
end
$$;
revoke execute on function public.call_logs_rollups_trigger() from public, anon, authenticated, service_role;

create trigger call_logs_rollups_insert after insert on public.call_logs
  referencing new table as new_rows for each statement execute function public.call_logs_rollups_trigger();
create trigger call_logs_rollups_update after update on public.call_logs
  referencing old table as old_rows new table as new_rows for each statement execute function public.call_logs_rollups_trigger();
create trigger call_logs_rollups_delete after delete on public.call_logs
  referencing old table as old_rows for each statement execute function public.call_logs_rollups_trigger();

-- The calls already there: every org's rollups in UTC (the default zone), set-based.
insert into public.call_rollups (org_id, time_zone, local_day, direction, dimension, key, calls, seconds, cost, succeeded)
select o.id, 'UTC', r.local_day, r.direction, r.dimension, r.key, r.calls, r.seconds, r.cost, r.succeeded
from public.organizations o
cross join lateral public.call_rollup_rows(o.id, 'UTC', null, null) r;

-- ---------------------------------------------------------------- rebuild (service role)
-- One step of bringing p_org_id's rollups to its current zone: starts a build (or restarts it for a
-- newer zone), then replaces the rows of the next chunk of local days (about p_chunk_calls calls,
-- at least one day), and switches the org to the new zone after the last chunk. Call it until
-- 'ready' is true; 'busy' means another rebuild of the org is running (it will finish the work).
-- Returns null for an unknown org.
create function public.rebuild_call_rollups(p_org_id uuid, p_chunk_calls integer default 50000) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org public.organizations%rowtype;
  v_zone text;
  v_min timestamptz;
  v_max timestamptz;
  v_cut timestamptz;
  v_end date;
begin
  if p_chunk_calls is null or p_chunk_calls < 1 then
    raise exception 'p_chunk_calls must be positive' using errcode = '22023';
  end if;
  -- One rebuilder per org at a time: another caller (a second settings save, overviews counted from
  -- the calls) returns at once instead of queueing a connection behind the org row's lock.
  if not pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtextextended('call_rollups:' || p_org_id::text, 0)) then
    return jsonb_build_object('ready', false, 'busy', true);
  end if;
  -- Writers of this org's calls hold FOR KEY SHARE until they commit: past this line none is in flight.
  select * into v_org from public.organizations o where o.id = p_org_id for update;
  if not found then
    return null;
  end if;
  v_zone := v_org.time_zone;

  if v_org.rollups_time_zone = v_zone then
    -- Nothing due; drop an abandoned build (the zone was changed back).
    if v_org.rollups_building_zone is not null then
      delete from public.call_rollups r where r.org_id = p_org_id and r.time_zone <> v_zone;
      update public.organizations o
      set rollups_building_zone = null, rollups_build_next = null, rollups_build_to = null
      where o.id = p_org_id;
    end if;
    return jsonb_build_object('ready', true, 'time_zone', v_zone);
  end if;

  if v_org.rollups_building_zone is distinct from v_zone then
    -- Start: only the complete zone's rows stay. From here on the trigger keeps the new zone's rows
    -- of every change; the days that had calls already are replaced chunk by chunk below.
    delete from public.call_rollups r where r.org_id = p_org_id and r.time_zone <> v_org.rollups_time_zone;
    select min(c.started_at), max(c.started_at) into v_min, v_max from public.call_logs c where c.org_id = p_org_id;
    update public.organizations o
    set rollups_building_zone = v_zone,
        rollups_build_next = (v_min at time zone v_zone)::date,
        rollups_build_to = (v_max at time zone v_zone)::date
    where o.id = p_org_id
    returning * into v_org;
  end if;

  if v_org.rollups_build_next is not null and v_org.rollups_build_next <= v_org.rollups_build_to then
    -- The chunk ends the day before the day of the p_chunk_calls-th call after its start.
    select c.started_at into v_cut
    from public.call_logs c
    where c.org_id = p_org_id and c.started_at >= (v_org.rollups_build_next::timestamp at time zone v_zone)
    order by c.started_at
    offset p_chunk_calls limit 1;
    v_end := least(v_org.rollups_build_to,
                   greatest(v_org.rollups_build_next, coalesce((v_cut at time zone v_zone)::date - 1, v_org.rollups_build_to)));
    delete from public.call_rollups r
    where r.org_id = p_org_id and r.time_zone = v_zone and r.local_day between v_org.rollups_build_next and v_end;
    insert into public.call_rollups (org_id, time_zone, local_day, direction, dimension, key, calls, seconds, cost, succeeded)
    select p_org_id, v_zone, x.local_day, x.direction, x.dimension, x.key, x.calls, x.seconds, x.cost, x.succeeded
    from public.call_rollup_rows(p_org_id, v_zone, v_org.rollups_build_next, v_end) x
    order by 1, 2, 3, 4, 5, 6;
    update public.organizations o set rollups_build_next = v_end + 1 where o.id = p_org_id
    returning * into v_org;
  end if;

  if v_org.rollups_build_next is null or v_org.rollups_build_next > v_org.rollups_build_to then
    delete from public.call_rollups r where r.org_id = p_org_id and r.time_zone <> v_zone;
    update public.organizations o
    set rollups_time_zone = v_zone, rollups_building_zone = null, rollups_build_next = null, rollups_build_to = null
    where o.id = p_org_id;
    return jsonb_build_object('ready', true, 'time_zone', v_zone);
  end if;
  return jsonb_build_object('ready', false, 'time_zone', v_zone, 'next_day', v_org.rollups_build_next, 'last_day', v_org.rollups_build_to);
end
$$;
revoke execute on function public.rebuild_call_rollups(uuid, integer) from public, anon, authenticated;
grant execute on function public.rebuild_call_rollups(uuid, integer) to service_role;

-- ---------------------------------------------------------------- time zone (user's token)
-- Any member: the zone, and whether the overview reads rollups in it yet (the caller's rights:
-- members read their own organizations row).
create function public.org_time_zone() returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
begin
  if v_org is null then
    return null;
  end if;
  return (select jsonb_build_object('time_zone', o.time_zone, 'rollups_ready', o.rollups_time_zone = o.time_zone)
          from public.organizations o where o.id = v_org);
end
$$;

-- Admins only (PT403 before any lookup); an unknown zone is PT400 invalid_time_zone and writes
-- nothing. A change is audited; setting the current zone again changes nothing.
create function public.set_org_time_zone(p_time_zone text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_old text;
begin
  if v_org is null then
    return null;
  end if;
  if public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can change its time zone.';
  end if;
  if not public.is_org_time_zone(p_time_zone) then
    raise sqlstate 'PT400' using message = 'invalid_time_zone',
      detail = format('%s is not a time zone name. Use an IANA region name such as Europe/Berlin or America/New_York, or UTC.',
                      coalesce('"' || left(p_time_zone, 64) || '"', 'null'));
  end if;
  select o.time_zone into v_old from public.organizations o where o.id = v_org for no key update;
  if v_old is distinct from p_time_zone then
    update public.organizations o set time_zone = p_time_zone where o.id = v_org;
    perform public.org_audit(v_org, 'time_zone.changed', p_time_zone, jsonb_build_object('from', v_old, 'to', p_time_zone));
  end if;
  return (select jsonb_build_object('time_zone', o.time_zone, 'rollups_ready', o.rollups_time_zone = o.time_zone)
          from public.organizations o where o.id = v_org);
end
$$;

-- ---------------------------------------------------------------- the overview (user's token)
-- The whole overview of the caller's org as the API's CallOverview JSON, in one call. Runs with the
-- caller's rights: RLS (and the column grants: list fields only) apply on top of the org filter.
-- Period: local days [p_from, p_to] in the org's zone; missing bounds default to the 30 local days
-- ending today. Bad input is PT400 invalid_overview.
create function public.call_overview(p_from date default null, p_to date default null, p_direction text default 'all')
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_zone text;
  v_built text;
  v_from date;
  v_to date;
  v_source text;
begin
  if v_org is null then
    return null;
  end if;
  if p_direction is null or p_direction not in ('all', 'inbound', 'outbound') then
    raise sqlstate 'PT400' using message = 'invalid_overview', detail = 'direction must be all, inbound or outbound.';
  end if;
  select o.time_zone, o.rollups_time_zone into v_zone, v_built from public.organizations o where o.id = v_org;
  v_to := coalesce(p_to, (now() at time zone v_zone)::date);
  v_from := coalesce(p_from, v_to - 29);
  if v_from > v_to then
    raise sqlstate 'PT400' using message = 'invalid_overview', detail = format('from (%s) is after to (%s).', v_from, v_to);
  end if;
  if v_to - v_from + 1 > 366 then
    raise sqlstate 'PT400' using message = 'invalid_overview', detail = 'The period is longer than 366 days.';
  end if;
  v_source := case when v_built = v_zone then 'rollups' else 'calls' end;

  return (
    with facts as materialized (
      select r.local_day, r.dimension, r.key, r.calls, r.seconds, r.cost, r.succeeded
      from public.call_rollups r
      where v_source = 'rollups' and r.org_id = v_org and r.time_zone = v_zone
        and r.local_day between v_from and v_to
        and (p_direction = 'all' or r.direction = p_direction)
      union all
      select x.local_day, x.dimension, x.key, x.calls, x.seconds, x.cost, x.succeeded
      from public.call_rollup_rows(v_org, v_zone, v_from, v_to) x
      where v_source = 'calls' and (p_direction = 'all' or x.direction = p_direction)
    ),
    totals as (
      select coalesce(sum(f.calls), 0) as calls, coalesce(sum(f.seconds), 0) as seconds,
             coalesce(sum(f.cost), 0) as cost, coalesce(sum(f.succeeded), 0) as succeeded
      from facts f where f.dimension = 'total'
    ),
    days as (
      select f.local_day, sum(f.calls) as calls, sum(f.seconds) as seconds, sum(f.cost) as cost
      from facts f where f.dimension = 'total' group by f.local_day
    ),
    outcomes as (
      select f.dimension, f.key, sum(f.calls) as calls, sum(f.seconds) as seconds, sum(f.cost) as cost, sum(f.succeeded) as succeeded
      from facts f where f.dimension in ('status', 'ended_reason', 'success', 'sentiment', 'agent')
      group by f.dimension, f.key having sum(f.calls) > 0
    ),
    hours as (
      select extract(isodow from f.local_day)::int as weekday, f.key::int as hour, sum(f.calls) as calls
      from facts f where f.dimension = 'hour'
      group by 1, 2 having sum(f.calls) > 0
    )
    select jsonb_build_object(
      'timeZone', v_zone,
      'from', to_char(v_from, 'YYYY-MM-DD'),
      'to', to_char(v_to, 'YYYY-MM-DD'),
      'direction', p_direction,
      'source', v_source,
      'totals', (select jsonb_build_object('calls', t.calls, 'seconds', t.seconds, 'cost', round(t.cost, 4), 'succeeded', t.succeeded,
                                           'unsuccessful', coalesce((select o.calls from outcomes o where o.dimension = 'success' and o.key = 'false'), 0))
                 from totals t),
      'days', (select jsonb_agg(jsonb_build_object('day', to_char(g.day, 'YYYY-MM-DD'), 'calls', coalesce(d.calls, 0),
                                                   'seconds', coalesce(d.seconds, 0), 'cost', round(coalesce(d.cost, 0), 4)) order by g.day)
               from generate_series(v_from::timestamp, v_to::timestamp, interval '1 day') g (day)
               left join days d on d.local_day = g.day::date),
      'statuses', coalesce((select jsonb_agg(jsonb_build_object('status', o.key, 'calls', o.calls) order by o.calls desc, o.key)
                            from outcomes o where o.dimension = 'status'), '[]'::jsonb),
      'endedReasons', coalesce((select jsonb_agg(jsonb_build_object('endedReason', o.key, 'calls', o.calls) order by o.calls desc, o.key nulls last)
                                from outcomes o where o.dimension = 'ended_reason'), '[]'::jsonb),
      'success', coalesce((select jsonb_agg(jsonb_build_object('succeeded', o.key::boolean, 'calls', o.calls) order by o.calls desc, o.key nulls last)
                           from outcomes o where o.dimension = 'success'), '[]'::jsonb),
      'sentiments', coalesce((select jsonb_agg(jsonb_build_object('sentiment', o.key, 'calls', o.calls) order by o.calls desc, o.key nulls last)
                              from outcomes o where o.dimension = 'sentiment'), '[]'::jsonb),
      'agents', coalesce((select jsonb_agg(jsonb_build_object('agent', o.key, 'calls', o.calls, 'seconds', o.seconds, 'cost', round(o.cost, 4),
                                                              'succeeded', o.succeeded) order by o.calls desc, o.key nulls last)
                          from outcomes o where o.dimension = 'agent'), '[]'::jsonb),
      'hours', coalesce((select jsonb_agg(jsonb_build_object('weekday', h.weekday, 'hour', h.hour, 'calls', h.calls) order by h.weekday, h.hour)
                         from hours h), '[]'::jsonb)
    )
  );
end
$$;

-- is_org_time_zone(): set_org_time_zone() (its owner's rights) is its only caller.
revoke execute on function public.is_org_time_zone(text) from public, anon, authenticated;
revoke execute on function public.call_rollup_rows(uuid, text, date, date) from public, anon;
grant execute on function public.call_rollup_rows(uuid, text, date, date) to authenticated, service_role;
revoke execute on function public.org_time_zone() from public, anon;
grant execute on function public.org_time_zone() to authenticated;
revoke execute on function public.set_org_time_zone(text) from public, anon;
grant execute on function public.set_org_time_zone(text) to authenticated;
revoke execute on function public.call_overview(date, date, text) from public, anon;
grant execute on function public.call_overview(date, date, text) to authenticated;
