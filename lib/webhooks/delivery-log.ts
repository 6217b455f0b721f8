// The org-visible record of webhook deliveries (webhook_delivery_events, shown on the admin's
// Webhooks settings page): one row per delivery the routes could attribute to an org, with a coarse
// outcome and error code only. Best effort: a failure to record is logged and never changes the
// answer to the sender. The org is the one the URL named (`?org=` for Standard Webhooks, the
// endpoint's org for Vapi/Retell); record_webhook_delivery() records nothing for an org that does not
// exist and keeps the newest 200 rows per org, so an unauthenticated sender cannot grow the table.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import { isUuid } from '@/lib/uuid';

export type DeliveryProvider = 'standard' | 'vapi' | 'retell';
export type DeliveryOutcome = 'accepted' | 'duplicate' | 'ignored' | 'test' | 'rejected' | 'invalid';
export type DeliveryErrorCode = 'authentication_failed' | 'invalid_payload' | 'internal_error';

/** The event type a test delivery carries (acknowledged, never stored as a call). */
export const TEST_EVENT_TYPE = 'webhook.test';

export interface DeliveryRecord {
  provider: DeliveryProvider;
  eventType: string | null;
  outcome: DeliveryOutcome;
  errorCode: DeliveryErrorCode | null;
  /** The fingerprint of the Vapi/Retell credential that verified the delivery (current or previous). */
  credentialFingerprint?: string | null;
}

/** The outcome of a response the webhook handler produced, for the delivery log. */
export function outcomeOfStatus(status: number): Pick<DeliveryRecord, 'outcome' | 'errorCode'> {
  if (status === 401) return { outcome: 'rejected', errorCode: 'authentication_failed' };
  if (status >= 400 && status < 500) return { outcome: 'invalid', errorCode: 'invalid_payload' };
  if (status >= 500) return { outcome: 'invalid', errorCode: 'internal_error' };
  return { outcome: 'accepted', errorCode: null };
}

export async function recordDelivery(client: SupabaseClient<Database>, orgId: string | null | undefined, record: DeliveryRecord): Promise<void> {
  if (!isUuid(orgId)) return;
  try {
    const { error } = await client.rpc('record_webhook_delivery', {
      p_org_id: orgId.toLowerCase(),
      p_provider: record.provider,
      p_event_type: (record.eventType ?? '').slice(0, 100),
      p_outcome: record.outcome,
      p_error_code: record.errorCode as string,
      p_credential_fingerprint: record.credentialFingerprint ?? undefined,
    });
    if (error) console.warn(`recording a webhook delivery failed: ${error.code ?? ''} ${error.message}`);
  } catch (error) {
    console.warn(`recording a webhook delivery failed: ${(error as Error).message}`);
  }
}
