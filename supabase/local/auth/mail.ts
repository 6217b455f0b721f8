// Email links: POST /invite (admin), POST /otp (magic link) and POST /verify {type, token_hash}
// (upstream internal/api/invite.go, otp.go, magic_link.go, verify.go), with a local mailbox instead
// of SMTP. The one-time token is stored as upstream stores it (auth.one_time_tokens, the hash
// sha224(email + otp) hex, one per user and kind), so only the mail's holder can verify it.
//
// The mail's link follows the Supabase SSR guide's email template
//   {{ .SiteURL }}/auth/confirm?token_hash={{ .TokenHash }}&type=<invite|magiclink>&next={{ .RedirectTo }}
// which is what hosted projects must be configured with for the app (docs/security.md): the app's
// /auth/confirm calls verifyOtp({ type, token_hash }) server-side and lands signed in. The mails are
// rows of auth.local_mailbox (closed to every API role) and lines in the stack log.
// Not served: GET /verify (the implicit-flow redirect), PKCE, phone OTP, /recover, /resend.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { inTransaction, type Pool, type PoolClient } from '../db.ts';
import { metadata, readBodyAs } from './body.ts';
import type { AuthConfig } from './config.ts';
import { AuthError, forbidden, unprocessable } from './errors.ts';
import { signInIp } from './rate-limit.ts';
import { startSession, type SessionDeps, type SessionResponse } from './sessions.ts';
import { findUserByEmail, insertUser, isBanned, userJson, validateEmail, type UserRow } from './users.ts';

export type MailKind = 'invite' | 'magiclink';
type TokenType = 'confirmation_token' | 'recovery_token';

export interface MailDeps extends SessionDeps {
  log: (line: string) => void;
}

const InviteParams = z.object({ email: z.string().optional(), data: metadata.nullish() });
const OtpParams = z.object({
  email: z.string().optional(),
  phone: z.string().optional(),
  create_user: z.boolean().optional(),
  data: metadata.nullish(),
});
const VerifyParams = z.object({
  type: z.string().optional(),
  token_hash: z.string().optional(),
  token: z.string().optional(),
  email: z.string().optional(),
});

/** Upstream's crypto.GenerateTokenHash: hex sha224 of the address followed by the OTP. */
export function tokenHash(email: string, otp: string): string {
  return createHash('sha224').update(email + otp).digest('hex');
}

/** redirect_to when its origin is allowed (site URL or the allow list), else the site URL. */
function redirectTarget(config: AuthConfig, url: URL): string {
  const raw = url.searchParams.get('redirect_to');
  if (raw) {
    try {
      const target = new URL(raw);
      const allowed = [config.siteUrl, ...config.redirectOrigins].map((o) => new URL(o).origin);
      if ((target.protocol === 'http:' || target.protocol === 'https:') && allowed.includes(target.origin)) return target.toString();
    } catch {
      // not a URL: the site URL, as upstream
    }
  }
  return config.siteUrl;
}

async function sendMail(deps: MailDeps, db: PoolClient, user: UserRow, kind: MailKind, redirectTo: string) {
  const email = user.email!;
  const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const hash = tokenHash(email, otp);
  const type: TokenType = kind === 'invite' ? 'confirmation_token' : 'recovery_token';
  // One live token per user and kind: a new mail replaces the previous link.
  await db.query(
    `insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to) values ($1, $2, $3, $4, $5)
     on conflict (user_id, token_type) do update set token_hash = excluded.token_hash, relates_to = excluded.relates_to,
       created_at = now(), updated_at = now()`,
    [randomUUID(), user.id, type, hash, email],
  );
  const link = `${deps.config.siteUrl}/auth/confirm?${new URLSearchParams({ token_hash: hash, type: kind, next: redirectTo })}`;
  const subject = kind === 'invite' ? 'You have been invited' : 'Your Magic Link';
  await db.query(
    `insert into auth.local_mailbox (recipient, kind, subject, link, token_hash, otp, redirect_to) values ($1, $2, $3, $4, $5, $6, $7)`,
    [email, kind, subject, link, hash, otp, redirectTo],
  );
  deps.log(`auth: mail (${kind}) to ${email}: ${link}`);
}

/** POST /invite (service role): a new, unconfirmed user without a password, and the invite mail. */
export async function invite(deps: MailDeps, req: IncomingMessage, url: URL) {
  const params = await readBodyAs(req, InviteParams);
  const email = validateEmail((params.email ?? '').trim());
  const redirectTo = redirectTarget(deps.config, url);
  return inTransaction(deps.pool, async (db) => {
    let user = await findUserByEmail(db, email);
    // An address that already signed up or accepted an invite cannot be invited (upstream 422);
    // an invited but unconfirmed one gets a fresh invite mail.
    if (user?.email_confirmed_at) throw unprocessable('email_exists', 'A user with this email address has already been registered');
    user ??= await insertUser(db, {
      id: randomUUID(),
      email,
      password: null,
      emailConfirmed: false,
      role: 'authenticated',
      userMetadata: params.data ?? {},
      appMetadata: { provider: 'email', providers: ['email'] },
      bannedUntil: null,
    });
    await sendMail(deps, db, user, 'invite', redirectTo);
    const { rows } = await db.query<{ id: string }>(
      'update auth.users set invited_at = now(), confirmation_sent_at = now(), updated_at = now() where id = $1 returning id',
      [user.id],
    );
    const fresh = await findUserByEmail(db, email);
    if (!rows[0] || !fresh) throw new Error('invited user vanished');
    return userJson(fresh);
  });
}

/** POST /otp {email}: a magic-link mail to an existing account; signups are off locally. */
export async function otp(deps: MailDeps, req: IncomingMessage, url: URL) {
  const params = await readBodyAs(req, OtpParams);
  if (params.phone) throw unprocessable('phone_provider_disabled', 'Unsupported phone provider');
  const email = validateEmail((params.email ?? '').trim());
  const redirectTo = redirectTarget(deps.config, url);
  await inTransaction(deps.pool, async (db) => {
    const user = await findUserByEmail(db, email);
    if (!user) {
      if (params.create_user === false) throw unprocessable('otp_disabled', 'Signups not allowed for otp');
      throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
    }
    // Lock the user's tokens, then enforce upstream's minimum interval between mails to one address.
    const { rows } = await db.query<{ age: number }>(
      `select extract(epoch from now() - created_at)::float8 as age from auth.one_time_tokens
       where user_id = $1 and token_type = 'recovery_token' for update`,
      [user.id],
    );
    const wait = rows[0] ? Math.ceil(deps.config.otpMaxFrequency - rows[0].age) : 0;
    if (wait > 0) {
      throw new AuthError(429, 'over_email_send_rate_limit', `For security purposes, you can only request this after ${wait} seconds.`, { retry_after: wait });
    }
    await sendMail(deps, db, user, 'magiclink', redirectTo);
  });
  return {};
}

const TOKEN_TYPES: Record<string, TokenType[]> = {
  invite: ['confirmation_token'],
  signup: ['confirmation_token'],
  magiclink: ['recovery_token'],
  // upstream's type "email" accepts either kind of email link
  email: ['confirmation_token', 'recovery_token'],
};

const expired = () => forbidden('otp_expired', 'Email link is invalid or has expired');

/** POST /verify {type, token_hash}: consumes the link's token, confirms the address, starts a session. */
export async function verify(deps: MailDeps, req: IncomingMessage): Promise<SessionResponse> {
  const params = await readBodyAs(req, VerifyParams);
  const types = TOKEN_TYPES[params.type ?? ''];
  if (!types) throw new AuthError(400, 'validation_failed', 'Verify requires a verification type');
  if (!params.token_hash) {
    // The 6-digit code path (email + token) is not served locally.
    throw new AuthError(400, 'validation_failed', 'Verify requires a token_hash');
  }
  return inTransaction(deps.pool as Pool, async (db) => {
    // Consumed in the same statement that finds it: a link works once, also under concurrency.
    const { rows } = await db.query<{ user_id: string; relates_to: string; fresh: boolean }>(
      `delete from auth.one_time_tokens where token_hash = $1 and token_type = any($2)
       returning user_id, relates_to, created_at > now() - make_interval(secs => $3) as fresh`,
      [params.token_hash, types, deps.config.otpExpiry],
    );
    const token = rows[0];
    if (!token?.fresh) throw expired();
    const user = await findUserByEmail(db, token.relates_to);
    if (!user || user.id !== token.user_id) throw expired();
    if (isBanned(user)) throw forbidden('user_banned', 'User is banned');
    await db.query('update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()), updated_at = now() where id = $1', [user.id]);
    return startSession(deps, db, user.id, req, signInIp(req, deps.config.rateLimit), 'otp');
  });
}
