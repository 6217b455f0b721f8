import { NextResponse } from 'next/server';
import type { InvitationPreviewResponse } from '@/lib/api/contract';
import { ApiError, toErrorResponse } from '@/lib/api/errors';
import { invitationTokenParams } from '@/lib/api/schemas';
import { previewInvitation } from '@/lib/data/members';
import { createAdminClient } from '@/lib/supabase/admin';

// What the invite page shows before anyone signs in: the token (256 random bits) is the credential,
// so this answers without a session, with the service role, and only for that one invitation.
export async function GET(_request: Request, context: { params: Promise<{ token: string }> }) {
  try {
    const { token } = invitationTokenParams.parse(await context.params);
    const preview = await previewInvitation(createAdminClient(), token);
    if (!preview) throw new ApiError('not_found', 'This invitation link is not valid.');
    return NextResponse.json(preview satisfies InvitationPreviewResponse, { headers: { 'cache-control': 'private, no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
