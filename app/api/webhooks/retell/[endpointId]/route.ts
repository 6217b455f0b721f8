// Retell's webhooks for one org: the endpoint id in the URL picks the one secret that must verify the
// delivery; see lib/webhooks/providers/handle-provider-webhook.ts and docs/pipeline.md.
import { createAdminClient } from '@/lib/supabase/admin';
import { handleProviderWebhook } from '@/lib/webhooks/providers/handle-provider-webhook';
import { notifyUploadRequested } from '@/inngest/notify';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request, ctx: { params: Promise<{ endpointId: string }> }): Promise<Response> {
  const { endpointId } = await ctx.params;
  return handleProviderWebhook('retell', endpointId, request, { client: createAdminClient(), notify: notifyUploadRequested });
}
