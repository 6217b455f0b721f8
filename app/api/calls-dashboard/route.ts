import { authedRoute } from '@/lib/api/handler';
import { listCallsQuery } from '@/lib/api/schemas';
import { listCalls } from '@/lib/data/calls';
import { createAdminClient } from '@/lib/supabase/admin';
import { createUserClient } from '@/lib/supabase/server';

// The org's calls, filtered, sorted and keyset-paged. Staff and admins alike. The page is read with
// the caller's token; the total (a planner estimate, which users may not request) by the service
// role for this org and filter only.
export const GET = authedRoute('GET /api/calls-dashboard', { query: listCallsQuery }, async ({ principal, query }) =>
  listCalls(createUserClient(principal.accessToken), principal.orgId, query, createAdminClient),
);
