// The security audit log (cross-tenant attempts, platform-only, written with the service role after
// the response) and the read-access ledger (who opened which call, readable by the org's admins;
// written by open_call() / open_recording() in the database, in the same transaction as the read).
import type { SupabaseClient } from '@supabase/supabase-js';
import type { AccessAction, AccessLogEntry, AccessLogResponse } from '@/lib/api/contract';
import type { Database } from '@/lib/database.types';
import { afterCursor, decodeCursor, encodeCursor } from './cursor';

type Client = SupabaseClient<Database>;

/**
 * Called when a lookup by id found nothing in the caller's org. If the id exists in another org,
 * that is a cross-tenant attempt and is logged; the caller's response is the same either way.
 */
export async function auditForeignIdAttempt(
  admin: Client,
  attempt: { orgId: string; userId: string; route: string; targetId: string },
) {
  const { data, error } = await admin
    // eslint-disable-next-line tenant/require-org-filter -- deliberately unscoped: detecting ids that belong to another org (service role, reads org_id only, never returned to the caller)
    .from('call_logs')
    .select('org_id')
    .eq('id', attempt.targetId)
    .maybeSingle();
  if (error) throw error;
  if (!data || data.org_id === attempt.orgId) return false;
  const { error: insertError } = await admin.from('security_audit_log').insert({
    org_id: attempt.orgId,
    actor_user_id: attempt.userId,
    event: 'cross_tenant_access_attempt',
    route: attempt.route,
    target_id: attempt.targetId,
  });
  if (insertError) throw insertError;
  return true;
}


/** The org's access ledger, newest first, keyset-paged on (created_at, entry_id). */
export async function listAccessLog(client: Client, orgId: string, opts: { cursor?: string; limit: number }): Promise<AccessLogResponse> {
  const cursor = opts.cursor ? decodeCursor(opts.cursor, { s: 'created_at', o: 'desc' }) : null;
  let q = client
    .from('access_log')
    .select('entry_id, action, call_id, actor_email, created_at, detail, row_count')
    .eq('org_id', orgId);
  if (cursor) q = afterCursor(q, cursor, { sort: 'created_at', id: 'entry_id' });
  const { data, error } = await q.order('created_at', { ascending: false }).order('entry_id', { ascending: false }).limit(opts.limit + 1);
  if (error) throw error;
  const rows = data ?? [];
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((r): AccessLogEntry => ({
      id: r.entry_id,
      action: r.action as AccessAction,
      callId: r.call_id,
      filter: r.detail && typeof r.detail === 'object' && !Array.isArray(r.detail) ? (r.detail as Record<string, unknown>) : null,
      rowCount: r.row_count,
      actorEmail: r.actor_email,
      createdAt: r.created_at,
    })),
    nextCursor: rows.length > opts.limit && last ? encodeCursor({ s: 'created_at', o: 'desc', v: last.created_at, id: last.entry_id }) : null,
  };
}
