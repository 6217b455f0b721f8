import { authedRoute } from '@/lib/api/handler';
import { rotateWebhookSecret } from '@/lib/data/webhook-settings';
import { rotateSecretBody } from '@/lib/api/schemas';
import { createUserClient } from '@/lib/supabase/server';

// Creates the org's first signing secret or rotates it, keeping the current one valid for
// `overlapHours` (0 = retired at once). The response is the only place the new secret ever appears:
// it is made in the database (rotate_webhook_secret, admins only, audited) and never logged here.
export const POST = authedRoute('POST /api/settings/webhooks/secret', { adminOnly: true, body: rotateSecretBody }, async ({ principal, body }) =>
  rotateWebhookSecret(createUserClient(principal.accessToken), body.overlapHours),
);
