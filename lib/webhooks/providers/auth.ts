// How each provider proves a delivery is its own, checked against the one endpoint's secret.
// Vapi (custom credentials, per endpoint one method):
//   bearer         Authorization: Bearer <secret>
//   hmac           x-vapi-signature: hex HMAC-SHA256(secret, body), or, when Vapi also sends
//                  x-vapi-timestamp, HMAC-SHA256(secret, "<timestamp>.<body>") with the timestamp
//                  within 5 minutes (seconds or milliseconds)
//   x-vapi-secret  X-Vapi-Secret: <secret> (Vapi's legacy server-URL secret)
// Retell: x-retell-signature `v=<ms>,d=<hex>`, checked by retell-sdk's own Retell.verify, keyed with
// the org's Retell API key (it refuses a timestamp more than 5 minutes off).
// Every comparison is constant time. Pure apart from Retell.verify's Web Crypto call.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import Retell from 'retell-sdk';

export type ProviderAuthMethod = 'bearer' | 'hmac' | 'x-vapi-secret' | 'retell-signature';

export const VAPI_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/**
 * What the settings page and the delivery log show of a credential: the first 12 hex digits of its
 * SHA-256 (the database computes the same in 20261130001100_provider_credentials.sql).
 */
export function credentialFingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 12);
}

/** Equal strings, compared in constant time over their SHA-256 (so lengths leak nothing either). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function vapiHmac(secret: string, body: Buffer | string, timestamp?: string): string {
  const mac = createHmac('sha256', secret);
  if (timestamp !== undefined) mac.update(`${timestamp}.`);
  return mac.update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body).digest('hex');
}

export function verifyVapi(method: ProviderAuthMethod, secret: string, headers: Headers, body: Buffer, now: Date): string | null {
  switch (method) {
    case 'bearer': {
      const m = /^Bearer (.+)$/.exec(headers.get('authorization') ?? '');
      return m && sameSecret(m[1], secret) ? null : 'bearer token missing or wrong';
    }
    case 'x-vapi-secret': {
      const given = headers.get('x-vapi-secret');
      return given !== null && sameSecret(given, secret) ? null : 'x-vapi-secret missing or wrong';
    }
    case 'hmac': {
      const signature = (headers.get('x-vapi-signature') ?? '').replace(/^sha256=/, '').toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(signature)) return 'x-vapi-signature missing or malformed';
      const timestamp = headers.get('x-vapi-timestamp') ?? undefined;
      if (timestamp !== undefined) {
        if (!/^\d{1,15}$/.test(timestamp)) return 'x-vapi-timestamp malformed';
        const seconds = Number(timestamp) > 1e11 ? Number(timestamp) / 1000 : Number(timestamp);
        if (Math.abs(now.getTime() / 1000 - seconds) > VAPI_TIMESTAMP_TOLERANCE_SECONDS) return 'x-vapi-timestamp outside the 5 minute tolerance';
      }
      const expected = Buffer.from(vapiHmac(secret, body, timestamp), 'hex');
      return timingSafeEqual(expected, Buffer.from(signature, 'hex')) ? null : 'x-vapi-signature does not match';
    }
    default:
      return `auth method ${method} is not Vapi's`;
  }
}

export async function verifyRetell(apiKey: string, headers: Headers, body: Buffer): Promise<string | null> {
  const signature = headers.get('x-retell-signature');
  if (!signature) return 'x-retell-signature missing';
  // Retell signs the body exactly as sent: verify the raw text, never a re-serialisation.
  const ok = await Retell.verify(body.toString('utf8'), apiKey, signature).catch(() => false);
  return ok ? null : 'x-retell-signature does not verify (wrong key, tampered body or stale timestamp)';
}
