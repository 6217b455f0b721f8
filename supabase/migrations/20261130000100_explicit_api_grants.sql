-- Every privilege the API roles hold in public, stated here and nowhere else.
-- Since 2026-10-30 a new hosted Supabase project no longer grants new public tables, sequences and
-- functions to anon, authenticated and service_role by default; before that date it granted ALL.
-- So this migration first takes back whatever defaults a project may have handed out (an older
-- project, or Postgres's own EXECUTE-to-PUBLIC on functions), then grants each table and function to
-- exactly the roles that use it. RLS still decides which rows; these grants decide which commands
-- and columns are possible at all. tests/integration/api-grants.test.ts compares the database's
-- privileges with the grant statements of supabase/migrations.

-- ---------------------------------------------------------------- start from nothing
revoke all on all tables in schema public from anon, authenticated, service_role;
revoke all on all sequences in schema public from anon, authenticated, service_role;
revoke all on all functions in schema public from public, anon, authenticated, service_role;
-- Functions created by later migrations are not executable by PUBLIC (so by anon) unless granted.
-- (Globally, not `in schema public`: a per-schema entry can only add to the global defaults.)
alter default privileges revoke execute on functions from public;

-- ---------------------------------------------------------------- anon
-- Nothing. Signed-out callers reach only the Auth API.

-- ---------------------------------------------------------------- authenticated (signed-in org users)
-- Reads only; RLS keys every row on the caller's org. No API user writes a public table: calls,
-- pipeline state and ledgers are written by server code, so no insert can reuse another org's id.
grant select on public.organizations to authenticated;
grant select on public.leads, public.campaigns, public.knowledge_base to authenticated;
grant select on public.failed_recording_uploads to authenticated;
grant select on public.access_log to authenticated;
-- Orphan-cleanup runs: the org's admins (policy), for pipeline health.
grant select on public.orphan_cleanup_runs to authenticated;
-- Call logs without the provider's recording URL (a bearer link to the audio at the provider).
grant select (
  id, org_id, call_type, status, from_number, to_number, contact_name, lead_id, campaign_id, agent_name,
  started_at, ended_at, duration_seconds, ended_reason, cost, summary, sentiment, transcript, provider,
  provider_call_id, recording_storage_path, created_at, search_vector, phone_digits, agent_sort, customer_number
) on public.call_logs to authenticated;
-- Pipeline state without the provider URL or the worker's lease token.
grant select (
  id, org_id, call_id, status, attempts, processing_started_at, lease_expires_at, last_error, completed_at,
  created_at, updated_at
) on public.recording_upload_queue to authenticated;
-- security_audit_log, webhook_secrets, webhook_deliveries: no user privileges.

-- The two claim helpers every policy calls (as the caller).
grant execute on function public.auth_org_id() to authenticated, service_role;
grant execute on function public.auth_org_role() to authenticated, service_role;

-- ---------------------------------------------------------------- service_role (route handlers, jobs, webhook)
-- Server code reads and writes every public table (it bypasses RLS and filters by org itself);
-- no truncate, trigger or references.
grant select, insert, update, delete on
  public.organizations, public.leads, public.campaigns, public.knowledge_base, public.call_logs,
  public.recording_upload_queue, public.failed_recording_uploads, public.security_audit_log,
  public.access_log, public.webhook_secrets, public.webhook_deliveries, public.orphan_cleanup_runs
  to service_role;
-- The recording pipeline's functions: service role only.
grant execute on function public.ingest_call_report(uuid, text, jsonb) to service_role;
grant execute on function public.claim_upload_batch(uuid, integer, integer, uuid) to service_role;
grant execute on function public.complete_upload(uuid, uuid, uuid, text) to service_role;
grant execute on function public.fail_upload(uuid, uuid, uuid, text, double precision[]) to service_role;
grant execute on function public.claim_retry_batch(uuid, integer, integer) to service_role;
grant execute on function public.reclaim_expired_uploads(uuid, integer) to service_role;
grant execute on function public.unreferenced_recording_paths(uuid, text[]) to service_role;
-- public.webhook_secrets_check_overlap() is a trigger function: nobody calls it.
