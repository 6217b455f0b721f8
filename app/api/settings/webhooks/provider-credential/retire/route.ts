import { ApiError } from '@/lib/api/errors';
import { authedRoute } from '@/lib/api/handler';
import { retireProviderCredentialBody } from '@/lib/api/schemas';
import { retireProviderCredential } from '@/lib/data/webhook-settings';
import { createUserClient } from '@/lib/supabase/server';

// Ends a Vapi/Retell rotation's overlap early: the endpoint's previous credential stops verifying
// now. A foreign, random or already retired endpoint id is the same 404.
export const POST = authedRoute(
  'POST /api/settings/webhooks/provider-credential/retire',
  { adminOnly: true, body: retireProviderCredentialBody },
  async ({ principal, body }) => {
    const retired = await retireProviderCredential(createUserClient(principal.accessToken), body.endpointId);
    if (!retired) throw new ApiError('not_found', 'No previous credential to retire on this endpoint.');
    return { retired: true };
  },
);
