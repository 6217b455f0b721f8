// Contract tests of the local Auth server's email links, driven through supabase-js only: the admin
// invite (auth.admin.inviteUserByEmail), the magic link (signInWithOtp with shouldCreateUser:false)
// and their verification as the Supabase SSR guide's /auth/confirm route does it
// (verifyOtp({ type, token_hash })). The mail is read from the local mailbox (auth.local_mailbox),
// as a test against the Supabase CLI would read Inbucket/Mailpit.
import { randomUUID } from 'node:crypto';
import { AuthApiError } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { anonClient, serviceClient } from '../helpers/clients.ts';
import { withDb } from '../helpers/db.ts';
import { loadAuthConfig } from '../../supabase/local/auth/config.ts';
import { defaultCorsOrigins } from '../../supabase/local/gateway.ts';

// The stack runs in the vitest main process with the same environment, so the same settings.
const config = loadAuthConfig(process.env, defaultCorsOrigins());
const PASSWORD = 'correct-horse-battery';
const createdUserIds: string[] = [];

afterAll(async () => {
  const admin = serviceClient().auth.admin;
  for (const id of createdUserIds) await admin.deleteUser(id);
});

const uniqueEmail = () => `email-links-${randomUUID()}@example.test`;

interface Mail {
  kind: string;
  link: string;
  token_hash: string;
  redirect_to: string;
}

async function mailsTo(email: string): Promise<Mail[]> {
  return withDb(async (db) => (await db.query<Mail>('select kind, link, token_hash, redirect_to from auth.local_mailbox where recipient = $1 order by id', [email])).rows);
}

/** What the app's /auth/confirm does with the mail's link: verifyOtp with its type and token_hash. */
function followLink(mail: Mail) {
  const url = new URL(mail.link);
  const type = url.searchParams.get('type') as 'invite' | 'magiclink';
  return anonClient().auth.verifyOtp({ type, token_hash: url.searchParams.get('token_hash')! });
}

describe('admin invite (inviteUserByEmail)', () => {
  it('creates an unconfirmed user without a password and mails a link to /auth/confirm on the site URL', async () => {
    const email = uniqueEmail();
    const next = `${config.siteUrl}/invite/abc`;
    const { data, error } = await serviceClient().auth.admin.inviteUserByEmail(email, { redirectTo: next, data: { invited_by: 'test' } });
    expect(error).toBeNull();
    createdUserIds.push(data.user!.id);
    expect(data.user).toMatchObject({ email, invited_at: expect.any(String), confirmation_sent_at: expect.any(String), user_metadata: { invited_by: 'test' } });
    expect(data.user!.email_confirmed_at).toBeUndefined();

    const [mail] = await mailsTo(email);
    expect(mail.kind).toBe('invite');
    const link = new URL(mail.link);
    expect(`${link.origin}${link.pathname}`).toBe(`${config.siteUrl}/auth/confirm`);
    expect(Object.fromEntries(link.searchParams)).toEqual({ token_hash: mail.token_hash, type: 'invite', next });

    // No password yet: nobody can sign in as the address before following the link.
    const signIn = await anonClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.error).toBeInstanceOf(AuthApiError);
  });

  it('following the link signs the invitee in as that address (confirmed, amr otp); they can then set a password; the link works once', async () => {
    const email = uniqueEmail();
    const { data } = await serviceClient().auth.admin.inviteUserByEmail(email);
    createdUserIds.push(data.user!.id);
    const [mail] = await mailsTo(email);

    const client = anonClient();
    const url = new URL(mail.link);
    const verified = await client.auth.verifyOtp({ type: 'invite', token_hash: url.searchParams.get('token_hash')! });
    expect(verified.error).toBeNull();
    expect(verified.data.session).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: 'bearer' });
    expect(verified.data.user).toMatchObject({ id: data.user!.id, email, email_confirmed_at: expect.any(String) });
    const claims = decodeJwt(verified.data.session!.access_token);
    expect(claims).toMatchObject({ sub: data.user!.id, email, session_id: expect.any(String) });
    expect((claims.amr as { method: string }[]).map((a) => a.method)).toEqual(['otp']);

    expect((await client.auth.updateUser({ password: PASSWORD })).error).toBeNull();
    expect((await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();

    const again = await followLink(mail);
    expect(again.error).toBeInstanceOf(AuthApiError);
    expect(again.error).toMatchObject({ status: 403, code: 'otp_expired' });
    expect(again.data.session).toBeNull();
  });

  it('refuses an address that already has an account with 422 email_exists, and callers without the service key', async () => {
    const email = uniqueEmail();
    const created = await serviceClient().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    createdUserIds.push(created.data.user!.id);
    const { error } = await serviceClient().auth.admin.inviteUserByEmail(email.toUpperCase());
    expect(error).toMatchObject({ status: 422, code: 'email_exists' });
    const anon = await anonClient().auth.admin.inviteUserByEmail(uniqueEmail());
    expect(anon.error).toMatchObject({ status: 403, code: 'not_admin' });
    expect(await mailsTo(email)).toEqual([]);
  });

  it('a second invite before acceptance replaces the first link', async () => {
    const email = uniqueEmail();
    const { data } = await serviceClient().auth.admin.inviteUserByEmail(email);
    createdUserIds.push(data.user!.id);
    expect((await serviceClient().auth.admin.inviteUserByEmail(email)).error).toBeNull();
    const [first, second] = await mailsTo(email);
    expect((await followLink(first)).error).toMatchObject({ code: 'otp_expired' });
    expect((await followLink(second)).error).toBeNull();
  });

  it('a redirect to a foreign origin falls back to the site URL', async () => {
    const email = uniqueEmail();
    const { data } = await serviceClient().auth.admin.inviteUserByEmail(email, { redirectTo: 'https://attacker.example/steal' });
    createdUserIds.push(data.user!.id);
    const [mail] = await mailsTo(email);
    expect(mail.redirect_to).toBe(config.siteUrl);
    expect(new URL(mail.link).searchParams.get('next')).toBe(config.siteUrl);
  });

  it('an expired link is refused with otp_expired', async () => {
    const email = uniqueEmail();
    const { data } = await serviceClient().auth.admin.inviteUserByEmail(email);
    createdUserIds.push(data.user!.id);
    await withDb((db) => db.query(`update auth.one_time_tokens set created_at = now() - make_interval(secs => $2 + 1) where user_id = $1`, [data.user!.id, config.otpExpiry]));
    const [mail] = await mailsTo(email);
    expect((await followLink(mail)).error).toMatchObject({ status: 403, code: 'otp_expired' });
  });

  it('one link, two concurrent verifications: exactly one session', async () => {
    const email = uniqueEmail();
    const { data } = await serviceClient().auth.admin.inviteUserByEmail(email);
    createdUserIds.push(data.user!.id);
    const [mail] = await mailsTo(email);
    const results = await Promise.all([followLink(mail), followLink(mail), followLink(mail)]);
    expect(results.filter((r) => r.error === null)).toHaveLength(1);
    expect(results.filter((r) => r.error?.code === 'otp_expired')).toHaveLength(2);
  });
});

describe('magic link (signInWithOtp, shouldCreateUser: false)', () => {
  it('mails an existing account a link that signs it in; the wrong type is refused', async () => {
    const email = uniqueEmail();
    const created = await serviceClient().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    createdUserIds.push(created.data.user!.id);
    const next = `${config.siteUrl}/invite/xyz`;
    const sent = await anonClient().auth.signInWithOtp({ email, options: { shouldCreateUser: false, emailRedirectTo: next } });
    expect(sent.error).toBeNull();
    const [mail] = await mailsTo(email);
    expect(mail.kind).toBe('magiclink');
    expect(new URL(mail.link).searchParams.get('next')).toBe(next);

    const wrongType = await anonClient().auth.verifyOtp({ type: 'invite', token_hash: mail.token_hash });
    expect(wrongType.error).toMatchObject({ status: 403, code: 'otp_expired' });
    const verified = await followLink(mail);
    expect(verified.error).toBeNull();
    expect(verified.data.user).toMatchObject({ id: created.data.user!.id, email });
  });

  it('refuses an unknown address (otp_disabled), creates nothing, and limits mails to one address per interval', async () => {
    const unknown = uniqueEmail();
    const refused = await anonClient().auth.signInWithOtp({ email: unknown, options: { shouldCreateUser: false } });
    expect(refused.error).toMatchObject({ status: 422, code: 'otp_disabled' });
    expect(await mailsTo(unknown)).toEqual([]);
    const count = await withDb(async (db) => (await db.query('select count(*)::int as n from auth.users where email = $1', [unknown])).rows[0].n);
    expect(count).toBe(0);

    const email = uniqueEmail();
    const created = await serviceClient().auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    createdUserIds.push(created.data.user!.id);
    expect((await anonClient().auth.signInWithOtp({ email, options: { shouldCreateUser: false } })).error).toBeNull();
    expect(config.otpMaxFrequency).toBe(60);
    const again = await anonClient().auth.signInWithOtp({ email, options: { shouldCreateUser: false } });
    expect(again.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' });
    expect(await mailsTo(email)).toHaveLength(1);
  });
});
