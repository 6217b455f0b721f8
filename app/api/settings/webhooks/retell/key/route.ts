import { authedRoute } from '@/lib/api/handler';
import { setRetellKeyBody } from '@/lib/api/schemas';
import { setRetellApiKey } from '@/lib/data/webhook-settings';
import { createUserClient } from '@/lib/supabase/server';

// Stores the org's Retell API key (Retell signs its webhooks with it), write-only: the answer names
// its last 4 characters and fingerprint, never the key. Replacing it keeps the old key valid for
// `overlapHours` (0 = at once). set_retell_api_key: admins only, audited without the key.
export const PUT = authedRoute('PUT /api/settings/webhooks/retell/key', { adminOnly: true, body: setRetellKeyBody }, async ({ principal, body }) =>
  setRetellApiKey(createUserClient(principal.accessToken), body.apiKey, body.overlapHours),
);
