// The API-key step of Supabase's API gateway, for the local stack. Opaque keys (sb_publishable_…,
// sb_secret_…) are not JWTs: PostgREST, Auth and Storage never see them. The gateway checks the
// `apikey` header and forwards the request with the matching role's JWT (anon / service_role) in
// `Authorization`, as hosted Supabase and the Supabase CLI's gateway do:
//
// - `apikey: sb_…` must be one of this stack's keys, else 401 (hosted: "Invalid API key").
// - With no `Authorization`, or `Authorization: Bearer <the same sb_ key>` (what supabase-js sends
//   when nobody is signed in), `Authorization` becomes `Bearer <role JWT>`.
// - A user's `Authorization: Bearer <access token>` is passed on untouched: the token decides.
// - `Authorization: Bearer sb_…` is only accepted when it equals `apikey`; otherwise 401.
// - The secret key is refused from browsers (User-Agent), as hosted does.
// Legacy JWT `apikey` values (the anon / service_role keys) are passed on unchanged, as before.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface ApiKeySet {
  publishableKey: string;
  secretKey: string;
  anonKey: string;
  serviceRoleKey: string;
}

export interface ApiKeyRejection {
  status: 401;
  body: { message: string; hint?: string };
}

const INVALID: ApiKeyRejection = {
  status: 401,
  body: { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' },
};

const SECRET_IN_BROWSER: ApiKeyRejection = {
  status: 401,
  body: { message: 'Forbidden use of secret API key in browser' },
};

export const isOpaqueApiKey = (value: string) => value.startsWith('sb_');

function sameSecret(a: string, b: string): boolean {
  // Compare digests so neither the length nor the content leaks through timing.
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

/** The role an opaque key stands for, or null when it is not one of this stack's keys. */
export function roleOfApiKey(value: string, keys: ApiKeySet): 'anon' | 'service_role' | null {
  // Both comparisons always run.
  const publishable = sameSecret(value, keys.publishableKey);
  const secret = sameSecret(value, keys.secretKey);
  if (publishable) return 'anon';
  if (secret) return 'service_role';
  return null;
}

/** Browsers send a `Mozilla/…` User-Agent; server runtimes (Node, Deno, curl) do not. */
export function isBrowserUserAgent(userAgent: string | undefined): boolean {
  return typeof userAgent === 'string' && /^Mozilla\//.test(userAgent);
}

/**
 * Applies the gateway's API-key rules to `headers` in place (rewriting `authorization` when an
 * opaque key stands in for a role JWT). Returns the 401 to send, or null to go on.
 */
export function applyApiKey(headers: IncomingHttpHeaders, keys: ApiKeySet): ApiKeyRejection | null {
  const apikey = headers.apikey;
  const authorization = headers.authorization;
  const bearer = authorization ? /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() : undefined;

  if (typeof apikey === 'string' && isOpaqueApiKey(apikey)) {
    const role = roleOfApiKey(apikey, keys);
    if (!role) return INVALID;
    if (role === 'service_role' && isBrowserUserAgent(headers['user-agent'])) return SECRET_IN_BROWSER;
    if (authorization === undefined || bearer === apikey) {
      headers.authorization = `Bearer ${role === 'anon' ? keys.anonKey : keys.serviceRoleKey}`;
      return null;
    }
    if (bearer !== undefined && isOpaqueApiKey(bearer)) return INVALID;
    return null;
  }
  if (Array.isArray(apikey)) return INVALID;
  // An opaque key in Authorization without the same key in apikey is never accepted.
  if (bearer !== undefined && isOpaqueApiKey(bearer)) return INVALID;
  return null;
}
