import { ApiError, fromStorageError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { callIdParams, noQuery } from '@/lib/api/schemas';
import { openRecording } from '@/lib/data/calls';
import { RECORDINGS_BUCKET } from '@/lib/recordings/config';
import { createAdminClient } from '@/lib/supabase/admin';
import { createUserClient } from '@/lib/supabase/server';
import { reportForeignIdLookup } from '@/lib/security/signals';

/** No signed recording URL lives longer than this, whoever asks: users cannot sign at Storage at all. */
export const RECORDING_URL_TTL_SECONDS = 300;

// A short-lived signed URL for the call's stored recording, admins only. open_recording() checks the
// caller and writes the ledger row in the database; only then does the server sign the exact path
// it returned, with the service role (users have no read policy on recording objects).
export const GET = authedRoute('GET /api/calls-dashboard/[callId]/recording', { adminOnly: true, query: noQuery, params: callIdParams }, async ({ route, principal, params }) => {
  const path = await openRecording(createUserClient(principal.accessToken), principal.orgId, params.callId);
  if (!path) {
    reportForeignIdLookup(principal, route, params.callId);
    throw new ApiError('not_found', 'No stored recording for this call.');
  }
  const { data, error } = await createAdminClient().storage.from(RECORDINGS_BUCKET).createSignedUrl(path, RECORDING_URL_TTL_SECONDS);
  if (error || !data) throw fromStorageError(error) ?? new ApiError('not_found', 'No stored recording for this call.');
  return {
    url: data.signedUrl,
    expiresIn: RECORDING_URL_TTL_SECONDS,
    expiresAt: new Date(Date.now() + RECORDING_URL_TTL_SECONDS * 1000).toISOString(),
  };
});
