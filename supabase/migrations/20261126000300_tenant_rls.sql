-- Row-level security on every tenant table: enabled and forced (the owner is subject to it too),
-- one policy per command, to authenticated only, keyed on org_id = (select public.auth_org_id()).
-- The (select ...) wrapper makes Postgres evaluate the claim once per statement (an InitPlan).
-- anon has no privileges on tenant tables at all.

do $$
declare
  t text;
begin
  foreach t in array array['leads', 'campaigns', 'knowledge_base', 'call_logs', 'recording_upload_queue',
                           'failed_recording_uploads', 'security_audit_log', 'access_log']
  loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
    execute format('revoke all on public.%I from anon', t);
  end loop;
end
$$;

-- Leads, campaigns, knowledge base: members read, admins write, always inside their own org.
create policy leads_select_member on public.leads for select to authenticated
  using (org_id = (select public.auth_org_id()));
create policy leads_insert_admin on public.leads for insert to authenticated
  with check (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');
create policy leads_update_admin on public.leads for update to authenticated
  using (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin')
  with check (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');
create policy leads_delete_admin on public.leads for delete to authenticated
  using (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');

create policy campaigns_select_member on public.campaigns for select to authenticated
  using (org_id = (select public.auth_org_id()));
create policy campaigns_insert_admin on public.campaigns for insert to authenticated
  with check (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');
create policy campaigns_update_admin on public.campaigns for update to authenticated
  using (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin')
  with check (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');
create policy campaigns_delete_admin on public.campaigns for delete to authenticated
  using (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');

create policy knowledge_base_select_member on public.knowledge_base for select to authenticated
  using (org_id = (select public.auth_org_id()));
create policy knowledge_base_insert_admin on public.knowledge_base for insert to authenticated
  with check (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');
create policy knowledge_base_update_admin on public.knowledge_base for update to authenticated
  using (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin')
  with check (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');
create policy knowledge_base_delete_admin on public.knowledge_base for delete to authenticated
  using (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');

-- Calls arrive by signed webhook (service role). Members read; admins may annotate or delete
-- their own org's calls; nobody inserts through the API.
create policy call_logs_select_member on public.call_logs for select to authenticated
  using (org_id = (select public.auth_org_id()));
create policy call_logs_insert_nobody on public.call_logs for insert to authenticated
  with check (false);
create policy call_logs_update_admin on public.call_logs for update to authenticated
  using (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin')
  with check (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');
create policy call_logs_delete_admin on public.call_logs for delete to authenticated
  using (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');

-- Pipeline state: readable by the org (the call detail shows it), written by jobs only.
create policy recording_upload_queue_select_member on public.recording_upload_queue for select to authenticated
  using (org_id = (select public.auth_org_id()));
create policy recording_upload_queue_insert_nobody on public.recording_upload_queue for insert to authenticated
  with check (false);
create policy recording_upload_queue_update_nobody on public.recording_upload_queue for update to authenticated
  using (false) with check (false);
create policy recording_upload_queue_delete_nobody on public.recording_upload_queue for delete to authenticated
  using (false);

create policy failed_recording_uploads_select_member on public.failed_recording_uploads for select to authenticated
  using (org_id = (select public.auth_org_id()));
create policy failed_recording_uploads_insert_nobody on public.failed_recording_uploads for insert to authenticated
  with check (false);
create policy failed_recording_uploads_update_nobody on public.failed_recording_uploads for update to authenticated
  using (false) with check (false);
create policy failed_recording_uploads_delete_nobody on public.failed_recording_uploads for delete to authenticated
  using (false);

-- Security audit log: written by server code, read only by the platform (service role).
create policy security_audit_log_select_nobody on public.security_audit_log for select to authenticated
  using (false);
create policy security_audit_log_insert_nobody on public.security_audit_log for insert to authenticated
  with check (false);
create policy security_audit_log_update_nobody on public.security_audit_log for update to authenticated
  using (false) with check (false);
create policy security_audit_log_delete_nobody on public.security_audit_log for delete to authenticated
  using (false);

-- Access ledger: the org's admins read it; append-only, written by server code.
create policy access_log_select_admin on public.access_log for select to authenticated
  using (org_id = (select public.auth_org_id()) and (select public.auth_org_role()) = 'admin');
create policy access_log_insert_nobody on public.access_log for insert to authenticated
  with check (false);
create policy access_log_update_nobody on public.access_log for update to authenticated
  using (false) with check (false);
create policy access_log_delete_nobody on public.access_log for delete to authenticated
  using (false);
