import { afterResponse } from '@/lib/api/after-response';
import { ApiError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { callIdParams, legalHoldBody, noQuery } from '@/lib/api/schemas';
import { auditForeignIdAttempt } from '@/lib/data/audit';
import { setLegalHold } from '@/lib/data/retention';
import { createAdminClient } from '@/lib/supabase/admin';
import { createUserClient } from '@/lib/supabase/server';

// Place or release the call's legal hold, admins only. set_legal_hold() checks the caller and writes
// the ledger row (call.hold_placed / call.hold_released) in the same transaction.
export const PUT = authedRoute('PUT /api/calls-dashboard/[callId]/legal-hold', { adminOnly: true, query: noQuery, params: callIdParams, body: legalHoldBody }, async ({ route, principal, params, body }) => {
  const hold = await setLegalHold(createUserClient(principal.accessToken), params.callId, body.held);
  if (!hold) {
    afterResponse('audit foreign id', () =>
      auditForeignIdAttempt(createAdminClient(), { orgId: principal.orgId, userId: principal.userId, route, targetId: params.callId }),
    );
    throw new ApiError('not_found', 'Call not found.');
  }
  return { callId: params.callId, held: hold.held, since: hold.since };
});
