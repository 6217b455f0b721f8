-- What each orphan-recording cleanup run found and deleted, per org: storage deletions cannot be
-- undone, so every one is recorded. The org's admins may read their own runs; only jobs write.
-- Also an index so "is this storage path referenced by a call?" is an index probe per path.

create table public.orphan_cleanup_runs (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  dry_run boolean not null,
  grace_seconds integer not null check (grace_seconds >= 0),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  scanned integer not null default 0,
  orphan_paths text[] not null default '{}',
  deleted_paths text[] not null default '{}',
  error text
);
create index orphan_cleanup_runs_org_started_idx on public.orphan_cleanup_runs (org_id, started_at desc);

alter table public.orphan_cleanup_runs enable row level security;
alter table public.orphan_cleanup_runs force row level security;
revoke all on public.orphan_cleanup_runs from anon;

create policy orphan_cleanup_runs_select_admin on public.orphan_cleanup_runs for select to authenticated
  using (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');
create policy orphan_cleanup_runs_insert_nobody on public.orphan_cleanup_runs for insert to authenticated
  with check (false);
create policy orphan_cleanup_runs_update_nobody on public.orphan_cleanup_runs for update to authenticated
  using (false) with check (false);
create policy orphan_cleanup_runs_delete_nobody on public.orphan_cleanup_runs for delete to authenticated
  using (false);

create index call_logs_org_recording_path_idx on public.call_logs (org_id, recording_storage_path)
  where recording_storage_path is not null;
