// Mutation checks: proof that each isolation guard bites. For every deliberate break, a scratch copy
// of the repository gets the break, and the guards run against it: the tenant lint rule on the
// changed code, and one vitest run (its own fresh local stack) over the guard test files. A guard
// "catches" a break when it passes on the unbroken copy and fails on the broken one.
//
//   npm run test:mutations                 all breaks, each against the guard(s) expected to catch it
//                                          (what CI runs: every guard is still proven to bite)
//   npm run test:mutations -- --matrix     all breaks against every guard; prints the full table
//   npm run test:mutations -- --only m1,m5 some breaks
//   npm run test:mutations -- --keep       keep the scratch copies (their paths are printed)
//   npm run test:mutations -- --jobs 1     one break at a time (default: as many side by side as cores)
//   npm run test:mutations -- --dry        apply each break to a scratch copy and undo it, running no
//                                          guard: lists the breaks whose target code has changed
//
// The baseline always runs every guard. Exit 1 when a break is caught by none of the guards it ran
// against (its expected catchers, or all of them with --matrix), when a guard already fails without any break, or when a
// break cannot be applied (the code it targets changed: update the break, do not delete it).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cpus } from 'node:os';
import { createScratchCopy, trackWrites, type ScratchCopy } from './lib/scratch-copy.ts';

interface Guard {
  id: string;
  label: string;
  /** vitest files (relative to the repo); the lint guard has none. */
  files: string[];
}

const GUARDS: Guard[] = [
  { id: 'lint', label: 'lint rule', files: [] },
  { id: 'schema', label: 'schema guard', files: ['tests/integration/schema-guard.test.ts'] },
  { id: 'advisors', label: 'advisors', files: ['tests/integration/advisors.test.ts'] },
  { id: 'rls', label: 'RLS matrix', files: ['tests/integration/rls-matrix.test.ts'] },
  { id: 'api', label: 'API matrix', files: ['tests/integration/api-isolation-matrix.test.ts'] },
  { id: 'data', label: 'data layer (service role)', files: ['tests/integration/data-org-filter.test.ts'] },
  { id: 'jobs', label: 'job tests', files: ['tests/integration/pipeline-cross-org.test.ts'] },
  { id: 'storage', label: 'storage contract', files: ['tests/integration/storage-contract.test.ts'] },
  { id: 'headers', label: 'headers', files: ['tests/unit/security-headers.test.ts'] },
  { id: 'tables', label: 'tenant-table list', files: ['eslint-rules/tenant-tables.test.ts'] },
  { id: 'grants', label: 'API grants vs migrations', files: ['tests/integration/api-grants.test.ts'] },
  { id: 'hosted', label: 'hosted shape', files: ['tests/integration/hosted-shape.test.ts'] },
  { id: 'cli', label: 'CLI push + RLS matrix', files: ['tests/integration/cli-migrations.test.ts'] },
  { id: 'gate', label: 'request gate', files: ['tests/integration/request-gate.test.ts', 'tests/integration/principal-matrix.test.ts'] },
  { id: 'ledger', label: 'ledgered reads', files: ['tests/integration/ledgered-reads.test.ts', 'tests/integration/calls-audit.test.ts'] },
  { id: 'webhooks', label: 'webhooks', files: ['tests/integration/provider-webhooks.test.ts', 'tests/integration/pipeline-webhook.test.ts'] },
  { id: 'members', label: 'members', files: ['tests/integration/org-members.test.ts'] },
  { id: 'logs', label: 'log scan', files: ['tests/integration/observability-logs.test.ts'] },
  { id: 'alerts', label: 'security alerts', files: ['tests/integration/security-alerts.test.ts'] },
  { id: 'settings', label: 'org settings', files: ['tests/integration/webhook-settings.test.ts', 'tests/integration/pipeline-health.test.ts'] },
  { id: 'retention', label: 'retention', files: ['tests/integration/retention.test.ts'] },
  { id: 'invitations', label: 'invitation mail', files: ['tests/unit/confirm-target.test.ts', 'tests/integration/invitation-mail.test.ts'] },
  { id: 'insight', label: 'list filters and export', files: ['tests/integration/calls-list.test.ts', 'tests/integration/calls-export.test.ts'] },
  { id: 'credentials', label: 'provider credentials', files: ['tests/integration/provider-credentials.test.ts'] },
  { id: 'load', label: 'load checker', files: ['tests/integration/load-checker.test.ts'] },
  { id: 'outages', label: 'part outages', files: ['tests/integration/part-outages.test.ts', 'tests/unit/authed-backend-fetch.test.ts'] },
  { id: 'overview', label: 'overview oracle', files: ['tests/integration/overview.test.ts'] },
];

interface Mutation {
  id: string;
  /** The guard(s) expected to catch it: the default run evaluates only these (`--matrix`: every guard). */
  catchers: string[];
  title: string;
  apply(copy: ScratchCopy): void;
  /** TypeScript files the break touches: the lint guard runs on these. */
  code?: string[];
}

const MIGRATION = 'supabase/migrations/29991231235959_mutation.sql';
/** The migration with the request gate's current definition (each later one replaces it whole). */
const GATE_MIGRATION = 'supabase/migrations/20261130000350_gate_reads_without_prefer.sql';
/** The migration with open_call()'s and ingest_call_report()'s current definitions (a later one replaces them whole). */
const OPEN_CALL_MIGRATION = 'supabase/migrations/20261130000800_retention.sql';
/** Members and invitations (org administration). */
const MEMBERS_MIGRATION = 'supabase/migrations/20261130000500_org_members.sql';
/** Security alert counting (record_security_signal) and the pipeline numbers. */
const OBSERVABILITY_MIGRATION = 'supabase/migrations/20261130000900_observability.sql';
/** The admin settings functions of issue 14. */
const WEBHOOK_SETTINGS_MIGRATION = 'supabase/migrations/20261130000600_webhook_settings.sql';
const PIPELINE_HEALTH_MIGRATION = 'supabase/migrations/20261130000700_pipeline_health.sql';
/** Vapi and Retell credentials rotated from the settings page; it also replaces webhook_settings(). */
const CREDENTIALS_MIGRATION = 'supabase/migrations/20261130001100_provider_credentials.sql';
/** Removes one function's admin check (the `if` that raises PT403 with this detail). */
const adminCheckRemoved = (file: string, detail: string) => (c: ScratchCopy) =>
  c.replaceOnce(
    file,
    `if v_org is null or public.auth_org_role() is distinct from 'admin' then\n    raise sqlstate 'PT403' using message = 'forbidden', detail = '${detail}';`,
    `if v_org is null then\n    raise sqlstate 'PT403' using message = 'forbidden', detail = '${detail}';`,
  );
/** Retention, deletion and legal holds (issue 16). */
/** The list filters' verdict column and the CSV export's ledger functions (issue 15). */
const FILTERS_MIGRATION = 'supabase/migrations/20261130001000_list_filters.sql';
const EXPORT_MIGRATION = 'supabase/migrations/20261130001010_call_export_ledger.sql';
const RETENTION_MIGRATION = 'supabase/migrations/20261130000800_retention.sql';
/** The overview: time zone, rollups and call_overview() (issue 15). */
const OVERVIEW_MIGRATION = 'supabase/migrations/20261130001200_call_overview.sql';
const migration = (sql: string) => (copy: ScratchCopy) => copy.write(MIGRATION, `-- deliberate break (scripts/mutation-checks.ts)\n${sql}\n`);

const MUTATIONS: Mutation[] = [
  // Reliability under load and faults (issue 17): m65–m69.
  {
    id: 'm65',
    catchers: ['load'],
    title: "the load checker stops comparing a row's org with the caller's (a leaked foreign row passes)",
    apply: (c) => c.replaceOnce('bench/load/checker.ts', 'else if (org !== o.actor.orgId) fail(', 'else if (org === undefined) fail('),
  },
  {
    id: 'm66',
    catchers: ['load'],
    title: 'the load checker stops looking for fields beyond the list fields (a role leak passes)',
    apply: (c) => c.replaceOnce('bench/load/checker.ts', '.filter((k) => !LIST_FIELDS.has(k));', '.filter((k) => !LIST_FIELDS.has(k) && k === LIST_FIELDS.values().next().value);'),
  },
  {
    id: 'm67',
    catchers: ['outages'],
    title: "PostgREST's own 503s (PGRST000-003) and shutdown errors are no longer mapped: a database outage is a 500",
    apply: (c) => c.replaceOnce('lib/api/errors.ts', "if (typeof code === 'string' && (/^PGRST00[0-3]$/.test(code)", "if (typeof code === 'string' && code === 'mutated' && (/^PGRST00[0-3]$/.test(code)"),
  },
  {
    id: 'm68',
    catchers: ['outages'],
    title: 'a 503 without Retry-After (clients cannot tell when to try again)',
    apply: (c) => c.replaceOnce('lib/api/errors.ts', "if (code === 'service_unavailable') all.set(", "if (code === 'mutated') all.set("),
  },
  {
    id: 'm69',
    catchers: ['outages'],
    title: 'an unreachable Storage answers the recording route with 404 (the recording looks gone) instead of 503',
    apply: (c) => c.replaceOnce('app/api/calls-dashboard/[callId]/recording/route.ts', 'throw fromStorageError(error) ?? new ApiError(', 'throw (error ? null : fromStorageError(error)) ?? new ApiError('),
  },
  {
    id: 'm1',
    catchers: ['lint'],
    title: "route query: `.eq('org_id')` removed from listAccessLog (GET /api/access-log)",
    code: ['lib/data/audit.ts'],
    apply: (c) => c.replaceOnce('lib/data/audit.ts', /(\.select\('entry_id, action, call_id, actor_email, created_at, detail, row_count'\))\n\s*\.eq\('org_id', orgId\);/, '$1;'),
  },
  {
    id: 'm2',
    catchers: ['data'],
    title: 'route query: the scoped helper applyFilters() stops adding the org filter (GET /api/calls-dashboard)',
    code: ['lib/data/calls.ts'],
    apply: (c) => c.replaceOnce('lib/data/calls.ts', "let q = (query as AnyBuilder).eq('org_id', orgId);", 'let q = query as AnyBuilder;'),
  },
  {
    id: 'm3',
    catchers: ['lint', 'jobs'],
    title: "job query: `.eq('org_id')` removed from processUploadForCall's ownership check (service role)",
    code: ['lib/recordings/process-upload-queue.ts'],
    apply: (c) =>
      c.replaceOnce('lib/recordings/process-upload-queue.ts', /deps\.client\.from\('call_logs'\)\.select\('id'\)\.eq\('org_id', orgId\)/, "deps.client.from('call_logs').select('id')"),
  },
  {
    id: 'm4',
    catchers: ['schema', 'cli'],
    title: 'policy dropped: `call_logs_select_member`',
    apply: migration('drop policy call_logs_select_member on public.call_logs;'),
  },
  {
    id: 'm5',
    catchers: ['advisors'],
    title: 'policy leaks: `call_logs_select_member` becomes `using (true)`',
    apply: migration(
      'drop policy call_logs_select_member on public.call_logs;\ncreate policy call_logs_select_member on public.call_logs for select to authenticated using (true);',
    ),
  },
  {
    id: 'm6',
    catchers: ['schema'],
    title: '`auth_org_id()` falls back to `user_metadata.org_id`',
    apply: migration(`create or replace function public.auth_org_id() returns uuid
language sql stable security definer set search_path = '' as $$
  select o.id from public.organizations o
  where o.status = 'active'
    and o.id = coalesce(auth.jwt() -> 'app_metadata' ->> 'org_id', auth.jwt() -> 'user_metadata' ->> 'org_id')::uuid
$$;`),
  },
  {
    id: 'm7',
    catchers: ['schema'],
    title: 'RLS disabled on a tenant table (`leads`)',
    apply: migration('alter table public.leads disable row level security;'),
  },
  {
    id: 'm8',
    catchers: ['advisors', 'storage'],
    title: 'recordings bucket made public',
    apply: migration(`update storage.buckets set public = true where id = 'call-recordings';`),
  },
  {
    id: 'm9',
    catchers: ['advisors'],
    title: '`auth_org_id()` (SECURITY DEFINER) made executable by anon',
    apply: migration('grant execute on function public.auth_org_id() to anon;'),
  },
  {
    id: 'm10',
    catchers: ['tables'],
    title: 'new tenant table; lint rule table list not regenerated',
    apply: migration(`create table public.mutation_notes (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  body text not null
);
create index mutation_notes_org_idx on public.mutation_notes (org_id);
alter table public.mutation_notes enable row level security;
alter table public.mutation_notes force row level security;
create policy mutation_notes_select_member on public.mutation_notes for select to authenticated using (org_id = (select public.auth_org_id()));
create policy mutation_notes_insert_nobody on public.mutation_notes for insert to authenticated with check (false);
create policy mutation_notes_update_nobody on public.mutation_notes for update to authenticated using (false) with check (false);
create policy mutation_notes_delete_nobody on public.mutation_notes for delete to authenticated using (false);`),
  },
  {
    id: 'm11',
    catchers: ['headers'],
    title: "CSP allows inline scripts (`'unsafe-inline'` next to the nonce)",
    code: ['lib/security/csp.ts'],
    apply: (c) => c.replaceOnce('lib/security/csp.ts', `['script-src', "'self'", nonce ?? "'unsafe-inline'",`, `['script-src', "'self'", "'unsafe-inline'", nonce,`),
  },
  {
    id: 'm12',
    catchers: ['grants'],
    title: 'local bootstrap grants the API roles everything in public by default again (hosted before 2026-10-30)',
    apply: (c) =>
      c.write(
        'supabase/local/bootstrap.sql',
        `${c.read('supabase/local/bootstrap.sql')}\nalter default privileges for role postgres in schema public grant all on tables to anon, authenticated, service_role;\n`,
      ),
  },
  {
    id: 'm13',
    catchers: ['rls'],
    title: 'a migration lets signed-in users write (`grant update on leads to authenticated`)',
    apply: migration('grant update on public.leads to authenticated;'),
  },
  {
    id: 'm14',
    catchers: ['rls'],
    title: 'call_logs granted to signed-in users table-wide (the provider recording URL becomes readable)',
    apply: migration('grant select on public.call_logs to authenticated;'),
  },
  {
    id: 'm15',
    catchers: ['hosted'],
    title: 'pg_trgm comes from the local bootstrap instead of a migration (a `db push` to hosted would fail)',
    apply: (c) => {
      c.replaceOnce('supabase/migrations/20261126000200_tenant_tables.sql', 'create extension if not exists pg_trgm with schema extensions;', '');
      c.write('supabase/local/bootstrap.sql', `${c.read('supabase/local/bootstrap.sql')}\ncreate extension if not exists pg_trgm with schema extensions;\n`);
    },
  },
  {
    id: 'm16',
    catchers: ['api'],
    title: 'the request gate is switched off (`pgrst.db_pre_request` reset): revocation only at token expiry',
    apply: migration('alter role authenticator reset pgrst.db_pre_request;'),
  },
  {
    id: 'm17',
    catchers: ['api'],
    title: 'the request gate stops checking that the session still exists (only that the user does)',
    apply: (c) =>
      c.replaceOnce(
        GATE_MIGRATION,
        /from auth\.sessions s\n\s*join auth\.users u on u\.id = s\.user_id\n\s*where s\.id = v_session::uuid\n\s*and s\.user_id = v_sub::uuid\n\s*and \(s\.not_after is null or s\.not_after > now\(\)\)/,
        'from auth.users u\n  where u.id = v_sub::uuid',
      ),
  },
  {
    id: 'm18',
    catchers: ['gate'],
    title: 'planned/estimated counts allowed to users again (another org\'s size is inferable)',
    apply: (c) => c.replaceOnce(GATE_MIGRATION, "v_prefer ~ 'count\\s*=\\s*(planned|estimated)'", 'false'),
  },
  {
    id: 'm23',
    catchers: ['gate'],
    title: 'a read may carry Prefer headers again (`count=planned` hides in an earlier header than the gate sees)',
    apply: (c) => c.replaceOnce(GATE_MIGRATION, "current_setting('request.method', true) in ('GET', 'HEAD')", 'false'),
  },
  {
    id: 'm19',
    catchers: ['ledger'],
    title: 'open_call() stops writing its ledger row',
    apply: (c) =>
      c.replaceOnce(
        OPEN_CALL_MIGRATION,
        "values (v_org, auth.uid(), nullif(auth.jwt() ->> 'email', ''), 'call.viewed', v_call.id);",
        "select where false;",
      ),
  },
  {
    id: 'm20',
    catchers: ['gate'],
    title: 'open_call() serves staff too (role check removed)',
    apply: (c) =>
      c.replaceOnce(
        OPEN_CALL_MIGRATION,
        "if public.auth_org_role() is distinct from 'admin' then\n    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can open a call.';",
        "if false then\n    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can open a call.';",
      ),
  },
  {
    id: 'm21',
    catchers: ['rls'],
    title: 'staff read transcripts again (`grant select (transcript) on call_logs to authenticated`)',
    apply: migration('grant select (transcript, summary) on public.call_logs to authenticated;'),
  },
  {
    id: 'm24',
    catchers: ['webhooks'],
    title: 'a Vapi webhook takes any bearer token (the endpoint secret is no longer compared)',
    code: ['lib/webhooks/providers/auth.ts'],
    apply: (c) => c.replaceOnce('lib/webhooks/providers/auth.ts', 'return m && sameSecret(m[1], secret) ?', 'return m ?'),
  },
  {
    id: 'm25',
    catchers: ['schema'],
    title: 'Vapi and Retell secrets readable by signed-in users (`grant select` + a read policy on provider_webhook_endpoints)',
    apply: migration(`grant select on public.provider_webhook_endpoints to authenticated;
create policy provider_webhook_endpoints_select_member on public.provider_webhook_endpoints for select to authenticated
  using (org_id = (select public.auth_org_id()));`),
  },
  {
    id: 'm26',
    catchers: ['webhooks'],
    title: "a later event about a call overwrites it (Retell's call_ended after call_analyzed erases the analysis)",
    apply: (c) => c.replaceOnce(OPEN_CALL_MIGRATION, 'summary = coalesce(c.summary, r.summary),', 'summary = r.summary,'),
  },
  // Retention and deletion (issue 16): m40–m46.
  {
    id: 'm50',
    catchers: ['retention', 'gate'],
    title: 'erase_call() serves staff too (role check removed): staff delete calls at the Data API',
    apply: (c) =>
      c.replaceOnce(
        RETENTION_MIGRATION,
        "if public.auth_org_role() is distinct from 'admin' then\n    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can delete calls.';",
        "if false then\n    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can delete calls.';",
      ),
  },
  {
    id: 'm51',
    catchers: ['retention', 'gate'],
    title: 'set_retention_policy() serves staff too (role check removed)',
    apply: (c) =>
      c.replaceOnce(
        RETENTION_MIGRATION,
        "if public.auth_org_role() is distinct from 'admin' then\n    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can change retention.';",
        "if false then\n    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can change retention.';",
      ),
  },
  {
    id: 'm52',
    catchers: ['retention'],
    title: 'retention ignores legal holds (the hold check in erase_call_row and the batch filter removed)',
    apply: (c) => {
      c.replaceOnce(RETENTION_MIGRATION, 'if not found or v_call.legal_hold_at is not null then', 'if not found then');
      c.replaceOnce(RETENTION_MIGRATION, "    where c.org_id = p_org_id\n      and c.legal_hold_at is null\n", '    where c.org_id = p_org_id\n');
    },
  },
  {
    id: 'm53',
    catchers: ['retention'],
    title: "erase_call() looks the call up without the caller's org (a foreign id answers like an own one)",
    apply: (c) =>
      c.replaceOnce(
        RETENTION_MIGRATION,
        'select * into v_call from public.call_logs c where c.org_id = v_org and c.id = p_call_id for update;\n  if not found then\n    return null;\n  end if;\n  if v_call.legal_hold_at',
        'select * into v_call from public.call_logs c where c.id = p_call_id for update;\n  if not found then\n    return null;\n  end if;\n  if v_call.legal_hold_at',
      ),
  },
  {
    id: 'm54',
    catchers: ['retention'],
    title: 'a crashed erasure is never finished (the job no longer resumes pending receipts)',
    code: ['lib/retention/erase-expired.ts'],
    apply: (c) => c.replaceOnce('lib/retention/erase-expired.ts', 'const resumed = await resumePendingErasures(deps, orgId);', 'const resumed = 0 * Number(!!resumePendingErasures);'),
  },
  {
    id: 'm55',
    catchers: ['retention'],
    title: "erasure leaves the recording's bytes in Storage (the object removal skipped)",
    code: ['lib/retention/erase.ts'],
    apply: (c) => c.replaceOnce('lib/retention/erase.ts', 'const { error } = await bucket.remove(paths.slice(i, i + 100));', 'const { error } = { error: bucket ? null : new Error() };'),
  },
  {
    id: 'm56',
    catchers: ['retention'],
    title: 'a redelivery refills an erased call (the erased-call guard removed from ingest_call_report)',
    apply: (c) => c.replaceOnce(OPEN_CALL_MIGRATION, '      and c.recording_erased_at is null and c.content_erased_at is null\n', ''),
  },
  {
    id: 'm57',
    catchers: ['lint', 'data'],
    title: "job query: `.eq('org_id')` removed from pendingErasures (service role: another org's receipts would be finished)",
    code: ['lib/retention/erase.ts'],
    apply: (c) => c.replaceOnce('lib/retention/erase.ts', /(\.select\('id, call_id, storage_path'\))\n\s*\.eq\('org_id', orgId\)/, '$1'),
  },
  {
    id: 'm60',
    catchers: ['insight', 'gate'],
    title: 'begin_call_export() serves staff too (role check removed): staff export at the Data API and write ledger rows',
    apply: (c) =>
      c.replaceOnce(
        EXPORT_MIGRATION,
        "  if public.auth_org_role() is distinct from 'admin' then\n    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can export calls.';",
        "  if false then\n    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can export calls.';",
      ),
  },
  {
    id: 'm61',
    catchers: ['insight', 'webhooks'],
    title: "staff read the success evaluation's text, not only the derived verdict (`grant select (success_evaluation)`)",
    apply: (c) => c.replaceOnce(FILTERS_MIGRATION, 'grant select (succeeded) on public.call_logs to authenticated;', 'grant select (succeeded, success_evaluation) on public.call_logs to authenticated;'),
  },
  {
    id: 'm62',
    catchers: ['insight'],
    title: 'the CSV export stops neutralising formula cells (=, +, -, @ reach the spreadsheet as formulas)',
    code: ['lib/export/calls-csv.ts'],
    apply: (c) => c.replaceOnce('lib/export/calls-csv.ts', "return /^[=+\\-@\\t\\r]/.test(value) ? `'${value}` : value;", 'return value;'),
  },
  {
    id: 'm63',
    catchers: ['insight', 'gate'],
    title: "finish_call_export() without its org and actor filter (another org's admin rewrites an export's row count)",
    apply: (c) =>
      c.replaceOnce(EXPORT_MIGRATION, 'where a.org_id = v_org and a.entry_id = p_entry_id and a.actor_user_id = auth.uid()', 'where a.entry_id = p_entry_id'),
  },
  {
    id: 'm64',
    catchers: ['insight'],
    title: 'the list and the export ignore the has-recording filter (every call answers, with or without a recording)',
    code: ['lib/data/calls.ts'],
    apply: (c) => c.replaceOnce('lib/data/calls.ts', "  if (input.hasRecording !== undefined) q = q.eq('has_recording', input.hasRecording);\n", ''),
  },
  {
    id: 'm22',
    catchers: ['rls'],
    title: 'admins may read recordings at Storage again (the old storage policy, no ledger, any URL lifetime)',
    apply: migration(`create policy call_recordings_select_admin on storage.objects for select to authenticated using (
  bucket_id = 'call-recordings' and (storage.foldername(name))[1] = (select public.auth_org_id())::text and (select public.auth_org_role()) = 'admin');`),
  },
  {
    id: 'm27',
    catchers: ['members'],
    title: 'org administration open to staff (require_org_admin() checks the org but not the role)',
    apply: (c) => c.replaceOnce(MEMBERS_MIGRATION, "if v_org is null or public.auth_org_role() is distinct from 'admin' then", 'if v_org is null then'),
  },
  {
    id: 'm28',
    catchers: ['members'],
    title: 'the last admin may demote or remove themselves (ensure_other_admin() no longer refuses)',
    apply: (c) => c.replaceOnce(MEMBERS_MIGRATION, "  if p_role = 'admin' and not exists (", '  if false and not exists ('),
  },
  {
    id: 'm29',
    catchers: ['members'],
    title: "a member is looked up by id alone: an admin changes another org's user",
    apply: (c) =>
      c.replaceOnce(
        MEMBERS_MIGRATION,
        "  select u.raw_app_meta_data ->> 'org_role' into v_role from auth.users u\n  where u.id = p_user_id and u.raw_app_meta_data ->> 'org_id' = p_org::text and u.deleted_at is null",
        "  select u.raw_app_meta_data ->> 'org_role' into v_role from auth.users u\n  where u.id = p_user_id and u.deleted_at is null",
      ),
  },
  {
    id: 'm30',
    catchers: ['members'],
    title: 'an invitation is accepted by any account (the invited address is not compared)',
    apply: (c) => c.replaceOnce(MEMBERS_MIGRATION, ' or lower(v_user.email) is distinct from v_inv.email', ''),
  },
  {
    id: 'm40',
    catchers: ['logs'],
    title: "error log lines keep the error's raw message (a driver error carrying a phone number or a token is logged as is)",
    code: ['lib/observability/log.ts'],
    apply: (c) =>
      c.replaceOnce('lib/observability/log.ts', "message: scrubString(typeof e.message === 'string' ? e.message : String(error)),", "message: typeof e.message === 'string' ? e.message : String(error),"),
  },
  {
    id: 'm41',
    catchers: ['logs'],
    title: 'a rejected webhook logs what it received (the payload, transcript included, reaches the log)',
    code: ['lib/webhooks/handle-voice-webhook.ts'],
    apply: (c) =>
      c.replaceOnce(
        'lib/webhooks/handle-voice-webhook.ts',
        'return unauthorized(`no valid secret verifies (${candidates.length} candidates)`);',
        "return unauthorized(`no valid secret verifies ${body.toString('utf8')}`);",
      ),
  },
  {
    id: 'm42',
    catchers: ['alerts'],
    title: 'every signal past the threshold alerts again (no longer once per window per source)',
    apply: (c) => {
      c.replaceOnce(OBSERVABILITY_MIGRATION, '  if v_attempts = p_threshold then', '  if v_attempts >= p_threshold then');
      c.replaceOnce(OBSERVABILITY_MIGRATION, 'return query select v_attempts, v_start, v_attempts = p_threshold;', 'return query select v_attempts, v_start, v_attempts >= p_threshold;');
    },
  },
  {
    id: 'm43',
    catchers: ['alerts', 'ledger'],
    title: 'the call detail route stops reporting foreign ids (no audit row, no count toward an alert)',
    code: ['app/api/calls-dashboard/[callId]/route.ts'],
    // The GET handler's report (the DELETE handler reports foreign ids the same way).
    apply: (c) =>
      c.replaceOnce('app/api/calls-dashboard/[callId]/route.ts', '  if (!call) {\n    reportForeignIdLookup(principal, route, params.callId);\n', '  if (!call) {\n'),
  },
  {
    id: 'm31',
    catchers: ['settings', 'gate'],
    title: 'webhook_settings() serves staff too (admin check removed)',
    // webhook_settings() is defined last (newest) in the provider-credentials migration.
    apply: adminCheckRemoved(CREDENTIALS_MIGRATION, 'Only admins of the organization can see its webhook settings.'),
  },
  {
    id: 'm32',
    catchers: ['settings'],
    title: 'rotate_webhook_secret() lets staff make (and read) a new signing secret (admin check removed)',
    apply: adminCheckRemoved(WEBHOOK_SETTINGS_MIGRATION, 'Only admins of the organization can rotate its webhook secret.'),
  },
  {
    id: 'm33',
    catchers: ['settings', 'api'],
    title: 'retire_webhook_secret() without its org filter: an admin retires another org\'s secret by id',
    apply: (c) => c.replaceOnce(WEBHOOK_SETTINGS_MIGRATION, 'where s.org_id = v_org\n    and s.id = p_secret_id', 'where s.id = p_secret_id'),
  },
  {
    id: 'm34',
    catchers: ['settings'],
    title: 'begin_webhook_test() serves staff too: staff make the server sign with the org secret (admin check removed)',
    apply: adminCheckRemoved(WEBHOOK_SETTINGS_MIGRATION, 'Only admins of the organization can send a test event.'),
  },
  {
    id: 'm35',
    catchers: ['settings'],
    title: 'webhook_settings() returns the stored secrets (no longer shown once)',
    apply: (c) => c.replaceOnce(CREDENTIALS_MIGRATION, "jsonb_build_object('id', s.id, 'valid_from', s.valid_from,", "jsonb_build_object('id', s.id, 'secret', s.secret, 'valid_from', s.valid_from,"),
  },
  {
    id: 'm36',
    catchers: ['settings'],
    title: 'pipeline_health() serves staff too (admin check removed)',
    apply: adminCheckRemoved(PIPELINE_HEALTH_MIGRATION, 'Only admins of the organization can see the pipeline health.'),
  },
  {
    id: 'm37',
    catchers: ['settings'],
    title: 'pipeline_health() lists dead letters without the org filter (every org\'s dead letters)',
    apply: (c) =>
      c.replaceOnce(
        PIPELINE_HEALTH_MIGRATION,
        'where f.org_id = v_org and f.resolved_at is null and f.dead_lettered_at is not null\n        order by',
        'where f.resolved_at is null and f.dead_lettered_at is not null\n        order by',
      ),
  },
  {
    id: 'm38',
    catchers: ['settings'],
    title: 'requeue_dead_letters() serves staff too (admin check removed)',
    apply: adminCheckRemoved(PIPELINE_HEALTH_MIGRATION, 'Only admins of the organization can re-queue recordings.'),
  },
  {
    id: 'm39',
    catchers: ['settings'],
    // Every org filter of the function (its lookup and both updates filter by org on their own).
    title: 'requeue_dead_letters() without its org filters: an admin re-queues another org\'s dead letter by id',
    apply: (c) => {
      c.replaceOnce(PIPELINE_HEALTH_MIGRATION, '    where f.org_id = v_org\n      and f.resolved_at is null', '    where f.resolved_at is null');
      c.replaceOnce(PIPELINE_HEALTH_MIGRATION, 'where f.org_id = v_org and f.id = dead.id', 'where f.id = dead.id');
      c.replaceOnce(PIPELINE_HEALTH_MIGRATION, 'where q.org_id = v_org and q.call_id = resolved.call_id', 'where q.call_id = resolved.call_id');
    },
  },
  {
    id: 'm44',
    catchers: ['settings'],
    title: 'requeue_dead_letters() not idempotent (re-queues resolved failures again)',
    apply: (c) => c.replaceOnce(PIPELINE_HEALTH_MIGRATION, '    where f.org_id = v_org\n      and f.resolved_at is null\n      and f.dead_lettered_at is not null', '    where f.org_id = v_org\n      and f.dead_lettered_at is not null'),
  },
  // Vapi and Retell credentials from the settings page (issue 14): m70–m74.
  {
    id: 'm70',
    catchers: ['credentials', 'gate'],
    title: 'rotate_vapi_secret() lets staff make (and read) the org\'s Vapi secret (admin check removed)',
    apply: adminCheckRemoved(CREDENTIALS_MIGRATION, 'Only admins of the organization can create or rotate its Vapi secret.'),
  },
  {
    id: 'm71',
    catchers: ['credentials', 'gate'],
    title: 'set_retell_api_key() lets staff replace the org\'s Retell API key (admin check removed)',
    apply: adminCheckRemoved(CREDENTIALS_MIGRATION, 'Only admins of the organization can set its Retell API key.'),
  },
  {
    id: 'm72',
    catchers: ['credentials', 'api', 'gate'],
    title: 'retire_provider_credential() without its org filter: an admin ends another org\'s overlap by endpoint id',
    apply: (c) => c.replaceOnce(CREDENTIALS_MIGRATION, 'where e.org_id = v_org\n    and e.id = p_endpoint_id', 'where e.id = p_endpoint_id'),
  },
  {
    id: 'm73',
    catchers: ['credentials'],
    title: 'the provider webhook keeps accepting the previous credential after its overlap ran out (expiry not checked)',
    code: ['lib/webhooks/providers/handle-provider-webhook.ts'],
    apply: (c) =>
      c.replaceOnce('lib/webhooks/providers/handle-provider-webhook.ts', ' && Date.parse(endpoint.previous_expires_at) > now.getTime()', ''),
  },
  {
    id: 'm74',
    catchers: ['credentials'],
    title: 'webhook_settings() returns the stored Vapi secret / Retell API key (no longer shown once, no longer write-only)',
    apply: (c) =>
      c.replaceOnce(
        CREDENTIALS_MIGRATION,
        "'fingerprint', left(encode(sha256(convert_to(e.secret, 'UTF8')), 'hex'), 12),",
        "'secret', e.secret, 'fingerprint', left(encode(sha256(convert_to(e.secret, 'UTF8')), 'hex'), 12),",
      ),
  },  {
    id: 'm75',
    catchers: ['invitations'],
    title: "/auth/confirm takes the mailed link's `next` as given (a crafted link lands its reader, signed in, on //evil.example)",
    code: ['lib/auth/confirm-target.ts'],
    apply: (c) => c.replaceOnce('lib/auth/confirm-target.ts', 'return new URL(safeNextPath(path), here);', "return new URL(path ?? '/calls', here);"),
  },
  {
    id: 'm76',
    catchers: ['invitations'],
    title: 'an invitation whose mail could not be sent stays open (nobody received it, yet it can be accepted)',
    code: ['app/api/org/invitations/route.ts'],
    apply: (c) => c.replaceOnce('app/api/org/invitations/route.ts', '      await revokeInvitation(client, invitation.id).catch(() => undefined);\n', ''),
  },
  // The analytics overview (issue 15): m77–m80.
  {
    id: 'm77',
    catchers: ['overview'],
    title: 'the rollups ignore deleted calls (no delete trigger): the overview keeps counting them',
    apply: (c) =>
      c.replaceOnce(
        OVERVIEW_MIGRATION,
        'create trigger call_logs_rollups_delete after delete on public.call_logs\n  referencing old table as old_rows for each statement execute function public.call_logs_rollups_trigger();\n',
        '',
      ),
  },
  {
    id: 'm78',
    catchers: ['overview'],
    title: "the overview's days and hours counted from the calls are UTC's, not the org's zone (and so are rebuilt rollups)",
    apply: (c) => c.replaceOnce(OVERVIEW_MIGRATION, 'cross join lateral (select c.started_at at time zone p_zone as ts) t', "cross join lateral (select c.started_at at time zone 'UTC' as ts) t"),
  },
  {
    id: 'm79',
    catchers: ['overview', 'gate'],
    title: "call_overview() without its org filter and past RLS (security definer): other orgs' calls in the overview",
    apply: (c) => {
      c.replaceOnce(OVERVIEW_MIGRATION, "where v_source = 'rollups' and r.org_id = v_org and r.time_zone = v_zone", "where v_source = 'rollups' and r.time_zone = v_zone");
      c.replaceOnce(OVERVIEW_MIGRATION, "returns jsonb\nlanguage plpgsql\nstable\nset search_path = ''\nas $$\ndeclare\n  v_org uuid := public.auth_org_id();\n  v_zone text;", "returns jsonb\nlanguage plpgsql\nstable\nsecurity definer\nset search_path = ''\nas $$\ndeclare\n  v_org uuid := public.auth_org_id();\n  v_zone text;");
    },
  },
  {
    id: 'm80',
    catchers: ['overview', 'gate'],
    title: "set_org_time_zone() lets staff change the org's time zone (admin check removed)",
    apply: (c) =>
      c.replaceOnce(
        OVERVIEW_MIGRATION,
        "  if public.auth_org_role() is distinct from 'admin' then\n    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can change its time zone.';",
        "  if false then\n    raise sqlstate 'PT403' using message = 'forbidden', detail = 'Only admins of the organization can change its time zone.';",
      ),
  },
];

// ------------------------------------------------------------------------------------------ run

interface GuardResult {
  caught: boolean;
  /** Not run for this break (lint: no code changed). */
  skipped?: boolean;
  detail?: string;
}

function runLint(dir: string, files: string[]): GuardResult {
  const r = spawnSync(join(dir, 'node_modules', '.bin', 'eslint'), ['--no-warn-ignored', '--format', 'json', ...files], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`eslint crashed: ${r.stderr}`);
  const messages = (JSON.parse(r.stdout) as { messages: { ruleId: string | null; severity: number }[] }[]).flatMap((f) => f.messages);
  const errors = messages.filter((m) => m.severity === 2);
  return { caught: errors.length > 0, detail: [...new Set(errors.map((m) => m.ruleId ?? 'parse error'))].join(', ') };
}

/** One vitest run over the given guards' files; per-file pass/fail. Asynchronous, so breaks can run side by side. */
async function runVitest(dir: string, guards: Guard[]): Promise<Map<string, { passed: boolean; failed: string[] }>> {
  const files = guards.flatMap((g) => g.files);
  if (files.length === 0) return new Map();
  const out = join(dir, '.mutation-vitest.json');
  rmSync(out, { force: true });
  const output = await new Promise<string>((resolve) => {
    const child = spawn(join(dir, 'node_modules', '.bin', 'vitest'), ['run', ...files, '--reporter=json', `--outputFile=${out}`], {
      cwd: dir,
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const keep = (d: Buffer) => (text = (text + String(d)).slice(-6000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', () => resolve(text));
  });
  if (!existsSync(out)) throw new Error(`vitest produced no report:\n${output.slice(-3000)}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    testResults: { name: string; status: string; message?: string; assertionResults: { status: string; fullName: string }[] }[];
  };
  const results = new Map<string, { passed: boolean; failed: string[] }>();
  for (const t of report.testResults) {
    const failed = t.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName);
    if (t.status !== 'passed' && failed.length === 0) failed.push(t.message?.split('\n')[0] ?? 'suite failed');
    results.set(relative(dir, t.name), { passed: t.status === 'passed', failed });
  }
  for (const f of files) if (!results.has(f)) results.set(f, { passed: false, failed: ['no result (suite did not run)'] });
  return results;
}

async function evaluate(dir: string, mutation?: Mutation, guards: Guard[] = GUARDS): Promise<Map<string, GuardResult>> {
  const vitest = await runVitest(dir, guards);
  const results = new Map<string, GuardResult>();
  for (const g of GUARDS) {
    if (!guards.includes(g)) {
      results.set(g.id, { caught: false, skipped: true });
      continue;
    }
    if (g.id === 'lint') {
      const files = mutation ? (mutation.code ?? []) : ['app', 'lib', 'inngest', 'components', 'proxy.ts'].filter((f) => existsSync(join(dir, f)));
      results.set(g.id, files.length === 0 ? { caught: false, skipped: true } : runLint(dir, files));
      continue;
    }
    const failed = g.files.flatMap((f) => (vitest.get(f)!.passed ? [] : vitest.get(f)!.failed));
    results.set(g.id, { caught: failed.length > 0, detail: failed.slice(0, 3).join(' | ') + (failed.length > 3 ? ` | … (${failed.length} failing)` : '') });
  }
  return results;
}

/**
 * Apply-only: each break is applied to one scratch copy and undone again, without running any guard.
 * A break "no longer applies" when its apply throws (its target text is gone or matches twice), when it
 * writes no change at all, or when a file it names for the lint guard does not exist. Exit 1 if any.
 */
function dryRun(selected: Mutation[]): number {
  const copy = createScratchCopy('mutation-checks-dry-');
  const stale: string[] = [];
  try {
    for (const m of selected) {
      const tracked = trackWrites(copy);
      const written = new Map<string, string>();
      const probe: ScratchCopy = {
        ...tracked.copy,
        write(p, text) {
          if (!written.has(p)) written.set(p, existsSync(join(copy.dir, p)) ? copy.read(p) : '\u0000absent');
          tracked.copy.write(p, text);
        },
      };
      // replaceOnce writes through the tracked view's own write; route it through the probe too.
      probe.replaceOnce = (p, from, to) => {
        const before = copy.read(p);
        tracked.copy.replaceOnce(p, from, to);
        if (!written.has(p)) written.set(p, before);
      };
      try {
        m.apply(probe);
        const changed = [...written].filter(([p, before]) => !existsSync(join(copy.dir, p)) || copy.read(p) !== before);
        const missing = (m.code ?? []).filter((f) => !existsSync(join(copy.dir, f)));
        if (changed.length === 0) throw new Error('applies but changes nothing');
        if (missing.length > 0) throw new Error(`names code files that do not exist: ${missing.join(', ')}`);
        console.log(`[mutations] ${m.id} applies (${changed.map(([p]) => p).join(', ')})`);
      } catch (error) {
        stale.push(m.id);
        console.error(`[mutations] ${m.id} NO LONGER APPLIES: ${(error as Error).message}`);
      } finally {
        tracked.restore();
      }
    }
  } finally {
    copy.remove();
  }
  console.log(`[mutations] dry run: ${selected.length - stale.length}/${selected.length} breaks apply${stale.length ? `; update ${stale.join(', ')}` : ''}`);
  return stale.length > 0 ? 1 : 0;
}

async function main() {
  const argv = process.argv.slice(2);
  const onlyArg = argv.includes('--only') ? argv[argv.indexOf('--only') + 1].split(',') : null;
  const keep = argv.includes('--keep');
  const matrix = argv.includes('--matrix');
  const verbose = argv.includes('--verbose');
  // Breaks run side by side, each in its own scratch copy with its own stack (default: one per core).
  const jobs = Math.max(1, Number(argv.includes('--jobs') ? argv[argv.indexOf('--jobs') + 1] : cpus().length) || 1);
  const selected = onlyArg ? MUTATIONS.filter((m) => onlyArg.includes(m.id)) : MUTATIONS;
  for (const m of MUTATIONS) {
    const unknown = m.catchers.filter((id) => !GUARDS.some((g) => g.id === id));
    if (m.catchers.length === 0 || unknown.length > 0) throw new Error(`${m.id}: catchers must name guards (${unknown.join(', ') || 'none given'})`);
  }
  // Every guard must be shown to bite: each is the expected catcher of at least one break.
  const idle = GUARDS.filter((g) => !MUTATIONS.some((m) => m.catchers.includes(g.id)));
  if (idle.length > 0) throw new Error(`guards no break is expected to trip: ${idle.map((g) => g.id).join(', ')}`);

  if (argv.includes('--dry')) process.exit(dryRun(selected));

  const copies = Array.from({ length: Math.min(jobs, Math.max(1, selected.length)) }, () => createScratchCopy('mutation-checks-'));
  const copy = copies[0];
  console.log(`[mutations] scratch copies (${copies.length} side by side): ${copies.map((c) => c.dir).join(', ')}`);
  const t0 = performance.now();
  let exitCode = 0;
  try {
    // Baseline: every guard passes on the unbroken copy, so a failure below is the break's doing.
    const baseline = await evaluate(copy.dir);
    const broken = GUARDS.filter((g) => baseline.get(g.id)!.caught);
    if (broken.length > 0) {
      for (const g of broken) console.error(`[mutations] guard "${g.label}" fails WITHOUT any break: ${baseline.get(g.id)!.detail}`);
      console.error('[mutations] fix the failing guard first: its results would prove nothing');
      process.exit(1);
    }
    console.log(`[mutations] baseline: all ${GUARDS.length} guards pass (${Math.round((performance.now() - t0) / 1000)} s)`);

    const rows: { m: Mutation; results: Map<string, GuardResult> | null; error?: string }[] = selected.map((m) => ({ m, results: null }));
    let next = 0;
    // Each worker owns one copy; every file a break writes is restored before its next break.
    const worker = async (own: ScratchCopy) => {
      for (let i = next++; i < selected.length; i = next++) {
        const m = selected[i];
        const t = performance.now();
        const tracked = trackWrites(own);
        try {
          m.apply(tracked.copy);
          const results = await evaluate(own.dir, m, matrix ? GUARDS : GUARDS.filter((g) => m.catchers.includes(g.id)));
          rows[i] = { m, results };
          const by = GUARDS.filter((g) => results.get(g.id)!.caught).map((g) => g.label);
          console.log(`[mutations] ${m.id} ${by.length ? `caught by ${by.join(', ')}` : 'NOT CAUGHT'} (${Math.round((performance.now() - t) / 1000)} s)`);
          if (verbose) for (const g of GUARDS) if (results.get(g.id)!.caught) console.log(`    ${g.label}: ${results.get(g.id)!.detail}`);
        } catch (error) {
          rows[i] = { m, results: null, error: (error as Error).message };
          console.error(`[mutations] ${m.id} could not be applied or run: ${(error as Error).message}`);
        } finally {
          tracked.restore();
        }
      }
    };
    await Promise.all(copies.map(worker));

    const header = ['Break', ...GUARDS.map((g) => g.label), 'Verdict'];
    const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
    for (const { m, results, error } of rows) {
      if (!results) {
        lines.push(`| ${m.id}: ${m.title} | ${GUARDS.map(() => '?').join(' | ')} | ERROR: ${error?.split('\n')[0]} |`);
        exitCode = 1;
        continue;
      }
      const caught = GUARDS.filter((g) => results.get(g.id)!.caught);
      if (caught.length === 0) exitCode = 1;
      const cells = GUARDS.map((g) => (results.get(g.id)!.skipped ? '–' : results.get(g.id)!.caught ? '**caught**' : 'passed'));
      lines.push(`| ${m.id}: ${m.title} | ${cells.join(' | ')} | ${caught.length > 0 ? `caught (${caught.length})` : '**NOT CAUGHT**'} |`);
    }
    console.log(`\n${lines.join('\n')}\n`);
    console.log(
      matrix
        ? '"passed" = that guard still passes with the break in place; "–" = not applicable (no code changed).'
        : '"passed" = that guard still passes with the break in place; "–" = not run for this break (its expected catchers only; --matrix runs every guard).',
    );
    console.log(`[mutations] ${rows.filter((r) => r.results && GUARDS.some((g) => r.results!.get(g.id)!.caught)).length}/${rows.length} breaks caught in ${Math.round((performance.now() - t0) / 1000)} s`);
  } finally {
    if (keep) console.log(`[mutations] kept ${copies.map((c) => c.dir).join(', ')}`);
    else for (const c of copies) c.remove();
  }
  process.exit(exitCode);
}

await main();
