import { ApiError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { callIdParams, noQuery } from '@/lib/api/schemas';
import { getCallDetail } from '@/lib/data/calls';
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
