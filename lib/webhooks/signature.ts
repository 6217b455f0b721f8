// Standard Webhooks signatures: `webhook-signature: v1,<base64 HMAC-SHA256("id.timestamp.body")>`,
// several space-separated signatures allowed (the sender signs with old and new secret during a
// rotation). Secrets are "whsec_" + base64 key bytes. Pure functions: no I/O, no clock.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A new secret in the Standard Webhooks format (32 random bytes). */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

export function secretKeyBytes(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('webhook secret must start with whsec_');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < 24) throw new Error('webhook secret is too short');
  return key;
}

/** Raw HMAC bytes over "id.timestamp.body" (the body exactly as received, never re-serialized). */
export function computeSignature(secret: string, id: string, timestamp: string, body: Buffer | string): Buffer {
  return createHmac('sha256', secretKeyBytes(secret))
    .update(`${id}.${timestamp}.`)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest();
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
    if (out.length >= 8) break; // a header cannot make us do unbounded work
  }
  return out;
}

/**
 * Index of the first candidate secret whose HMAC matches one of the header's signatures, or -1.
 * Every comparison is constant-time and every candidate is checked, so timing says nothing about
 * which secret (or which byte) matched.
 */
export function findVerifyingSecret(
  candidates: readonly string[],
  id: string,
  timestamp: string,
  body: Buffer,
  header: string,
): number {
  const given = parseSignatureHeader(header);
  let match = -1;
  candidates.forEach((secret, i) => {
    const expected = computeSignature(secret, id, timestamp, body);
    for (const sig of given) {
      if (timingSafeEqual(expected, sig) && match < 0) match = i;
    }
  });
  return match;
}
