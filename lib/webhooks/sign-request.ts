// Builds the headers a Standard-Webhooks sender attaches, for simulate:call and the tests.
import { randomUUID } from 'node:crypto';
import { signatureHeader } from './signature';

export function signedWebhookHeaders(
  secrets: string | string[],
  body: string,
  opts: { id?: string; timestamp?: number } = {},
): Record<string, string> {
  const id = opts.id ?? `msg_${randomUUID()}`;
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signatureHeader(Array.isArray(secrets) ? secrets : [secrets], id, timestamp, body),
  };
}
