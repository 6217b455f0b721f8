import 'server-only';
// Sends an invitation through Supabase Auth's own mail (lib/invitations.ts, "mail"): an invite for
// an address without an account, a magic link for one that has an account. Both mails lead to the
// app's /auth/confirm, then to `redirectTo` (the invitation page) signed in as the address.
// The project's email templates must point at /auth/confirm (docs/security.md, "Invitation mail").
import type { SupabaseClient } from '@supabase/supabase-js';
import { ApiError } from '@/lib/api/errors';
import type { Database } from '@/lib/database.types';

export type InvitationMailKind = 'invite' | 'magiclink';

export async function sendInvitationMail(admin: SupabaseClient<Database>, email: string, redirectTo: string): Promise<InvitationMailKind> {
  const invited = await admin.auth.admin.inviteUserByEmail(email, { redirectTo });
  if (!invited.error) return 'invite';
  if (invited.error.code !== 'email_exists') throw mailFailure(invited.error);
  const magic = await admin.auth.signInWithOtp({ email, options: { shouldCreateUser: false, emailRedirectTo: redirectTo } });
  if (magic.error) throw mailFailure(magic.error);
  return 'magiclink';
}

function mailFailure(error: { status?: number; code?: string }): ApiError {
  if (error.status === 429) return new ApiError('rate_limited', 'An email was just sent to this address. Wait a minute, then try again.');
  return new ApiError('service_unavailable', 'The invitation email could not be sent. Please try again.');
}
