// The gateway's API-key rules (supabase/local/api-keys.ts), as a pure function over headers.
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { applyApiKey, isBrowserUserAgent, roleOfApiKey, type ApiKeySet } from '../../supabase/local/api-keys.ts';
import { newApiKey } from '../../supabase/local/keys.ts';

const keys: ApiKeySet = {
  publishableKey: newApiKey('publishable'),
  secretKey: newApiKey('secret'),
  anonKey: 'eyJ.anon.jwt',
  serviceRoleKey: 'eyJ.service.jwt',
};

function run(headers: IncomingHttpHeaders) {
  const copy = { ...headers };
  const rejection = applyApiKey(copy, keys);
  return { rejection, headers: copy };
}

describe('applyApiKey', () => {
  it('new keys have the hosted shape', () => {
    expect(newApiKey('publishable')).toMatch(/^sb_publishable_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{8}$/);
    expect(newApiKey('secret')).toMatch(/^sb_secret_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{8}$/);
    expect(newApiKey('secret')).not.toBe(newApiKey('secret'));
  });

  it('maps each key to its role', () => {
    expect(roleOfApiKey(keys.publishableKey, keys)).toBe('anon');
    expect(roleOfApiKey(keys.secretKey, keys)).toBe('service_role');
    expect(roleOfApiKey(`${keys.secretKey}x`, keys)).toBeNull();
  });

  it('puts the role JWT in Authorization when there is none, or when it repeats apikey', () => {
    expect(run({ apikey: keys.publishableKey }).headers.authorization).toBe('Bearer eyJ.anon.jwt');
    expect(run({ apikey: keys.publishableKey, authorization: `Bearer ${keys.publishableKey}` }).headers.authorization).toBe('Bearer eyJ.anon.jwt');
    expect(run({ apikey: keys.secretKey, authorization: `bearer ${keys.secretKey}` }).headers.authorization).toBe('Bearer eyJ.service.jwt');
  });

  it("leaves a user's access token alone", () => {
    const r = run({ apikey: keys.publishableKey, authorization: 'Bearer eyJ.user.token' });
    expect(r.rejection).toBeNull();
    expect(r.headers.authorization).toBe('Bearer eyJ.user.token');
  });

  it('refuses unknown sb_ keys, sb_ bearers that do not repeat apikey, and the secret key from browsers', () => {
    const refused: IncomingHttpHeaders[] = [
      { apikey: 'sb_publishable_nope' },
      { apikey: `${keys.publishableKey}, ${keys.secretKey}` },
      { apikey: keys.publishableKey, authorization: `Bearer ${keys.secretKey}` },
      { authorization: `Bearer ${keys.secretKey}` },
      { apikey: keys.anonKey, authorization: `Bearer ${keys.publishableKey}` },
      { apikey: keys.secretKey, 'user-agent': 'Mozilla/5.0 (Macintosh) Safari/605.1.15' },
    ];
    for (const headers of refused) expect(run(headers).rejection?.status, JSON.stringify(headers)).toBe(401);
    expect(run({ apikey: keys.publishableKey, 'user-agent': 'Mozilla/5.0' }).rejection).toBeNull();
  });

  it('passes legacy JWT keys and key-less requests through unchanged (the services decide)', () => {
    expect(run({ apikey: keys.anonKey, authorization: `Bearer ${keys.anonKey}` })).toEqual({
      rejection: null,
      headers: { apikey: keys.anonKey, authorization: `Bearer ${keys.anonKey}` },
    });
    expect(run({})).toEqual({ rejection: null, headers: {} });
  });

  it('tells browsers from server runtimes by User-Agent', () => {
    expect(isBrowserUserAgent('Mozilla/5.0 (X11; Linux x86_64)')).toBe(true);
    expect(isBrowserUserAgent('node')).toBe(false);
    expect(isBrowserUserAgent('curl/8.5.0')).toBe(false);
    expect(isBrowserUserAgent(undefined)).toBe(false);
  });
});
