import { authedRoute } from '@/lib/api/handler';
import { createInvitationBody, noQuery } from '@/lib/api/schemas';
import { createInvitation, revokeInvitation } from '@/lib/data/members';
import { sendInvitationMail } from '@/lib/invitation-mail';
import { invitationDeliveries, requireInvitationLinks } from '@/lib/invitations';
import { createAdminClient } from '@/lib/supabase/admin';
import { createUserClient } from '@/lib/supabase/server';

// Invite an address with a role (lib/invitations.ts). "mail": Supabase Auth mails the invitee a
// link that proves the inbox and leads to the invitation page signed in; if the mail cannot be sent
// the invitation is revoked again, so no invitation exists that nobody received. "link": the answer
// carries the accept link once (the database keeps only the token's hash) for the admin to pass on;
// outside production the server also logs it, so a local walk-through can follow it.
export const POST = authedRoute('POST /api/org/invitations', { query: noQuery, body: createInvitationBody }, async ({ request, principal, body }) => {
  const delivery = body.delivery ?? invitationDeliveries()[0];
  if (delivery === 'link') requireInvitationLinks();
  const client = createUserClient(principal.accessToken);
  const { invitation, token } = await createInvitation(client, { email: body.email, role: body.role });
  const origin = process.env.APP_URL?.replace(/\/+$/, '') || new URL(request.url).origin;
  const link = `${origin}/invite/${token}`;
  if (delivery === 'mail') {
    try {
      await sendInvitationMail(createAdminClient(), invitation.email, link);
    } catch (error) {
      await revokeInvitation(client, invitation.id).catch(() => undefined);
      throw error;
    }
    return { invitation, delivery, link: null };
  }
  if (process.env.NODE_ENV !== 'production') console.info(`[invitations] ${invitation.email} (${invitation.role}) invited: ${link}`);
  return { invitation, delivery, link };
});
