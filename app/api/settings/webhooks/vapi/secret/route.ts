import { authedRoute } from '@/lib/api/handler';
import { rotateVapiSecretBody } from '@/lib/api/schemas';
import { rotateVapiSecret } from '@/lib/data/webhook-settings';
import { createUserClient } from '@/lib/supabase/server';

// Creates the org's Vapi secret (and its endpoint URL) or rotates it, keeping the current one valid
// for `overlapHours` (0 = retired at once). Made in the database (rotate_vapi_secret, admins only,
// audited); this response is the only place it ever appears.
export const POST = authedRoute('POST /api/settings/webhooks/vapi/secret', { adminOnly: true, body: rotateVapiSecretBody }, async ({ principal, body }) =>
  rotateVapiSecret(createUserClient(principal.accessToken), body.overlapHours),
);
