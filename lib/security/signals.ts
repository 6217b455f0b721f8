import 'server-only';
// Where the routes report cross-tenant signals. Each runs after the response (the answer and its
// timing never depend on it) and counts toward an alert (alerts.ts).
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterResponse } from '@/lib/api/after-response';
import type { Database } from '@/lib/database.types';
import { log } from '@/lib/observability/log';
import { incrementCounter } from '@/lib/observability/metrics';
import type { Principal } from '@/lib/auth/verify';
import { auditForeignIdAttempt } from '@/lib/data/audit';
import { createAdminClient } from '@/lib/supabase/admin';
import { clientAddress, recordSecuritySignal } from './alerts';

/** A lookup by id found nothing in the caller's org: audited if the id is another org's, and counted. */
export function reportForeignIdLookup(principal: Principal, route: string, targetId: string) {
  afterResponse('audit foreign id', async () => {
    const admin = createAdminClient();
    const foreign = await auditForeignIdAttempt(admin, { orgId: principal.orgId, userId: principal.userId, route, targetId });
    if (foreign) await recordSecuritySignal(admin, { kind: 'foreign_id_probe', source: `user:${principal.userId}`, orgId: principal.orgId, route });
  });
}

/** A bearer token that failed verification (bad signature, foreign key, alg none): counted per client address. */
export function reportInvalidToken(request: Request, route: string) {
  const source = `ip:${clientAddress(request.headers)}`;
  afterResponse('security signal', () => recordSecuritySignal(createAdminClient(), { kind: 'invalid_token', source, orgId: null, route }));
}

/**
 * A webhook delivery that failed authentication, counted per targeted org when the URL named one
 * that exists (`org:<id>`), else per client address. Logged with the reason (never the payload).
 */
export function reportWebhookAuthFailure(
  client: SupabaseClient<Database>,
  failure: { route: string; orgId: string | null; request: Request; reason: string },
) {
  log.warn({ reason: failure.reason, targetOrgId: failure.orgId ?? undefined }, 'webhook rejected');
  const source = failure.orgId ? `org:${failure.orgId}` : `ip:${clientAddress(failure.request.headers)}`;
  incrementCounter('app_webhook_auth_failures_total', { route: failure.route, org_id: failure.orgId ?? '' });
  afterResponse('security signal', () => recordSecuritySignal(client, { kind: 'webhook_auth_failure', source, orgId: failure.orgId, route: failure.route }));
}
