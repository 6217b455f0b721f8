import { ApiError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { noQuery } from '@/lib/api/schemas';
import { getOrganization } from '@/lib/data/organizations';
import { createUserClient } from '@/lib/supabase/server';

// Who am I: the header shows the org name, the email and the role. One database request, which the
// request gate answers with session_expired / stale_session / organization_suspended when it must.
export const GET = authedRoute('GET /api/me', { query: noQuery }, async ({ principal }) => {
  const org = await getOrganization(createUserClient(principal.accessToken), principal.orgId);
  if (!org) throw new ApiError('no_organization', 'Your account is not a member of any organization.');
  return {
    user: { id: principal.userId, email: principal.email },
    org: { id: org.id, name: org.name },
    role: principal.role,
  };
});
