import { authedRoute } from '@/lib/api/handler';
import { noQuery } from '@/lib/api/schemas';
import { getMembersOverview } from '@/lib/data/members';
import { createUserClient } from '@/lib/supabase/server';

// The members page in one database request: members, open invitations, recent changes. Admins only,
// decided by the database (org_members_overview() answers 403 to staff on every path).
export const GET = authedRoute('GET /api/org/members', { query: noQuery }, async ({ principal }) =>
  getMembersOverview(createUserClient(principal.accessToken)),
);
