import { authedRoute } from '@/lib/api/handler';
import { listCallsQuery } from '@/lib/api/schemas';
import { listCalls } from '@/lib/data/calls';
import { createUserClient } from '@/lib/supabase/server';

// The org's calls, filtered, sorted and keyset-paged. Staff and admins alike.
export const GET = authedRoute({ query: listCallsQuery }, async ({ principal, query }) =>
  listCalls(createUserClient(principal.accessToken), principal.orgId, query),
);
