import { afterResponse } from '@/lib/api/after-response';
import { ApiError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { overviewQuery } from '@/lib/api/schemas';
import { getOverview, rebuildRollups } from '@/lib/data/overview';
import { createAdminClient } from '@/lib/supabase/admin';
import { createUserClient } from '@/lib/supabase/server';

// The org's analytics overview, staff and admins (list fields only), in one database call.
export const GET = authedRoute('GET /api/overview', { query: overviewQuery }, async ({ principal, query }) => {
  const overview = await getOverview(createUserClient(principal.accessToken), query);
  if (!overview) throw new ApiError('no_organization', 'Your account is not a member of any organization.');
  // Counted from the calls: the rollups are behind a zone change (a rebuild that never ran or was
  // cut off). Finish it after the answer; a rebuild already running makes this one wait and return.
  if (overview.source === 'calls') afterResponse('rebuild call rollups', () => rebuildRollups(createAdminClient(), principal.orgId));
  return { overview };
});
