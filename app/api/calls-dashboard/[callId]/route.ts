import { ApiError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { callIdParams, noQuery } from '@/lib/api/schemas';
import { auditForeignIdAttempt, recordAccess } from '@/lib/data/audit';
import { getCallDetail } from '@/lib/data/calls';
import { createAdminClient } from '@/lib/supabase/admin';
import { createUserClient } from '@/lib/supabase/server';

// Call detail, admins only. A foreign id answers exactly like a random one (404), and is audited.
export const GET = authedRoute({ adminOnly: true, query: noQuery, params: callIdParams }, async ({ principal, params }) => {
  const call = await getCallDetail(createUserClient(principal.accessToken), principal.orgId, params.callId);
  const admin = createAdminClient();
  if (!call) {
    await auditForeignIdAttempt(admin, { orgId: principal.orgId, userId: principal.userId, route: 'GET /api/calls-dashboard/[callId]', targetId: params.callId });
    throw new ApiError('not_found', 'Call not found.');
  }
  await recordAccess(admin, { orgId: principal.orgId, userId: principal.userId, email: principal.email, action: 'call.viewed', callId: call.id });
  return { call };
});
