// Database advisors: Supabase's own security and performance lints (splinter, run by the pinned
// Supabase CLI: `supabase db advisors --db-url`), plus SQL ports of the lints that CLI version does
// not embed, plus project lints, plus the schema guard's findings — one list, one level scale.
//
//   npm run db:advisors -- --db-url <postgres url>   (default: the local stack on 54322)
//
// A run fails on any ERROR and on any WARN that is not in ACCEPTED_WARNINGS (with its reason).
// Works against the local stack and against a hosted project's database URL alike.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type pg from 'pg';
import { runSchemaGuard, type Finding } from './schema-guard.ts';

export type Level = 'ERROR' | 'WARN' | 'INFO';

export interface Advisory {
  name: string;
  level: Level;
  categories: string[];
  /** supabase-cli: splinter via the Supabase CLI; sql: ported or project lint here; schema-guard. */
  source: 'supabase-cli' | 'sql' | 'schema-guard';
  /** schema.name of the object, when known. */
  object: string;
  detail: string;
}

type Queryable = Pick<pg.Client, 'query'>;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SUPABASE_CLI = join(ROOT, 'node_modules', '.bin', 'supabase');

/**
 * WARNs we keep on purpose. Each entry names one object; anything else at WARN fails the run.
 */
export const ACCEPTED_WARNINGS: { name: string; object: string; reason: string }[] = [
  {
    name: 'authenticated_security_definer_function_executable',
    object: 'public.auth_org_id',
    reason:
      'Every RLS policy calls auth_org_id(), so authenticated must execute it. It is SECURITY DEFINER only to read ' +
      'organizations.status past RLS (a suspended org resolves to null); search_path is pinned to \'\', it takes no ' +
      'arguments, reads only the caller\'s own app_metadata claim, returns only that org id (or null), and anon cannot execute it.',
  },
  {
    name: 'authenticated_security_definer_function_executable',
    object: 'public.request_gate_authenticated',
    reason:
      'PostgREST\'s pre-request gate for signed-in users: it must read auth.sessions, auth.users and organizations.status, ' +
      'which users cannot. It takes no arguments, looks up only the caller\'s own session, user and org from the verified ' +
      'claims, returns nothing, and raises only about the caller\'s own state. anon cannot execute it.',
  },
  {
    name: 'authenticated_security_definer_function_executable',
    object: 'public.open_call',
    reason:
      'The only way to read a call\'s transcript, summary and pipeline state: it runs as the owner so it can write the ' +
      'access_log row in the same transaction. It reads only the caller\'s org (auth_org_id()), refuses non-admins before ' +
      'any lookup, and answers null alike for foreign and unknown ids. anon cannot execute it.',
  },
  {
    name: 'authenticated_security_definer_function_executable',
    object: 'public.open_recording',
    reason:
      'The only way to reach a stored recording: as the owner it writes the access_log row, then returns the path of the ' +
      'caller\'s own org\'s call (exactly {org_id}/{call_id}.{ext}) for the server to sign for 5 minutes. Admins only; ' +
      'null alike for foreign and unknown ids. anon cannot execute it.',
  },
  ...[
    ['public.org_members_overview', 'reads the members (auth.users rows whose app_metadata names the caller\'s org), open invitations and the audit trail of the caller\'s own org'],
    ['public.create_org_invitation', 'creates an invitation in the caller\'s own org (token returned once, only its hash stored) and its audit row'],
    ['public.revoke_org_invitation', 'revokes an invitation of the caller\'s own org (404 alike for foreign and unknown ids) and writes its audit row'],
    ['public.set_org_member_role', 'changes the org_role in app_metadata of a member of the caller\'s own org (404 alike for foreign and unknown ids), never leaving the org without an admin'],
    ['public.remove_org_member', 'removes org_id/org_role from the app_metadata of a member of the caller\'s own org (404 alike for foreign and unknown ids), never the last admin'],
  ].map(([object, what]) => ({
    name: 'authenticated_security_definer_function_executable',
    object,
    reason:
      `Org administration (20261130000500_org_members.sql): it must read or write auth.users and tables users cannot. It ${what}. ` +
      'It refuses non-admins before any lookup (require_org_admin()), takes the org from the caller\'s claims only, serializes per org, ' +
      'and writes the org_audit_log row in the same transaction. search_path is pinned; anon cannot execute it.',
  })),
  // Org administration (issue 14): each runs as the owner because the tables it reads or writes are
  // closed to every API user. Each takes the org from auth_org_id() only, refuses non-admins with
  // PT403 before any lookup, filters every statement by that org, and anon cannot execute it.
  ...(
    [
      ['webhook_settings', 'reads the org\'s secret metadata (never a secret), endpoints and delivery log'],
      ['rotate_webhook_secret', 'makes the org\'s new signing secret and returns it once, writes the audit row'],
      ['retire_webhook_secret', 'ends the overlap of one of the org\'s own secrets (false alike for foreign and unknown ids), writes the audit row'],
      ['begin_webhook_test', 'the admin check and audit row before the server signs a test delivery; returns only the caller\'s org id'],
      ['pipeline_health', 'counts the org\'s pipeline states and lists its dead letters (coarse codes)'],
      ['requeue_dead_letters', 'puts the org\'s own dead letters back in the queue (idempotent; empty alike for foreign and unknown ids), writes the audit row'],
      ['rotate_vapi_secret', 'makes the org\'s new Vapi bearer secret and returns it once (the old one kept for the chosen overlap), writes the audit row'],
      ['set_retell_api_key', 'stores the org\'s pasted Retell API key write-only (the old one kept for the chosen overlap), writes the audit row'],
      ['retire_provider_credential', 'ends the overlap of one of the org\'s own provider endpoints (false alike for foreign and unknown ids), writes the audit row'],
    ] as const
  ).map(([fn, what]) => ({
    name: 'authenticated_security_definer_function_executable',
    object: `public.${fn}`,
    reason:
      `Admin settings: it ${what}. SECURITY DEFINER because the tables are closed to users; org from auth_org_id() only, ` +
      'non-admins refused with PT403 before any lookup, every statement filtered by that org. anon cannot execute it.',
  })),
  {
    name: 'authenticated_security_definer_function_executable',
    object: 'public.retention_policy',
    reason:
      'The org\'s retention settings (issue 16): it reads retention_policies, which users cannot. Admins only (PT403 ' +
      'before any lookup), the org comes from auth_org_id(), no arguments. anon cannot execute it.',
  },
  {
    name: 'authenticated_security_definer_function_executable',
    object: 'public.set_org_time_zone',
    reason:
      'Changes the caller\'s own org\'s time zone; users have no write privilege on organizations. Admins only (PT403 ' +
      'before any lookup), the org comes from auth_org_id(), never from an argument; only IANA region names or UTC are ' +
      'written (PT400 otherwise), and each change is audited. anon cannot execute it.',
  },
  {
    name: 'authenticated_security_definer_function_executable',
    object: 'public.set_retention_policy',
    reason:
      'Changes the caller\'s own org\'s retention settings; users have no write privilege on any table. Admins only (PT403 ' +
      'before any write), the org comes from auth_org_id(), never from an argument; the table\'s checks refuse bad values. ' +
      'anon cannot execute it.',
  },
  {
    name: 'authenticated_security_definer_function_executable',
    object: 'public.erase_call',
    reason:
      'Deleting one call\'s content on request: as the owner it clears the columns, deletes the queue rows and writes the ' +
      'receipt in one transaction. Admins only (PT403 before any lookup), only the caller\'s org (auth_org_id()), null alike ' +
      'for foreign and unknown ids, held calls refused. anon cannot execute it.',
  },
  {
    name: 'authenticated_security_definer_function_executable',
    object: 'public.begin_call_export',
    reason:
      'Writes the access_log row of a CSV export (issue 15) before any call is read; users cannot write the ledger. ' +
      'Admins only (PT403 before the write), the org comes from auth_org_id(), the filter is bounded jsonb. anon cannot execute it.',
  },
  {
    name: 'authenticated_security_definer_function_executable',
    object: 'public.finish_call_export',
    reason:
      'Sets the row count of the caller\'s own unfinished export entry, once; false alike for foreign, finished and unknown ' +
      'entries. Admins only (PT403), the org comes from auth_org_id(). anon cannot execute it.',
  },
  {
    name: 'authenticated_security_definer_function_executable',
    object: 'public.set_legal_hold',
    reason:
      'Places or releases a legal hold on a call of the caller\'s own org and writes the ledger row in the same transaction. ' +
      'Admins only (PT403 before any lookup), null alike for foreign and unknown ids. anon cannot execute it.',
  },
];

/** Project policy: upstream WARNs that are ERRORs here. */
const RAISED_TO_ERROR = new Set(['anon_security_definer_function_executable']);

// ------------------------------------------------------------------------------------------ CLI

interface CliResult {
  name: string;
  level: Level;
  categories: string[];
  detail: string;
  metadata?: { schema?: string; name?: string };
}

/** postgres URL for the CLI: it insists on TLS unless told otherwise; the local server has none. */
export function cliDbUrl(dbUrl: string): string {
  const url = new URL(dbUrl);
  if (!url.searchParams.has('sslmode') && ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname)) {
    url.searchParams.set('sslmode', 'disable');
  }
  return url.toString();
}

/** Splinter's lints, as the pinned Supabase CLI runs them against `dbUrl`. */
export async function runCliAdvisors(dbUrl: string): Promise<Advisory[]> {
  if (!existsSync(SUPABASE_CLI)) {
    throw new Error(`Supabase CLI not installed at ${SUPABASE_CLI} (devDependency "supabase"; run npm ci)`);
  }
  const args = ['db', 'advisors', '--db-url', cliDbUrl(dbUrl), '--type', 'all', '--level', 'info', '--output-format', 'json'];
  // The CLI keeps state in <workdir>/supabase/.temp: give it a throwaway workdir, not the repo.
  const workdir = mkdtempSync(join(tmpdir(), 'supabase-cli-'));
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(SUPABASE_CLI, [...args, '--workdir', workdir], { cwd: workdir, timeout: 120_000, maxBuffer: 64 << 20 }));
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    // --fail-on is not passed, so a non-zero exit is a failure to run, not a finding.
    throw new Error(`supabase db advisors failed: ${e.stderr || e.stdout || e.message}`);
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
  const parsed = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { results?: CliResult[]; _tag?: string; error?: { message: string } };
  if (!parsed.results) throw new Error(`supabase db advisors: unexpected output: ${stdout.slice(0, 500)}`);
  return parsed.results.map((r) => ({
    name: r.name,
    level: r.level,
    categories: r.categories,
    source: 'supabase-cli' as const,
    object: r.metadata?.schema && r.metadata?.name ? `${r.metadata.schema}.${r.metadata.name}` : '',
    detail: r.detail,
  }));
}

// ------------------------------------------------------------------------------------------ SQL

// Schemas Supabase manages; splinter's lints skip them.
const SYSTEM_SCHEMAS = [
  '_timescaledb_cache', '_timescaledb_catalog', '_timescaledb_config', '_timescaledb_internal', 'auth', 'cron',
  'extensions', 'graphql', 'graphql_public', 'information_schema', 'net', 'pgmq', 'pgroonga', 'pgsodium',
  'pgsodium_masks', 'pgtle', 'pgbouncer', 'pg_catalog', 'pg_toast', 'realtime', 'repack', 'storage',
  'supabase_functions', 'supabase_migrations', 'tiger', 'topology', 'vault',
];

/**
 * Lints the pinned CLI does not embed (splinter 0025, 0028, 0029), and project lints: a public
 * storage bucket, and SECURITY DEFINER functions without a pinned search_path.
 */
export async function runSqlAdvisors(db: Queryable): Promise<Advisory[]> {
  const out: Advisory[] = [];
  const security = ['SECURITY'];

  // SECURITY DEFINER functions the API roles can call (0028 anon, 0029 authenticated), and
  // SECURITY DEFINER functions whose search_path the caller controls (project lint).
  const definers = await db.query<{ schema: string; name: string; args: string; anon: boolean; authenticated: boolean; pinned: boolean }>(
    `select n.nspname as schema, p.proname as name, pg_get_function_identity_arguments(p.oid) as args,
            has_function_privilege('anon', p.oid, 'EXECUTE') as anon,
            has_function_privilege('authenticated', p.oid, 'EXECUTE') as authenticated,
            exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%') as pinned
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where p.prosecdef and n.nspname <> all ($1::text[]) and n.nspname not like 'pg\\_temp%'
     order by 1, 2, 3`,
    [SYSTEM_SCHEMAS],
  );
  for (const f of definers.rows) {
    const object = `${f.schema}.${f.name}`;
    if (f.anon) {
      out.push({
        name: 'anon_security_definer_function_executable', level: 'WARN', categories: security, source: 'sql', object,
        detail: `SECURITY DEFINER function \`${object}(${f.args})\` is executable by anon: any holder of the anon key can call it via /rest/v1/rpc/${f.name}, past RLS.`,
      });
    }
    if (f.authenticated) {
      out.push({
        name: 'authenticated_security_definer_function_executable', level: 'WARN', categories: security, source: 'sql', object,
        detail: `SECURITY DEFINER function \`${object}(${f.args})\` is executable by authenticated: any signed-in user can call it via /rest/v1/rpc/${f.name}, past RLS.`,
      });
    }
    if (!f.pinned) {
      out.push({
        name: 'security_definer_search_path_mutable', level: 'ERROR', categories: security, source: 'sql', object,
        detail: `SECURITY DEFINER function \`${object}(${f.args})\` has no fixed search_path: a caller can shadow the objects it uses and run code as its owner.`,
      });
    }
  }

  // Policies on tenant tables (public tables with org_id) and on storage.objects must confine rows
  // to the caller's org: every USING / WITH CHECK is `false`, or an AND of conditions one of which
  // is the org predicate (org_id = (select auth_org_id()); for storage, the first path segment).
  // Upstream 0024 skips SELECT policies, so a `using (true)` read policy passes splinter.
  const policies = await db.query<{ schema: string; tbl: string; name: string; qual: string | null; check: string | null }>(
    `select n.nspname as schema, c.relname as tbl, p.polname as name,
            pg_get_expr(p.polqual, p.polrelid) as qual, pg_get_expr(p.polwithcheck, p.polrelid) as check
     from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
     where (n.nspname = 'storage' and c.relname = 'objects')
        or (n.nspname = 'public' and exists (
              select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped))
     order by 1, 2, 3`,
  );
  const TABLE_SCOPE = /\borg_id = \( SELECT (?:public\.)?auth_org_id\(\) AS auth_org_id\)/;
  const STORAGE_SCOPE = /\(storage\.foldername\(name\)\)\[1\] = \(\( SELECT (?:public\.)?auth_org_id\(\) AS auth_org_id\)\)::text/;
  for (const p of policies.rows) {
    const scope = p.schema === 'storage' ? STORAGE_SCOPE : TABLE_SCOPE;
    for (const [clause, expr] of [['USING', p.qual], ['WITH CHECK', p.check]] as const) {
      if (expr === null || /^\(*false\)*$/i.test(expr.trim())) continue;
      if (scope.test(expr) && !/\bOR\b/i.test(expr)) continue;
      out.push({
        name: 'policy_not_org_scoped', level: 'ERROR', categories: security, source: 'sql', object: `${p.schema}.${p.tbl}`,
        detail: `Policy \`${p.name}\` ${clause} (${expr}) does not confine rows to the caller's org: expected ${
          p.schema === 'storage' ? "(storage.foldername(name))[1] = (select public.auth_org_id())::text" : 'org_id = (select public.auth_org_id())'
        } AND-ed with any other condition, or false.`,
      });
    }
  }

  // Storage: the app keeps no public bucket (public reads bypass storage RLS), and upstream 0025.
  const buckets = await db.query<{ id: string; public: boolean; broad: string[] }>(
    `select b.id, b.public,
            array(select p.policyname::text from pg_policies p
                  where p.schemaname = 'storage' and p.tablename = 'objects' and p.cmd in ('SELECT', 'ALL')
                    and p.permissive = 'PERMISSIVE' and p.roles && array['public', 'anon', 'authenticated']::name[]
                    and (p.qual is null
                         or regexp_replace(lower(p.qual), '\\s', '', 'g') in ('true', '(true)', '1=1', '(1=1)')
                         or p.qual ~* ('^\\s*\\(*\\s*bucket_id\\s*=\\s*''' || replace(b.id, '''', '''''') || '''(::text)?\\s*\\)*\\s*$'))
                  order by 1) as broad
     from storage.buckets b
     where b.public
     order by b.id`,
  ).catch((e: { code?: string }) => {
    if (e.code === '42P01') return { rows: [] }; // no storage schema: nothing to lint
    throw e;
  });
  for (const b of buckets.rows) {
    out.push({
      name: 'storage_bucket_public', level: 'ERROR', categories: security, source: 'sql', object: `storage.${b.id}`,
      detail: `Bucket \`${b.id}\` is public: /object/public/ URLs serve every object without any storage policy. Recordings must stay private (signed URLs only).`,
    });
    if (b.broad.length > 0) {
      out.push({
        name: 'public_bucket_allows_listing', level: 'WARN', categories: security, source: 'sql', object: `storage.${b.id}`,
        detail: `Public bucket \`${b.id}\` has broad SELECT ${b.broad.length === 1 ? 'policy' : 'policies'} on storage.objects (${b.broad.join(', ')}): clients can list every file.`,
      });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------ guard

const GUARD_CATEGORY: Record<string, string> = { auth_rls_initplan: 'PERFORMANCE', org_id_unindexed: 'PERFORMANCE' };

/** Schema guard findings (supabase/checks/schema-guard.ts) as advisories: all ERROR. */
export function fromSchemaGuard(findings: Finding[]): Advisory[] {
  return findings.map((f) => ({
    name: f.rule,
    level: 'ERROR' as const,
    categories: [GUARD_CATEGORY[f.rule] ?? 'SECURITY'],
    source: 'schema-guard' as const,
    object: f.object,
    detail: f.detail,
  }));
}

// ------------------------------------------------------------------------------------------ all

export interface AdvisorsReport {
  advisories: Advisory[];
  /** ERROR findings, and WARNs not in ACCEPTED_WARNINGS: each one fails the run. */
  failures: Advisory[];
  accepted: Advisory[];
}

export function isAccepted(a: Advisory): boolean {
  return a.level === 'WARN' && ACCEPTED_WARNINGS.some((w) => w.name === a.name && w.object === a.object);
}

export function assess(all: Advisory[]): AdvisorsReport {
  const advisories = all.map((a) => (RAISED_TO_ERROR.has(a.name) ? { ...a, level: 'ERROR' as const } : a));
  const order: Record<Level, number> = { ERROR: 0, WARN: 1, INFO: 2 };
  advisories.sort((a, b) => order[a.level] - order[b.level] || a.name.localeCompare(b.name) || a.object.localeCompare(b.object));
  return {
    advisories,
    failures: advisories.filter((a) => a.level === 'ERROR' || (a.level === 'WARN' && !isAccepted(a))),
    accepted: advisories.filter(isAccepted),
  };
}

/** Everything: the CLI's splinter lints (needs `dbUrl`), the SQL lints and the schema guard (on `db`). */
export async function runAdvisors(db: Queryable, dbUrl: string): Promise<AdvisorsReport> {
  const [cli, sql, guard] = await Promise.all([runCliAdvisors(dbUrl), runSqlAdvisors(db), runSchemaGuard(db)]);
  return assess([...cli, ...sql, ...fromSchemaGuard(guard)]);
}

export function formatReport(report: AdvisorsReport): string {
  const lines = ['| level | lint | object | source | detail |', '|---|---|---|---|---|'];
  for (const a of report.advisories) {
    const level = isAccepted(a) ? 'WARN (accepted)' : a.level;
    lines.push(`| ${level} | ${a.name} | ${a.object} | ${a.source} | ${a.detail.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { default: pgModule } = await import('pg');
  const i = process.argv.indexOf('--db-url');
  const dbUrl = i > 0 ? process.argv[i + 1] : (process.env.SUPABASE_DB_URL ?? 'postgres://postgres:postgres@127.0.0.1:54322/postgres');
  const db = new pgModule.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const report = await runAdvisors(db, dbUrl);
    const showInfo = process.argv.includes('--info');
    console.log(formatReport({ ...report, advisories: report.advisories.filter((a) => showInfo || a.level !== 'INFO') }));
    const info = report.advisories.filter((a) => a.level === 'INFO').length;
    console.log(`\n${report.failures.length} failing (ERROR or unaccepted WARN), ${report.accepted.length} accepted WARN, ${info} INFO${showInfo ? '' : ' (--info to list)'}`);
    process.exitCode = report.failures.length > 0 ? 1 : 0;
  } finally {
    await db.end();
  }
}
