import { ApiError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { callIdParams, noQuery } from '@/lib/api/schemas';
import { auditForeignIdAttempt, recordAccess } from '@/lib/data/audit';
import { getRecordingPath } from '@/lib/data/calls';
import { createAdminClient } from '@/lib/supabase/admin';
import { createUserClient } from '@/lib/supabase/server';

export const RECORDING_URL_TTL_SECONDS = 300;

// A short-lived signed URL for the call's stored recording, admins only. The URL is signed with the
// user's own token, so storage RLS (admins of the org in the first path segment) must agree too.
export const GET = authedRoute({ adminOnly: true, query: noQuery, params: callIdParams }, async ({ principal, params }) => {
  const client = createUserClient(principal.accessToken);
  const path = await getRecordingPath(client, principal.orgId, params.callId);
  const admin = createAdminClient();
  if (!path) {
    await auditForeignIdAttempt(admin, { orgId: principal.orgId, userId: principal.userId, route: 'GET /api/calls-dashboard/[callId]/recording', targetId: params.callId });
    throw new ApiError('not_found', 'No stored recording for this call.');
  }
  const { data, error } = await client.storage.from('call-recordings').createSignedUrl(path, RECORDING_URL_TTL_SECONDS);
  if (error || !data) throw new ApiError('not_found', 'No stored recording for this call.');
  await recordAccess(admin, { orgId: principal.orgId, userId: principal.userId, email: principal.email, action: 'recording.url_issued', callId: params.callId });
  return {
    url: data.signedUrl,
    expiresIn: RECORDING_URL_TTL_SECONDS,
    expiresAt: new Date(Date.now() + RECORDING_URL_TTL_SECONDS * 1000).toISOString(),
  };
});
