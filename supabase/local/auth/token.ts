// POST /token: the password and refresh_token grants (upstream internal/api/token.go).
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { inTransaction } from '../db.ts';
import { readBodyAs } from './body.ts';
import { badRequest, OAuthError, unprocessable } from './errors.ts';
import { pruneSignInLimits, recordSignInSuccess, reserveSignInAttempt, signInIp } from './rate-limit.ts';
import { refreshGrant, startSession, type SessionDeps, type SessionResponse } from './sessions.ts';
import { findUserForSignIn, isBanned } from './users.ts';

const PasswordGrant = z.object({
  email: z.string().optional(),
  phone: z.string().optional(),
  password: z.string().optional(),
});

const RefreshGrant = z.object({ refresh_token: z.string().optional() });

export async function token(deps: SessionDeps, req: IncomingMessage, url: URL): Promise<SessionResponse> {
  switch (url.searchParams.get('grant_type')) {
    case 'password':
      return passwordGrant(deps, req);
    case 'refresh_token':
      return refreshGrant(deps, (await readBodyAs(req, RefreshGrant)).refresh_token ?? '');
    default:
      throw new OAuthError('unsupported_grant_type', '');
  }
}

const invalidCredentials = () => badRequest('invalid_credentials', 'Invalid login credentials');

async function passwordGrant(deps: SessionDeps, req: IncomingMessage): Promise<SessionResponse> {
  const { email, phone, password } = await readBodyAs(req, PasswordGrant);
  if (email && phone) throw unprocessable('validation_failed', 'Only an email address or phone number should be provided on login.');
  if (phone) throw unprocessable('phone_provider_disabled', 'Phone logins are disabled');
  if (!email) throw badRequest('validation_failed', 'missing email or phone');

  const limits = deps.config.rateLimit;
  const ip = signInIp(req, limits);
  await pruneSignInLimits(deps.pool, limits);
  // Counted before the password is checked (atomically, so parallel guesses cannot all slip under
  // the limit); a success gives the slot back below.
  const reservation = await reserveSignInAttempt(deps.pool, limits, email, ip);

  // Unknown email and wrong password answer identically, and cost the same bcrypt check, so
  // sign-in reveals no accounts.
  const { user } = await findUserForSignIn(deps.pool, email, password ?? '');
  if (!user?.password_ok) throw invalidCredentials();
  await recordSignInSuccess(deps.pool, reservation);
  // Checked only after the password (upstream checks the ban first): a wrong guess on a banned
  // account must not learn that the account exists.
  if (isBanned(user)) throw badRequest('user_banned', 'User is banned');
  if (!user.email_confirmed_at) throw badRequest('email_not_confirmed', 'Email not confirmed');

  return inTransaction(deps.pool, (client) => startSession(deps, client, user.id, req, ip));
}
