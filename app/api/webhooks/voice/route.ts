// The voice provider's signed end-of-call webhook. Authentication is the Standard Webhooks
// signature with a per-org secret (no session): see lib/webhooks/handle-voice-webhook.ts.
import { createAdminClient } from '@/lib/supabase/admin';
import { handleVoiceWebhook } from '@/lib/webhooks/handle-voice-webhook';
import { notifyUploadRequested } from '@/inngest/notify';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  return handleVoiceWebhook(request, { client: createAdminClient(), notify: notifyUploadRequested });
}
