// "Send test event" on the Webhooks settings page: a real signed delivery through the real
// verification path. The caller (the route) has already passed the database's admin check
// (begin_webhook_test, with the user's token); this runs with the service role, which alone may read
// the secret. The delivery is signed exactly as the provider would sign it and handed to the same
// handler the public webhook URL runs, in process (no request to a host taken from a header), so the
// answer is what a real sender would get. The secret never leaves this function and is never logged.
import Retell from 'retell-sdk';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import { TEST_EVENT_TYPE, type DeliveryProvider } from './delivery-log';
import { handleVoiceWebhook } from './handle-voice-webhook';
import { vapiHmac } from './providers/auth';
import { handleProviderWebhook } from './providers/handle-provider-webhook';
import { loadCandidateSecrets } from './secrets';
import { signedWebhookHeaders } from './sign-request';

export interface TestEventResult {
  /** false when the org has nothing to sign with (no secret, or no endpoint of that provider). */
  sent: boolean;
  /** The HTTP status the webhook handler answered (200 when it verified and acknowledged). */
  status: number | null;
  verified: boolean;
}

const ORIGIN = 'http://webhook-test.invalid';
const noNotify = async () => undefined;

export async function sendTestEvent(admin: SupabaseClient<Database>, orgId: string, provider: DeliveryProvider, now = new Date()): Promise<TestEventResult> {
  let response: Response;
  if (provider === 'standard') {
    // The newest valid secret signs, as a sender that already switched would.
    const [newest] = await loadCandidateSecrets(admin, orgId, now);
    if (!newest) return { sent: false, status: null, verified: false };
    const body = JSON.stringify({ type: TEST_EVENT_TYPE, data: { sent_at: now.toISOString() } });
    const request = new Request(`${ORIGIN}/api/webhooks/voice?org=${orgId}`, {
      method: 'POST',
      headers: signedWebhookHeaders(newest.secret, body, { timestamp: Math.floor(now.getTime() / 1000) }),
      body,
    });
    response = await handleVoiceWebhook(request, { client: admin, notify: noNotify, now: () => now });
  } else {
    const { data: endpoint, error } = await admin
      .from('provider_webhook_endpoints')
      .select('id, auth_method, secret')
      .eq('org_id', orgId)
      .eq('provider', provider)
      .is('disabled_at', null)
      .order('created_at', { ascending: false })
      .limit(1)
      .maybeSingle();
    if (error) throw new Error(`loading the webhook endpoint failed: ${error.message}`);
    if (!endpoint) return { sent: false, status: null, verified: false };
    const body = JSON.stringify(provider === 'vapi' ? { message: { type: TEST_EVENT_TYPE } } : { event: TEST_EVENT_TYPE });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (provider === 'retell') headers['x-retell-signature'] = await Retell.sign(body, endpoint.secret);
    else if (endpoint.auth_method === 'bearer') headers.authorization = `Bearer ${endpoint.secret}`;
    else if (endpoint.auth_method === 'x-vapi-secret') headers['x-vapi-secret'] = endpoint.secret;
    else {
      const ts = String(now.getTime());
      headers['x-vapi-timestamp'] = ts;
      headers['x-vapi-signature'] = vapiHmac(endpoint.secret, body, ts);
    }
    const request = new Request(`${ORIGIN}/api/webhooks/${provider}/${endpoint.id}`, { method: 'POST', headers, body });
    response = await handleProviderWebhook(provider, endpoint.id, request, { client: admin, notify: noNotify, now: () => now });
  }
  return { sent: true, status: response.status, verified: response.status === 200 };
}
