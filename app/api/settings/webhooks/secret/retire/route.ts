import { ApiError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { retireSecretBody } from '@/lib/api/schemas';
import { retireWebhookSecret } from '@/lib/data/webhook-settings';
import { createUserClient } from '@/lib/supabase/server';

// Ends a rotation's overlap early: the older secret stops verifying now. A foreign, random, current
// or already retired id is the same 404.
export const POST = authedRoute('POST /api/settings/webhooks/secret/retire', { adminOnly: true, body: retireSecretBody }, async ({ principal, body }) => {
  const retired = await retireWebhookSecret(createUserClient(principal.accessToken), body.secretId);
  if (!retired) throw new ApiError('not_found', 'No retiring secret with this id.');
  return { retired: true };
});
