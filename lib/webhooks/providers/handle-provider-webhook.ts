// POST /api/webhooks/vapi/<endpoint id> and /api/webhooks/retell/<endpoint id>, framework-free.
// The endpoint id in the URL picks exactly one candidate: that endpoint's provider, auth method and
// secret. The org of a delivery is the endpoint's org once its secret has verified the delivery, and
// nothing else: the adapters strip every field they do not store, so a payload cannot name an org.
// Order: endpoint id shape (cheap), the body under a cap (413), the endpoint and its check over the
// raw bytes (401, one answer for every failure; during a rotation's overlap the previous credential
// verifies too), then JSON (400), the adapter (400, or 200 ignored
// for other event types), ingest_call_report (one transaction) and the best-effort Inngest event.
import type { SupabaseClient } from '@supabase/supabase-js';
import { NextResponse } from 'next/server';
import type { Database } from '@/lib/database.types';
import { annotate } from '@/lib/observability/context';
import { observeRequest } from '@/lib/observability/request';
import { reportWebhookAuthFailure } from '@/lib/security/signals';
import { errorResponse, fromDatabaseError, toErrorResponse } from '@/lib/api/errors';
import { isUuid } from '@/lib/uuid';
import { MAX_WEBHOOK_BYTES } from '../handle-voice-webhook';
import { outcomeOfStatus, recordDelivery, TEST_EVENT_TYPE, type DeliveryOutcome } from '../delivery-log';
import { ingestAndAnswer, type IngestNote } from '../ingest';
import { readBodyWithLimit } from '../read-body';
import { credentialFingerprint, verifyRetell, verifyVapi, type ProviderAuthMethod } from './auth';
import { adaptRetellEvent } from './retell';
import { adaptVapiMessage, type AdaptedEvent } from './vapi';

export type WebhookProvider = 'vapi' | 'retell';

export interface ProviderWebhookDeps {
  client: SupabaseClient<Database>;
  notify: (orgId: string, callId: string) => Promise<unknown>;
  now?: () => Date;
  maxBytes?: number;
}

interface Endpoint {
  org_id: string;
  auth_method: ProviderAuthMethod;
  secret: string;
  previous_secret: string | null;
  previous_expires_at: string | null;
}

async function loadEndpoint(client: SupabaseClient<Database>, provider: WebhookProvider, endpointId: string): Promise<Endpoint | null> {
  const { data, error } = await client
    // eslint-disable-next-line tenant/require-org-filter -- the endpoint id is the lookup key: the org is not known until this endpoint's secret verifies the delivery
    .from('provider_webhook_endpoints')
    .select('org_id, auth_method, secret, previous_secret, previous_expires_at')
    .eq('id', endpointId.toLowerCase())
    .eq('provider', provider)
    .is('disabled_at', null)
    .maybeSingle();
  if (error) throw fromDatabaseError(error) ?? new Error(`loading the webhook endpoint failed: ${error.message}`);
  return data as Endpoint | null;
}

/** What the delivery log records about one delivery, filled in as the handler learns it. */
interface DeliveryNote extends IngestNote {
  orgId: string | null;
  eventType: string | null;
  outcome: DeliveryOutcome | null;
  credentialFingerprint: string | null;
}

/** The endpoint's credentials that verify now: the current one, and the previous one until its overlap ends. */
export function validCredentials(endpoint: Pick<Endpoint, 'secret' | 'previous_secret' | 'previous_expires_at'>, now: Date): string[] {
  const previousValid = endpoint.previous_secret !== null && endpoint.previous_expires_at !== null && Date.parse(endpoint.previous_expires_at) > now.getTime();
  return previousValid ? [endpoint.secret, endpoint.previous_secret!] : [endpoint.secret];
}

export async function handleProviderWebhook(
  provider: WebhookProvider,
  endpointId: string,
  request: Request,
  deps: ProviderWebhookDeps,
): Promise<Response> {
  const route = `POST /api/webhooks/${provider}/[endpointId]`;
  return observeRequest(route, request, async () => {
    const note: DeliveryNote = { orgId: null, eventType: null, outcome: null, duplicate: false, credentialFingerprint: null };
    const response = await verifyAndIngest(route, provider, endpointId, request, deps, note);
    // Only deliveries to a known endpoint are attributed: its org sees refused ones too.
    const outcome = note.outcome ?? (note.duplicate ? 'duplicate' : null);
    await recordDelivery(deps.client, note.orgId, {
      provider,
      eventType: note.eventType,
      credentialFingerprint: note.credentialFingerprint,
      ...(outcome ? { outcome, errorCode: null } : outcomeOfStatus(response.status)),
    });
    return response;
  });
}

async function verifyAndIngest(
  route: string,
  provider: WebhookProvider,
  endpointId: string,
  request: Request,
  deps: ProviderWebhookDeps,
  note: DeliveryNote,
): Promise<Response> {
  // One answer for every authentication failure; the reason goes to the server log only, and the
  // failure counts toward a security alert for the endpoint's org (when the endpoint exists).
  let targetOrg: string | null = null;
  const unauthorized = (why: string) => {
    reportWebhookAuthFailure(deps.client, { route, orgId: targetOrg, request, reason: why });
    return errorResponse('unauthorized', 'Webhook authentication failed.');
  };
  try {
    const now = (deps.now ?? (() => new Date()))();
    if (!isUuid(endpointId)) return unauthorized('malformed endpoint id');

    // Over the cap: PayloadTooLargeError, a 413 through toErrorResponse below.
    const body = await readBodyWithLimit(request, deps.maxBytes ?? MAX_WEBHOOK_BYTES);

    const endpoint = await loadEndpoint(deps.client, provider, endpointId);
    if (!endpoint) return unauthorized('unknown or disabled endpoint');
    targetOrg = endpoint.org_id;
    note.orgId = endpoint.org_id;
    // The current credential, and during a rotation's overlap the previous one too; the first that
    // verifies is recorded (by fingerprint) in the delivery log.
    let failure: string | null = null;
    for (const secret of validCredentials(endpoint, now)) {
      failure =
        provider === 'retell'
          ? await verifyRetell(secret, request.headers, body)
          : verifyVapi(endpoint.auth_method, secret, request.headers, body, now);
      if (!failure) {
        note.credentialFingerprint = credentialFingerprint(secret);
        break;
      }
    }
    if (failure) return unauthorized(failure);
    const orgId = endpoint.org_id;
    annotate({ orgId });

    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return errorResponse('invalid_request', 'Webhook body is not valid JSON.');
    }
    const event: AdaptedEvent = provider === 'retell' ? adaptRetellEvent(json) : adaptVapiMessage(json);
    if (event.kind === 'ignored') {
      note.eventType = event.type;
      note.outcome = event.type === TEST_EVENT_TYPE ? 'test' : 'ignored';
      return NextResponse.json(event.type === TEST_EVENT_TYPE ? { received: true, test: true } : { received: true, ignored: event.type });
    }
    note.eventType = provider === 'retell' ? event.idempotencyKey.split(':')[1] : 'end-of-call-report';

    return await ingestAndAnswer(deps, orgId, event.idempotencyKey, event.call, note);
  } catch (error) {
    return toErrorResponse(error);
  }
}
