import 'server-only';
// Invitation links: the admin is shown the link and hands it over; whoever opens it first creates
// the account for the invited address with a password of their choosing (or joins with a signed-in
// account of that address). Nothing proves that the person holds the inbox, so an admin could hold
// an address they do not own. That is acceptable where admins are trusted with their colleagues'
// accounts (local development, the e2e suite, a single-company deployment), not on a shared hosted
// deployment by default: there INVITATION_LINKS=1 turns them on deliberately. Sending the link
// through Supabase Auth's invite mail (which proves the inbox) is not built yet.
import { ApiError } from '@/lib/api/errors';

export function invitationLinksEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.INVITATION_LINKS === '1') return true;
  if (env.INVITATION_LINKS === '0') return false;
  return env.NODE_ENV !== 'production';
}

export function requireInvitationLinks(): void {
  if (!invitationLinksEnabled()) {
    throw new ApiError('forbidden', 'Invitation links are turned off on this deployment (set INVITATION_LINKS=1 to allow them).');
  }
}
