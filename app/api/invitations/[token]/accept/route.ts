import { NextResponse } from 'next/server';
import type { AcceptInvitationResponse } from '@/lib/api/contract';
import { ApiError, invitationUnavailable, toErrorResponse } from '@/lib/api/errors';
import { readJsonBody } from '@/lib/api/handler';
import { acceptInvitationBody, invitationTokenParams } from '@/lib/api/schemas';
import { bearerToken, verifyAccessToken } from '@/lib/auth/verify';
import { acceptInvitation, previewInvitation } from '@/lib/data/members';
import { requireInvitationLinks } from '@/lib/invitations';
import { createAdminClient } from '@/lib/supabase/admin';

// Accept an invitation, once. Two ways in:
// - signed in (bearer token): the token's user, whose email must be the invited address and whose
//   session must still exist, becomes a member;
// - no session: the invitee chooses a password; the account is created for the invited address
//   (confirmed: the link stands for the inbox, see lib/invitations.ts) and becomes a member. If the
//   address already has an account, the answer says to sign in first. The membership itself is one database transaction
//   (accept_org_invitation()); an account created for an invitation that could not be accepted is
//   deleted again.
export async function POST(request: Request, context: { params: Promise<{ token: string }> }) {
  try {
    const { token } = invitationTokenParams.parse(await context.params);
    const body = acceptInvitationBody.parse(await readJsonBody(request));
    const admin = createAdminClient();

    const bearer = bearerToken(request);
    if (bearer) {
      const claims = await verifyAccessToken(bearer);
      const sessionId = typeof claims.session_id === 'string' ? claims.session_id : null;
      if (!sessionId) throw new ApiError('session_expired', 'Your session has ended. Please sign in again.');
      const { role } = await acceptInvitation(admin, token, claims.sub as string, sessionId);
      return ok({ role, accountCreated: false });
    }

    const preview = await previewInvitation(admin, token);
    if (!preview) throw new ApiError('not_found', 'This invitation link is not valid.');
    if (preview.status !== 'pending') throw invitationUnavailable(preview.status);
    if (!body.password) throw new ApiError('invalid_request', 'Choose a password for your new account.');
    requireInvitationLinks();
    const created = await admin.auth.admin.createUser({ email: preview.email, password: body.password, email_confirm: true });
    if (created.error) {
      if (created.error.code === 'email_exists') {
        throw new ApiError('conflict', `An account for ${preview.email} already exists. Sign in with it, then open this link again.`);
      }
      if (created.error.code === 'weak_password') throw new ApiError('invalid_request', created.error.message);
      throw created.error;
    }
    try {
      const { role } = await acceptInvitation(admin, token, created.data.user.id, null);
      return ok({ role, accountCreated: true });
    } catch (error) {
      // Only when the database refused (PTxxx): after a transport error the accept may have committed.
      if (isDatabaseRefusal(error)) await admin.auth.admin.deleteUser(created.data.user.id);
      throw error;
    }
  } catch (error) {
    return toErrorResponse(error);
  }
}

const isDatabaseRefusal = (error: unknown) =>
  typeof error === 'object' && error !== null && /^PT\d{3}$/.test(String((error as { code?: unknown }).code));

function ok(body: AcceptInvitationResponse) {
  return NextResponse.json(body, { headers: { 'cache-control': 'private, no-store' } });
}
