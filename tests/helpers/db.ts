// Direct database access for tests: the owner connection for fixtures, and a way to run SQL as
// an API role with JWT claims (as PostgREST does), always rolled back.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../../supabase/local/migrate.ts';
import { stackEnv } from './clients.ts';

export async function withDb<T>(fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: stackEnv().dbUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

export type Claims = Record<string, unknown>;

export function userClaims(opts: { orgId?: string | null; role?: 'admin' | 'staff'; userMetadata?: Record<string, unknown> }): Claims {
  const app_metadata: Record<string, unknown> = { provider: 'email', providers: ['email'] };
  if (opts.orgId) app_metadata.org_id = opts.orgId;
  if (opts.role) app_metadata.org_role = opts.role;
  return {
    sub: randomUUID(),
    role: 'authenticated',
    aud: 'authenticated',
    app_metadata,
    user_metadata: opts.userMetadata ?? {},
  };
}

/**
 * Runs `sql` as `role` with `claims` inside a transaction that is always rolled back.
 * Returns rows and rowCount, or the Postgres error code when the statement is refused.
 */
export async function asRole(
  db: pg.Client,
  role: 'anon' | 'authenticated' | 'service_role',
  claims: Claims,
  sql: string,
  params: unknown[] = [],
): Promise<{ rows: Record<string, unknown>[]; rowCount: number; error?: string }> {
  await db.query('begin');
  try {
    await db.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [role, JSON.stringify(claims)]);
    const r = await db.query(sql, params);
    return { rows: r.rows, rowCount: r.rowCount ?? 0 };
  } catch (e) {
    return { rows: [], rowCount: 0, error: (e as { code?: string }).code ?? 'unknown' };
  } finally {
    await db.query('rollback');
  }
}

/** Creates an org with one row in every tenant table; returns the ids. */
export async function createOrgFixture(db: pg.Client, status: 'active' | 'suspended' = 'active') {
  const org = randomUUID();
  const lead = randomUUID();
  const campaign = randomUUID();
  const call = randomUUID();
  const queue = randomUUID();
  await db.query('insert into public.organizations (id, name, status) values ($1, $2, $3)', [org, `Org ${org.slice(0, 8)}`, status]);
  await db.query(`insert into public.leads (id, org_id, name) values ($1, $2, 'Lead')`, [lead, org]);
  await db.query(`insert into public.campaigns (id, org_id, name) values ($1, $2, 'Campaign')`, [campaign, org]);
  await db.query(`insert into public.knowledge_base (org_id, title) values ($1, 'KB')`, [org]);
  await db.query(
    `insert into public.call_logs (id, org_id, call_type, status, from_number, to_number, lead_id, campaign_id, started_at, summary)
     values ($1, $2, 'outbound', 'completed', '+15550001111', '+15550002222', $3, $4, now(), 'secret summary ' || $5)`,
    [call, org, lead, campaign, org],
  );
  await db.query(
    `insert into public.recording_upload_queue (id, org_id, call_id, recording_url) values ($1, $2, $3, 'https://example.test/r.wav')`,
    [queue, org, call],
  );
  await db.query(`insert into public.failed_recording_uploads (org_id, call_id, queue_id, error) values ($1, $2, $3, 'boom')`, [org, call, queue]);
  await db.query(`insert into public.security_audit_log (org_id, event, route, target_id) values ($1, 'test', '/x', 'y')`, [org]);
  await db.query(`insert into public.access_log (org_id, actor_user_id, action, call_id) values ($1, $2, 'call.viewed', $3)`, [org, randomUUID(), call]);
  await db.query(`insert into public.webhook_secrets (org_id, secret) values ($1, 'whsec_' || encode(extensions.gen_random_bytes(32), 'base64'))`, [org]);
  await db.query(`insert into public.webhook_deliveries (org_id, webhook_id, call_id) values ($1, 'fixture-' || gen_random_uuid(), $2)`, [org, call]);
  await db.query(`insert into public.orphan_cleanup_runs (org_id, dry_run, grace_seconds) values ($1, true, 0)`, [org]);
  await db.query(
    `insert into public.provider_webhook_endpoints (org_id, provider, auth_method, secret) values ($1, 'retell', 'retell-signature', 'key_' || encode(extensions.gen_random_bytes(24), 'hex'))`,
    [org],
  );
  await db.query(`insert into public.org_audit_log (org_id, action, target) values ($1, 'member.invited', 'fixture@example.test')`, [org]);
  await db.query(
    `insert into public.org_invitations (org_id, email, role, token_hash, expires_at) values ($1, 'fixture@example.test', 'staff', extensions.gen_random_bytes(32), now() + interval '1 day')`,
    [org],
  );
  await db.query(`insert into public.webhook_delivery_events (org_id, provider, event_type, outcome) values ($1, 'standard', 'end-of-call-report', 'accepted')`, [org]);
  await db.query(`insert into public.retention_policies (org_id, recording_days, transcript_days) values ($1, 30, 60)`, [org]);
  await db.query(`insert into public.erasure_receipts (org_id, call_id, source, erased) values ($1, gen_random_uuid(), 'retention', '{transcript}')`, [org]);
  // call_rollups: the call above made its rows (the trigger on call_logs).
  return { org, lead, campaign, call, queue };
}

// Every table with an org_id. The RLS matrix checks this list against the one generated from the
// migrations (eslint-rules/tenant-tables.json), so a new tenant table fails it until it is covered here.
export const TENANT_TABLES = [
  'leads',
  'campaigns',
  'knowledge_base',
  'call_logs',
  'recording_upload_queue',
  'failed_recording_uploads',
  'security_audit_log',
  'access_log',
  'webhook_secrets',
  'webhook_deliveries',
  'orphan_cleanup_runs',
  'provider_webhook_endpoints',
  'org_audit_log',
  'org_invitations',
  'webhook_delivery_events',
  'retention_policies',
  'erasure_receipts',
  'call_rollups',
] as const;
export type TenantTable = (typeof TENANT_TABLES)[number];

/** The tenant tables as `npm run gen:tenant-tables` derived them from the migrations. */
export function generatedTenantTables(): string[] {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'eslint-rules', 'tenant-tables.json'), 'utf8')) as { tables: string[] }).tables;
}

/** A minimal valid insert for each tenant table, targeting `org` (references given fixture ids). */
export function insertSql(table: TenantTable, f: { org: string; call: string; lead: string; campaign: string }): [string, unknown[]] {
  switch (table) {
    case 'leads':
      return [`insert into public.leads (org_id, name) values ($1, 'x') returning id`, [f.org]];
    case 'campaigns':
      return [`insert into public.campaigns (org_id, name) values ($1, 'x') returning id`, [f.org]];
    case 'knowledge_base':
      return [`insert into public.knowledge_base (org_id, title) values ($1, 'x') returning id`, [f.org]];
    case 'call_logs':
      return [`insert into public.call_logs (org_id, call_type, status, started_at) values ($1, 'inbound', 'completed', now()) returning id`, [f.org]];
    case 'recording_upload_queue':
      return [`insert into public.recording_upload_queue (org_id, call_id, recording_url) values ($1, $2, 'u') returning id`, [f.org, f.call]];
    case 'failed_recording_uploads':
      return [`insert into public.failed_recording_uploads (org_id, call_id, error) values ($1, $2, 'e') returning id`, [f.org, f.call]];
    case 'security_audit_log':
      return [`insert into public.security_audit_log (org_id, event, route) values ($1, 'e', '/r') returning id`, [f.org]];
    case 'access_log':
      return [`insert into public.access_log (org_id, actor_user_id, action, call_id) values ($1, gen_random_uuid(), 'call.viewed', $2) returning id`, [f.org, f.call]];
    case 'webhook_secrets':
      return [`insert into public.webhook_secrets (org_id, secret) values ($1, 'whsec_' || encode(extensions.gen_random_bytes(32), 'base64')) returning id`, [f.org]];
    case 'webhook_deliveries':
      return [`insert into public.webhook_deliveries (org_id, webhook_id) values ($1, 'matrix-' || gen_random_uuid()) returning webhook_id`, [f.org]];
    case 'orphan_cleanup_runs':
      return [`insert into public.orphan_cleanup_runs (org_id, dry_run, grace_seconds) values ($1, true, 0) returning id`, [f.org]];
    case 'provider_webhook_endpoints':
      return [`insert into public.provider_webhook_endpoints (org_id, provider, auth_method, secret) values ($1, 'vapi', 'bearer', encode(extensions.gen_random_bytes(24), 'hex')) returning id`, [f.org]];
    case 'org_audit_log':
      return [`insert into public.org_audit_log (org_id, action) values ($1, 'member.invited') returning id`, [f.org]];
    case 'org_invitations':
      return [
        `insert into public.org_invitations (org_id, email, role, token_hash, expires_at) values ($1, 'x-' || gen_random_uuid() || '@example.test', 'staff', extensions.gen_random_bytes(32), now() + interval '1 day') returning id`,
        [f.org],
      ];
    case 'webhook_delivery_events':
      return [`insert into public.webhook_delivery_events (org_id, provider, outcome) values ($1, 'standard', 'accepted') returning id`, [f.org]];
    case 'retention_policies':
      return [`insert into public.retention_policies (org_id, recording_days) values ($1, 1) on conflict (org_id) do update set recording_days = 1 returning org_id`, [f.org]];
    case 'erasure_receipts':
      return [`insert into public.erasure_receipts (org_id, call_id, source, erased) values ($1, $2, 'retention', '{summary}') returning id`, [f.org, f.call]];
    case 'call_rollups':
      return [`insert into public.call_rollups (org_id, time_zone, local_day, direction, dimension, calls) values ($1, 'UTC', current_date, 'inbound', 'total', 1) returning org_id`, [f.org]];
  }
}
