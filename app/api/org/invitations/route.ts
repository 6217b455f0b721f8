import { authedRoute } from '@/lib/api/handler';
import { createInvitationBody, noQuery } from '@/lib/api/schemas';
import { createInvitation } from '@/lib/data/members';
import { requireInvitationLinks } from '@/lib/invitations';
import { createUserClient } from '@/lib/supabase/server';

// Invite an address with a role. The answer carries the accept link once (the database keeps only
// the token's hash); the admin passes it on. Outside production the server also logs the link, so a
// local walk-through can follow it. Link invitations are a deployment choice (lib/invitations.ts):
// whoever opens the link creates the account for the invited address.
export const POST = authedRoute('POST /api/org/invitations', { query: noQuery, body: createInvitationBody }, async ({ request, principal, body }) => {
  requireInvitationLinks();
  const { invitation, token } = await createInvitation(createUserClient(principal.accessToken), body);
  const origin = process.env.APP_URL?.replace(/\/+$/, '') || new URL(request.url).origin;
  const link = `${origin}/invite/${token}`;
  if (process.env.NODE_ENV !== 'production') console.info(`[invitations] ${invitation.email} (${invitation.role}) invited: ${link}`);
  return { invitation, link };
});
