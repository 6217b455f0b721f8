import { ApiError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { accessLogQuery } from '@/lib/api/schemas';
import { listAccessLog } from '@/lib/data/audit';
import { createUserClient } from '@/lib/supabase/server';

// The org's read-access ledger, admins only. Cursor: base64url of "<created_at>|<entry id>".
export const GET = authedRoute({ adminOnly: true, query: accessLogQuery }, async ({ principal, query }) => {
  let before: { createdAt: string; id: string } | undefined;
  if (query.cursor) {
    const decoded = /^[A-Za-z0-9_-]+$/.test(query.cursor) ? Buffer.from(query.cursor, 'base64url').toString('utf8') : '';
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2}))\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(decoded);
    if (!m || Number.isNaN(Date.parse(m[1]))) throw new ApiError('invalid_request', 'cursor: not a valid cursor');
    before = { createdAt: m[1], id: m[2] };
  }
  const { entries, hasMore } = await listAccessLog(createUserClient(principal.accessToken), principal.orgId, { before, limit: query.limit });
  const last = entries[entries.length - 1];
  return {
    entries,
    nextCursor: hasMore && last ? Buffer.from(`${last.createdAt}|${last.id}`).toString('base64url') : null,
  };
});
