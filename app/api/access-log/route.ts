import { authedRoute } from '@/lib/api/handler';
import { accessLogQuery } from '@/lib/api/schemas';
import { listAccessLog } from '@/lib/data/audit';
import { createUserClient } from '@/lib/supabase/server';

// The org's read-access ledger, admins only, newest first, keyset-paged (lib/data/cursor.ts).
export const GET = authedRoute('GET /api/access-log', { adminOnly: true, query: accessLogQuery }, async ({ principal, query }) =>
  listAccessLog(createUserClient(principal.accessToken), principal.orgId, query),
);
