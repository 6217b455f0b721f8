import { ApiError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { callIdParams, noQuery } from '@/lib/api/schemas';
import { getCallDetail } from '@/lib/data/calls';
import { eraseCall } from '@/lib/data/retention';
import { removeErasedObjects } from '@/lib/retention/erase';
import { createAdminClient } from '@/lib/supabase/admin';
import { createUserClient } from '@/lib/supabase/server';
import { reportForeignIdLookup } from '@/lib/security/signals';

// Call detail, admins only: one database request (open_call), which also writes the ledger row. A
// foreign id answers exactly like a random one (404, same cost); it is audited after the response.
export const GET = authedRoute('GET /api/calls-dashboard/[callId]', { adminOnly: true, query: noQuery, params: callIdParams }, async ({ route, principal, params }) => {
  const call = await getCallDetail(createUserClient(principal.accessToken), params.callId);
  if (!call) {
    reportForeignIdLookup(principal, route, params.callId);
    throw new ApiError('not_found', 'Call not found.');
  }
  return { call };
});

// Delete the call's content now, admins only: erase_call() (with the user's token, so staff get 403
// from the database too) clears the recording path, provider URLs, transcript, summary and analysis
// and writes the receipt in one transaction; then the Storage object is removed and the receipt
// stamped. The call record stays, marked erased. Repeating it is harmless (no second receipt) and
// finishes a removal an earlier request left undone. A held call is a 409.
export const DELETE = authedRoute('DELETE /api/calls-dashboard/[callId]', { adminOnly: true, query: noQuery, params: callIdParams }, async ({ route, principal, params }) => {
  const result = await eraseCall(createUserClient(principal.accessToken), params.callId);
  if (!result) {
    reportForeignIdLookup(principal, route, params.callId);
    throw new ApiError('not_found', 'Call not found.');
  }
  await removeErasedObjects({ client: createAdminClient() }, principal.orgId, result.pending);
  return {
    callId: params.callId,
    receiptId: result.receiptId,
    recordingErasedAt: result.recordingErasedAt,
    contentErasedAt: result.contentErasedAt,
  };
});
