import { authedRoute } from '@/lib/api/handler';
import { memberRoleBody, noQuery, userIdParams } from '@/lib/api/schemas';
import { removeMember, setMemberRole } from '@/lib/data/members';
import { createUserClient } from '@/lib/supabase/server';

// Change a member's role, or remove them. The database refuses staff (403), another org's user and a
// random id alike (404), and the change that would leave the org without an admin (409); the member's
// next request on any path is refused until their session refreshes into the new role.
export const PATCH = authedRoute(
  'PATCH /api/org/members/[userId]',
  { query: noQuery, params: userIdParams, body: memberRoleBody },
  async ({ principal, params, body }) => {
    await setMemberRole(createUserClient(principal.accessToken), params.userId, body.role);
    return { ok: true };
  },
);

export const DELETE = authedRoute('DELETE /api/org/members/[userId]', { query: noQuery, params: userIdParams }, async ({ principal, params }) => {
  await removeMember(createUserClient(principal.accessToken), params.userId);
  return { ok: true };
});
