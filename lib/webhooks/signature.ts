// Standard Webhooks signatures: `webhook-signature: v1,<base64 HMAC-SHA256("id.timestamp.body")>`,
// several space-separated signatures allowed (the sender signs with old and new secret during a
// rotation). Secrets are "whsec_" + base64 key bytes. Signing and verification are the spec's own
// reference implementation (`standardwebhooks`), not hand-written HMAC code; this file only adds
// what the product needs around it: several candidate secrets (rotation, org lookup), a bound on
// the work one header can cause, and our minimum key length. Pure functions: no I/O.
import { randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

const SECRET_PREFIX = 'whsec_';
const MAX_SIGNATURES = 8;

/** A new secret in the Standard Webhooks format (32 random bytes). */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The library accepts any non-empty key; we refuse secrets that are not ours or too short. */
function webhookFor(secret: string): Webhook {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('webhook secret must start with whsec_');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < 24) throw new Error('webhook secret is too short');
  return new Webhook(secret);
}

/** Raw HMAC bytes over "id.timestamp.body" (the body exactly as received, never re-serialized). */
export function computeSignature(secret: string, id: string, timestamp: string, body: Buffer | string): Buffer {
  const signed = webhookFor(secret).sign(id, new Date(Number(timestamp) * 1000), body);
  return Buffer.from(signed.slice('v1,'.length), 'base64');
}

/** The header value a sender would put in `webhook-signature` for these secrets. */
export function signatureHeader(secrets: string[], id: string, timestamp: string, body: Buffer | string): string {
  return secrets.map((s) => `v1,${computeSignature(s, id, timestamp, body).toString('base64')}`).join(' ');
}

/** The v1 signatures in a header, decoded; malformed entries and other versions are skipped. */
export function parseSignatureHeader(header: string): Buffer[] {
  const out: Buffer[] = [];
  for (const part of header.split(' ')) {
    const comma = part.indexOf(',');
    if (comma < 0 || part.slice(0, comma) !== 'v1') continue;
    const b64 = part.slice(comma + 1);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) continue;
    const bytes = Buffer.from(b64, 'base64');
    if (bytes.length === 32) out.push(bytes);
    if (out.length >= MAX_SIGNATURES) break; // a header cannot make us do unbounded work
  }
  return out;
}

/**
 * Index of the first candidate secret that verifies the message, or -1. `standardwebhooks`
 * verifies (constant-time comparison, and the spec's 5-minute timestamp tolerance against the
 * clock); the header handed to it holds at most 8 well-formed v1 signatures. Every candidate is
 * checked, so timing says nothing about which secret matched.
 */
export function findVerifyingSecret(
  candidates: readonly string[],
  id: string,
  timestamp: string,
  body: Buffer,
  header: string,
): number {
  const given = parseSignatureHeader(header);
  if (given.length === 0) return -1;
  const headers = {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': given.map((sig) => `v1,${sig.toString('base64')}`).join(' '),
  };
  let match = -1;
  candidates.forEach((secret, i) => {
    try {
      // jsonParse: false — the caller parses the body itself, after verification, with its own errors.
      webhookFor(secret).verify(body, headers, { jsonParse: false });
      if (match < 0) match = i;
    } catch (error) {
      // A malformed stored secret must not hide the others; anything else is a bug and surfaces.
      if (!(error instanceof WebhookVerificationError) && !/webhook secret/.test((error as Error).message)) throw error;
    }
  });
  return match;
}
