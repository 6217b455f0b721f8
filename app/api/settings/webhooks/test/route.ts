import { authedRoute } from '@/lib/api/handler';
import { webhookTestBody } from '@/lib/api/schemas';
import { beginWebhookTest } from '@/lib/data/webhook-settings';
import { createAdminClient } from '@/lib/supabase/admin';
import { createUserClient } from '@/lib/supabase/server';
import { sendTestEvent } from '@/lib/webhooks/test-event';

// "Send test event": the database checks the caller is an admin and audits the request
// (begin_webhook_test, with the user's token) before the service role touches the secret; then a
// delivery signed with the org's secret goes through the real verification path and its answer is
// reported. The test lands in the delivery log as outcome "test".
export const POST = authedRoute('POST /api/settings/webhooks/test', { adminOnly: true, body: webhookTestBody }, async ({ principal, body }) => {
  const orgId = await beginWebhookTest(createUserClient(principal.accessToken), body.provider);
  const result = await sendTestEvent(createAdminClient(), orgId, body.provider);
  return { provider: body.provider, ...result };
});
