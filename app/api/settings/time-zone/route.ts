import { afterResponse } from '@/lib/api/after-response';
import { ApiError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { noQuery, timeZoneBody } from '@/lib/api/schemas';
import { getTimeZone, rebuildRollups, setTimeZone } from '@/lib/data/overview';
import { createAdminClient } from '@/lib/supabase/admin';
import { createUserClient } from '@/lib/supabase/server';

// The org's time zone: every member reads it (the overview is in it).
export const GET = authedRoute('GET /api/settings/time-zone', { query: noQuery }, async ({ principal }) => {
  const r = await getTimeZone(createUserClient(principal.accessToken));
  if (!r) throw new ApiError('no_organization', 'Your account is not a member of any organization.');
  return r;
});

// Admins change it; the database refuses staff as well (PT403) and unknown zones (400). The
// overview stays exact meanwhile (counted from the calls) and the rollups are rebuilt after the answer.
export const PUT = authedRoute('PUT /api/settings/time-zone', { adminOnly: true, query: noQuery, body: timeZoneBody }, async ({ principal, body }) => {
  const r = await setTimeZone(createUserClient(principal.accessToken), body.timeZone);
  if (!r) throw new ApiError('no_organization', 'Your account is not a member of any organization.');
  if (!r.rollupsReady) afterResponse('rebuild call rollups', () => rebuildRollups(createAdminClient(), principal.orgId));
  return r;
});
