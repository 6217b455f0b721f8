import { authedRoute } from '@/lib/api/handler';
import { invitationIdParams, noQuery } from '@/lib/api/schemas';
import { revokeInvitation } from '@/lib/data/members';
import { createUserClient } from '@/lib/supabase/server';

// Revoke an open invitation (idempotent; 409 once it was accepted, 404 for another org's or a random id).
export const DELETE = authedRoute(
  'DELETE /api/org/invitations/[invitationId]',
  { query: noQuery, params: invitationIdParams },
  async ({ principal, params }) => {
    await revokeInvitation(createUserClient(principal.accessToken), params.invitationId);
    return { ok: true };
  },
);
