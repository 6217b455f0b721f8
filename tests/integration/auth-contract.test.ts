// Contract tests of the local Auth server, driven through the official supabase-js client only
// (plus a few raw requests for wire details no client exposes). Every test makes its own users
// with unique emails, so nothing depends on the demo data or on other test files.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthApiError, createClient } from '@supabase/supabase-js';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { nodeClientOptions } from '../../lib/supabase/node-options.ts';
import { anonClient, clientWithToken, serviceClient, stackEnv } from '../helpers/clients.ts';
import { withDb } from '../helpers/db.ts';
import { loadAuthConfig } from '../../supabase/local/auth/config.ts';
import { accountKey, ipKey, recordSignInSuccess, reserveSignInAttempt } from '../../supabase/local/auth/rate-limit.ts';
import { BCRYPT_COST, findUserForSignIn } from '../../supabase/local/auth/users.ts';
import { AuthError } from '../../supabase/local/auth/errors.ts';
import { createPool } from '../../supabase/local/db.ts';

// The stack runs in the vitest main process with the same environment, so the same settings.
const config = loadAuthConfig();
const PASSWORD = 'correct-horse-battery';
const createdUserIds: string[] = [];
const usedEmails: string[] = [];

afterAll(async () => {
  const admin = serviceClient().auth.admin;
  for (const id of createdUserIds) await admin.deleteUser(id);
  await withDb((db) => db.query('delete from auth.sign_in_limits where key = any($1)', [usedEmails.map(accountKey)]));
});

// Every test signs in from loopback, and other files do too: give back this file's share of the
// per-IP failure budget after each test, so a rate-limit test cannot limit unrelated ones.
let loopbackFailures = 0;
afterEach(async () => {
  if (loopbackFailures === 0) return;
  const keys = ['127.0.0.1', '::ffff:127.0.0.1', '::1'].map(ipKey);
  await withDb((db) => db.query('update auth.sign_in_limits set failures = greatest(failures - $2, 0) where key = any($1)', [keys, loopbackFailures]));
  loopbackFailures = 0;
});

function uniqueEmail() {
  const email = `auth-contract-${randomUUID()}@example.test`;
  usedEmails.push(email);
  return email;
}

async function createUser(attributes: { app_metadata?: object; user_metadata?: object; email_confirm?: boolean; ban_duration?: string } = {}) {
  const email = uniqueEmail();
  const { data, error } = await serviceClient().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true, ...attributes });
  expect(error).toBeNull();
  createdUserIds.push(data.user!.id);
  return { email, id: data.user!.id };
}

async function signIn(email: string, password = PASSWORD) {
  const client = anonClient();
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  expect(error).toBeNull();
  return { client, session: data.session! };
}

async function signInError(email: string, password: string) {
  const { data, error } = await anonClient().auth.signInWithPassword({ email, password });
  expect(data.session).toBeNull();
  expect(error).not.toBeNull();
  if (error!.code === 'invalid_credentials') loopbackFailures++;
  return error!;
}

async function refresh(refreshToken: string) {
  return anonClient().auth.refreshSession({ refresh_token: refreshToken });
}

function keysFile(): { kid: string; privateJwk: JWK } {
  return JSON.parse(readFileSync(join(stackEnv().dataDir, 'jwt-keys.json'), 'utf8'));
}

describe('password sign-in', () => {
  it('returns a session shaped like hosted Supabase, with an ES256 access token and its claims', async () => {
    const { id, email } = await createUser({ app_metadata: { org_role: 'staff' }, user_metadata: { name: 'Ada' } });
    const { session } = await signIn(email);

    expect(session.token_type).toBe('bearer');
    expect(session.expires_in).toBe(config.jwtExpiry);
    expect(Math.abs(session.expires_at! - (Math.floor(Date.now() / 1000) + config.jwtExpiry))).toBeLessThanOrEqual(5);
    expect(session.refresh_token).toMatch(/^\S{12,}$/);
    expect(session.user).toMatchObject({
      id,
      aud: 'authenticated',
      role: 'authenticated',
      email,
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'], org_role: 'staff' },
      user_metadata: { name: 'Ada' },
      identities: [],
      is_anonymous: false,
    });
    expect(session.user.last_sign_in_at).toBeTruthy();
    expect(session.user.email_confirmed_at).toBeTruthy();

    const header = decodeProtectedHeader(session.access_token);
    expect(header).toEqual({ alg: 'ES256', kid: keysFile().kid, typ: 'JWT' });
    const claims = decodeJwt(session.access_token);
    expect(Object.keys(claims).sort()).toEqual(
      ['aal', 'amr', 'app_metadata', 'aud', 'email', 'exp', 'iat', 'is_anonymous', 'iss', 'phone', 'role', 'session_id', 'sub', 'user_metadata'].sort(),
    );
    expect(claims).toMatchObject({
      iss: `${stackEnv().url}/auth/v1`,
      sub: id,
      aud: 'authenticated',
      email,
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'], org_role: 'staff' },
      user_metadata: { name: 'Ada' },
      role: 'authenticated',
      aal: 'aal1',
      is_anonymous: false,
    });
    expect(claims.exp! - claims.iat!).toBe(config.jwtExpiry);
    expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);
  });

  it('refuses a wrong password with AuthApiError 400 invalid_credentials', async () => {
    const { email } = await createUser();
    const error = await signInError(email, 'wrong-password');
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error.name).toBe('AuthApiError');
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_credentials');
    expect(error.message).toBe('Invalid login credentials');
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const error = await signInError(uniqueEmail(), PASSWORD);
    expect(error).toMatchObject({ name: 'AuthApiError', status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });
  });

  it('matches emails case-insensitively', async () => {
    const { email, id } = await createUser();
    const { session } = await signIn(email.toUpperCase());
    expect(session.user.id).toBe(id);
  });

  it('refuses an unconfirmed email with email_not_confirmed', async () => {
    const { email } = await createUser({ email_confirm: false });
    expect(await signInError(email, PASSWORD)).toMatchObject({ status: 400, code: 'email_not_confirmed' });
  });

  it('gives the same error codes to a client speaking the pre-2024 API version', async () => {
    const client = createClient(stackEnv().url, stackEnv().anonKey, {
      ...nodeClientOptions,
      global: { headers: { 'X-Supabase-Api-Version': '2023-06-01' } },
    });
    const { error } = await client.auth.signInWithPassword({ email: uniqueEmail(), password: 'nope-nope' });
    expect(error).toMatchObject({ name: 'AuthApiError', status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });
  });

  it('issues access tokens that PostgREST accepts', async () => {
    const { email } = await createUser();
    const { session } = await signIn(email);
    const { error } = await clientWithToken(session.access_token).from('organizations').select('id').limit(1);
    expect(error).toBeNull();
  });
});

describe('refresh tokens', () => {
  it('rotates: new access and refresh tokens for the same session, claims re-read from auth.users', async () => {
    const { email, id } = await createUser();
    const { session } = await signIn(email);
    await serviceClient().auth.admin.updateUserById(id, { app_metadata: { org_role: 'admin' } });

    const { data, error } = await refresh(session.refresh_token);
    expect(error).toBeNull();
    const next = data.session!;
    expect(next.refresh_token).not.toBe(session.refresh_token);
    expect(next.access_token).not.toBe(session.access_token);
    expect(next.user.id).toBe(id);
    const before = decodeJwt(session.access_token);
    const after = decodeJwt(next.access_token);
    expect(after.session_id).toBe(before.session_id);
    expect(before.app_metadata).not.toHaveProperty('org_role');
    expect(after.app_metadata).toMatchObject({ provider: 'email', org_role: 'admin' });
    // Refreshing keeps how the session was authenticated.
    expect(after.amr).toEqual(before.amr);
  });

  it('refuses a rotated-out token, then revokes the whole family (reuse detection)', async () => {
    const { email } = await createUser();
    const a = (await signIn(email)).session.refresh_token;
    const b = (await refresh(a)).data.session!.refresh_token;
    const c = (await refresh(b)).data.session!.refresh_token;

    // `a` is not the parent of the active token `c`: refused outright.
    const reused = await refresh(a);
    expect(reused.data.session).toBeNull();
    expect(reused.error).toMatchObject({ name: 'AuthApiError', status: 400, code: 'refresh_token_already_used' });
    // The still-active token died with its family: a thief and the owner are both out.
    expect((await refresh(c)).error).toMatchObject({ status: 400, code: 'refresh_token_already_used' });
  });

  it('lets the immediate parent be replayed within the reuse interval, answering with the active token', async () => {
    const { email } = await createUser();
    const a = (await signIn(email)).session.refresh_token;
    const b = (await refresh(a)).data.session!.refresh_token;

    // Two tabs refreshed with `a` at once: the second one gets `b` too, not an error.
    const replay = await refresh(a);
    expect(replay.error).toBeNull();
    expect(replay.data.session!.refresh_token).toBe(b);

    // Once the interval has passed (simulated by ageing the revoked token), replay is abuse.
    await withDb((db) =>
      db.query(`update auth.refresh_tokens set updated_at = now() - make_interval(secs => $2) where token = $1`, [
        a,
        config.refreshTokenReuseInterval + 60,
      ]),
    );
    expect((await refresh(a)).error).toMatchObject({ status: 400, code: 'refresh_token_already_used' });
    expect((await refresh(b)).error).toMatchObject({ status: 400, code: 'refresh_token_already_used' });
  });

  it('refuses an unknown refresh token with refresh_token_not_found', async () => {
    const { error } = await refresh('not-a-real-refresh-token');
    expect(error).toMatchObject({ name: 'AuthApiError', status: 400, code: 'refresh_token_not_found' });
  });
});

describe('getUser and getClaims', () => {
  it('getUser returns the user of a valid access token', async () => {
    const { email, id } = await createUser({ user_metadata: { plan: 'pro' } });
    const { session } = await signIn(email);
    const { data, error } = await anonClient().auth.getUser(session.access_token);
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id, email, aud: 'authenticated', role: 'authenticated', user_metadata: { plan: 'pro' }, identities: [] });
    for (const key of ['created_at', 'updated_at', 'confirmed_at', 'email_confirmed_at', 'last_sign_in_at']) {
      expect(Date.parse((data.user as unknown as Record<string, string>)[key])).not.toBeNaN();
    }
  });

  it('getClaims verifies the ES256 signature through the JWKS endpoint, without calling /user', async () => {
    const { email, id } = await createUser({ app_metadata: { org_role: 'staff' } });
    const { session } = await signIn(email);
    const requested: string[] = [];
    const client = createClient(stackEnv().url, stackEnv().anonKey, {
      // Own storage key: auth-js caches JWKS per storage key across clients in a process.
      ...nodeClientOptions,
      auth: { ...nodeClientOptions.auth, storageKey: `jwks-${randomUUID()}` },
      global: {
        fetch: (input, init) => {
          requested.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
          return fetch(input, init);
        },
      },
    });

    const { data, error } = await client.auth.getClaims(session.access_token);
    expect(error).toBeNull();
    expect(requested).toEqual(['/auth/v1/.well-known/jwks.json']);
    expect(data!.header).toMatchObject({ alg: 'ES256', kid: keysFile().kid });
    expect(data!.claims).toMatchObject({ sub: id, aal: 'aal1', session_id: expect.any(String), app_metadata: { org_role: 'staff' } });

    // A tampered payload fails the signature check locally.
    const [h, , s] = session.access_token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...data!.claims, app_metadata: { org_role: 'admin' } })).toString('base64url');
    const forged = await client.auth.getClaims(`${h}.${forgedPayload}.${s}`);
    expect(forged.data).toBeNull();
    expect(forged.error?.name).toBe('AuthInvalidJwtError');
    expect(requested.filter((p) => p.endsWith('/user'))).toEqual([]);
  });

  describe('refuses tokens the stack did not issue or that expired', () => {
    async function claimsFor() {
      const { email } = await createUser();
      return decodeJwt((await signIn(email)).session.access_token);
    }

    async function expectBadJwt(token: string) {
      const { data, error } = await anonClient().auth.getUser(token);
      expect(data.user).toBeNull();
      expect(error).toMatchObject({ name: 'AuthApiError', status: 403, code: 'bad_jwt' });
    }

    it('a token signed with another key under the same kid', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const token = await new SignJWT(await claimsFor()).setProtectedHeader({ alg: 'ES256', kid: keysFile().kid, typ: 'JWT' }).sign(privateKey);
      await expectBadJwt(token);
    });

    it('an unsigned token (alg none)', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: keysFile().kid })).toString('base64url');
      const payload = Buffer.from(JSON.stringify(await claimsFor())).toString('base64url');
      await expectBadJwt(`${header}.${payload}.`);
    });

    it('an HS256 token signed with a guessable secret', async () => {
      const secret = new TextEncoder().encode('super-secret-jwt-token-with-at-least-32-characters-long');
      await expectBadJwt(await new SignJWT(await claimsFor()).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret));
    });

    it('an expired token signed with the real key', async () => {
      const { kid, privateJwk } = keysFile();
      const key = await importJWK(privateJwk, 'ES256');
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ ...(await claimsFor()), iat: now - 7200, exp: now - 3600 })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .sign(key);
      await expectBadJwt(token);
    });

    it('garbage', async () => {
      await expectBadJwt('not.a.jwt');
    });

    it('the service-role key, which has no user', async () => {
      await expectBadJwt(stackEnv().serviceRoleKey);
    });
  });
});

describe('updateUser', () => {
  it('merges data into user_metadata; null removes a key', async () => {
    const { email } = await createUser({ user_metadata: { name: 'Ada', theme: 'dark' } });
    const { client } = await signIn(email);
    const { data, error } = await client.auth.updateUser({ data: { name: 'Grace', theme: null, locale: 'en' } });
    expect(error).toBeNull();
    expect(data.user!.user_metadata).toEqual({ name: 'Grace', locale: 'en' });
  });

  it('can never change app_metadata, neither through data nor with app_metadata in the body', async () => {
    const { email, id } = await createUser({ app_metadata: { org_role: 'staff' } });
    const { client, session } = await signIn(email);

    // `data` only ever lands in user_metadata, even keys named like authorization claims.
    const viaData = await client.auth.updateUser({ data: { org_role: 'admin', app_metadata: { org_role: 'admin' } } });
    expect(viaData.error).toBeNull();
    expect(viaData.data.user!.app_metadata).toEqual({ provider: 'email', providers: ['email'], org_role: 'staff' });

    // A crafted body: supabase-js forwards unknown attributes verbatim.
    const crafted = await client.auth.updateUser({ app_metadata: { org_role: 'admin' } } as never);
    expect(crafted.error).toMatchObject({ name: 'AuthApiError', status: 403, code: 'not_admin' });

    const { data: stored } = await serviceClient().auth.admin.getUserById(id);
    expect(stored.user!.app_metadata).toEqual({ provider: 'email', providers: ['email'], org_role: 'staff' });
    const refreshed = await refresh(session.refresh_token);
    expect(decodeJwt(refreshed.data.session!.access_token).app_metadata).toEqual({ provider: 'email', providers: ['email'], org_role: 'staff' });
  });

  it('changes the password and signs out the other sessions', async () => {
    const { email } = await createUser();
    const { client } = await signIn(email);
    const other = (await signIn(email)).session;

    const { error } = await client.auth.updateUser({ password: 'a-brand-new-password' });
    expect(error).toBeNull();
    expect((await signInError(email, PASSWORD)).code).toBe('invalid_credentials');
    await signIn(email, 'a-brand-new-password');
    expect((await refresh(other.refresh_token)).error).toMatchObject({ code: 'refresh_token_not_found' });
    // The session that changed the password stays signed in.
    expect((await client.auth.getUser()).error).toBeNull();
  });

  it('refuses the same password and a weak one, like upstream', async () => {
    const { email } = await createUser();
    const { client } = await signIn(email);
    expect((await client.auth.updateUser({ password: PASSWORD })).error).toMatchObject({ status: 422, code: 'same_password' });
    const weak = await client.auth.updateUser({ password: '123' });
    expect(weak.error).toMatchObject({ name: 'AuthWeakPasswordError', status: 422, code: 'weak_password' });
  });
});

describe('signOut', () => {
  it('global: refresh tokens stop working and getUser with the old access token fails', async () => {
    const { email } = await createUser();
    const { client, session } = await signIn(email);
    const other = (await signIn(email)).session;

    expect((await client.auth.signOut()).error).toBeNull();
    expect((await refresh(session.refresh_token)).error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
    expect((await refresh(other.refresh_token)).error).toMatchObject({ code: 'refresh_token_not_found' });
    // Upstream answers 403 session_not_found, which auth-js reports as AuthSessionMissingError.
    const { data, error } = await anonClient().auth.getUser(session.access_token);
    expect(data.user).toBeNull();
    expect(error?.name).toBe('AuthSessionMissingError');
  });

  it('local: only this session ends', async () => {
    const { email } = await createUser();
    const { client, session } = await signIn(email);
    const other = (await signIn(email)).session;
    expect((await client.auth.signOut({ scope: 'local' })).error).toBeNull();
    expect((await refresh(session.refresh_token)).error).toMatchObject({ code: 'refresh_token_not_found' });
    expect((await refresh(other.refresh_token)).error).toBeNull();
  });

  it('others: every session but this one ends', async () => {
    const { email } = await createUser();
    const { client, session } = await signIn(email);
    const other = (await signIn(email)).session;
    expect((await client.auth.signOut({ scope: 'others' })).error).toBeNull();
    expect((await refresh(other.refresh_token)).error).toMatchObject({ code: 'refresh_token_not_found' });
    expect((await anonClient().auth.getUser(session.access_token)).error).toBeNull();
  });
});

describe('admin API', () => {
  it('creates, gets and lists users with upstream pagination', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await createUser({ user_metadata: { i } })).id);
    const admin = serviceClient().auth.admin;

    const { data: one, error } = await admin.getUserById(ids[0]);
    expect(error).toBeNull();
    expect(one.user).toMatchObject({ id: ids[0], user_metadata: { i: 0 }, app_metadata: { provider: 'email', providers: ['email'] } });

    const page = await admin.listUsers({ page: 1, perPage: 2 });
    expect(page.error).toBeNull();
    expect(page.data.users).toHaveLength(2);
    // Parsed by auth-js from the x-total-count and link headers.
    const pagination = page.data as typeof page.data & { aud: string; nextPage: number; lastPage: number; total: number };
    expect(pagination).toMatchObject({ aud: 'authenticated', nextPage: 2 });
    expect(pagination.total).toBeGreaterThanOrEqual(3);
    // Not an exact value: auth-js reads only the first digit of a page number from the link header.
    expect(pagination.lastPage).toBeGreaterThanOrEqual(1);

    const all = await admin.listUsers({ page: 1, perPage: 1000 });
    const listed = new Set(all.data.users.map((u) => u.id));
    for (const id of ids) expect(listed.has(id)).toBe(true);
  });

  it('refuses a duplicate email (in any case) with 422 email_exists', async () => {
    const { email } = await createUser();
    const { data, error } = await serviceClient().auth.admin.createUser({ email: email.toUpperCase(), password: PASSWORD, email_confirm: true });
    expect(data.user).toBeNull();
    expect(error).toMatchObject({ name: 'AuthApiError', status: 422, code: 'email_exists' });
  });

  it('merges app_metadata like upstream; the change reaches tokens at the next refresh', async () => {
    const { email, id } = await createUser({ app_metadata: { org_id: 'org-1', org_role: 'staff' } });
    const { session } = await signIn(email);
    const { data, error } = await serviceClient().auth.admin.updateUserById(id, {
      app_metadata: { org_role: 'admin', org_id: null },
      user_metadata: { nickname: 'A' },
    });
    expect(error).toBeNull();
    expect(data.user!.app_metadata).toEqual({ provider: 'email', providers: ['email'], org_role: 'admin' });
    expect(data.user!.user_metadata).toEqual({ nickname: 'A' });

    // The current access token keeps its claims until it is refreshed.
    expect(decodeJwt(session.access_token).app_metadata).toMatchObject({ org_id: 'org-1', org_role: 'staff' });
    const refreshed = await refresh(session.refresh_token);
    expect(decodeJwt(refreshed.data.session!.access_token).app_metadata).toEqual({ provider: 'email', providers: ['email'], org_role: 'admin' });
  });

  it('sets a password, which signs the user out everywhere', async () => {
    const { email, id } = await createUser();
    const { session } = await signIn(email);
    expect((await serviceClient().auth.admin.updateUserById(id, { password: 'set-by-an-admin' })).error).toBeNull();
    expect((await refresh(session.refresh_token)).error).toMatchObject({ code: 'refresh_token_not_found' });
    await signIn(email, 'set-by-an-admin');
  });

  it('bans and unbans with ban_duration', async () => {
    const { email, id } = await createUser();
    const { session } = await signIn(email);
    const admin = serviceClient().auth.admin;

    const banned = await admin.updateUserById(id, { ban_duration: '24h' });
    expect(banned.error).toBeNull();
    expect(Date.parse(banned.data.user!.banned_until!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(await signInError(email, PASSWORD)).toMatchObject({ status: 400, code: 'user_banned' });
    expect((await refresh(session.refresh_token)).error).toMatchObject({ status: 400, code: 'user_banned' });
    expect((await anonClient().auth.getUser(session.access_token)).error).toMatchObject({ status: 403, code: 'user_banned' });
    // A wrong password on a banned account says nothing about the ban.
    expect((await signInError(email, 'wrong-password')).code).toBe('invalid_credentials');

    expect((await admin.updateUserById(id, { ban_duration: 'none' })).error).toBeNull();
    await signIn(email);
    expect((await admin.updateUserById(id, { ban_duration: 'forever' })).error).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('deletes a user: no sign-in, no refresh, no getUser', async () => {
    const { email, id } = await createUser();
    const { session } = await signIn(email);
    const admin = serviceClient().auth.admin;

    const { data, error } = await admin.deleteUser(id);
    expect(error).toBeNull();
    expect(data.user!.id).toBe(id);
    expect(await signInError(email, PASSWORD)).toMatchObject({ status: 400, code: 'invalid_credentials' });
    expect((await refresh(session.refresh_token)).error).toMatchObject({ code: 'refresh_token_not_found' });
    expect((await anonClient().auth.getUser(session.access_token)).error).toMatchObject({ status: 403, code: 'user_not_found' });
    expect((await admin.getUserById(id)).error).toMatchObject({ status: 404, code: 'user_not_found' });
  });

  it('soft-deletes a user: no sign-in and no longer listed', async () => {
    const { email, id } = await createUser();
    const admin = serviceClient().auth.admin;
    expect((await admin.deleteUser(id, true)).error).toBeNull();
    expect((await signInError(email, PASSWORD)).code).toBe('invalid_credentials');
    expect((await admin.getUserById(id)).error).toMatchObject({ status: 404 });
    // The email is free again, as upstream obfuscates it.
    const again = await admin.createUser({ email, password: PASSWORD, email_confirm: true });
    expect(again.error).toBeNull();
    createdUserIds.push(again.data.user!.id);
  });

  it('refuses callers without the service-role key with 403 not_admin', async () => {
    const { email } = await createUser();
    const { session } = await signIn(email);
    for (const client of [anonClient(), clientWithToken(session.access_token)]) {
      const list = await client.auth.admin.listUsers();
      expect(list.error).toMatchObject({ name: 'AuthApiError', status: 403, code: 'not_admin' });
      const create = await client.auth.admin.createUser({ email: uniqueEmail(), password: PASSWORD });
      expect(create.error).toMatchObject({ status: 403, code: 'not_admin' });
    }
  });
});

describe('sign-in rate limiting', () => {
  const limit = config.rateLimit.perAccount;

  it(`answers 429 over_request_rate_limit after ${limit} failures on one account, even to the right password`, async () => {
    const { email } = await createUser();
    for (let i = 0; i < limit; i++) {
      expect((await signInError(email, `wrong-${i}`)).code).toBe('invalid_credentials');
    }
    const limited = await signInError(email, 'wrong-again');
    expect(limited).toMatchObject({ name: 'AuthApiError', status: 429, code: 'over_request_rate_limit' });
    expect(await signInError(email, PASSWORD)).toMatchObject({ status: 429, code: 'over_request_rate_limit' });
    // Another account from the same IP is unaffected.
    const { email: bystander } = await createUser();
    await signIn(bystander);
  });

  it('restarts an account count after a successful sign-in', async () => {
    const { email } = await createUser();
    for (let i = 0; i < limit - 1; i++) await signInError(email, `wrong-${i}`);
    await signIn(email);
    expect((await signInError(email, 'wrong-after-success')).code).toBe('invalid_credentials');
    await signIn(email);
  });

  it(`holds under concurrency: of 40 parallel wrong passwords for one account, ${limit} are checked, the rest get 429`, async () => {
    const { email } = await createUser();
    const errors = await Promise.all(Array.from({ length: 40 }, (_, i) => signInError(email, `parallel-wrong-${i}`)));
    // Counted per code (and status), so a failure shows what the other answers were.
    const tally: Record<string, number> = {};
    for (const e of errors) tally[`${e.status} ${e.code}`] = (tally[`${e.status} ${e.code}`] ?? 0) + 1;
    expect(tally).toEqual({ '400 invalid_credentials': limit, '429 over_request_rate_limit': 40 - limit });
    expect(errors.filter((e) => e.code === 'over_request_rate_limit').every((e) => e.status === 429)).toBe(true);
    // Still locked for the right password too.
    expect(await signInError(email, PASSWORD)).toMatchObject({ status: 429, code: 'over_request_rate_limit' });
  });

  it('limits failures per client IP across accounts, and refused attempts use up no budget', async () => {
    // Through the module: over HTTP every test signs in from 127.0.0.1, and limiting that IP
    // would fail unrelated tests running at the same time.
    const pool = createPool(stackEnv().dbUrl, 2);
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const limits = { ...config.rateLimit, perIp: 3 };
    try {
      await pool.query('delete from auth.sign_in_limits where key = $1', [ipKey(ip)]);
      // A success gives its slot back: it never counts against the IP.
      await recordSignInSuccess(pool, await reserveSignInAttempt(pool, limits, uniqueEmail(), ip));
      for (let i = 0; i < 3; i++) await reserveSignInAttempt(pool, limits, uniqueEmail(), ip);
      const victim = uniqueEmail();
      const refused = await reserveSignInAttempt(pool, limits, victim, ip).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AuthError);
      expect(refused).toMatchObject({ status: 429, code: 'over_request_rate_limit' });
      // The refused attempt left nothing on the account it named.
      const { rows } = await pool.query('select failures from auth.sign_in_limits where key = $1', [accountKey(victim)]);
      expect(rows[0]?.failures ?? 0).toBe(0);
      // Parallel reservations from one IP: exactly the limit gets through.
      const ip2 = `${ip.slice(0, ip.lastIndexOf('.'))}.${(Number(ip.split('.')[3]) % 250) + 2}`;
      await pool.query('delete from auth.sign_in_limits where key = $1', [ipKey(ip2)]);
      const parallel = createPool(stackEnv().dbUrl, 10);
      try {
        const results = await Promise.allSettled(Array.from({ length: 20 }, () => reserveSignInAttempt(parallel, limits, uniqueEmail(), ip2)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
      } finally {
        await parallel.end();
        await pool.query('delete from auth.sign_in_limits where key = $1', [ipKey(ip2)]);
      }
    } finally {
      await pool.query('delete from auth.sign_in_limits where key = $1', [ipKey(ip)]);
      await pool.end();
    }
  });
});

describe('sign-in timing does not reveal accounts', () => {
  // Timing itself is measured by `npm run bench:sign-in` (printed, not asserted); here the
  // structural fact behind it: an unknown email pays a bcrypt check of the same cost.
  it('checks the password against a hash of the same cost for unknown and known emails', async () => {
    const pool = createPool(stackEnv().dbUrl, 1);
    try {
      const { email } = await createUser();
      const known = await findUserForSignIn(pool, email, 'wrong-password');
      const unknown = await findUserForSignIn(pool, uniqueEmail(), 'wrong-password');
      expect(known).toMatchObject({ hashChecked: true, hashCost: BCRYPT_COST, user: { email, password_ok: false } });
      expect(unknown).toMatchObject({ hashChecked: true, hashCost: BCRYPT_COST, user: null });
      expect((await findUserForSignIn(pool, email, PASSWORD)).user?.password_ok).toBe(true);
      // A user without a password pays the same check and never matches the dummy hash.
      const { data, error } = await serviceClient().auth.admin.createUser({ email: uniqueEmail(), email_confirm: true });
      expect(error).toBeNull();
      createdUserIds.push(data.user!.id);
      const noPassword = await findUserForSignIn(pool, data.user!.email!, '');
      expect(noPassword).toMatchObject({ hashChecked: true, hashCost: BCRYPT_COST, user: { password_ok: false } });
    } finally {
      await pool.end();
    }
  });
});

describe('wire details no client exposes', () => {
  const auth = (path: string, init?: RequestInit) =>
    fetch(`${stackEnv().url}/auth/v1${path}`, { ...init, headers: { apikey: stackEnv().anonKey, ...init?.headers } });

  it('echoes X-Supabase-Api-Version and picks the error body format by it', async () => {
    const body = JSON.stringify({ email: uniqueEmail(), password: 'whatever-it-is' });
    const headers = { 'content-type': 'application/json' };
    const modern = await auth('/token?grant_type=password', { method: 'POST', body, headers: { ...headers, 'X-Supabase-Api-Version': '2024-01-01' } });
    expect(modern.headers.get('x-supabase-api-version')).toBe('2024-01-01');
    expect(await modern.json()).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });
    const legacy = await auth('/token?grant_type=password', { method: 'POST', body, headers });
    expect(legacy.headers.get('x-supabase-api-version')).toBeNull();
    expect(await legacy.json()).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
  });

  it('answers malformed requests with 4xx JSON, never 500', async () => {
    const badJson = await auth('/token?grant_type=password', { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error_code).toBe('bad_json');

    const wrongType = await auth('/token?grant_type=password', { method: 'POST', body: JSON.stringify({ email: 42, password: [] }) });
    expect(wrongType.status).toBe(400);

    const unknownRoute = await auth('/nope');
    expect(unknownRoute.status).toBe(404);
    expect((await unknownRoute.json()).error_code).toBe('not_found');

    const unknownGrant = await auth('/token?grant_type=magic', { method: 'POST', body: '{}' });
    expect(unknownGrant.status).toBe(400);
    expect(await unknownGrant.json()).toEqual({ error: 'unsupported_grant_type', error_description: '' });

    const wrongMethod = await auth('/user', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);

    const noBearer = await auth('/user');
    expect(noBearer.status).toBe(401);
    expect((await noBearer.json()).error_code).toBe('no_authorization');

    const badUserId = await auth('/admin/users/%E0%A4%A', { headers: { authorization: `Bearer ${stackEnv().serviceRoleKey}` } });
    expect(badUserId.status).toBe(404);
  });

  it('serves health, settings and the JWKS', async () => {
    expect((await (await auth('/health')).json()).name).toBe('GoTrue');
    expect((await (await auth('/settings')).json()).external.email).toBe(true);
    const jwks = (await (await auth('/.well-known/jwks.json')).json()) as { keys: JWK[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kid: keysFile().kid, alg: 'ES256', kty: 'EC', crv: 'P-256' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    // The published key verifies what the server signs.
    const { email } = await createUser();
    const { session } = await signIn(email);
    await jwtVerify(session.access_token, await importJWK(jwks.keys[0], 'ES256'));
  });
});
