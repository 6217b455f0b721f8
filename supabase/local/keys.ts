// Signing keys of the local stack. One ES256 key pair, kept in the data folder so tokens survive a
// restart. Access tokens, the anon key and the service-role key are all signed with it, and
// PostgREST trusts its public JWKS: the same asymmetric setup hosted Supabase uses.
// The opaque API keys (sb_publishable_…, sb_secret_…) are kept in the same file; the gateway
// accepts them and forwards requests as the anon / service_role JWT (see api-keys.ts).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type CryptoKey } from 'jose';

export interface StackKeys {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  jwks: { keys: JWK[] };
  /** Legacy JWT API keys (role anon / service_role), as hosted projects still offer them. */
  anonKey: string;
  serviceRoleKey: string;
  /** Current API keys: `sb_publishable_…` (acts as anon) and `sb_secret_…` (acts as service_role). */
  publishableKey: string;
  secretKey: string;
  /** HMAC secret for storage signed URLs (never leaves the server). */
  urlSigningSecret: Uint8Array;
}

interface KeyFile {
  kid: string;
  privateJwk: JWK;
  urlSigningSecret: string;
  /** Added later: a key file written before them gets them on the next start. */
  publishableKey?: string;
  secretKey?: string;
}

export const JWT_ISSUER_PATH = '/auth/v1';

export async function loadOrCreateKeys(file: string, issuer: string): Promise<StackKeys> {
  let keyFile: KeyFile;
  if (existsSync(file)) {
    keyFile = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = randomUUID();
    const urlSigningSecret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
    keyFile = { kid, privateJwk: await exportJWK(privateKey), urlSigningSecret, publishableKey: newApiKey('publishable'), secretKey: newApiKey('secret') };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(keyFile, null, 2), { mode: 0o600 });
  }
  const publishableKey = keyFile.publishableKey || newApiKey('publishable');
  const secretKey = keyFile.secretKey || newApiKey('secret');
  if (publishableKey !== keyFile.publishableKey || secretKey !== keyFile.secretKey) {
    keyFile = { ...keyFile, publishableKey, secretKey };
    writeFileSync(file, JSON.stringify(keyFile, null, 2), { mode: 0o600 });
  }
  const privateKey = (await importJWK({ ...keyFile.privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey;
  const { d: _d, ...pub } = keyFile.privateJwk;
  const publicJwk: JWK = { ...pub, kid: keyFile.kid, alg: 'ES256', use: 'sig', key_ops: ['verify'] };
  return {
    kid: keyFile.kid,
    privateKey,
    publicJwk,
    jwks: { keys: [publicJwk] },
    anonKey: await signApiKey(privateKey, keyFile.kid, issuer, 'anon'),
    serviceRoleKey: await signApiKey(privateKey, keyFile.kid, issuer, 'service_role'),
    publishableKey,
    secretKey,
    urlSigningSecret: Buffer.from(keyFile.urlSigningSecret, 'base64url'),
  };
}

/**
 * A new opaque API key in the shape hosted Supabase and the Supabase CLI use:
 * `sb_<kind>_` + 22 random base64url characters + `_` + an 8-character checksum.
 */
export function newApiKey(kind: 'publishable' | 'secret'): string {
  const prefix = `sb_${kind}_`;
  const body = randomBytes(16).toString('base64url');
  const checksum = createHash('sha256').update(prefix + body).digest('base64url').slice(0, 8);
  return `${prefix}${body}_${checksum}`;
}

async function signApiKey(key: CryptoKey, kid: string, issuer: string, role: 'anon' | 'service_role') {
  // Like the Supabase CLI's demo keys: long-lived, role claim only.
  const iat = 1_700_000_000;
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 20 * 365 * 24 * 3600)
    .sign(key);
}

export async function signJwt(keys: StackKeys, claims: Record<string, unknown>, expiresInSeconds: number) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: keys.kid, typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSeconds)
    .sign(keys.privateKey);
}
