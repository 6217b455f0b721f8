-- CSV export of the filtered call list (issue 15): one access_log row per export, with the filter
-- and the number of rows sent. Admins only, like every other ledgered read; the rows themselves are
-- list fields read page by page with the admin's own token (RLS and the request gate apply to each
-- page). The ledger row is written before the first row is read (begin_call_export) and gets its row
-- count when the stream ends (finish_call_export), so an export cut short is still in the ledger.

alter table public.access_log
  add column detail jsonb check (detail is null or (jsonb_typeof(detail) = 'object' and pg_column_size(detail) <= 4096)),
  add column row_count bigint check (row_count >= 0),
  alter column call_id drop not null;
alter table public.access_log drop constraint access_log_action_check;
alter table public.access_log add constraint access_log_action_check
  check (action in ('call.viewed', 'recording.url_issued', 'call.hold_placed', 'call.hold_released', 'calls.exported'));
-- Every entry but an export names its call.
alter table public.access_log add constraint access_log_call_id_check
  check ((action = 'calls.exported') = (call_id is null));

grant select (detail, row_count) on public.access_log to authenticated;

-- Starts an export: checks the caller is an admin of an active org and writes the ledger row.
-- Returns the entry id that finish_call_export() takes.
create function public.begin_call_export(p_filter jsonb) returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
  v_entry uuid;
begin
  if v_org is null then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'No active organization.';
  end if;
  if public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can export calls.';
  end if;
  insert into public.access_log (org_id, actor_user_id, actor_email, action, call_id, detail)
  values (v_org, auth.uid(), nullif(auth.jwt() ->> 'email', ''), 'calls.exported', null, coalesce(p_filter, '{}'::jsonb))
  returning entry_id into v_entry;
  return v_entry;
end
$$;

-- Ends an export: the row count, once, on the caller's own entry of the caller's org.
create function public.finish_call_export(p_entry_id uuid, p_row_count bigint) returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_org uuid := public.auth_org_id();
begin
  if v_org is null or public.auth_org_role() is distinct from 'admin' then
    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can export calls.';
  end if;
  update public.access_log a set row_count = p_row_count
  where a.org_id = v_org and a.entry_id = p_entry_id and a.actor_user_id = auth.uid()
    and a.action = 'calls.exported' and a.row_count is null;
  return found;
end
$$;

revoke all on function public.begin_call_export(jsonb) from public;
revoke all on function public.finish_call_export(uuid, bigint) from public;
grant execute on function public.begin_call_export(jsonb) to authenticated;
grant execute on function public.finish_call_export(uuid, bigint) to authenticated;
