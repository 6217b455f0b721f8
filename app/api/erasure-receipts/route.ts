import { authedRoute } from '@/lib/api/handler';
import { erasureReceiptsQuery } from '@/lib/api/schemas';
import { listErasureReceipts } from '@/lib/data/retention';
import { createUserClient } from '@/lib/supabase/server';

// The org's deletion receipts (requests and retention), admins only, newest first, keyset-paged.
export const GET = authedRoute('GET /api/erasure-receipts', { adminOnly: true, query: erasureReceiptsQuery }, async ({ principal, query }) =>
  listErasureReceipts(createUserClient(principal.accessToken), principal.orgId, query),
);
