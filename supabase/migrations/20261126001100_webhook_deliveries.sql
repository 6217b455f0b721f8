-- One row per accepted webhook delivery, keyed by the provider's `webhook-id` within the org that
-- verified it: a redelivery (same id) finds its row and changes nothing. Written only by
-- ingest_call_report (service role); invisible to API users.

create table public.webhook_deliveries (
  org_id uuid not null references public.organizations (id) on delete cascade,
  webhook_id text not null check (length(webhook_id) between 1 and 255),
  call_id uuid,
  received_at timestamptz not null default now(),
  primary key (org_id, webhook_id),
  -- Deleting a call keeps the delivery (a replay must still be recognised) but forgets the call.
  foreign key (org_id, call_id) references public.call_logs (org_id, id) on delete set null (call_id)
);
-- For pruning old deliveries per org (replays older than the provider's retry window are moot).
create index webhook_deliveries_org_received_idx on public.webhook_deliveries (org_id, received_at);

alter table public.webhook_deliveries enable row level security;
alter table public.webhook_deliveries force row level security;
revoke all on public.webhook_deliveries from anon, authenticated;

create policy webhook_deliveries_select_nobody on public.webhook_deliveries for select to authenticated
  using (false);
create policy webhook_deliveries_insert_nobody on public.webhook_deliveries for insert to authenticated
  with check (false);
create policy webhook_deliveries_update_nobody on public.webhook_deliveries for update to authenticated
  using (false) with check (false);
create policy webhook_deliveries_delete_nobody on public.webhook_deliveries for delete to authenticated
  using (false);
