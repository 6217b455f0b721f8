import { authedRoute } from '@/lib/api/handler';
import { exportCallsQuery } from '@/lib/api/schemas';
import { callsCsvResponse } from '@/lib/export/stream-calls-csv';
import { createUserClient } from '@/lib/supabase/server';

// Every call of the list's current filter as CSV, streamed. Admins only (the route and
// begin_call_export() both refuse staff); read page by page with the admin's own token, and one
// access_log row per export with the filter and the row count.
export const GET = authedRoute('GET /api/calls-dashboard/export', { adminOnly: true, query: exportCallsQuery }, async ({ principal, query }) =>
  callsCsvResponse(createUserClient(principal.accessToken), principal.orgId, query),
);
