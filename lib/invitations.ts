import 'server-only';
// How an invitation reaches the invitee. Two deliveries:
//   mail: Supabase Auth mails the invitee (auth.admin.inviteUserByEmail for a new address; a magic
//         link, signInWithOtp with shouldCreateUser:false, for an address that already has an
//         account). Following the mail's link proves the invitee holds the inbox: the app's
//         /auth/confirm verifies it and they land signed in as that address on the invitation page,
//         where accepting requires the signed-in email to be the invited one. The default in
//         production, and always available.
//   link: the admin is shown the link and hands it over; whoever opens it first creates the account
//         for the invited address with a password of their choosing (or joins with a signed-in
//         account of that address). Nothing proves that the person holds the inbox, so an admin
//         could hold an address they do not own. Acceptable where admins are trusted with their
//         colleagues' accounts (local development, the e2e suite, a single-company deployment), not
//         on a shared hosted deployment by default: there INVITATION_LINKS=1 turns it on deliberately.
// INVITATION_DELIVERY=mail|link picks the default among the allowed ones (the admin may pick the
// other on the members page when both are allowed).
import { ApiError } from '@/lib/api/errors';

export type InvitationDelivery = 'mail' | 'link';

export function invitationLinksEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.INVITATION_LINKS === '1') return true;
  if (env.INVITATION_LINKS === '0') return false;
  return env.NODE_ENV !== 'production';
}

/** The deliveries this deployment allows, the default first. */
export function invitationDeliveries(env: NodeJS.ProcessEnv = process.env): InvitationDelivery[] {
  if (!invitationLinksEnabled(env)) return ['mail'];
  return env.INVITATION_DELIVERY === 'mail' ? ['mail', 'link'] : ['link', 'mail'];
}

export function requireInvitationLinks(): void {
  if (!invitationLinksEnabled()) {
    throw new ApiError('forbidden', 'Invitation links are turned off on this deployment (set INVITATION_LINKS=1 to allow them).');
  }
}
