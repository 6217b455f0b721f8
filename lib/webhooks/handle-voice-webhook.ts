// POST /api/webhooks/voice, framework-free: verify (Standard Webhooks), parse, store the call and
// its upload queue item in one transaction (ingest_call_report), then notify Inngest best effort.
// Order matters: headers and timestamp first (cheap), the body under a cap (413), the signature
// over the raw bytes (401), and only then is the body parsed at all.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '@/lib/database.types';
import { errorResponse, toErrorResponse } from '@/lib/api/errors';
import { NextResponse } from 'next/server';
import { annotate } from '@/lib/observability/context';
import { observeRequest } from '@/lib/observability/request';
import { reportWebhookAuthFailure } from '@/lib/security/signals';
import { outcomeOfStatus, recordDelivery, TEST_EVENT_TYPE, type DeliveryOutcome } from './delivery-log';
import { ingestAndAnswer, type IngestNote } from './ingest';
import { readBodyWithLimit } from './read-body';
import { loadCandidateSecrets } from './secrets';
import { findVerifyingSecret } from './signature';
import { endOfCallReportSchema, toCallRecord, webhookEnvelopeSchema } from './voice-payload';

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export interface VoiceWebhookDeps {
  client: SupabaseClient<Database>;
  notify: (orgId: string, callId: string) => Promise<unknown>;
  now?: () => Date;
  maxBytes?: number;
}

export const VOICE_WEBHOOK_ROUTE = 'POST /api/webhooks/voice';

/** What the delivery log records about one delivery, filled in as the handler learns it. */
interface DeliveryNote extends IngestNote {
  orgId: string | null;
  eventType: string | null;
  outcome: DeliveryOutcome | null;
}

export async function handleVoiceWebhook(request: Request, deps: VoiceWebhookDeps): Promise<Response> {
  return observeRequest(VOICE_WEBHOOK_ROUTE, request, async () => {
    const note: DeliveryNote = { orgId: null, eventType: null, outcome: null, duplicate: false };
    const response = await verifyAndIngest(request, deps, note);
    // The org that verified, else the one the URL named (a refused delivery shows up in that org's log).
    const orgId = note.orgId ?? new URL(request.url).searchParams.get('org');
    const outcome = note.outcome ?? (note.duplicate ? 'duplicate' : null);
    await recordDelivery(deps.client, orgId, {
      provider: 'standard',
      eventType: note.eventType,
      ...(outcome ? { outcome, errorCode: null } : outcomeOfStatus(response.status)),
    });
    return response;
  });
}

async function verifyAndIngest(request: Request, deps: VoiceWebhookDeps, note: DeliveryNote): Promise<Response> {
  // One answer for every verification failure; the reason goes to the server log only, and the
  // failure counts toward a security alert for the org the URL named (if it has secrets).
  let targetOrg: string | null = null;
  const unauthorized = (why: string) => {
    reportWebhookAuthFailure(deps.client, { route: VOICE_WEBHOOK_ROUTE, orgId: targetOrg, request, reason: why });
    return errorResponse('unauthorized', 'Webhook signature verification failed.');
  };

  try {
    const now = (deps.now ?? (() => new Date()))();
    const id = request.headers.get('webhook-id');
    const timestamp = request.headers.get('webhook-timestamp');
    const signature = request.headers.get('webhook-signature');
    if (!id || !timestamp || !signature) return unauthorized('missing webhook-id, webhook-timestamp or webhook-signature');
    if (id.length > 255 || !/^[\x21-\x7e]+$/.test(id)) return unauthorized('malformed webhook-id');
    if (!/^\d{1,12}$/.test(timestamp)) return unauthorized('malformed webhook-timestamp');
    if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
      return unauthorized('timestamp outside the 5 minute tolerance');
    }

    // Over the cap: PayloadTooLargeError, a 413 through toErrorResponse below.
    const body = await readBodyWithLimit(request, deps.maxBytes ?? MAX_WEBHOOK_BYTES);

    const orgHint = new URL(request.url).searchParams.get('org');
    const candidates = await loadCandidateSecrets(deps.client, orgHint, now);
    if (candidates.length > 0) targetOrg = candidates[0].orgId;
    const match = findVerifyingSecret(candidates.map((c) => c.secret), id, timestamp, body, signature);
    if (match < 0) return unauthorized(`no valid secret verifies (${candidates.length} candidates)`);
    const orgId = candidates[match].orgId;
    annotate({ orgId });
    note.orgId = orgId;

    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return errorResponse('invalid_request', 'Webhook body is not valid JSON.');
    }
    const envelope = webhookEnvelopeSchema.parse(json);
    note.eventType = envelope.type;
    if (envelope.type === TEST_EVENT_TYPE) {
      note.outcome = 'test';
      return NextResponse.json({ received: true, test: true });
    }
    if (envelope.type !== 'end-of-call-report') {
      note.outcome = 'ignored';
      return NextResponse.json({ received: true, ignored: envelope.type });
    }
    const call = toCallRecord(endOfCallReportSchema.parse(json));

    return await ingestAndAnswer(deps, orgId, id, call, note);
  } catch (error) {
    return toErrorResponse(error);
  }
}
